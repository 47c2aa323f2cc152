import Fluent
import Vapor
import EnjeuCore
import EnjeuWeb

/// The pages of the #CodeSocial: routes (declared in `CodeEndpoints`) and the loaders that fill the models
/// `CodeViews` renders. Loaders read through `CodeQueries`; every change goes through `CodeService`.
struct CodePages {
    struct PositionForm: Content { var stance: String?; var reason: String? }
    struct CommentForm: Content { var comment: String? }
    struct FactForm: Content { var section: String?; var kind: String?; var url: String?; var note: String?; var date: String?; var stance: String? }
    struct DiagnosisForm: Content { var section: String?; var rating: String?; var comment: String? }
    struct SettingsForm: Content { var rule: String?; var quorum: Int?; var openDays: Int?; var published: String? }
    struct PublicationForm: Content { var published: String? }

    func register(_ r: any RoutesBuilder) {
        registerReading(r)
        registerAmendments(r)
        r.community(CodeEndpoints.addFact) { req, ctx in
            let f = (try? req.content.decode(FactForm.self)) ?? FactForm()
            let fact = try await CodeService(req.context).addFact(ctx, .init(section: f.section ?? "", kind: f.kind ?? "", url: f.url, note: f.note,
                                                                           date: f.date, stance: f.stance ?? ""))
            return req.redirect(to: CodeEndpoints.document.path(ctx.community.slug) + "#" + fact.section.rawValue, flash: .factAdded)
        }
        r.community(CodeEndpoints.diagnose) { req, ctx in
            let f = (try? req.content.decode(DiagnosisForm.self)) ?? DiagnosisForm()
            try await CodeService(req.context).diagnose(ctx, section: f.section ?? "", rating: f.rating ?? "", comment: f.comment ?? "")
            return req.redirect(to: CodeEndpoints.document.path(ctx.community.slug) + "#" + (f.section ?? ""), flash: .saved)
        }
        r.community(CodeEndpoints.settings) { req, ctx in
            let co = ctx.community
            let form = FormState(values: ["rule": co.codeRule.rawValue, "quorum": String(co.codeQuorum),
                                          "openDays": String(co.codeOpenDays), "published": co.codePublished ? "on" : ""])
            return req.page(CodeViews.settingsPage(CodeSettingsPage(community: Self.community(ctx), form: form), req.lang, csrf: req.csrf))
        }
        r.community(CodeEndpoints.publication) { req, ctx in
            req.page(CodeViews.publicationPage(CodePublicationPage(community: Self.community(ctx), published: ctx.community.codePublished), req.lang,
                                               csrf: req.csrf))
        }
        r.community(CodeEndpoints.savePublication) { req, ctx in
            let f = (try? req.content.decode(PublicationForm.self)) ?? PublicationForm()
            try await CodeService(req.context).publish(ctx, f.published == "on")
            return req.redirect(to: CodeEndpoints.document.path(ctx.community.slug), flash: .saved)
        }
        r.community(CodeEndpoints.saveSettings) { req, ctx in
            let f = (try? req.content.decode(SettingsForm.self)) ?? SettingsForm()
            do {
                try await CodeService(req.context).updateSettings(ctx, .init(rule: f.rule ?? "", quorum: f.quorum ?? -1, openDays: f.openDays ?? -1,
                                                                             published: f.published == "on"))
            } catch let AppError.invalid(v) {
                let form = FormState(values: ["rule": f.rule ?? "", "quorum": f.quorum.map(String.init) ?? "",
                                              "openDays": f.openDays.map(String.init) ?? "", "published": f.published ?? ""], violations: v)
                return req.page(CodeViews.settingsPage(CodeSettingsPage(community: Self.community(ctx), form: form), req.lang, csrf: req.csrf),
                                status: .unprocessableEntity)
            }
            return req.redirect(to: CodeEndpoints.document.path(ctx.community.slug), flash: .saved)
        }
        CodeExports.registerPages(r)
    }

    /// The document, its history, diffs and blame.
    private func registerReading(_ r: any RoutesBuilder) {
        r.community(CodeEndpoints.document) { req, ctx in
            req.page(CodeViews.documentPage(try await Self.document(req.context, ctx), req.lang, csrf: req.csrf))
        }
        r.community(CodeEndpoints.history) { req, ctx in
            try Self.refuseBefore(req)
            let revisions = try await CodeQueries(req.context).revisions(ctx.id, after: try? req.query.get(String.self, at: "after"))
            return req.page(CodeViews.historyPage(CodeHistoryPage(community: Self.community(ctx), revisions: revisions), req.lang))
        }
        r.community(CodeEndpoints.revision) { req, ctx in
            guard let n = req.parameters.get("n", as: Int.self), n >= 1, n <= ctx.community.codeRevision,
                  let rev = try await CodeQueries(req.context).revision(ctx.id, n) else { throw AppError.notFound }
            let model = try await Self.diff(req.context, ctx, from: rev.parent, to: n, revision: rev, split: Self.wantsSplit(req))
            return req.page(CodeViews.diffPage(model, req.lang))
        }
        r.community(CodeEndpoints.diff) { req, ctx in
            let head = ctx.community.codeRevision
            let from = (try? req.query.get(Int.self, at: "from")) ?? max(0, head - 1)
            let to = (try? req.query.get(Int.self, at: "to")) ?? head
            guard (0...head).contains(from), (0...head).contains(to) else { throw AppError.badRequest(CodeText.errUnknownRevision.text) }
            let model = try await Self.diff(req.context, ctx, from: from, to: to, revision: nil, split: Self.wantsSplit(req))
            return req.page(CodeViews.diffPage(model, req.lang))
        }
        r.community(CodeEndpoints.blame) { req, ctx in
            guard let key = req.parameters.get("section").flatMap(SectionKey.init(rawValue:)) else { throw AppError.notFound }
            let (lines, versions, revisions) = try await CodeQueries(req.context).blame(ctx.id, key, upTo: ctx.community.codeRevision)
            let model = CodeBlamePage(community: Self.community(ctx), section: key, lines: lines, versions: versions.map(\.revision), revisions: revisions)
            return req.page(CodeViews.blamePage(model, req.lang))
        }
    }

    private func registerAmendments(_ r: any RoutesBuilder) {
        r.community(CodeEndpoints.amendments) { req, ctx in
            let status = (try? req.query.get(String.self, at: "status")).flatMap(AmendmentStatus.init(rawValue:))
            let page = try await CodeQueries(req.context).amendments(ctx.id, status: status, after: try? req.query.get(String.self, at: "after"))
            return req.page(CodeViews.amendmentsPage(AmendmentListPage(community: Self.community(ctx), amendments: page, status: status), req.lang))
        }
        r.community(CodeEndpoints.newAmendment) { req, ctx in
            let form = try await Self.newAmendment(req.context, ctx, fact: try? req.query.get(UUID.self, at: "fact"),
                                                   section: try? req.query.get(String.self, at: "section"))
            return Self.amendmentForm(req, ctx, form)
        }
        r.community(CodeEndpoints.propose) { req, ctx in
            let form = (try? req.content.decode([String: String].self)) ?? [:]
            do {
                let a = try await CodeService(req.context).propose(ctx, baseRevision: Int(form["baseRevision"] ?? "") ?? -1, summary: form["summary"] ?? "",
                                                                   reason: form["reason"] ?? "", changes: Self.changes(form))
                return req.redirect(to: CodeEndpoints.amendment.path(ctx.community.slug, a.id!), flash: .amendmentProposed)
            } catch let AppError.invalid(v) {
                return Self.amendmentForm(req, ctx, FormState(values: form, violations: v), status: .unprocessableEntity)
            }
        }
        r.community(CodeEndpoints.amendment) { req, ctx in
            let (a, item) = try await Self.requireAmendment(req, ctx)
            return req.page(CodeViews.amendmentPage(try await Self.amendment(req.context, ctx, a, item, split: Self.wantsSplit(req)), req.lang, csrf: req.csrf))
        }
        r.community(CodeEndpoints.reviseForm) { req, ctx in
            let (a, _) = try await Self.requireAmendment(req, ctx)
            return Self.amendmentForm(req, ctx, try await Self.revision(req.context, ctx, of: a), revising: a.id)
        }
        r.community(CodeEndpoints.revise) { req, ctx in
            let (a, _) = try await Self.requireAmendment(req, ctx)
            let form = (try? req.content.decode([String: String].self)) ?? [:]
            do {
                try await CodeService(req.context).revise(ctx, a, summary: form["summary"] ?? "", reason: form["reason"] ?? "", changes: Self.changes(form))
            } catch let AppError.invalid(v) {
                return Self.amendmentForm(req, ctx, FormState(values: form, violations: v), revising: a.id, status: .unprocessableEntity)
            }
            return req.redirect(to: CodeEndpoints.amendment.path(ctx.community.slug, a.id!), flash: .saved)
        }
        r.community(CodeEndpoints.position) { req, ctx in
            let (a, _) = try await Self.requireAmendment(req, ctx)
            let f = (try? req.content.decode(PositionForm.self)) ?? PositionForm()
            try await CodeService(req.context).position(ctx, a, stance: f.stance ?? "", reason: f.reason ?? "")
            return req.redirect(to: CodeEndpoints.amendment.path(ctx.community.slug, a.id!), flash: .positionTaken)
        }
        r.community(CodeEndpoints.comment) { req, ctx in
            let (a, _) = try await Self.requireAmendment(req, ctx)
            let f = (try? req.content.decode(CommentForm.self)) ?? CommentForm()
            try await CodeService(req.context).comment(ctx, a, body: f.comment ?? "")
            return req.redirect(to: CodeEndpoints.amendment.path(ctx.community.slug, a.id!) + "#comments", redirectType: .normal)
        }
        r.community(CodeEndpoints.withdraw) { req, ctx in
            let (a, _) = try await Self.requireAmendment(req, ctx)
            try await CodeService(req.context).withdraw(ctx, a)
            return req.redirect(to: CodeEndpoints.amendment.path(ctx.community.slug, a.id!), flash: .saved)
        }
        r.community(CodeEndpoints.decide) { req, ctx in
            let (a, _) = try await Self.requireAmendment(req, ctx)
            let d = try await CodeService(req.context).decide(ctx, a.id!)
            return req.redirect(to: CodeEndpoints.amendment.path(ctx.community.slug, a.id!), flash: d.status == .open ? .stillOpen : .decided)
        }
    }

    static func changes(_ form: [String: String]) -> [CodeService.Change] {
        SectionKey.allCases.compactMap { key in form["section-" + key.rawValue].map { CodeService.Change(section: key.rawValue, body: $0) } }
    }

    static func amendmentForm(_ req: Request, _ ctx: CommunityContext, _ form: FormState, revising: UUID? = nil,
                              status: HTTPResponseStatus = .ok) -> Response {
        req.page(CodeViews.amendmentForm(AmendmentFormPage(community: community(ctx), form: form, revising: revising), req.lang, csrf: req.csrf),
                 status: status)
    }

    /// `?before=N` paged revisions once; its `next` is now a cursor. A client still sending `before` is told so
    /// rather than served the first page again, forever.
    static func refuseBefore(_ req: Request) throws {
        if req.url.query.map({ PagingCursorMiddleware.rawValues(of: "before", in: $0) })?.isEmpty == false {
            throw AppError.badRequest(CodeText.errBeforeReplaced.text)
        }
    }

    static func wantsSplit(_ req: Request) -> Bool { (try? req.query.get(String.self, at: "view")) == "split" }

    /// The amendment named by the route's `:id`, within this community, or 404.
    static func requireAmendment(_ req: Request, _ ctx: CommunityContext) async throws -> (Amendment, AmendmentItem) {
        try await CodeQueries(req.context).requireAmendment(req.parameters.get("id", as: UUID.self), in: ctx)
    }

    // MARK: Loaders

    static func community(_ ctx: CommunityContext) -> CodeCommunity {
        CodeCommunity(place: CommunityPlace(ctx), head: ctx.community.codeRevision, canSeeInside: ctx.can(.seeInside),
                      canApplyDecisions: ctx.offers(.applyDecisions), canPublishCode: ctx.offers(.publishCode))
    }

    static func document(_ context: ServiceContext, _ ctx: CommunityContext) async throws -> CodeDocumentPage {
        let co = ctx.community
        let queries = CodeQueries(context)
        let code = try await queries.renderedSnapshot(ctx.id, at: co.codeRevision)
        let head = co.codeRevision > 0 ? try await queries.revision(ctx.id, co.codeRevision) : nil
        let facts = try await queries.facts(ctx.id).items
        let diagnosis = try await queries.diagnosis(ctx.id)
        let contested = try await queries.contestedCounts(ctx.id)
        let open = try await queries.amendments(ctx.id, status: .open, after: nil, limit: 5)
        return CodeDocumentPage(community: community(ctx), code: code.snapshot, head: head, facts: facts, diagnosis: diagnosis, contested: contested,
                                openAmendments: open.items, rendered: code.rendered)
    }

    static func diff(_ context: ServiceContext, _ ctx: CommunityContext, from: Int, to: Int, revision: CodeRevisionItem?,
                     split: Bool) async throws -> CodeDiffPage {
        let queries = CodeQueries(context)
        let before = try await queries.snapshot(ctx.id, at: from)
        let after = try await queries.snapshot(ctx.id, at: to)
        return CodeDiffPage(community: community(ctx), from: from, to: to, revision: revision, split: split, before: before, after: after)
    }

    /// A new amendment starts from the code at head; from a contesting fact (`fact`), with a summary and reason drawn
    /// from it; `section` (or the fact's) is the one opened.
    static func newAmendment(_ context: ServiceContext, _ ctx: CommunityContext, fact factID: UUID?, section: String?) async throws -> FormState {
        let head = ctx.community.codeRevision
        let queries = CodeQueries(context)
        let snap = try await queries.snapshot(ctx.id, at: head)
        var values: [String: String] = ["baseRevision": String(head)]
        for key in SectionKey.allCases { values["section-" + key.rawValue] = snap[key] }
        if let factID, let fact = try await queries.fact(ctx.id, factID) {
            let l = context.lang
            values["summary"] = String((l[.section(fact.section)] + l[CodeText.colon] + (fact.note.isEmpty ? fact.url : fact.note)).prefix(180))
            values["reason"] = [fact.note, fact.url, fact.observedOn].filter { !$0.isEmpty }.joined(separator: "\n")
            values["focus"] = fact.section.rawValue
        }
        if let section, SectionKey(rawValue: section) != nil { values["focus"] = section }
        return FormState(values: values)
    }

    /// Revising rebases on the head: the form holds the amendment's text over the current code. Only its author may.
    static func revision(_ context: ServiceContext, _ ctx: CommunityContext, of a: Amendment) async throws -> FormState {
        guard a.$author.id == ctx.viewer?.id else { throw AppError.forbidden(CodeText.errAuthorOnly.text) }
        let head = ctx.community.codeRevision
        let queries = CodeQueries(context)
        let snap = try await queries.snapshot(ctx.id, at: head)
        let proposal = try await queries.changes(a)
        var values: [String: String] = ["baseRevision": String(head), "summary": a.summary, "reason": a.reason]
        for key in SectionKey.allCases { values["section-" + key.rawValue] = proposal[key] ?? snap[key] }
        values["focus"] = proposal.keys.first?.rawValue
        return FormState(values: values)
    }

    static func amendment(_ context: ServiceContext, _ ctx: CommunityContext, _ a: Amendment, _ item: AmendmentItem,
                          split: Bool) async throws -> AmendmentPage {
        let queries = CodeQueries(context)
        let base = try await queries.snapshot(ctx.id, at: a.baseRevision)
        let proposal = try await queries.changes(a)
        // A published code shows what was decided, not who the members are.
        let insider = ctx.can(.seeInside)
        let positions = insider ? try await queries.positions(a) : []
        let comments = insider ? try await queries.comments(a) : []
        let current = a.status == .conflict ? try await queries.snapshot(ctx.id, at: ctx.community.codeRevision) : base
        let tally = try await queries.tally(a, ctx.community)
        return AmendmentPage(community: community(ctx), amendment: item, split: split, base: base, current: current, proposal: proposal,
                             positions: positions, comments: comments, tally: tally, rule: ctx.community.decisionPolicy.rule,
                             viewerIsAuthor: ctx.viewer?.id == a.$author.id)
    }
}
