import Fluent
import Vapor
import EnjeuCore
import EnjeuWeb

/// The journey pages: the six steps, proposals, actions, evaluation dashboards, the recognition wall, the cycle report.
struct JourneyPages {
    struct RecognitionForm: Content { var to: String?; var message: String?; var criteria: [String]? }

    func register(_ r: any RoutesBuilder) {
        let c = r.grouped("communities", ":slug", "journey")
        c.community(.GET, need: .seeInside) { req, ctx in try await journeyPage(req, ctx, FormState()) }
        c.community(.POST, "start", need: .steward) { req, ctx in
            let f = (try? req.content.decode([String: String].self)) ?? [:]
            try await JourneyService(req: req).start(ctx, template: f["template"] ?? "")
            return req.redirect(to: Paths.journey(ctx.community.slug), flash: .saved)
        }
        c.community(.POST, "next-cycle", need: .steward) { req, ctx in
            _ = try await JourneyService(req: req).nextCycle(ctx)
            return req.redirect(to: Paths.journey(ctx.community.slug), flash: .saved)
        }
        c.community(.POST, "proposals", need: .contribute) { req, ctx in
            let f = (try? req.content.decode([String: String].self)) ?? [:]
            do {
                _ = try await JourneyService(req: req).propose(ctx, .init(kind: f["kind"] ?? "", title: f["name"] ?? "", body: f["definition"] ?? ""))
            } catch let AppError.invalid(v) {
                return try await journeyPage(req, ctx, FormState(values: f, violations: v), status: .unprocessableEntity)
            }
            return req.redirect(to: Paths.journey(ctx.community.slug) + "#proposals", flash: .saved)
        }
        c.community(.POST, "proposals", ":id", "positions", need: .contribute) { req, ctx in
            guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)) else { throw AppError.notFound }
            let f = (try? req.content.decode([String: String].self)) ?? [:]
            try await JourneyService(req: req).position(ctx, proposal: id, stance: f["stance"] ?? "", reason: f["reason"] ?? "")
            return req.redirect(to: Paths.journey(ctx.community.slug) + "#p-" + id.uuidString, flash: .positionTaken)
        }
        c.community(.POST, "proposals", ":id", "decide", need: .steward) { req, ctx in
            guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)) else { throw AppError.notFound }
            let outcome = try await JourneyService.decide(app: req.application, db: req.db, community: ctx.community, proposal: id, now: req.now)
            return req.redirect(to: Paths.journey(ctx.community.slug) + "#p-" + id.uuidString, flash: outcome == .open ? .stillOpen : .decided)
        }
        c.community(.POST, "retrospectives", need: .contribute) { req, ctx in
            let f = (try? req.content.decode([String: String].self)) ?? [:]
            do {
                _ = try await JourneyService(req: req).retrospective(ctx, .init(worked: f["body"] ?? "", didNot: f["reason"] ?? "", change: f["changes"]))
            } catch let AppError.invalid(v) {
                return try await journeyPage(req, ctx, FormState(values: f, violations: v), status: .unprocessableEntity)
            }
            return req.redirect(to: Paths.journey(ctx.community.slug) + "#governance", flash: .saved)
        }
        c.community(.GET, "actions", need: .seeInside) { req, ctx in try await actionsPage(req, ctx, FormState()) }
        c.community(.POST, "actions", need: .contribute) { req, ctx in
            let f = (try? req.content.decode([String: String].self)) ?? [:]
            do {
                let id = try await JourneyService(req: req).createAction(ctx, .init(title: f["name"] ?? "", description: f["definition"],
                                                                                    stake: f["kind"].flatMap(UUID.init(uuidString:)), needs: f["skills"], dueOn: f["date"]))
                return req.redirect(to: Paths.journeyAction(ctx.community.slug, id), flash: .saved)
            } catch let AppError.invalid(v) {
                return try await actionsPage(req, ctx, FormState(values: f, violations: v), status: .unprocessableEntity)
            }
        }
        c.community(.GET, "actions", ":id", need: .seeInside) { req, ctx in try await actionPage(req, ctx, FormState()) }
        c.community(.POST, "actions", ":id", "volunteer", need: .contribute) { req, ctx in
            let a = try await JourneyQueries(req).requireAction(ctx)
            try await JourneyService(req: req).volunteer(ctx, action: a.id)
            return req.redirect(to: Paths.journeyAction(ctx.community.slug, a.id), flash: .saved)
        }
        c.community(.POST, "actions", ":id", "status", need: .contribute) { req, ctx in
            let a = try await JourneyQueries(req).requireAction(ctx)
            let f = (try? req.content.decode([String: String].self)) ?? [:]
            do {
                try await JourneyService(req: req).setStatus(ctx, action: a.id, .init(status: f["status"] ?? "", note: f["note"]))
            } catch let AppError.invalid(v) {
                return try await actionPage(req, ctx, FormState(values: f, violations: v), status: .unprocessableEntity)
            }
            return req.redirect(to: Paths.journeyAction(ctx.community.slug, a.id), flash: .saved)
        }
        c.community(.POST, "assessments", need: .contribute) { req, ctx in
            let f = (try? req.content.decode([String: String].self)) ?? [:]
            let scores = Scores(material: Int(f["material"] ?? "") ?? -1, consciousness: Int(f["consciousness"] ?? "") ?? -1,
                                mastery: Int(f["mastery"] ?? "") ?? -1, maturity: Int(f["maturity"] ?? "") ?? -1)
            let subject = JourneyService.Subject(kind: f["subjectKind"] ?? "", id: f["subjectId"] ?? "")
            _ = try await JourneyService(req: req).assess(ctx, .init(subject: subject, scores: scores, comment: f["comment"]))
            let back = subject.kind == "action" ? Paths.journeyAction(ctx.community.slug, UUID(uuidString: subject.id) ?? UUID()) : Paths.journeyEvaluation(ctx.community.slug)
            return req.redirect(to: back, flash: .saved)
        }
        c.community(.GET, "recognitions", need: .seeInside) { req, ctx in try await wallPage(req, ctx, FormState()) }
        c.community(.POST, "recognitions", need: .contribute) { req, ctx in
            let f = (try? req.content.decode(RecognitionForm.self)) ?? RecognitionForm()
            let to = (f.to ?? "").split(separator: ":", maxSplits: 1).map(String.init)
            do {
                _ = try await JourneyService(req: req).recognize(ctx, .init(to: .init(kind: to.first ?? "", id: to.count > 1 ? to[1] : ""),
                                                                           message: f.message ?? "", criteria: f.criteria ?? []))
            } catch let AppError.invalid(v) {
                return try await wallPage(req, ctx, FormState(values: ["message": f.message ?? ""], violations: v), status: .unprocessableEntity)
            }
            return req.redirect(to: Paths.journeyWall(ctx.community.slug), flash: .saved)
        }
        c.community(.GET, "evaluation", need: .seeInside) { req, ctx in try await evaluationPage(req, ctx) }
        c.community(.GET, "evaluation", "members", ":handle", need: .seeInside) { req, ctx in try await memberDashboard(req, ctx) }
        c.community(.GET, "members", ":handle", "assess", need: .contribute) { req, ctx in try await memberAssessPage(req, ctx) }
        c.community(.GET, "report", need: .seeInside) { req, ctx in try await reportPage(req, ctx) }
        c.community(.GET, "report.md", need: .seeInside) { req, ctx in
            let res = Response(status: .ok, body: .init(string: try await JourneyReport(req: req, ctx: ctx).markdown()))
            res.headers.contentType = HTTPMediaType(type: "text", subType: "markdown", parameters: ["charset": "utf-8"])
            res.headers.contentDisposition = .init(.attachment, filename: "restitution-\(ctx.community.slug).md")
            return res
        }
    }

    func nav(_ req: Request, _ ctx: CommunityContext) -> Node {
        let l = req.lang
        let slug = ctx.community.slug
        return el("nav", .cls("subnav"), .aria("label", l[JourneyText.title])) {
            el("a", .href(Paths.community(slug))) { ctx.community.name }
            el("a", .href(Paths.journey(slug))) { l[JourneyText.title] }
            el("a", .href(Paths.journeyActions(slug))) { l[JourneyText.actions] }
            el("a", .href(Paths.journeyEvaluation(slug))) { l[JourneyText.evaluation] }
            el("a", .href(Paths.journeyWall(slug))) { l[JourneyText.recognitionTitle] }
            el("a", .href(Paths.journeyReport(slug))) { l[JourneyText.report] }
        }
    }

    func journeyPage(_ req: Request, _ ctx: CommunityContext, _ s: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let l = req.lang
        let slug = ctx.community.slug
        let q = JourneyQueries(req)
        let journey = try await q.journey(ctx.id)
        let cycle = journey?.cycle ?? 1
        let facts = try await q.facts(ctx.id, cycle: cycle)
        let states = JourneyRules.states(facts)
        let proposals = try await q.proposals(ctx.id, cycle: cycle)
        let actions = try await q.actions(ctx.id, cycle: cycle, after: nil, limit: 20).items
        let retros = try await q.retrospectives(ctx.id, cycle: cycle)
        let canWrite = ctx.can(.contribute)
        func artefacts(_ kinds: [ProposalKind]) -> [JourneyQueries.ProposalRow] { proposals.filter { kinds.map(\.rawValue).contains($0.kind) } }
        return req.page(l[JourneyText.title] + " · " + ctx.community.name, status: status) {
            nav(req, ctx)
            el("h1") { l[JourneyText.title] + " · " + l[JourneyText.cycle(cycle)] }
            el("p", .cls("lead")) { l[JourneyText.lead] }
            if journey == nil && ctx.can(.steward) {
                el("section", .cls("callout"), .aria("labelledby", "start-title")) {
                    el("h2", .id("start-title")) { l[JourneyText.startTitle] }
                    el("p") { l[JourneyText.startLead] }
                    postForm(Paths.journey(slug) + "/start", csrf: req.csrf) {
                        el("fieldset") {
                            el("legend") { l[JourneyText.startTitle] }
                            for t in JourneyTemplate.allCases {
                                el("label", .cls("choice")) {
                                    el("input", [.type("radio"), .name("template"), .value(t.rawValue)] + (t == .free ? [.flag("checked")] : []))
                                    " " + l[t.title]
                                }
                            }
                        }
                        el("button", .type("submit")) { l[JourneyText.start] }
                    }
                }
            }
            el("ol", .cls("journey-steps")) {
                for step in JourneyStep.allCases {
                    let state = states[step] ?? .notStarted
                    el("li", .cls("step state-" + state.rawValue), .id(step.rawValue)) {
                        el("h2") { "\(step.number). " + l[JourneyText.step(step)] + " " ; el("span", .cls("badge")) { l[JourneyText.state(state)] } }
                        el("p", .cls("hint")) { l[JourneyText.next(step, state)] }
                        switch step {
                        case .values: proposalList(req, ctx, artefacts([.value]))
                        case .commonGood: proposalList(req, ctx, artefacts([.purpose, .stake]))
                        case .project: proposalList(req, ctx, artefacts([.project]))
                        case .actionPlan, .action:
                            el("ul") {
                                for a in actions.filter({ step == .actionPlan ? ($0.status == "planned") : ($0.status != "planned") }) {
                                    el("li") {
                                        el("a", .href(Paths.journeyAction(slug, a.id))) { a.title }
                                        el("span", .cls("muted")) { " · " + l[JourneyText.actionStatus(a.status)] + (a.ownerHandle.map { " · @" + $0 } ?? "") }
                                    }
                                }
                            }
                            if step == .actionPlan { el("p") { el("a", .href(Paths.journeyActions(slug))) { l[JourneyText.newAction] } } }
                        case .governance:
                            el("ul") {
                                for r in retros {
                                    el("li") {
                                        el("strong") { l[JourneyText.worked] + l[.colon] }; r.worked + " — "
                                        el("strong") { l[JourneyText.didNot] + l[.colon] }; r.didNot
                                        if let a = r.amendmentId {
                                            " — "; el("a", .href(Paths.amendment(slug, a))) {
                                                l[JourneyText.change] + " (" + (r.amendmentStatus.flatMap(AmendmentStatus.init(rawValue:)).map { l[.amendmentStatus($0)] } ?? "") + ")"
                                            }
                                        }
                                    }
                                }
                            }
                            if canWrite {
                                el("details") {
                                    el("summary") { l[JourneyText.retroTitle] }
                                    postForm(Paths.journey(slug) + "/retrospectives", csrf: req.csrf) {
                                        field(.body, s, l, input: .area(rows: 2), required: true, label: JourneyText.worked)
                                        field(.reason, s, l, input: .area(rows: 2), required: true, label: JourneyText.didNot)
                                        field(.changes, s, l, input: .area(rows: 2), label: JourneyText.change)
                                        el("button", .type("submit")) { l[JourneyText.retroTitle] }
                                    }
                                }
                            }
                            if ctx.can(.steward) && JourneyRules.canStartNextCycle(facts) {
                                postForm(Paths.journey(slug) + "/next-cycle", csrf: req.csrf) { el("button", .type("submit")) { l[JourneyText.nextCycle] } }
                            }
                        }
                    }
                }
            }
            if canWrite {
                el("section", .id("proposals"), .aria("labelledby", "propose-title")) {
                    el("h2", .id("propose-title")) { l[JourneyText.proposeTitle] }
                    errorSummary(s, l)
                    postForm(Paths.journey(slug) + "/proposals", csrf: req.csrf) {
                        field(.kind, s, l, input: .choice(ProposalKind.allCases.map { ($0.rawValue, JourneyText.kind($0)) }))
                        field(.name, s, l, required: true, label: JourneyText.titleLabel)
                        field(.definition, s, l, input: .area(rows: 4), required: true, label: JourneyText.bodyLabel)
                        el("button", .type("submit")) { l[JourneyText.propose] }
                    }
                }
            }
        }
    }

    func proposalList(_ req: Request, _ ctx: CommunityContext, _ items: [JourneyQueries.ProposalRow]) -> Node {
        let l = req.lang
        let slug = ctx.community.slug
        return el("ul", .cls("proposals")) {
            for p in items {
                el("li", .id("p-" + p.id.uuidString), .cls("proposal status-" + p.status)) {
                    el("strong") { p.title }
                    el("span", .cls("badge")) { l[JourneyText.proposalStatus(p.status)] }
                    paragraphs(p.body)
                    el("p", .cls("muted")) {
                        l[Text.stance(.consent)] + " \(p.consents) · " + l[Text.stance(.object)] + " \(p.objections) · "
                            + l[Text.stance(.abstain)] + " \(p.abstentions) · @" + p.authorHandle
                    }
                    if p.status == "open" && ctx.can(.contribute) {
                        postForm(Paths.journey(slug) + "/proposals/\(p.id.uuidString)/positions", csrf: req.csrf, cls: "inline position") {
                            el("label", Attr("for", "stance-" + p.id.uuidString)) { l[JourneyText.positionTitle] }
                            el("select", .id("stance-" + p.id.uuidString), .name("stance")) {
                                for st in Stance.allCases { el("option", .value(st.rawValue)) { l[Text.stance(st)] } }
                            }
                            el("input", .type("text"), .name("reason"), .aria("label", l[Text.label(.reason)]))
                            el("button", .type("submit")) { l[JourneyText.takePosition] }
                        }
                        if ctx.can(.steward) {
                            postForm(Paths.journey(slug) + "/proposals/\(p.id.uuidString)/decide", csrf: req.csrf, cls: "inline") {
                                el("button", .type("submit"), .cls("secondary")) { l[JourneyText.applyRule] }
                            }
                        }
                    }
                }
            }
        }
    }

    func actionsPage(_ req: Request, _ ctx: CommunityContext, _ s: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let l = req.lang
        let slug = ctx.community.slug
        let q = JourneyQueries(req)
        let page = try await q.actions(ctx.id, cycle: nil, after: try? req.query.get(String.self, at: "after"))
        let cycle = try await JourneyService.cycle(req.db, ctx.id)
        let stakes = try await q.proposals(ctx.id, cycle: cycle).filter { ($0.kind == "stake" || $0.kind == "purpose") && $0.status == "adopted" }
        return req.page(l[JourneyText.actions], status: status) {
            nav(req, ctx)
            el("h1") { l[JourneyText.actions] }
            el("table", .cls("actions")) {
                el("thead") { el("tr") {
                    for h in [JourneyText.titleLabel, JourneyText.stake, JourneyText.owner, JourneyText.due] { el("th", Attr("scope", "col")) { l[h] } }
                    el("th", Attr("scope", "col")) { l[Text.label(.status)] }
                } }
                el("tbody") {
                    for a in page.items {
                        el("tr") {
                            el("td", Attr("data-label", l[JourneyText.titleLabel])) { el("a", .href(Paths.journeyAction(slug, a.id))) { a.title } }
                            el("td", Attr("data-label", l[JourneyText.stake])) { a.stakeTitle ?? "" }
                            el("td", Attr("data-label", l[JourneyText.owner])) { a.ownerHandle.map { "@" + $0 } ?? "" }
                            el("td", Attr("data-label", l[JourneyText.due])) { a.dueOn ?? "" }
                            el("td", Attr("data-label", l[Text.label(.status)])) { l[JourneyText.actionStatus(a.status)] }
                        }
                    }
                }
            }
            pager(next: page.next.map { Paths.journeyActions(slug) + "?after=" + $0 }, l)
            if ctx.can(.contribute) {
                el("section", .aria("labelledby", "new-action")) {
                    el("h2", .id("new-action")) { l[JourneyText.newAction] }
                    errorSummary(s, l)
                    postForm(Paths.journeyActions(slug), csrf: req.csrf) {
                        field(.name, s, l, required: true, label: JourneyText.titleLabel)
                        field(.definition, s, l, input: .area(rows: 3))
                        field(.kind, s, l, input: .choice([("", JourneyText.none)] + stakes.map { ($0.id.uuidString, Text(fr: $0.title, en: $0.title)) }),
                              label: JourneyText.stake)
                        field(.skills, s, l, label: JourneyText.needs)
                        field(.date, s, l, input: .text(type: "date"), label: JourneyText.due)
                        el("button", .type("submit")) { l[JourneyText.newAction] }
                    }
                }
            }
        }
    }

    func actionPage(_ req: Request, _ ctx: CommunityContext, _ s: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let l = req.lang
        let slug = ctx.community.slug
        let q = JourneyQueries(req)
        let a = try await q.requireAction(ctx)
        let team = try await q.participants(a.id)
        let updates = try await q.updates(a.id)
        let viewer = ctx.viewer
        let inTeam = viewer.map { v in team.contains { $0.handle == v.handle } } ?? false
        let (own, peers) = try await q.aggregates(ctx.id, kind: "action", subject: a.id, cycle: nil)
        let current = ActionStatus(rawValue: a.status) ?? .planned
        return req.page(a.title, status: status) {
            nav(req, ctx)
            el("h1") { a.title }
            el("p", .cls("badges")) { el("span", .cls("badge")) { l[JourneyText.actionStatus(a.status)] } }
            paragraphs(a.description)
            el("dl", .cls("facts")) {
                el("dt") { l[JourneyText.stake] }; el("dd") { a.stakeTitle ?? "—" }
                el("dt") { l[JourneyText.needs] }; el("dd") { a.needs.isEmpty ? "—" : a.needs }
                el("dt") { l[JourneyText.due] }; el("dd") { a.dueOn ?? "—" }
                el("dt") { l[JourneyText.owner] }; el("dd") { a.ownerHandle.map { "@" + $0 } ?? "—" }
                el("dt") { l[JourneyText.team] }
                el("dd", .cls("team")) {
                    for (i, p) in team.enumerated() {
                        if i > 0 { ", " }
                        if ctx.can(.contribute) && p.handle != viewer?.handle {
                            el("a", .href(Paths.journey(slug) + "/members/" + p.handle + "/assess"), .aria("label", l[JourneyText.assessMember(p.displayName)])) { p.displayName }
                        } else { p.displayName }
                    }
                }
                if !a.outcome.isEmpty { el("dt") { l[JourneyText.outcome] }; el("dd", .cls("outcome")) { a.outcome } }
            }
            if ctx.can(.contribute) && !inTeam && (current == .planned || current == .inProgress) {
                postForm(Paths.journeyAction(slug, a.id) + "/volunteer", csrf: req.csrf) { el("button", .type("submit")) { l[JourneyText.volunteer] } }
            }
            if (inTeam || ctx.can(.steward)) && (current == .planned || current == .inProgress) {
                el("section", .aria("labelledby", "move-title")) {
                    el("h2", .id("move-title")) { l[JourneyText.move] }
                    errorSummary(s, l)
                    postForm(Paths.journeyAction(slug, a.id) + "/status", csrf: req.csrf) {
                        field(.status, s, l, input: .choice(ActionStatus.allCases.filter { $0 == current || current.canMove(to: $0) }
                            .map { ($0.rawValue, JourneyText.actionStatus($0.rawValue)) }))
                        field(.note, s, l, input: .area(rows: 3), label: JourneyText.noteLabel)
                        el("button", .type("submit")) { l[JourneyText.move] }
                    }
                }
            }
            if !updates.isEmpty {
                el("section", .aria("labelledby", "updates-title")) {
                    el("h2", .id("updates-title")) { l[JourneyText.updates] }
                    el("ul", .cls("updates")) {
                        for u in updates { el("li") { dateText(u.createdAt, l) + " · @" + u.handle + " · " + l[JourneyText.actionStatus(u.status)] + (u.note.isEmpty ? "" : " — " + u.note) } }
                    }
                }
            }
            if own.count + peers.count > 0 { evaluationBlock(l, own, peers, label: a.title) }
            if current == .done && inTeam { assessForm(req, ctx, kind: "action", id: a.id.uuidString) }
            if ctx.can(.contribute) && !inTeam {
                recognitionForm(req, ctx, to: "action:" + a.id.uuidString, label: l[JourneyText.team] + " — " + a.title)
            }
        }
    }

    func assessForm(_ req: Request, _ ctx: CommunityContext, kind: String, id: String) -> Node {
        let l = req.lang
        return el("section", .cls("assess"), .aria("labelledby", "assess-title")) {
            el("h2", .id("assess-title")) { l[JourneyText.assessTitle] }
            postForm(Paths.journey(ctx.community.slug) + "/assessments", csrf: req.csrf) {
                el("input", .type("hidden"), .name("subjectKind"), .value(kind))
                el("input", .type("hidden"), .name("subjectId"), .value(id))
                for c in Criterion.allCases {
                    el("fieldset", .cls("radios scale")) {
                        el("legend") { l[JourneyText.criterion(c)] }
                        for n in 0...4 {
                            el("label", .cls("choice")) {
                                el("input", [.type("radio"), .name(c.rawValue), .value(String(n))] + (n == 2 ? [.flag("checked")] : []))
                                " " + l[JourneyText.level(c, n)]
                            }
                        }
                    }
                }
                el("label", Attr("for", "assess-comment")) { l[Text.label(.comment)] }
                el("textarea", .id("assess-comment"), .name("comment"), Attr("rows", "2"))
                el("button", .type("submit")) { l[JourneyText.assess] }
            }
        }
    }

    func recognitionForm(_ req: Request, _ ctx: CommunityContext, to: String, label: String) -> Node {
        let l = req.lang
        return el("section", .cls("recognize"), .aria("labelledby", "recognize-title")) {
            el("h2", .id("recognize-title")) { l[JourneyText.recognize] + " · " + label }
            postForm(Paths.journeyWall(ctx.community.slug), csrf: req.csrf) {
                el("input", .type("hidden"), .name("to"), .value(to))
                el("label", Attr("for", "recognize-message")) { l[JourneyText.messageLabel] }
                el("textarea", .id("recognize-message"), .name("message"), Attr("rows", "2"), .flag("required"))
                el("fieldset") {
                    el("legend") { l[JourneyText.criteriaLabel] }
                    for c in Criterion.allCases {
                        el("label", .cls("choice")) { el("input", .type("checkbox"), .name("criteria[]"), .value(c.rawValue)); " " + l[JourneyText.criterion(c)] }
                    }
                }
                el("button", .type("submit")) { l[JourneyText.recognize] }
            }
        }
    }

    /// A radar chart of self- and peer-assessment, with the number of assessments behind each, and the same as a table.
    func evaluationBlock(_ l: Lang, _ own: ScoreAggregate, _ peers: ScoreAggregate, label: String) -> Node {
        el("section", .cls("evaluation"), .aria("label", l[JourneyText.evaluation] + " — " + label)) {
            Node(raw: JourneyCharts.radar([(own, "own"), (peers, "peers")], label: l[JourneyText.evaluation] + " — " + label, l))
            el("p", .cls("legend")) {
                el("span", .cls("key own")) { l[JourneyText.selfAssessment] + " (" + l[JourneyText.assessments(own.count)] + ")" }; " "
                el("span", .cls("key peers")) { l[JourneyText.peerAssessment] + " (" + l[JourneyText.assessments(peers.count)] + ")" }
            }
            el("table", .cls("evaluation")) {
                el("thead") { el("tr") {
                    el("th", Attr("scope", "col")) { l[JourneyText.evaluation] }
                    el("th", Attr("scope", "col")) { l[JourneyText.selfAssessment] }
                    el("th", Attr("scope", "col")) { l[JourneyText.peerAssessment] }
                } }
                el("tbody") {
                    for c in Criterion.allCases {
                        el("tr") {
                            el("th", Attr("scope", "row")) { l[JourneyText.criterion(c)] }
                            el("td") { own.mean(c).map { NumberFormat.fixed($0, decimals: 1) + " / 4" } ?? "—" }
                            el("td") { peers.mean(c).map { NumberFormat.fixed($0, decimals: 1) + " / 4" } ?? "—" }
                        }
                    }
                    el("tr") {
                        el("th", Attr("scope", "row")) { l[JourneyText.count] }
                        el("td") { String(own.count) }; el("td") { String(peers.count) }
                    }
                }
            }
        }
    }

    func evaluationPage(_ req: Request, _ ctx: CommunityContext) async throws -> Response {
        let l = req.lang
        let q = JourneyQueries(req)
        // Actions per cycle, plus only the members' cells `EvaluationRelease` publishes — the same figures as the API.
        let actions = try await q.cycleAggregates(ctx.id)
        let release = try await q.memberRelease(ctx.id, cycle: nil)
        func figures(_ cycle: Int?) -> (own: ScoreAggregate, peers: ScoreAggregate) {
            let members = release.members(cycle: cycle)
            let mine = actions.filter { cycle == nil || $0.cycle == cycle }
            return (mine.filter(\.selfAssessed).map(\.aggregate).reduce(members.own, +), mine.filter { !$0.selfAssessed }.map(\.aggregate).reduce(members.peers, +))
        }
        let overall = figures(nil)
        let viewer = ctx.viewer
        return req.page(l[JourneyText.evaluation] + " · " + ctx.community.name) {
            nav(req, ctx)
            el("h1") { l[JourneyText.evaluation] }
            el("p", .cls("hint")) { l[release.withholds(cycle: nil) ? JourneyText.membersApart : JourneyText.membersIncluded] }
            evaluationBlock(l, overall.own, overall.peers, label: l[JourneyText.community])
            for n in Set(actions.map(\.cycle) + release.cycles).sorted() {
                let f = figures(n)
                el("h2") { l[JourneyText.cycle(n)] }
                evaluationBlock(l, f.own, f.peers, label: l[JourneyText.cycle(n)])
            }
            if let viewer, ctx.can(.contribute) {
                el("p") { el("a", .href(Paths.journeyEvaluation(ctx.community.slug) + "/members/" + viewer.handle)) { l[JourneyText.myDashboard] } }
            }
        }
    }

    func memberDashboard(_ req: Request, _ ctx: CommunityContext) async throws -> Response {
        let l = req.lang
        let handle = req.parameters.get("handle") ?? ""
        guard let target = try? await JourneyQueries(req).resolve(ctx, .init(kind: "member", id: handle), for: .assessment) else { throw AppError.notFound }
        guard target.id == ctx.viewer?.id || ctx.can(.steward) else { throw AppError.forbidden(.errOwnDashboard) }
        let (own, peers) = try await JourneyQueries(req).aggregates(ctx.id, kind: "member", subject: target.id, cycle: nil)
        let title = l[target.id == ctx.viewer?.id ? JourneyText.myDashboard : JourneyText.dashboardOf(target.label)]
        return req.page(title) {
            nav(req, ctx)
            el("h1") { title }
            evaluationBlock(l, own, peers, label: target.label)
        }
    }

    /// Assessing another member's contribution (or one's own, shown apart as self-assessment).
    func memberAssessPage(_ req: Request, _ ctx: CommunityContext) async throws -> Response {
        let l = req.lang
        let handle = req.parameters.get("handle") ?? ""
        guard let target = try? await JourneyQueries(req).resolve(ctx, .init(kind: "member", id: handle), for: .assessment) else { throw AppError.notFound }
        return req.page(l[JourneyText.assessTitle] + " · " + target.label) {
            nav(req, ctx)
            el("h1") { l[JourneyText.assessTitle] + " · " + target.label }
            assessForm(req, ctx, kind: "member", id: handle)
        }
    }

    func wallPage(_ req: Request, _ ctx: CommunityContext, _ s: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let l = req.lang
        let slug = ctx.community.slug
        let q = JourneyQueries(req)
        let page = try await q.recognitions(ctx.id, cycle: nil, after: try? req.query.get(String.self, at: "after"))
        let balance = try await q.recognitionBalance(ctx.id)
        return req.page(l[JourneyText.recognitionTitle], status: status) {
            nav(req, ctx)
            el("h1") { l[JourneyText.recognitionTitle] }
            el("p", .cls("lead")) { l[JourneyText.recognitionLead] }
            errorSummary(s, l)
            if !balance.isEmpty {
                el("section", .aria("labelledby", "balance-title")) {
                    el("h2", .id("balance-title")) { l[JourneyText.balanceTitle] }
                    el("table", .cls("balance")) {
                        el("thead") { el("tr") {
                            el("th", Attr("scope", "col")) { l[JourneyText.cycleHeader] }
                            el("th", Attr("scope", "col")) { l[JourneyText.individual] }
                            el("th", Attr("scope", "col")) { l[JourneyText.collective] }
                        } }
                        el("tbody") {
                            for b in balance {
                                el("tr") {
                                    el("th", Attr("scope", "row")) { String(b.cycle) }
                                    el("td") { el("span", .cls("bar individual"), Attr("data-n", String(b.individual))) { String(b.individual) } }
                                    el("td") { el("span", .cls("bar collective"), Attr("data-n", String(b.collective))) { String(b.collective) } }
                                }
                            }
                        }
                    }
                }
            }
            el("ul", .cls("wall")) {
                for r in page.items {
                    el("li", .cls("recognition to-" + r.toKind)) {
                        el("p") { el("strong") { r.fromName }; " → "; el("strong") { r.toLabel }
                            el("span", .cls("badge")) { l[r.toKind == "member" ? JourneyText.individual : JourneyText.collective] } }
                        paragraphs(r.message)
                        if !r.criteria.isEmpty {
                            el("p", .cls("muted")) { r.criteria.split(separator: ",").compactMap { Criterion(rawValue: String($0)) }.map { l[JourneyText.criterion($0)] }.joined(separator: " · ") }
                        }
                    }
                }
            }
            pager(next: page.next.map { Paths.journeyWall(slug) + "?after=" + $0 }, l)
            if ctx.can(.contribute) { recognitionForm(req, ctx, to: "community:" + slug, label: l[JourneyText.community]) }
        }
    }

    func reportPage(_ req: Request, _ ctx: CommunityContext) async throws -> Response {
        let l = req.lang
        let report = try await JourneyReport(req: req, ctx: ctx).load()
        return req.page(l[JourneyText.report] + " · " + ctx.community.name) {
            nav(req, ctx)
            el("article", .cls("report")) {
                el("h1") { l[JourneyText.report] + " · " + ctx.community.name + " · " + l[JourneyText.cycle(report.cycle)] }
                el("p", .cls("lead")) { l[JourneyText.reportLead] }
                el("p", .cls("actions")) { el("a", .href(Paths.journeyReport(ctx.community.slug) + ".md")) { l[JourneyText.downloadMarkdown] } }
                el("h2") { l[JourneyText.title] }
                el("ol") {
                    for step in JourneyStep.allCases { el("li") { l[JourneyText.step(step)] + " — " + l[JourneyText.state(report.states[step] ?? .notStarted)] } }
                }
                for kind in ProposalKind.allCases {
                    let adopted = report.proposals.filter { $0.kind == kind.rawValue && $0.status == "adopted" }
                    if !adopted.isEmpty {
                        el("h3") { l[JourneyText.kind(kind)] }
                        el("ul") { for p in adopted { el("li") { el("strong") { p.title }; " — " + p.body } } }
                    }
                }
                el("h2") { l[JourneyText.actions] }
                el("ul", .cls("report-actions")) {
                    for a in report.actions {
                        el("li") {
                            el("strong") { a.action.title }; " · " + l[JourneyText.actionStatus(a.action.status)]
                            if !a.team.isEmpty { " · " + l[JourneyText.team] + l[.colon] + a.team.map(\.displayName).joined(separator: ", ") }
                            if !a.action.outcome.isEmpty { el("p") { l[JourneyText.outcome] + l[.colon] + a.action.outcome } }
                        }
                    }
                }
                el("h2") { l[JourneyText.evaluation] }
                if report.partial { el("p", .cls("hint")) { l[JourneyText.membersApart] } }
                evaluationBlock(l, report.own, report.peers, label: l[JourneyText.cycle(report.cycle)])
                el("h2") { l[JourneyText.recognitionTitle] }
                el("ul") { for r in report.recognitions { el("li") { r.fromName + " → " + r.toLabel + l[.colon] + r.message } } }
            }
        }
    }
}

/// What a cycle's restitution shows, for the page and the Markdown download.
struct JourneyReport {
    let req: Request
    let ctx: CommunityContext

    struct Loaded {
        let cycle: Int
        let states: [JourneyStep: StepState]
        let proposals: [JourneyQueries.ProposalRow]
        let actions: [(action: JourneyQueries.ActionRow, team: [JourneyQueries.Person])]
        let own: ScoreAggregate
        let peers: ScoreAggregate
        /// Some members' assessments of the cycle are left out (`EvaluationRelease`).
        let partial: Bool
        let recognitions: [JourneyQueries.RecognitionRow]
    }

    func load() async throws -> Loaded {
        let q = JourneyQueries(req)
        let current = try await JourneyService.cycle(req.db, ctx.id)
        let cycle = min(max(1, (try? req.query.get(Int.self, at: "cycle")) ?? current), current)
        let actions = try await q.actions(ctx.id, cycle: cycle, after: nil, limit: 2_000).items
        let teams = try await q.participants(of: actions.map(\.id))
        let withTeams = actions.map { ($0, teams[$0.id] ?? []) }
        let (own, peers, partial) = try await q.communityEvaluation(ctx.id, cycle: cycle)
        return Loaded(cycle: cycle, states: JourneyRules.states(try await q.facts(ctx.id, cycle: cycle)), proposals: try await q.proposals(ctx.id, cycle: cycle),
                      actions: withTeams, own: own, peers: peers, partial: partial, recognitions: try await q.recognitions(ctx.id, cycle: cycle, after: nil, limit: 2_000).items)
    }

    func markdown() async throws -> String {
        let l = req.lang
        let r = try await load()
        var md = "# \(l[JourneyText.report]) — \(ctx.community.name) — \(l[JourneyText.cycle(r.cycle)])\n\n"
        md += "## \(l[JourneyText.title])\n\n"
        for step in JourneyStep.allCases { md += "\(step.number). \(l[JourneyText.step(step)]) — \(l[JourneyText.state(r.states[step] ?? .notStarted)])\n" }
        for kind in ProposalKind.allCases {
            let adopted = r.proposals.filter { $0.kind == kind.rawValue && $0.status == "adopted" }
            if adopted.isEmpty { continue }
            md += "\n### \(l[JourneyText.kind(kind)])\n\n"
            for p in adopted { md += "- **\(mdInline(p.title))** — \(mdInline(p.body))\n" }
        }
        md += "\n## \(l[JourneyText.actions])\n\n"
        for (a, team) in r.actions {
            md += "- **\(mdInline(a.title))** (\(l[JourneyText.actionStatus(a.status)]))"
            if !team.isEmpty { md += " — \(l[JourneyText.team])\(l[.colon])\(team.map { mdInline($0.displayName) }.joined(separator: ", "))" }
            if !a.outcome.isEmpty { md += "\n  \(l[JourneyText.outcome])\(l[.colon])\(mdInline(a.outcome))" }
            md += "\n"
        }
        md += "\n## \(l[JourneyText.evaluation])\n\n| | \(l[JourneyText.selfAssessment]) (n=\(r.own.count)) | \(l[JourneyText.peerAssessment]) (n=\(r.peers.count)) |\n|---|---|---|\n"
        for c in Criterion.allCases {
            md += "| \(l[JourneyText.criterion(c)]) | \(r.own.mean(c).map { NumberFormat.fixed($0, decimals: 1) } ?? "—") | \(r.peers.mean(c).map { NumberFormat.fixed($0, decimals: 1) } ?? "—") |\n"
        }
        if r.partial { md += "\n\(l[JourneyText.membersApart])\n" }
        md += "\n## \(l[JourneyText.recognitionTitle])\n\n"
        for x in r.recognitions { md += "- \(mdInline(x.fromName)) → \(mdInline(x.toLabel))\(l[.colon])\(mdInline(x.message))\n" }
        return md
    }
}

/// Radar (spider) charts of the four criteria on a 0–4 scale, server-drawn SVG.
enum JourneyCharts {
    static func radar(_ series: [(ScoreAggregate, String)], label: String, _ l: Lang) -> String {
        let size = 320.0, center = 160.0, radius = 110.0
        let criteria = Criterion.allCases
        func point(_ i: Int, _ value: Double) -> (Double, Double) {
            let angle = -Double.pi / 2 + Double(i) * 2 * Double.pi / Double(criteria.count)
            return (center + cos(angle) * radius * value / 4, center + sin(angle) * radius * value / 4)
        }
        let f = FigureCharts.f
        var svg = "<svg class=\"chart radar\" viewBox=\"0 0 \(Int(size)) \(Int(size))\" role=\"img\" aria-label=\"\(escape(label))\"><title>\(escape(label))</title>"
        for ring in 1...4 {
            let pts = criteria.indices.map { point($0, Double(ring)) }.map { "\(f($0.0)),\(f($0.1))" }.joined(separator: " ")
            svg += "<polygon class=\"grid\" points=\"\(pts)\"/>"
        }
        for (i, c) in criteria.enumerated() {
            let (x, y) = point(i, 4)
            let (tx, ty) = point(i, 4.9)
            svg += "<line class=\"axis\" x1=\"\(f(center))\" y1=\"\(f(center))\" x2=\"\(f(x))\" y2=\"\(f(y))\"/>"
            svg += "<text class=\"tick\" x=\"\(f(tx))\" y=\"\(f(ty + 4))\" text-anchor=\"middle\">\(escape(l[JourneyText.criterion(c)]))</text>"
        }
        for (agg, cls) in series where agg.count > 0 {
            let pts = criteria.indices.map { point($0, agg.mean(criteria[$0]) ?? 0) }.map { "\(f($0.0)),\(f($0.1))" }.joined(separator: " ")
            svg += "<polygon class=\"series \(cls)\" points=\"\(pts)\"/>"
        }
        return svg + "</svg>"
    }
}

/// Member text inside the Markdown report: one line, Markdown and table syntax escaped, so it reads as typed.
func mdInline(_ s: String) -> String {
    var out = ""
    for ch in s.replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\n", with: " ") {
        if "\\`*_[]()#<>|!".contains(ch) { out.append("\\") }
        out.append(ch)
    }
    return out
}
