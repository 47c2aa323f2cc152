import Fluent
import Vapor
import EnjeuCore
import EnjeuWeb

/// The journey pages: the six steps, proposals, actions, evaluation dashboards, the recognition wall, the cycle report.
/// Handlers load a model (`JourneyLoaders.swift`) and render it with `JourneyViews`; forms answer 303 with a flash, or
/// 422 with the page and what was typed.
struct JourneyPages {
    struct RecognitionForm: Content { var to: String?; var message: String?; var criteria: [String]? }

    func register(_ r: any RoutesBuilder) {
        r.community(JourneyEndpoints.overview) { req, ctx in try await overview(req, ctx, FormState()) }
        r.community(JourneyEndpoints.start) { req, ctx in
            try await JourneyService(req.context).start(ctx, template: fields(req)["template"] ?? "")
            return req.redirect(to: JourneyEndpoints.overview.path(ctx.community.slug), flash: .saved)
        }
        r.community(JourneyEndpoints.nextCycle) { req, ctx in
            _ = try await JourneyService(req.context).nextCycle(ctx)
            return req.redirect(to: JourneyEndpoints.overview.path(ctx.community.slug), flash: .saved)
        }
        r.community(JourneyEndpoints.propose) { req, ctx in
            let f = fields(req)
            do {
                _ = try await JourneyService(req.context).propose(ctx, .init(kind: f["kind"] ?? "", title: f["name"] ?? "", body: f["definition"] ?? ""))
            } catch let AppError.invalid(v) {
                return try await overview(req, ctx, FormState(values: f, violations: v), status: .unprocessableEntity)
            }
            return req.redirect(to: JourneyEndpoints.overview.path(ctx.community.slug) + "#proposals", flash: .saved)
        }
        r.community(JourneyEndpoints.position) { req, ctx in
            guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)) else { throw AppError.notFound }
            let f = fields(req)
            try await JourneyService(req.context).position(ctx, proposal: id, stance: f["stance"] ?? "", reason: f["reason"] ?? "")
            return req.redirect(to: JourneyEndpoints.overview.path(ctx.community.slug) + "#p-" + id.uuidString, flash: .positionTaken)
        }
        r.community(JourneyEndpoints.decide) { req, ctx in
            guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)) else { throw AppError.notFound }
            let outcome = try await JourneyService(req.context).decide(ctx.community, proposal: id)
            return req.redirect(to: JourneyEndpoints.overview.path(ctx.community.slug) + "#p-" + id.uuidString, flash: outcome == .open ? .stillOpen : .decided)
        }
        r.community(JourneyEndpoints.retrospective) { req, ctx in
            let f = fields(req)
            do {
                _ = try await JourneyService(req.context).retrospective(ctx, .init(worked: f["body"] ?? "", didNot: f["reason"] ?? "", change: f["changes"]))
            } catch let AppError.invalid(v) {
                return try await overview(req, ctx, FormState(values: f, violations: v), status: .unprocessableEntity)
            }
            return req.redirect(to: JourneyEndpoints.overview.path(ctx.community.slug) + "#governance", flash: .saved)
        }

        r.community(JourneyEndpoints.actions) { req, ctx in try await actions(req, ctx, FormState()) }
        r.community(JourneyEndpoints.createAction) { req, ctx in
            let f = fields(req)
            do {
                let id = try await JourneyService(req.context).createAction(ctx, .init(title: f["name"] ?? "", description: f["definition"],
                                                                                      stake: f["kind"].flatMap(UUID.init(uuidString:)), needs: f["skills"],
                                                                                      dueOn: f["date"]))
                return req.redirect(to: JourneyEndpoints.action.path(ctx.community.slug, id), flash: .saved)
            } catch let AppError.invalid(v) {
                return try await actions(req, ctx, FormState(values: f, violations: v), status: .unprocessableEntity)
            }
        }
        r.community(JourneyEndpoints.action) { req, ctx in try await action(req, ctx, FormState()) }
        r.community(JourneyEndpoints.volunteer) { req, ctx in
            let a = try await JourneyQueries(req.context).requireAction(ctx, req.parameters.get("id"))
            try await JourneyService(req.context).volunteer(ctx, action: a.id)
            return req.redirect(to: JourneyEndpoints.action.path(ctx.community.slug, a.id), flash: .saved)
        }
        r.community(JourneyEndpoints.actionStatus) { req, ctx in
            let a = try await JourneyQueries(req.context).requireAction(ctx, req.parameters.get("id"))
            let f = fields(req)
            do {
                try await JourneyService(req.context).setStatus(ctx, action: a.id, .init(status: f["status"] ?? "", note: f["note"]))
            } catch let AppError.invalid(v) {
                return try await action(req, ctx, FormState(values: f, violations: v), status: .unprocessableEntity)
            }
            return req.redirect(to: JourneyEndpoints.action.path(ctx.community.slug, a.id), flash: .saved)
        }

        r.community(JourneyEndpoints.assess) { req, ctx in
            let f = fields(req)
            let scores = Scores(material: Int(f["material"] ?? "") ?? -1, consciousness: Int(f["consciousness"] ?? "") ?? -1,
                                mastery: Int(f["mastery"] ?? "") ?? -1, maturity: Int(f["maturity"] ?? "") ?? -1)
            let subject = JourneyService.Subject(kind: f["subjectKind"] ?? "", id: f["subjectId"] ?? "")
            _ = try await JourneyService(req.context).assess(ctx, .init(subject: subject, scores: scores, comment: f["comment"]))
            let slug = ctx.community.slug
            let back = JourneySubjectKind(rawValue: subject.kind) == .action
                ? JourneyEndpoints.action.path(slug, UUID(uuidString: subject.id) ?? UUID()) : JourneyEndpoints.evaluation.path(slug)
            return req.redirect(to: back, flash: .saved)
        }
        r.community(JourneyEndpoints.wall) { req, ctx in try await wall(req, ctx, FormState()) }
        r.community(JourneyEndpoints.recognize) { req, ctx in
            let f = (try? req.content.decode(RecognitionForm.self)) ?? RecognitionForm()
            let to = (f.to ?? "").split(separator: ":", maxSplits: 1).map(String.init)
            do {
                _ = try await JourneyService(req.context).recognize(ctx, .init(to: .init(kind: to.first ?? "", id: to.count > 1 ? to[1] : ""),
                                                                             message: f.message ?? "", criteria: f.criteria ?? []))
            } catch let AppError.invalid(v) {
                return try await wall(req, ctx, FormState(values: ["message": f.message ?? ""], violations: v), status: .unprocessableEntity)
            }
            return req.redirect(to: JourneyEndpoints.wall.path(ctx.community.slug), flash: .saved)
        }
        r.community(JourneyEndpoints.evaluation) { req, ctx in
            let model = try await JourneyQueries(req.context).evaluationPage(ctx)
            return req.page(JourneyViews.evaluationPage(model, req.lang))
        }
        r.community(JourneyEndpoints.memberDashboard) { req, ctx in
            let model = try await JourneyQueries(req.context).dashboardPage(ctx, handle: req.parameters.get("handle") ?? "")
            return req.page(JourneyViews.dashboardPage(model, req.lang))
        }
        r.community(JourneyEndpoints.assessMember) { req, ctx in
            let model = try await JourneyQueries(req.context).memberAssessmentPage(ctx, handle: req.parameters.get("handle") ?? "")
            return req.page(JourneyViews.memberAssessmentPage(model, req.lang, csrf: req.csrf))
        }
        r.community(JourneyEndpoints.report) { req, ctx in
            let model = try await report(req, ctx)
            return req.page(JourneyViews.reportPage(model, req.lang))
        }
        r.community(JourneyEndpoints.reportMarkdown) { req, ctx in
            let model = try await report(req, ctx)
            let res = Response(status: .ok, body: .init(string: JourneyViews.reportMarkdown(model, req.lang)))
            res.headers.contentType = HTTPMediaType(type: "text", subType: "markdown", parameters: ["charset": "utf-8"])
            res.headers.contentDisposition = .init(.attachment, filename: "restitution-\(ctx.community.slug).md")
            return res
        }
    }

    /// A page form's fields; an unreadable body is an empty form, which validation then refuses field by field.
    private func fields(_ req: Request) -> [String: String] { (try? req.content.decode([String: String].self)) ?? [:] }

    private func overview(_ req: Request, _ ctx: CommunityContext, _ form: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let model = try await JourneyQueries(req.context).overviewPage(ctx, form: form)
        return req.page(JourneyViews.overviewPage(model, req.lang, csrf: req.csrf), status: status)
    }

    private func actions(_ req: Request, _ ctx: CommunityContext, _ form: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let model = try await JourneyQueries(req.context).actionsPage(ctx, after: try? req.query.get(String.self, at: "after"), form: form)
        return req.page(JourneyViews.actionsPage(model, req.lang, csrf: req.csrf), status: status)
    }

    private func action(_ req: Request, _ ctx: CommunityContext, _ form: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let model = try await JourneyQueries(req.context).actionPage(ctx, id: req.parameters.get("id"), form: form)
        return req.page(JourneyViews.actionPage(model, req.lang, csrf: req.csrf), status: status)
    }

    private func wall(_ req: Request, _ ctx: CommunityContext, _ form: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let model = try await JourneyQueries(req.context).wallPage(ctx, after: try? req.query.get(String.self, at: "after"), form: form)
        return req.page(JourneyViews.wallPage(model, req.lang, csrf: req.csrf), status: status)
    }

    /// `?cycle=` picks a past cycle; the current one by default.
    private func report(_ req: Request, _ ctx: CommunityContext) async throws -> JourneyCycleReport {
        try await JourneyQueries(req.context).cycleReport(ctx, cycle: try? req.query.get(Int.self, at: "cycle"))
    }
}
