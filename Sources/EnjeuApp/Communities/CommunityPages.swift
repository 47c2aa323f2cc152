import Fluent
import Vapor
import EnjeuCore
import EnjeuWeb

/// The pages of communities: browse, create, home, members, requests, charter, settings.
struct CommunityPages {
    struct CommunityForm: Content {
        var slug: String?; var name: String?; var purpose: String?; var perimeter: String?; var rhythm: String?
        var stage: String?; var visibility: String?; var charter: String?; var version: Int?
        var draft: CommunityDraft {
            CommunityDraft(slug: slug ?? "", name: name ?? "", purpose: purpose ?? "", perimeter: perimeter ?? "", rhythm: rhythm ?? "",
                           stage: stage ?? "", visibility: visibility ?? "", charter: charter ?? "")
        }
        var values: [String: String] {
            ["slug": slug ?? "", "name": name ?? "", "purpose": purpose ?? "", "perimeter": perimeter ?? "", "rhythm": rhythm ?? "",
             "stage": stage ?? "", "visibility": visibility ?? "", "charter": charter ?? "", "version": version.map(String.init) ?? ""]
        }
    }
    struct MessageForm: Content { var message: String? }
    struct ReasonForm: Content { var reason: String? }
    struct VersionForm: Content { var version: Int? }
    struct CharterForm: Content { var charter: String?; var version: Int? }

    func register(_ r: any RoutesBuilder) {
        r.open(.GET, "communities") { req in
            let q = try? req.query.get(String.self, at: "q")
            let page = try await CommunityQueries(req: req).list(q: q, after: try? req.query.get(String.self, at: "after"))
            return browse(req, q: q, page: page)
        }
        r.signedIn(.GET, "communities", "new") { req, _ in
            newForm(req, FormState(values: ["stage": "emerging", "visibility": "members", "charter": req.lang[.defaultCharter]]))
        }
        r.signedIn(.POST, "communities") { req, viewer in
            let f = (try? req.content.decode(CommunityForm.self)) ?? CommunityForm()
            do {
                let valid = try f.draft.validated().mapError(AppError.invalid).get()
                let c = try await CommunityService(req: req).create(valid, founder: viewer)
                return req.redirect(to: Paths.community(c.slug), flash: .communityCreated)
            } catch let error as AppError {
                guard case let .invalid(v) = error else { throw error }
                return newForm(req, FormState(values: f.values, violations: v), status: error.status)
            }
        }
        r.community(.GET, "communities", ":slug", need: .seeCard) { req, ctx in try await home(req, ctx) }
        r.community(.GET, "communities", ":slug", "members", need: .seeInside) { req, ctx in
            let page = try await CommunityQueries(req: req).members(ctx, after: try? req.query.get(String.self, at: "after"),
                                                                    includeSuspended: ctx.can(.steward))
            return membersPage(req, ctx, page)
        }
        r.community(.POST, "communities", ":slug", "join", need: .requestToJoin) { req, ctx in
            let f = (try? req.content.decode(MessageForm.self)) ?? MessageForm()
            _ = try await CommunityService(req: req).requestJoin(ctx, message: f.message ?? "")
            return req.redirect(to: Paths.community(ctx.community.slug), flash: .joinRequested)
        }
        r.community(.POST, "communities", ":slug", "withdraw", need: .seeCard) { req, ctx in
            try await CommunityService(req: req).withdraw(ctx)
            return req.redirect(to: Paths.community(ctx.community.slug), flash: .requestWithdrawn)
        }
        r.community(.POST, "communities", ":slug", "leave", need: .leave) { req, ctx in
            try await CommunityService(req: req).leave(ctx)
            return req.redirect(to: Paths.community(ctx.community.slug), flash: .left)
        }
        r.community(.GET, "communities", ":slug", "charter", need: .seeCard) { req, ctx in try await charterPage(req, ctx) }
        r.community(.POST, "communities", ":slug", "charter", "accept", need: .acceptCharter) { req, ctx in
            let f = (try? req.content.decode(VersionForm.self)) ?? VersionForm()
            try await CommunityService(req: req).acceptCharter(ctx, version: f.version ?? -1)
            return req.redirect(to: Paths.community(ctx.community.slug), flash: .charterAccepted)
        }
        r.community(.POST, "communities", ":slug", "charter", need: .steward) { req, ctx in
            let f = (try? req.content.decode(CharterForm.self)) ?? CharterForm()
            do {
                _ = try await CommunityService(req: req).newCharter(ctx, text: f.charter ?? "", expectedVersion: f.version ?? -1)
            } catch let AppError.invalid(v) {
                return try await charterPage(req, ctx, FormState(values: ["charter": f.charter ?? ""], violations: v), status: .unprocessableEntity)
            } catch AppError.conflict(let t) {
                return try await charterPage(req, ctx, FormState(values: ["charter": f.charter ?? ""], message: t), status: .conflict)
            }
            return req.redirect(to: Paths.charter(ctx.community.slug), flash: .charterVersioned)
        }
        r.community(.GET, "communities", ":slug", "requests", need: .steward) { req, ctx in
            let page = try await CommunityQueries(req: req).pendingRequests(ctx, after: try? req.query.get(String.self, at: "after"))
            return requestsPage(req, ctx, page)
        }
        r.community(.POST, "communities", ":slug", "requests", ":id", "approve", need: .steward) { req, ctx in
            guard let id = req.parameters.get("id", as: UUID.self) else { throw AppError.notFound }
            try await CommunityService(req: req).approve(ctx, requestID: id)
            return req.redirect(to: Paths.requests(ctx.community.slug), flash: .approved)
        }
        r.community(.POST, "communities", ":slug", "requests", ":id", "decline", need: .steward) { req, ctx in
            guard let id = req.parameters.get("id", as: UUID.self) else { throw AppError.notFound }
            let f = (try? req.content.decode(ReasonForm.self)) ?? ReasonForm()
            try await CommunityService(req: req).decline(ctx, requestID: id, reason: f.reason ?? "")
            return req.redirect(to: Paths.requests(ctx.community.slug), flash: .declined)
        }
        r.community(.POST, "communities", ":slug", "members", ":handle", ":change", need: .steward) { req, ctx in
            guard let handle = req.parameters.get("handle"),
                  let change = req.parameters.get("change").flatMap(MemberChange.init(rawValue:))
            else { throw AppError.notFound }
            try await CommunityService(req: req).change(ctx, handle: handle, change)
            return req.redirect(to: Paths.members(ctx.community.slug), flash: .memberChanged)
        }
        r.community(.GET, "communities", ":slug", "settings", need: .steward) { req, ctx in
            settingsPage(req, ctx, FormState(values: CommunityForm(ctx.community).values))
        }
        r.community(.POST, "communities", ":slug", "settings", need: .steward) { req, ctx in
            var f = (try? req.content.decode(CommunityForm.self)) ?? CommunityForm()
            f.slug = ctx.community.slug
            do {
                let valid = try f.draft.validated(includingCharter: false).mapError(AppError.invalid).get()
                try await CommunityService(req: req).updateProfile(ctx, valid, expectedVersion: f.version ?? -1)
            } catch let AppError.invalid(v) {
                return settingsPage(req, ctx, FormState(values: f.values, violations: v), status: .unprocessableEntity)
            } catch AppError.conflict(let t) {
                return settingsPage(req, ctx, FormState(values: f.values, message: t), status: .conflict)
            }
            return req.redirect(to: Paths.community(ctx.community.slug), flash: .saved)
        }
    }

    // MARK: Views

    func stageOptions() -> [(String, Text)] { LifeStage.allCases.map { ($0.rawValue, Text.stage($0)) } }
    func visibilityOptions() -> [(String, Text)] { Visibility.allCases.map { ($0.rawValue, Text.visibility($0)) } }

    func browse(_ req: Request, q: String?, page: CommunityQueries.Page<CommunityQueries.Card>) -> Response {
        let l = req.lang
        return req.page(l[.communitiesTitle]) {
            el("h1") { l[.communitiesTitle] }
            el("form", Attr("method", "get"), Attr("action", Paths.communities), Attr("role", "search"), .cls("search")) {
                el("label", Attr("for", "q")) { l[.searchLabel] }
                el("input", .id("q"), .name("q"), .type("search"), .value(q ?? ""), Attr("maxlength", "200"))
                el("button", .type("submit")) { l[.search] }
            }
            if page.items.isEmpty { el("p", .cls("muted")) { l[.noCommunityFound] } }
            el("ul", .cls("cards")) { for c in page.items { el("li") { cardView(c, l) } } }
            pager(next: page.next.map { Paths.communities(q: q, after: $0) }, l)
        }
    }

    func cardView(_ c: CommunityQueries.Card, _ l: Lang) -> Node {
        el("article", .cls("card")) {
            el("h2") { el("a", .href(Paths.community(c.slug))) { c.name } }
            el("p", .cls("badges")) {
                el("span", .cls("badge stage-\(c.stage.rawValue)")) { l[Text.stage(c.stage)] }
                if c.visibility == .members { el("span", .cls("badge")) { l[.membersOnlyBadge] } }
                if let n = c.memberCount { el("span", .cls("badge")) { l[.memberCount(n)] } }
            }
            el("p") { Self.excerpt(c.purpose, 280) }
            if !c.perimeter.isEmpty { el("p", .cls("muted")) { l[Text.label(.perimeter)] + l[.colon] + c.perimeter } }
        }
    }

    /// At most `max` characters, with "…" only when something was cut (counting bytes first keeps short texts cheap).
    static func excerpt(_ s: String, _ max: Int) -> String {
        guard s.utf8.count > max, let cut = s.index(s.startIndex, offsetBy: max, limitedBy: s.endIndex), cut < s.endIndex else { return s }
        return String(s[..<cut]) + "…"
    }

    func newForm(_ req: Request, _ s: FormState, status: HTTPResponseStatus = .ok) -> Response {
        let l = req.lang
        return req.page(l[.newCommunityTitle], status: status) {
            el("section", .cls("narrow")) {
                el("h1") { l[.newCommunityTitle] }
                el("p", .cls("lead")) { l[.newCommunityLead] }
                errorSummary(s, l)
                postForm(Paths.communities, csrf: req.csrf) {
                    field(.name, s, l, required: true, maxLength: Rules.nameMax)
                    field(.slug, s, l, required: true, hint: .slugHint, maxLength: 60, pattern: "[a-z0-9-]{3,60}")
                    field(.purpose, s, l, input: .area(rows: 4), required: true, hint: .purposeHint)
                    field(.perimeter, s, l, hint: .perimeterHint, maxLength: Rules.shortTextMax)
                    field(.rhythm, s, l, hint: .rhythmHint, maxLength: Rules.shortTextMax)
                    field(.stage, s, l, input: .choice(stageOptions()))
                    field(.visibility, s, l, input: .choice(visibilityOptions()))
                    field(.charter, s, l, input: .area(rows: 8), required: true, hint: .charterHint)
                    el("button", .type("submit")) { l[.createCommunity] }
                }
            }
        }
    }

    func header(_ c: Community, _ l: Lang) -> Node {
        el("header", .cls("community")) {
            el("p", .cls("badges")) {
                el("span", .cls("badge stage-\(c.stage.rawValue)")) { l[Text.stage(c.stage)] }
                if c.visibility == .members { el("span", .cls("badge")) { l[.membersOnlyBadge] } }
            }
            el("h1") { c.name }
            el("p", .cls("lead")) { c.purpose }
            el("dl", .cls("facts")) {
                if !c.perimeter.isEmpty { el("dt") { l[Text.label(.perimeter)] }; el("dd") { c.perimeter } }
                if !c.rhythm.isEmpty { el("dt") { l[Text.label(.rhythm)] }; el("dd") { c.rhythm } }
            }
        }
    }

    func home(_ req: Request, _ ctx: CommunityContext) async throws -> Response {
        let l = req.lang
        let c = ctx.community
        let queries = CommunityQueries(req: req)
        let inside = ctx.can(.seeInside)
        let people = inside ? try await queries.homePeople(ctx, previewSize: 24) : (stewards: [], preview: [], more: false)
        let (stewards, members) = (people.stewards, people.preview)
        let pending = ctx.can(.steward) ? try await queries.pendingRequests(ctx, after: nil, limit: 1).items.count : 0
        // A past decision matters only to someone who may ask (again).
        let latest = ctx.can(.requestToJoin) ? try await queries.latestRequest(ctx) : nil
        let charter = try await queries.charter(ctx)
        let slug = c.slug
        return req.page(c.name) {
            header(c, l)
            if ctx.can(.readCode) {
                el("p", .cls("subnav")) {
                    el("a", .href(Paths.code(slug))) { l[.codeTitle] + " — " + l[.codeNavHint] }
                    if inside {
                        el("a", .href(Paths.figures(slug))) { l[FiguresText.title] }
                        el("a", .href(Paths.journey(slug))) { l[JourneyText.title] }
                        el("a", .href(Paths.economy(slug))) { l[EconomyText.catalogue] }
                        el("a", .href(Paths.communityFeed(slug))) { l[SocialText.feed] }
                        el("a", .href(Paths.credibility(slug))) { l[SocialText.credibility] }
                    }
                }
            }
            el("section", .cls("status"), .aria("labelledby", "status-title")) {
                el("h2", .id("status-title")) { l[.yourPlace] }
                statusPanel(req, ctx, latest: latest, pending: pending)
            }
            if inside {
                el("section", .aria("labelledby", "stewards-title")) {
                    el("h2", .id("stewards-title")) { l[.stewardsTitle] }
                    el("ul", .cls("people")) { for m in stewards { el("li") { personChip(m, l) } } }
                }
                if inside {
                    el("section", .id("members"), .aria("labelledby", "members-title")) {
                        el("h2", .id("members-title")) { l[.memberCount(c.memberCount)] }
                        el("ul", .cls("people")) { for m in members { el("li") { personChip(m, l) } } }
                        if people.more { el("p") { el("a", .href(Paths.members(slug))) { l[.allMembers] } } }
                    }
                }
            }
            el("section", .cls("charter"), .aria("labelledby", "charter-title")) {
                el("h2", .id("charter-title")) { l[.charterTitle] + " · v\(c.charterVersion)" }
                if let charter { paragraphs(charter.text) }
                el("p") { el("a", .href(Paths.charter(slug))) { l[.charterHistory] } }
            }
        }
    }

    func personChip(_ m: CommunityQueries.Member, _ l: Lang) -> Node {
        el("a", .href(Paths.person(m.handle)), .cls("chip")) {
            el("span", .cls("name")) { m.displayName }
            el("span", .cls("muted")) { " @" + m.handle }
            if m.role != .member { el("span", .cls("badge")) { l[Text.role(m.role)] } }
        }
    }

    func statusPanel(_ req: Request, _ ctx: CommunityContext, latest: JoinRequest?, pending: Int) -> [Node] {
        let l = req.lang
        let slug = ctx.community.slug
        var nodes: [Node] = []
        switch ctx.relation {
        case .anonymous:
            nodes.append(el("p") { l[.joinNeedsAccount] })
            nodes.append(el("p") {
                el("a", .cls("button"), .href(Paths.signUp)) { l[.signUp] }
                " "
                el("a", .href(Paths.signIn(next: Paths.community(slug)))) { l[.signIn] }
            })
        case .pending:
            nodes.append(el("p") { l[.requestPending] })
            nodes.append(postForm(Paths.withdraw(slug), csrf: req.csrf) { el("button", .cls("secondary")) { l[.withdrawRequest] } })
        case .outsider, .member(_, .left, _):
            if let latest, latest.status == .declined {
                nodes.append(el("div", .cls("callout")) {
                    el("p") { l[.requestDeclined] }
                    if let reason = latest.reason { el("blockquote") { reason } }
                })
            }
            nodes.append(el("p") { l[.joinExplain] })
            nodes.append(postForm(Paths.join(slug), csrf: req.csrf) {
                field(.message, FormState(), l, input: .area(rows: 3), hint: .joinMessageHint, label: .joinMessageLabel, maxLength: 2000)
                el("button", .type("submit")) { l[.askToJoin] }
            })
        case let .member(role, status, current):
            switch status {
            case .approved:
                nodes.append(el("p") { l[.approvedAcceptCharter] })
                nodes.append(el("p") { el("a", .cls("button"), .href(Paths.charter(slug))) { l[.readAndAccept] } })
            case .suspended:
                nodes.append(el("p") { l[.youAreSuspended] })
            case .active, .left:
                nodes.append(el("p") { l[.youAreMember(Text.role(role))] })
                if !current {
                    nodes.append(el("div", .cls("callout")) {
                        el("p") { l[.charterChangedAcceptAgain] }
                        el("a", .cls("button"), .href(Paths.charter(slug))) { l[.readAndAccept] }
                    })
                }
            }
            if ctx.can(.steward) {
                nodes.append(el("ul", .cls("actions")) {
                    el("li") { el("a", .href(Paths.requests(slug))) { l[pending > 0 ? .requestsWaiting : .requestsTitle] } }
                    el("li") { el("a", .href(Paths.members(slug))) { l[.manageMembers] } }
                    el("li") { el("a", .href(Paths.settings(slug))) { l[.settingsTitle] } }
                })
            }
            if ctx.can(.leave) {
                nodes.append(postForm(Paths.leave(slug), csrf: req.csrf, cls: "inline") { el("button", .cls("secondary")) { l[.leaveCommunity] } })
            }
        }
        return nodes
    }

    func membersPage(_ req: Request, _ ctx: CommunityContext, _ page: CommunityQueries.Page<CommunityQueries.Member>) -> Response {
        let l = req.lang
        let slug = ctx.community.slug
        let steward = ctx.can(.steward)
        return req.page(l[.membersTitle] + " · " + ctx.community.name) {
            el("p", .cls("crumbs")) { el("a", .href(Paths.community(slug))) { ctx.community.name } }
            el("h1") { l[.membersTitle] }
            el("table", .cls("members")) {
                el("caption") { l[.memberCount(ctx.community.memberCount)] }
                el("thead") { el("tr") {
                    el("th", Attr("scope", "col")) { l[Text.label(.name)] }
                    el("th", Attr("scope", "col")) { l[Text.label(.role)] }
                    el("th", Attr("scope", "col")) { l[.charterTitle] }
                    if steward { el("th", Attr("scope", "col")) { l[.actions] } }
                } }
                el("tbody") {
                    for m in page.items {
                        el("tr") {
                            el("td") { el("a", .href(Paths.person(m.handle))) { m.displayName }; el("span", .cls("muted")) { " @" + m.handle } }
                            el("td") { l[Text.role(m.role)]; if m.status == .suspended { " · " + l[Text.status(.suspended)] } }
                            el("td") { l[m.charterCurrent ? .charterUpToDate : .charterToAccept] }
                            if steward {
                                el("td", .cls("row-actions")) {
                                    if m.role != .founder && m.handle != ctx.viewer?.handle {
                                        for change in memberActions(m) {
                                            postForm(Paths.member(slug, m.handle, change.rawValue), csrf: req.csrf, cls: "inline") {
                                                el("button", .cls(change == .suspend ? "danger" : "secondary")) { l[Text.memberChange(change)] }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            pager(next: page.next.map { Paths.members(slug, after: $0) }, l)
        }
    }

    func memberActions(_ m: CommunityQueries.Member) -> [MemberChange] {
        switch (m.status, m.role) {
        case (.suspended, _): [.reinstate]
        case (.active, .member): [.promote, .suspend]
        case (.active, .steward): [.demote, .suspend]
        default: []
        }
    }

    func requestsPage(_ req: Request, _ ctx: CommunityContext, _ page: CommunityQueries.Page<CommunityQueries.RequestItem>) -> Response {
        let l = req.lang
        let slug = ctx.community.slug
        return req.page(l[.requestsTitle] + " · " + ctx.community.name) {
            el("p", .cls("crumbs")) { el("a", .href(Paths.community(slug))) { ctx.community.name } }
            el("h1") { l[.requestsTitle] }
            if page.items.isEmpty { el("p", .cls("muted")) { l[.noPendingRequests] } }
            el("ul", .cls("requests")) {
                for r in page.items {
                    el("li", .cls("card")) {
                        el("h2") { el("a", .href(Paths.person(r.handle))) { r.displayName }; el("span", .cls("muted")) { " @" + r.handle } }
                        el("p", .cls("muted")) { dateText(r.createdAt, l) }
                        if r.message.isEmpty { el("p", .cls("muted")) { l[.noMessage] } } else { el("blockquote") { paragraphs(r.message) } }
                        el("div", .cls("decide")) {
                            postForm(Paths.approve(slug, r.id), csrf: req.csrf, cls: "inline") {
                                el("button", .aria("label", l[.approve] + " " + r.displayName)) { l[.approve] }
                            }
                            postForm(Paths.decline(slug, r.id), csrf: req.csrf, cls: "decline") {
                                el("label", Attr("for", "reason-\(r.id)")) { l[.declineReasonLabel] }
                                el("input", .id("reason-\(r.id)"), .name("reason"), .flag("required"), Attr("maxlength", "2000"))
                                el("button", .cls("danger")) { l[.decline] }
                            }
                        }
                    }
                }
            }
            pager(next: page.next.map { Paths.requests(slug) + "?after=" + $0 }, l)
        }
    }

    func charterPage(_ req: Request, _ ctx: CommunityContext, _ s: FormState? = nil, status: HTTPResponseStatus = .ok) async throws -> Response {
        let l = req.lang
        let c = ctx.community
        let queries = CommunityQueries(req: req)
        let versions = try await queries.charterVersions(ctx)
        let current = try await queries.charter(ctx)
        let editState = s ?? FormState(values: ["charter": current?.text ?? ""])
        let figureRules = try await FiguresQueries(req).rules(ctx.id)
        return req.page(l[.charterTitle] + " · " + c.name, status: status) {
            el("p", .cls("crumbs")) { el("a", .href(Paths.community(c.slug))) { c.name } }
            el("h1") { l[.charterTitle] + " · v\(c.charterVersion)" }
            el("article", .cls("charter-text")) { if let current { paragraphs(current.text) } }
            // The give-to-get rule of #ChiffresEnsemble is part of the reciprocity charter every member accepts.
            el("section", .cls("charter give-to-get"), .id("give-to-get"), .aria("labelledby", "give-to-get-title")) {
                el("h2", .id("give-to-get-title")) { l[FiguresText.rulesTitle] }
                el("p") { l[FiguresText.rulesText(figureRules)] }
            }
            if ctx.can(.acceptCharter) {
                postForm(Paths.acceptCharter(c.slug), csrf: req.csrf, cls: "accept") {
                    el("input", .type("hidden"), .name("version"), .value(String(c.charterVersion)))
                    el("button", .type("submit")) { l[.acceptCharter] }
                }
            }
            if ctx.can(.steward) {
                el("section", .aria("labelledby", "new-version")) {
                    el("h2", .id("new-version")) { l[.newCharterVersion] }
                    el("p", .cls("hint")) { l[.newCharterHint] }
                    errorSummary(editState, l)
                    postForm(Paths.charter(c.slug), csrf: req.csrf) {
                        el("input", .type("hidden"), .name("version"), .value(String(c.charterVersion)))
                        field(.charter, editState, l, input: .area(rows: 10), required: true)
                        el("button", .type("submit")) { l[.publishVersion] }
                    }
                }
            }
            el("section", .aria("labelledby", "versions")) {
                el("h2", .id("versions")) { l[.charterHistory] }
                el("ol", Attr("reversed", nil)) {
                    for v in versions { el("li") { "v\(v.version) · " + dateText(v.createdAt, l) } }
                }
            }
        }
    }

    func settingsPage(_ req: Request, _ ctx: CommunityContext, _ s: FormState, status: HTTPResponseStatus = .ok) -> Response {
        let l = req.lang
        let c = ctx.community
        return req.page(l[.settingsTitle] + " · " + c.name, status: status) {
            el("p", .cls("crumbs")) { el("a", .href(Paths.community(c.slug))) { c.name } }
            el("section", .cls("narrow")) {
                el("h1") { l[.settingsTitle] }
                errorSummary(s, l)
                postForm(Paths.settings(c.slug), csrf: req.csrf) {
                    el("input", .type("hidden"), .name("version"), .value(s.values["version"] ?? String(c.version)))
                    field(.name, s, l, required: true, maxLength: Rules.nameMax)
                    field(.purpose, s, l, input: .area(rows: 4), required: true)
                    field(.perimeter, s, l, maxLength: Rules.shortTextMax)
                    field(.rhythm, s, l, maxLength: Rules.shortTextMax)
                    field(.stage, s, l, input: .choice(stageOptions()))
                    field(.visibility, s, l, input: .choice(visibilityOptions()))
                    el("button", .type("submit")) { l[.save] }
                }
                el("p") { el("a", .href(Paths.charter(c.slug))) { l[.editCharterLink] } }
            }
        }
    }
}

extension CommunityPages.CommunityForm {
    init(_ c: Community) {
        self.init(slug: c.slug, name: c.name, purpose: c.purpose, perimeter: c.perimeter, rhythm: c.rhythm,
                  stage: c.stage.rawValue, visibility: c.visibility.rawValue, charter: nil, version: c.version)
    }
}
