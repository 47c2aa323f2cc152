import Fluent
import Vapor
import EnjeuCore
import EnjeuWeb

/// The pages of the #CodeSocial: the document, history, diffs, blame, amendments, facts, self-diagnosis, settings.
struct CodePages {
    struct PositionForm: Content { var stance: String?; var reason: String? }
    struct CommentForm: Content { var comment: String? }
    struct FactForm: Content { var section: String?; var kind: String?; var url: String?; var note: String?; var date: String?; var stance: String? }
    struct DiagnosisForm: Content { var section: String?; var rating: String?; var comment: String? }
    struct SettingsForm: Content { var rule: String?; var quorum: Int?; var openDays: Int?; var published: String? }

    func register(_ r: any RoutesBuilder) {
        let c = r.grouped("communities", ":slug", "code")
        c.community(.GET, need: .readCode) { req, ctx in try await codePage(req, ctx) }
        c.community(.GET, "history", need: .readCode) { req, ctx in
            try CodeQueries.refuseBefore(req)
            let page = try await CodeQueries(req).revisions(ctx.id, after: try? req.query.get(String.self, at: "after"))
            return historyPage(req, ctx, page)
        }
        c.community(.GET, "revisions", ":n", need: .readCode) { req, ctx in
            guard let n = req.parameters.get("n", as: Int.self), n >= 1, n <= ctx.community.codeRevision,
                  let rev = try await CodeQueries(req).revision(ctx.id, n) else { throw AppError.notFound }
            return try await diffPage(req, ctx, from: rev.parent, to: n, revision: rev)
        }
        c.community(.GET, "diff", need: .readCode) { req, ctx in
            let head = ctx.community.codeRevision
            let from = (try? req.query.get(Int.self, at: "from")) ?? max(0, head - 1)
            let to = (try? req.query.get(Int.self, at: "to")) ?? head
            guard (0...head).contains(from), (0...head).contains(to) else { throw AppError.badRequest(.errUnknownRevision) }
            return try await diffPage(req, ctx, from: from, to: to, revision: nil)
        }
        c.community(.GET, "blame", ":section", need: .readCode) { req, ctx in
            guard let key = req.parameters.get("section").flatMap(SectionKey.init(rawValue:)) else { throw AppError.notFound }
            return try await blamePage(req, ctx, key)
        }
        c.community(.GET, "amendments", need: .readCode) { req, ctx in
            let status = (try? req.query.get(String.self, at: "status")).flatMap(AmendmentStatus.init(rawValue:))
            let page = try await CodeQueries(req).amendments(ctx.id, status: status, after: try? req.query.get(String.self, at: "after"))
            return amendmentsPage(req, ctx, page, status: status)
        }
        c.community(.GET, "amendments", "new", need: .contribute) { req, ctx in
            let head = ctx.community.codeRevision
            let snap = try await CodeQueries(req).snapshot(ctx.id, at: head)
            var values: [String: String] = ["baseRevision": String(head)]
            for key in SectionKey.allCases { values["section-" + key.rawValue] = snap[key] }
            if let factID = try? req.query.get(UUID.self, at: "fact"),
               let fact = try await CodeFact.query(on: req.db).filter(\.$id == factID).filter(\.$communityID == ctx.id).first() {
                let l = req.lang
                values["summary"] = String((l[.section(fact.section)] + l[.colon] + (fact.note.isEmpty ? fact.url : fact.note)).prefix(180))
                values["reason"] = [fact.note, fact.url, fact.observedOn].filter { !$0.isEmpty }.joined(separator: "\n")
                values["focus"] = fact.section.rawValue
            }
            if let focus = try? req.query.get(String.self, at: "section"), SectionKey(rawValue: focus) != nil { values["focus"] = focus }
            return amendmentForm(req, ctx, FormState(values: values), action: Paths.code(ctx.community.slug) + "/amendments")
        }
        c.community(.POST, "amendments", need: .contribute) { req, ctx in
            let form = (try? req.content.decode([String: String].self)) ?? [:]
            do {
                let a = try await CodeService(req: req).propose(ctx, baseRevision: Int(form["baseRevision"] ?? "") ?? -1, summary: form["summary"] ?? "",
                                                                reason: form["reason"] ?? "", changes: Self.changes(form))
                return req.redirect(to: Paths.amendment(ctx.community.slug, a.id!), flash: .amendmentProposed)
            } catch let AppError.invalid(v) {
                return amendmentForm(req, ctx, FormState(values: form, violations: v), action: Paths.code(ctx.community.slug) + "/amendments",
                                     status: .unprocessableEntity)
            }
        }
        c.community(.GET, "amendments", ":id", need: .readCode) { req, ctx in
            let (a, item) = try await CodeQueries(req).requireAmendment(req, ctx)
            return try await amendmentPage(req, ctx, a, item)
        }
        c.community(.GET, "amendments", ":id", "revise", need: .contribute) { req, ctx in
            let (a, _) = try await CodeQueries(req).requireAmendment(req, ctx)
            guard a.$author.id == ctx.viewer?.id else { throw AppError.forbidden(.errAuthorOnly) }
            let head = ctx.community.codeRevision
            let snap = try await CodeQueries(req).snapshot(ctx.id, at: head)
            let proposal = try await CodeQueries(req).changes(a)
            var values: [String: String] = ["baseRevision": String(head), "summary": a.summary, "reason": a.reason]
            for key in SectionKey.allCases { values["section-" + key.rawValue] = proposal[key] ?? snap[key] }
            values["focus"] = proposal.keys.first?.rawValue
            return amendmentForm(req, ctx, FormState(values: values), action: Paths.amendmentAction(ctx.community.slug, a.id!, "revise"))
        }
        c.community(.POST, "amendments", ":id", "revise", need: .contribute) { req, ctx in
            let (a, _) = try await CodeQueries(req).requireAmendment(req, ctx)
            let form = (try? req.content.decode([String: String].self)) ?? [:]
            do {
                try await CodeService(req: req).revise(ctx, a, summary: form["summary"] ?? "", reason: form["reason"] ?? "", changes: Self.changes(form))
            } catch let AppError.invalid(v) {
                return amendmentForm(req, ctx, FormState(values: form, violations: v), action: Paths.amendmentAction(ctx.community.slug, a.id!, "revise"),
                                     status: .unprocessableEntity)
            }
            return req.redirect(to: Paths.amendment(ctx.community.slug, a.id!), flash: .saved)
        }
        c.community(.POST, "amendments", ":id", "positions", need: .contribute) { req, ctx in
            let (a, _) = try await CodeQueries(req).requireAmendment(req, ctx)
            let f = (try? req.content.decode(PositionForm.self)) ?? PositionForm()
            try await CodeService(req: req).position(ctx, a, stance: f.stance ?? "", reason: f.reason ?? "")
            return req.redirect(to: Paths.amendment(ctx.community.slug, a.id!), flash: .positionTaken)
        }
        c.community(.POST, "amendments", ":id", "comments", need: .contribute) { req, ctx in
            let (a, _) = try await CodeQueries(req).requireAmendment(req, ctx)
            let f = (try? req.content.decode(CommentForm.self)) ?? CommentForm()
            try await CodeService(req: req).comment(ctx, a, body: f.comment ?? "")
            return req.redirect(to: Paths.amendment(ctx.community.slug, a.id!) + "#comments", redirectType: .normal)
        }
        c.community(.POST, "amendments", ":id", "withdraw", need: .contribute) { req, ctx in
            let (a, _) = try await CodeQueries(req).requireAmendment(req, ctx)
            try await CodeService(req: req).withdraw(ctx, a)
            return req.redirect(to: Paths.amendment(ctx.community.slug, a.id!), flash: .saved)
        }
        c.community(.POST, "amendments", ":id", "decide", need: .steward) { req, ctx in
            let (a, _) = try await CodeQueries(req).requireAmendment(req, ctx)
            let d = try await CodeService(req: req).decide(ctx, a.id!)
            return req.redirect(to: Paths.amendment(ctx.community.slug, a.id!), flash: d.status == .open ? .stillOpen : .decided)
        }
        c.community(.POST, "facts", need: .contribute) { req, ctx in
            let f = (try? req.content.decode(FactForm.self)) ?? FactForm()
            let fact = try await CodeService(req: req).addFact(ctx, .init(section: f.section ?? "", kind: f.kind ?? "", url: f.url, note: f.note,
                                                                          date: f.date, stance: f.stance ?? ""))
            return req.redirect(to: Paths.code(ctx.community.slug) + "#" + fact.section.rawValue, flash: .factAdded)
        }
        c.community(.POST, "diagnosis", need: .contribute) { req, ctx in
            let f = (try? req.content.decode(DiagnosisForm.self)) ?? DiagnosisForm()
            try await CodeService(req: req).diagnose(ctx, section: f.section ?? "", rating: f.rating ?? "", comment: f.comment ?? "")
            return req.redirect(to: Paths.code(ctx.community.slug) + "#" + (f.section ?? ""), flash: .saved)
        }
        c.community(.GET, "settings", need: .steward) { req, ctx in
            let co = ctx.community
            return settingsPage(req, ctx, FormState(values: ["rule": co.codeRule.rawValue, "quorum": String(co.codeQuorum),
                                                             "openDays": String(co.codeOpenDays), "published": co.codePublished ? "on" : ""]))
        }
        c.community(.POST, "settings", need: .steward) { req, ctx in
            let f = (try? req.content.decode(SettingsForm.self)) ?? SettingsForm()
            do {
                try await CodeService(req: req).updateSettings(ctx, .init(rule: f.rule ?? "", quorum: f.quorum ?? -1, openDays: f.openDays ?? -1,
                                                                          published: f.published == "on"))
            } catch let AppError.invalid(v) {
                return settingsPage(req, ctx, FormState(values: ["rule": f.rule ?? "", "quorum": f.quorum.map(String.init) ?? "",
                                                                 "openDays": f.openDays.map(String.init) ?? "", "published": f.published ?? ""],
                                                        violations: v), status: .unprocessableEntity)
            }
            return req.redirect(to: Paths.code(ctx.community.slug), flash: .saved)
        }
        CodeExports.register(c)
    }

    static func changes(_ form: [String: String]) -> [CodeService.Change] {
        SectionKey.allCases.compactMap { key in form["section-" + key.rawValue].map { CodeService.Change(section: key.rawValue, body: $0) } }
    }


    // MARK: Views

    func nav(_ req: Request, _ ctx: CommunityContext) -> Node {
        let l = req.lang
        let slug = ctx.community.slug
        return el("nav", .cls("subnav"), .aria("label", l[.codeTitle])) {
            el("a", .href(Paths.community(slug))) { ctx.community.name }
            el("a", .href(Paths.code(slug))) { l[.codeTitle] }
            el("a", .href(Paths.codeHistory(slug))) { l[.historyTitle] }
            el("a", .href(Paths.amendments(slug))) { l[.amendmentsTitle] }
            if ctx.can(.steward) { el("a", .href(Paths.codeSettings(slug))) { l[.codeSettingsTitle] } }
        }
    }

    func codePage(_ req: Request, _ ctx: CommunityContext) async throws -> Response {
        let l = req.lang
        let co = ctx.community
        let slug = co.slug
        let queries = CodeQueries(req)
        let snap = try await queries.snapshot(ctx.id, at: co.codeRevision)
        let head = co.codeRevision > 0 ? try await queries.revision(ctx.id, co.codeRevision) : nil
        let facts = try await queries.facts(ctx.id).items
        let diagnosis = try await queries.diagnosis(ctx.id)
        let contested = try await queries.contestedCounts(ctx.id)
        let open = try await queries.amendments(ctx.id, status: .open, after: nil, limit: 5)
        let canWrite = ctx.can(.contribute)
        return req.page(l[.codeTitle] + " · " + co.name) {
            nav(req, ctx)
            el("h1") { l[.codeTitle] + " — " + co.name }
            el("p", .cls("lead")) { l[.codeLead] }
            el("p", .cls("revision-line")) {
                if let head {
                    el("strong") { l[.revisionLabel(head.number)] }
                    " · " + head.summary + " · " + l[.byAuthor] + " "
                    el("a", .href(Paths.person(head.author))) { head.authorName }
                    " · " + dateText(head.createdAt, l) + " · "
                    el("a", .href(Paths.codeRevision(slug, head.number))) { l[.viewDiff] }
                } else {
                    l[.noRevisionYet]
                }
            }
            el("p", .cls("actions")) {
                if canWrite { el("a", .cls("button"), .href(Paths.newAmendment(slug))) { l[.proposeChange] }; " " }
                el("span", .cls("muted")) { l[.exportTitle] + l[.colon] }
                el("a", .href(Paths.codeExport(slug, "md"))) { "Markdown" }; " · "
                el("a", .href(Paths.codeExport(slug, "json"))) { "JSON" }; " · "
                el("a", .href(Paths.codeExport(slug, "git-fast-import"))) { "git fast-import" }
            }
            if !open.items.isEmpty {
                el("section", .cls("callout"), .aria("label", l[.amendmentsTitle])) {
                    el("h2") { l[.amendmentsTitle] + " · " + l[.amendmentStatus(.open)] }
                    el("ul") { for a in open.items { el("li") { el("a", .href(Paths.amendment(slug, a.id))) { a.summary } } } }
                }
            }
            divergenceTable(l, diagnosis.current, contested)
            evolutionTable(l, diagnosis.byRevision)
            for key in SectionKey.allCases {
                sectionView(req, ctx, key, body: snap[key], facts: facts.filter { $0.section == key },
                            contested: (contested[key] ?? 0) > 0, ratings: diagnosis.current[key] ?? [:], canWrite: canWrite)
            }
        }
    }

    func divergenceTable(_ l: Lang, _ current: [SectionKey: [PracticeRating: Int]], _ contested: [SectionKey: Int]) -> [Node] {
        guard !current.isEmpty || !contested.isEmpty else { return [] }
        return [el("section", .aria("labelledby", "diagnosis")) {
            el("h2", .id("diagnosis")) { l[.diagnosisTitle] }
            el("table", .cls("diagnosis")) {
                el("thead") { el("tr") {
                    el("th", Attr("scope", "col")) { l[.sectionLabel] }
                    for r in PracticeRating.allCases { el("th", Attr("scope", "col")) { l[.rating(r)] } }
                    el("th", Attr("scope", "col")) { l[.contested] }
                } }
                el("tbody") {
                    for key in SectionKey.allCases {
                        let counts = current[key] ?? [:]
                        let contests = contested[key] ?? 0
                        let gap = (counts[.notYet] ?? 0) + (counts[.partly] ?? 0) > (counts[.practised] ?? 0)
                        if !counts.isEmpty || contests > 0 {
                            el("tr", gap ? [.cls("gap")] : []) {
                                el("th", Attr("scope", "row")) { el("a", .href("#" + key.rawValue)) { l[.section(key)] }; if gap { el("span", .cls("badge warn")) { l[.divergence] } } }
                                for r in PracticeRating.allCases { el("td") { String(counts[r] ?? 0) } }
                                el("td") { String(contests) }
                            }
                        }
                    }
                }
            }
        }]
    }

    /// How ratings evolved: for each section and revision, how many people rated it practised / partly / not yet.
    func evolutionTable(_ l: Lang, _ rows: [CodeQueries.SectionRevision: [PracticeRating: Int]]) -> [Node] {
        guard rows.count > 1 else { return [] }
        return [el("details") {
            el("summary") { l[.evolutionTitle] }
            el("table", .cls("diagnosis")) {
                el("thead") { el("tr") {
                    el("th", Attr("scope", "col")) { l[.sectionLabel] }
                    el("th", Attr("scope", "col")) { l[.revisionWord] }
                    for r in PracticeRating.allCases { el("th", Attr("scope", "col")) { l[.rating(r)] } }
                } }
                el("tbody") {
                    for key in rows.keys.sorted() {
                        el("tr") {
                            el("th", Attr("scope", "row")) { l[.section(key.section)] }
                            el("td") { String(key.revision) }
                            for r in PracticeRating.allCases { el("td") { String(rows[key]?[r] ?? 0) } }
                        }
                    }
                }
            }
        }]
    }

    func sectionView(_ req: Request, _ ctx: CommunityContext, _ key: SectionKey, body: String, facts: [CodeQueries.FactItem],
                     contested: Bool, ratings: [PracticeRating: Int], canWrite: Bool) -> Node {
        let l = req.lang
        let slug = ctx.community.slug
        return el("section", .cls("code-section"), .id(key.rawValue), .aria("labelledby", "h-" + key.rawValue)) {
            el("h2", .id("h-" + key.rawValue)) {
                l[.section(key)]
                if contested { el("span", .cls("badge warn")) { l[.contested] } }
            }
            if body.isEmpty {
                el("div", .cls("guide")) { el("p") { el("strong") { l[.emptySection] } }; el("p") { l[.sectionGuide(key)] } }
            } else {
                el("div", .cls("markdown")) { Node(raw: Markdown.html(body)) }
            }
            el("p", .cls("section-links")) {
                el("a", .href(Paths.codeBlame(slug, key.rawValue))) { l[.blameLink] }
                if canWrite { " · "; el("a", .href(Paths.newAmendment(slug, section: key.rawValue))) { l[.proposeOnSection] } }
            }
            if !facts.isEmpty {
                el("details", contested ? [Attr("open", nil)] : []) {
                    el("summary") { l[.facts] + " (\(facts.count))" }
                    el("ul", .cls("facts")) {
                        for f in facts {
                            el("li", .cls(f.stance.rawValue)) {
                                el("span", .cls("badge")) { l[.factStance(f.stance)] }
                                " "
                                if f.kind == .link, let href = Markdown.safeHref(f.url) { el("a", .href(href), Attr("rel", "nofollow noopener")) { f.note.isEmpty ? f.url : f.note } }
                                else { f.note }
                                if !f.observedOn.isEmpty { el("span", .cls("muted")) { " · " + f.observedOn } }
                                if ctx.can(.seeInside) { el("span", .cls("muted")) { " · @" + f.author } }
                                if f.stance == .contests && canWrite {
                                    " · "; el("a", .href(Paths.newAmendment(slug, fact: f.id))) { l[.openAmendmentFromFact] }
                                }
                            }
                        }
                    }
                }
            }
            if canWrite {
                el("div", .cls("section-forms")) {
                    el("details") {
                        el("summary") { l[.addFact] }
                        postForm(Paths.codeFacts(slug), csrf: req.csrf, cls: "stack") {
                            el("input", .type("hidden"), .name("section"), .value(key.rawValue))
                            radios("stance-\(key.rawValue)", name: "stance", FactStance.allCases.map { ($0.rawValue, Text.factStance($0)) }, l, selected: "supports")
                            radios("kind-\(key.rawValue)", name: "kind", [("link", .kindLink), ("note", .kindNote)], l, selected: "link")
                            labelled("url-\(key.rawValue)", l[.factURL]) {
                                el("input", .id("url-\(key.rawValue)"), .name("url"), .type("url"), Attr("maxlength", "2000"))
                            }
                            labelled("note-\(key.rawValue)", l[Text.label(.note)]) {
                                el("textarea", .id("note-\(key.rawValue)"), .name("note"), Attr("rows", "2"), Attr("maxlength", "5000"))
                            }
                            labelled("date-\(key.rawValue)", l[.factDateHint]) {
                                el("input", .id("date-\(key.rawValue)"), .name("date"), .type("date"))
                            }
                            el("button") { l[.addFact] }
                        }
                    }
                    el("details") {
                        el("summary") { l[.rateThis] + " · " + PracticeRating.allCases.map { l[.rating($0)] + " \(ratings[$0] ?? 0)" }.joined(separator: " / ") }
                        postForm(Paths.codeDiagnosis(slug), csrf: req.csrf, cls: "stack") {
                            el("input", .type("hidden"), .name("section"), .value(key.rawValue))
                            radios("rating-\(key.rawValue)", name: "rating", PracticeRating.allCases.map { ($0.rawValue, Text.rating($0)) }, l, selected: nil)
                            labelled("dcomment-\(key.rawValue)", l[Text.label(.comment)]) {
                                el("input", .id("dcomment-\(key.rawValue)"), .name("comment"), Attr("maxlength", "2000"))
                            }
                            el("button") { l[.save] }
                        }
                    }
                }
            }
        }
    }

    func radios(_ id: String, name: String, _ options: [(String, Text)], _ l: Lang, selected: String?) -> Node {
        el("fieldset", .cls("radios")) {
            el("legend") { l[Text.label(InputField(rawValue: name) ?? .kind)] }
            for (value, label) in options {
                el("label") {
                    el("input", [.type("radio"), .name(name), .value(value)] + (value == selected ? [.flag("checked")] : []) + (selected == nil ? [.flag("required")] : []))
                    " " + l[label]
                }
            }
        }
    }

    func labelled(_ id: String, _ label: String, @NodeBuilder _ input: () -> [Node]) -> Node {
        el("div", .cls("field")) { el("label", Attr("for", id)) { label }; input() }
    }

    func historyPage(_ req: Request, _ ctx: CommunityContext, _ page: CommunityQueries.Page<CodeQueries.RevisionItem>) -> Response {
        let l = req.lang
        let slug = ctx.community.slug
        return req.page(l[.historyTitle] + " · " + ctx.community.name) {
            nav(req, ctx)
            el("h1") { l[.historyTitle] }
            if page.items.isEmpty { el("p", .cls("muted")) { l[.noRevisionYet] } }
            el("ol", .cls("history"), Attr("reversed", nil)) {
                for r in page.items {
                    el("li") {
                        el("a", .href(Paths.codeRevision(slug, r.number))) { l[.revisionLabel(r.number)] + " — " + r.summary }
                        el("p", .cls("muted")) {
                            l[.byAuthor] + " @" + r.author + " · " + dateText(r.createdAt, l) + " · "
                                + r.sections.compactMap { SectionKey(rawValue: $0).map { l[.section($0)] } }.joined(separator: ", ")
                        }
                    }
                }
            }
            pager(next: page.next.map { Paths.codeHistory(slug, after: $0) }, l)
            if ctx.community.codeRevision >= 1 {
                el("form", Attr("method", "get"), Attr("action", Paths.code(slug) + "/diff"), .cls("compare")) {
                    el("label", Attr("for", "from")) { l[.fromRevision] }
                    el("input", .id("from"), .name("from"), .type("number"), Attr("min", "0"), Attr("max", String(ctx.community.codeRevision)), .value("0"))
                    el("label", Attr("for", "to")) { l[.toRevision] }
                    el("input", .id("to"), .name("to"), .type("number"), Attr("min", "0"), Attr("max", String(ctx.community.codeRevision)), .value(String(ctx.community.codeRevision)))
                    el("button") { l[.compare] }
                }
            }
        }
    }

    func diffPage(_ req: Request, _ ctx: CommunityContext, from: Int, to: Int, revision: CodeQueries.RevisionItem?) async throws -> Response {
        let l = req.lang
        let slug = ctx.community.slug
        let split = (try? req.query.get(String.self, at: "view")) == "split"
        let queries = CodeQueries(req)
        let a = try await queries.snapshot(ctx.id, at: from)
        let b = try await queries.snapshot(ctx.id, at: to)
        let title = revision.map { l[.revisionLabel($0.number)] + " — " + $0.summary } ?? "\(l[.compare]) \(from) → \(to)"
        let here = revision.map { Paths.codeRevision(slug, $0.number, split: false) } ?? Paths.codeDiff(slug, from: from, to: to)
        let hereSplit = revision.map { Paths.codeRevision(slug, $0.number, split: true) } ?? Paths.codeDiff(slug, from: from, to: to, split: true)
        return req.page(title) {
            nav(req, ctx)
            el("h1") { title }
            if let revision {
                el("p", .cls("muted")) {
                    l[.byAuthor] + " @" + revision.author + " · " + dateText(revision.createdAt, l)
                    if let amendment = revision.amendment { " · "; el("a", .href(Paths.amendment(slug, amendment))) { l[.amendmentsTitle] } }
                }
            }
            viewToggle(l, inline: here, split: hereSplit, isSplit: split)
            for key in SectionKey.allCases where a[key] != b[key] {
                el("section", .cls("diff-section")) {
                    el("h2") { l[.section(key)] }
                    let lines = TextDiff.inline(a[key], b[key])
                    split ? DiffViews.split(lines, l, left: .revisionLabel(from), right: .revisionLabel(to)) : DiffViews.inline(lines, l)
                }
            }
            if SectionKey.allCases.allSatisfy({ a[$0] == b[$0] }) { el("p", .cls("muted")) { l[.noDifference] } }
        }
    }

    func viewToggle(_ l: Lang, inline: String, split: String, isSplit: Bool) -> Node {
        el("p", .cls("toggle")) {
            el("a", [.href(inline)] + (isSplit ? [] : [Attr("aria-current", "page")])) { l[.inlineView] }
            " · "
            el("a", [.href(split)] + (isSplit ? [Attr("aria-current", "page")] : [])) { l[.splitView] }
        }
    }

    func blamePage(_ req: Request, _ ctx: CommunityContext, _ key: SectionKey) async throws -> Response {
        let l = req.lang
        let slug = ctx.community.slug
        let queries = CodeQueries(req)
        let (blame, versions, byNumber) = try await queries.blame(ctx.id, key, upTo: ctx.community.codeRevision)
        return req.page(l[.blameTitle] + " · " + l[.section(key)]) {
            nav(req, ctx)
            el("h1") { l[.blameTitle] + " — " + l[.section(key)] }
            if blame.isEmpty { el("p", .cls("muted")) { l[.emptySection] } }
            if !versions.isEmpty {
                el("details") {
                    el("summary") { l[.sectionHistory] + " (\(versions.count))" }
                    el("ol", .cls("history"), Attr("reversed", nil)) {
                        for v in versions.reversed() {
                            el("li") {
                                el("a", .href(Paths.codeRevision(slug, v.revision))) { l[.revisionLabel(v.revision)] }
                                if let r = byNumber[v.revision] { " — " + r.summary + " · @" + r.author }
                            }
                        }
                    }
                }
            }
            el("table", .cls("blame")) {
                el("thead") { el("tr") { el("th", Attr("scope", "col")) { l[.revisionWord] }; el("th", Attr("scope", "col")) { "#" }; el("th", Attr("scope", "col")) { l[.sectionLabel] } } }
                el("tbody") {
                    for (i, line) in blame.enumerated() {
                        el("tr") {
                            el("td", .cls("who")) {
                                if i == 0 || blame[i - 1].revision != line.revision, let r = byNumber[line.revision] {
                                    el("a", .href(Paths.codeRevision(slug, r.number)), Attr("title", r.summary)) { "r\(r.number)" }
                                    " @" + r.author
                                }
                            }
                            el("td", .cls("num")) { String(i + 1) }
                            el("td", .cls("code")) { line.text }
                        }
                    }
                }
            }
        }
    }

    func amendmentsPage(_ req: Request, _ ctx: CommunityContext, _ page: CommunityQueries.Page<CodeQueries.AmendmentItem>, status: AmendmentStatus?) -> Response {
        let l = req.lang
        let slug = ctx.community.slug
        return req.page(l[.amendmentsTitle] + " · " + ctx.community.name) {
            nav(req, ctx)
            el("h1") { l[.amendmentsTitle] }
            el("p", .cls("toggle")) {
                el("a", [.href(Paths.amendments(slug))] + (status == nil ? [Attr("aria-current", "page")] : [])) { l[.allStatuses] }
                for s in AmendmentStatus.allCases {
                    " · "
                    el("a", [.href(Paths.amendments(slug, status: s.rawValue))] + (status == s ? [Attr("aria-current", "page")] : [])) { l[.amendmentStatus(s)] }
                }
            }
            if ctx.can(.contribute) { el("p") { el("a", .cls("button"), .href(Paths.newAmendment(slug))) { l[.proposeChange] } } }
            if page.items.isEmpty { el("p", .cls("muted")) { l[.noAmendment] } }
            el("ul", .cls("requests")) {
                for a in page.items {
                    el("li", .cls("card")) {
                        el("h2") { el("a", .href(Paths.amendment(slug, a.id))) { a.summary } }
                        el("p", .cls("badges")) { el("span", .cls("badge status-\(a.status.rawValue)")) { l[.amendmentStatus(a.status)] } }
                        el("p", .cls("muted")) { l[.byAuthor] + " @" + a.author + " · " + dateText(a.createdAt, l) }
                    }
                }
            }
            pager(next: page.next.map { Paths.amendments(slug, status: status?.rawValue, after: $0) }, l)
        }
    }

    func amendmentForm(_ req: Request, _ ctx: CommunityContext, _ s: FormState, action: String, status: HTTPResponseStatus = .ok) -> Response {
        let l = req.lang
        let focus = s.values["focus"]
        return req.page(l[.proposeChange], status: status) {
            nav(req, ctx)
            el("h1") { l[.proposeChange] }
            errorSummary(s, l)
            postForm(action, csrf: req.csrf, cls: "amendment-form") {
                el("input", .type("hidden"), .name("baseRevision"), .value(s.values["baseRevision"] ?? "0"))
                el("p", .cls("muted")) { l[.baseRevision] + " " + (s.values["baseRevision"] ?? "0") }
                field(.summary, s, l, required: true, label: .summaryLabel, maxLength: AmendmentRules.summaryMax)
                field(.reason, s, l, input: .area(rows: 3), label: .reasonLabel)
                el("p", .cls("hint")) { l[.markdownHint] }
                for key in SectionKey.allCases {
                    el("details", focus == nil || focus == key.rawValue ? [Attr("open", nil)] : []) {
                        el("summary") { l[.section(key)] }
                        el("label", Attr("for", "section-" + key.rawValue), .cls("visually-hidden")) { l[.section(key)] }
                        el("p", .cls("hint")) { l[.sectionGuide(key)] }
                        el("textarea", .id("section-" + key.rawValue), .name("section-" + key.rawValue), Attr("rows", "8")) { s.values["section-" + key.rawValue] ?? "" }
                    }
                }
                el("button", .type("submit")) { l[.submitAmendment] }
            }
        }
    }

    func amendmentPage(_ req: Request, _ ctx: CommunityContext, _ a: Amendment, _ item: CodeQueries.AmendmentItem) async throws -> Response {
        let l = req.lang
        let slug = ctx.community.slug
        let queries = CodeQueries(req)
        let split = (try? req.query.get(String.self, at: "view")) == "split"
        let base = try await queries.snapshot(ctx.id, at: a.baseRevision)
        let proposal = try await queries.changes(a)
        let positions = ctx.can(.seeInside) ? try await queries.positions(a) : []
        let comments = ctx.can(.seeInside) ? try await queries.comments(a) : []
        let current = a.status == .conflict ? try await queries.snapshot(ctx.id, at: ctx.community.codeRevision) : base
        let policy = ctx.community.decisionPolicy
        let tally = try await queries.tally(a, ctx.community)
        // A published code shows what was decided, not who the members are.
        let insider = ctx.can(.seeInside)
        let isAuthor = ctx.viewer?.id == a.$author.id
        let canWrite = ctx.can(.contribute)
        return req.page(item.summary) {
            nav(req, ctx)
            el("p", .cls("badges")) { el("span", .cls("badge status-\(a.status.rawValue)")) { l[.amendmentStatus(a.status)] } }
            el("h1") { item.summary }
            el("p", .cls("muted")) {
                l[.byAuthor] + " "
                el("a", .href(Paths.person(item.author))) { item.authorName }
                " · " + l[.baseRevision] + " \(a.baseRevision) · " + dateText(a.createdAt, l)
                if a.status == .open { " · " + l[.closesOn] + " " + dateText(a.closesAt, l) }
                if let r = a.resultRevision { " · "; el("a", .href(Paths.codeRevision(slug, r))) { l[.revisionLabel(r)] } }
            }
            if !a.reason.isEmpty { el("div", .cls("markdown")) { Node(raw: Markdown.html(a.reason)) } }
            if a.status == .conflict {
                el("div", .cls("callout")) { el("p") { l[.conflictExplain] } }
                for (key, theirs) in proposal.sorted(by: { $0.key.order < $1.key.order }) {
                    let merged = Merge.threeWay(base: base[key], ours: current[key], theirs: theirs)
                    for chunk in merged.chunks {
                        if case let .conflict(_, ours, theirsLines) = chunk {
                            el("section", .cls("conflict")) {
                                el("h2") { l[.section(key)] }
                                el("div", .cls("two")) {
                                    el("div") { el("h3") { l[.currentVersion] }; el("pre") { ours.joined(separator: "\n") } }
                                    el("div") { el("h3") { l[.proposedVersion] }; el("pre") { theirsLines.joined(separator: "\n") } }
                                }
                            }
                        }
                    }
                }
            }
            viewToggle(l, inline: Paths.amendment(slug, a.id!), split: Paths.amendment(slug, a.id!, split: true), isSplit: split)
            for (key, body) in proposal.sorted(by: { $0.key.order < $1.key.order }) {
                el("section", .cls("diff-section")) {
                    el("h2") { l[.section(key)] }
                    let lines = TextDiff.inline(base[key], body)
                    split ? DiffViews.split(lines, l, left: .revisionLabel(a.baseRevision), right: .proposedVersion) : DiffViews.inline(lines, l)
                }
            }
            el("section", .aria("labelledby", "positions")) {
                el("h2", .id("positions")) { l[.positionsTitle] }
                // A published code shows its rule to everyone, the counts only to members (as in the API).
                if insider {
                    el("p") {
                        l[.tallyText] + l[.colon] + "\(l[.stance(.consent)]) \(tally.consents) · \(l[.stance(.object)]) \(tally.objections) · \(l[.stance(.abstain)]) \(tally.abstentions)"
                            + " · " + l[.quorumWord] + " \(tally.positions)/\(tally.quorum)"
                    }
                }
                el("p") { l[.rule(policy.rule)] }
                el("ul", .cls("positions")) {
                    for p in positions {
                        el("li", p.current ? [] : [.cls("superseded")]) {
                            el("strong") { l[.stance(p.stance)] }
                            " — "
                            el("a", .href(Paths.person(p.handle))) { p.displayName }
                            if p.textVersion != a.textVersion { el("span", .cls("badge")) { l[.olderText] } }
                            if !p.current { el("span", .cls("badge")) { l[.superseded] } }
                            if !p.reason.isEmpty { el("blockquote") { p.reason } }
                        }
                    }
                }
                if canWrite && a.status == .open {
                    postForm(Paths.amendmentAction(slug, a.id!, "positions"), csrf: req.csrf, cls: "stack") {
                        radios("stance", name: "stance", Stance.allCases.map { ($0.rawValue, Text.stance($0)) }, l, selected: nil)
                        labelled("position-reason", l[.positionReasonHint]) {
                            el("textarea", .id("position-reason"), .name("reason"), Attr("rows", "2"), Attr("maxlength", "5000"))
                        }
                        el("button") { l[.takePosition] }
                    }
                }
            }
            if a.status == .open || a.status == .conflict {
                el("div", .cls("actions")) {
                    if isAuthor && canWrite {
                        el("a", .cls("button secondary-link"), .href(Paths.amendmentAction(slug, a.id!, "revise"))) { l[.reviseAmendment] }
                        postForm(Paths.amendmentAction(slug, a.id!, "withdraw"), csrf: req.csrf, cls: "inline") { el("button", .cls("danger")) { l[.withdrawAmendment] } }
                    }
                    if ctx.can(.steward) && a.status == .open {
                        postForm(Paths.amendmentAction(slug, a.id!, "decide"), csrf: req.csrf, cls: "inline") { el("button") { l[.decideNow] } }
                        el("p", .cls("hint")) { l[.decideHint] }
                    }
                }
            }
            el("section", .id("comments"), .aria("labelledby", "comments-title")) {
                el("h2", .id("comments-title")) { l[.commentsTitle] }
                for c in comments {
                    el("article", .cls("comment")) {
                        el("p", .cls("muted")) { el("a", .href(Paths.person(c.handle))) { c.displayName }; " · " + dateText(c.createdAt, l) }
                        el("div", .cls("markdown")) { Node(raw: Markdown.html(c.body)) }
                    }
                }
                if canWrite {
                    postForm(Paths.amendmentAction(slug, a.id!, "comments"), csrf: req.csrf) {
                        labelled("comment", l[.addComment]) { el("textarea", .id("comment"), .name("comment"), Attr("rows", "3"), .flag("required")) }
                        el("button") { l[.addComment] }
                    }
                }
            }
        }
    }

    func settingsPage(_ req: Request, _ ctx: CommunityContext, _ s: FormState, status: HTTPResponseStatus = .ok) -> Response {
        let l = req.lang
        return req.page(l[.codeSettingsTitle], status: status) {
            nav(req, ctx)
            el("section", .cls("narrow")) {
                el("h1") { l[.codeSettingsTitle] }
                errorSummary(s, l)
                postForm(Paths.codeSettings(ctx.community.slug), csrf: req.csrf) {
                    field(.rule, s, l, input: .choice(DecisionRule.allCases.map { ($0.rawValue, Text.rule($0)) }), label: .ruleLabel)
                    field(.quorum, s, l, input: .text(type: "number"), required: true, label: .quorumLabel)
                    field(.openDays, s, l, input: .text(type: "number"), required: true, label: .openDaysLabel)
                    el("div", .cls("field checkbox")) {
                        el("input", [.id("published"), .name("published"), .type("checkbox")] + (s.values["published"] == "on" ? [.flag("checked")] : []))
                        el("label", Attr("for", "published")) { l[.publishedLabel] }
                    }
                    el("button") { l[.save] }
                }
            }
        }
    }
}
