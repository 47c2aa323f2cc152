import Fluent
import Vapor
import EnjeuCore
import EnjeuWeb

/// The pages of communities: browse, create, home, members, requests, charter, settings; registration and loaders
/// (the views are `CommunityViews`).
struct CommunityPages {
    struct CommunityForm: Content {
        var slug: String?; var name: String?; var purpose: String?; var perimeter: String?; var rhythm: String?
        var stage: String?; var visibility: String?; var charter: String?; var version: Int?; var template: String?
        var draft: CommunityDraft {
            CommunityDraft(slug: slug ?? "", name: name ?? "", purpose: purpose ?? "", perimeter: perimeter ?? "", rhythm: rhythm ?? "",
                           stage: stage ?? "", visibility: visibility ?? "", charter: charter ?? "")
        }
        var values: [String: String] {
            ["slug": slug ?? "", "name": name ?? "", "purpose": purpose ?? "", "perimeter": perimeter ?? "", "rhythm": rhythm ?? "",
             "stage": stage ?? "", "visibility": visibility ?? "", "charter": charter ?? "", "version": version.map(String.init) ?? "",
             "template": template ?? CommunityTemplate.blank]
        }
    }
    struct MessageForm: Content { var message: String? }
    struct ReasonForm: Content { var reason: String? }
    struct VersionForm: Content { var version: Int? }

    func register(_ r: any RoutesBuilder) {
        r.open(CommunityEndpoints.browse) { req in
            let q = try? req.query.get(String.self, at: "q")
            let page = try await CommunityQueries(req.context).list(q: q, after: try? req.query.get(String.self, at: "after"))
            return req.page(CommunityViews.browsePage(CommunityBrowsePage(q: q, page: page), req.lang))
        }
        r.signedIn(CommunityEndpoints.newCommunity) { req, _ in
            // `?template=cooperative` (the home's first steps) preselects it and prefills its charter.
            let template = (try? CommunityTemplate.choice(try? req.query.get(String.self, at: "template")).get()) ?? nil
            let s = FormState(values: ["stage": LifeStage.emerging.rawValue, "visibility": Visibility.members.rawValue,
                                       "charter": req.lang[template?.charter ?? .defaultCharter],
                                       "template": template?.rawValue ?? CommunityTemplate.blank])
            return req.page(CommunityViews.newCommunityForm(s, req.lang, csrf: req.csrf))
        }
        r.signedIn(CommunityEndpoints.create) { req, viewer in
            let f = (try? req.content.decode(CommunityForm.self)) ?? CommunityForm()
            do {
                let (valid, starter) = try Self.validated(f.draft, template: f.template, creator: viewer)
                let c = try await CommunityService(req.context).create(valid, founder: viewer, starter: starter)
                return req.redirect(to: CommunityEndpoints.community.path(c.slug), flash: .communityCreated)
            } catch let error as AppError {
                guard case let .invalid(v) = error else { throw error }
                let s = FormState(values: f.values, violations: v)
                return req.page(CommunityViews.newCommunityForm(s, req.lang, csrf: req.csrf), status: error.status)
            }
        }
        r.community(CommunityEndpoints.community) { req, c in
            req.page(CommunityViews.homePage(try await loadHome(req.context, c), req.lang, csrf: req.csrf))
        }
        r.community(CommunityEndpoints.members) { req, c in
            let page = try await CommunityQueries(req.context).members(c, after: try? req.query.get(String.self, at: "after"),
                                                                       includeSuspended: c.can(.steward))
            return req.page(CommunityViews.membersPage(CommunityMembersPage(community: ViewedCommunity(c), page: page), req.lang, csrf: req.csrf))
        }
        r.community(CommunityEndpoints.join) { req, c in
            let f = (try? req.content.decode(MessageForm.self)) ?? MessageForm()
            _ = try await CommunityService(req.context).requestJoin(c, message: f.message ?? "")
            return req.redirect(to: CommunityEndpoints.community.path(c.community.slug), flash: .joinRequested)
        }
        r.community(CommunityEndpoints.withdraw) { req, c in
            try await CommunityService(req.context).withdraw(c)
            return req.redirect(to: CommunityEndpoints.community.path(c.community.slug), flash: .requestWithdrawn)
        }
        r.community(CommunityEndpoints.leave) { req, c in
            try await CommunityService(req.context).leave(c)
            return req.redirect(to: CommunityEndpoints.community.path(c.community.slug), flash: .left)
        }
        r.community(CommunityEndpoints.charter) { req, c in
            req.page(CommunityViews.charterPage(try await loadCharter(req.context, c), req.lang, csrf: req.csrf))
        }
        r.community(CommunityEndpoints.acceptCharter) { req, c in
            let f = (try? req.content.decode(VersionForm.self)) ?? VersionForm()
            try await CommunityService(req.context).acceptCharter(c, version: f.version ?? -1)
            return req.redirect(to: CommunityEndpoints.community.path(c.community.slug), flash: .charterAccepted)
        }
        r.community(CommunityEndpoints.publishCharter) { req, c in
            let f = (try? req.content.decode([String: String].self)) ?? [:]
            do {
                // The rules and the stewards' free reading are part of the version only when they change.
                let settings = try await FiguresQueries(req.context).settings(c.id)
                let typed = CreditRules(allowance: Int(f["allowance"] ?? "") ?? -1, readCost: Int(f["readCost"] ?? "") ?? -1,
                                        earn: Int(f["earn"] ?? "") ?? -1, halfLifeDays: Int(f["halfLifeDays"] ?? "") ?? -1)
                let free = f["stewardsReadFree"] == "on"
                let a = try await ProposalService(req.context).proposeCharter(c, text: f["charter"] ?? "", version: Int(f["version"] ?? "") ?? -1,
                                                                              rules: typed == settings.rules ? nil : typed,
                                                                              stewardsReadFree: free == settings.stewardsReadFree ? nil : free,
                                                                              reason: f["reason"] ?? "")
                return req.redirect(to: GovernanceEndpoints.proposal.path(c.community.slug, a.id!), flash: .charterVersioned)
            } catch let AppError.invalid(v) {
                let model = try await loadCharter(req.context, c, form: FormState(values: f, violations: v))
                return req.page(CommunityViews.charterPage(model, req.lang, csrf: req.csrf), status: .unprocessableEntity)
            } catch let AppError.conflict(t) {
                let model = try await loadCharter(req.context, c, form: FormState(values: f, message: t))
                return req.page(CommunityViews.charterPage(model, req.lang, csrf: req.csrf), status: .conflict)
            }
        }
        r.community(CommunityEndpoints.requests) { req, c in
            let page = try await CommunityQueries(req.context).pendingRequests(c, after: try? req.query.get(String.self, at: "after"))
            return req.page(CommunityViews.requestsPage(JoinRequestsPage(community: ViewedCommunity(c), page: page), req.lang, csrf: req.csrf))
        }
        r.community(CommunityEndpoints.approve) { req, c in
            guard let id = req.parameters.get("id", as: UUID.self) else { throw AppError.notFound }
            try await CommunityService(req.context).approve(c, requestID: id)
            return req.redirect(to: CommunityEndpoints.requests.path(c.community.slug), flash: .approved)
        }
        r.community(CommunityEndpoints.decline) { req, c in
            guard let id = req.parameters.get("id", as: UUID.self) else { throw AppError.notFound }
            let f = (try? req.content.decode(ReasonForm.self)) ?? ReasonForm()
            try await CommunityService(req.context).decline(c, requestID: id, reason: f.reason ?? "")
            return req.redirect(to: CommunityEndpoints.requests.path(c.community.slug), flash: .declined)
        }
        r.community(CommunityEndpoints.changeMember) { req, c in
            guard let handle = req.parameters.get("handle"),
                  let change = req.parameters.get("change").flatMap(MemberChange.init(rawValue:))
            else { throw AppError.notFound }
            try await CommunityService(req.context).change(c, handle: handle, change)
            return req.redirect(to: CommunityEndpoints.members.path(c.community.slug), flash: .memberChanged)
        }
        r.community(CommunityEndpoints.settings) { req, c in
            let model = CommunitySettingsPage(community: ViewedCommunity(c), form: FormState(values: CommunityForm(c.community).values),
                                              sharing: try await NetworkSharingService(req.context).sharing(c))
            return req.page(CommunityViews.settingsPage(model, req.lang, csrf: req.csrf))
        }
        r.community(CommunityEndpoints.saveSettings) { req, c in
            var f = (try? req.content.decode(CommunityForm.self)) ?? CommunityForm()
            f.slug = c.community.slug
            do {
                let valid = try f.draft.validated(includingCharter: false).mapError(AppError.invalid).get()
                try await CommunityService(req.context).updateProfile(c, valid, expectedVersion: f.version ?? -1)
            } catch let AppError.invalid(v) {
                let model = CommunitySettingsPage(community: ViewedCommunity(c), form: FormState(values: f.values, violations: v),
                                                  sharing: try await NetworkSharingService(req.context).sharing(c))
                return req.page(CommunityViews.settingsPage(model, req.lang, csrf: req.csrf), status: .unprocessableEntity)
            } catch AppError.conflict(let t) {
                let model = CommunitySettingsPage(community: ViewedCommunity(c), form: FormState(values: f.values, message: t),
                                                  sharing: try await NetworkSharingService(req.context).sharing(c))
                return req.page(CommunityViews.settingsPage(model, req.lang, csrf: req.csrf), status: .conflict)
            }
            return req.redirect(to: CommunityEndpoints.community.path(c.community.slug), flash: .saved)
        }
    }

    /// A new community as typed, with its template (every problem at once, the template's among them); the charter
    /// left as prefilled follows the template, whose content is in the creator's language.
    static func validated(_ typed: CommunityDraft, template raw: String?, creator: Viewer) throws -> (ValidCommunity, CommunityStarter?) {
        let lang = Lang(rawValue: creator.lang) ?? .fr
        var problems = Violations()
        var template: CommunityTemplate?
        switch CommunityTemplate.choice(raw) {
        case let .success(t): template = t
        case let .failure(v): problems = v
        }
        var draft = typed
        draft.charter = CommunityTemplate.charter(typed: draft.charter, template: template, lang)
        switch draft.validated() {
        case let .success(valid) where problems.isEmpty: return (valid, template?.starter(lang))
        case .success: throw AppError.invalid(problems)
        case let .failure(v):
            for p in v.all { problems.add(p.field, p.problem) }
            throw AppError.invalid(problems)
        }
    }

    // MARK: Loaders

    /// The home page: its people for those who may see inside, what stewards must know, the viewer's last decision, the charter.
    func loadHome(_ ctx: ServiceContext, _ c: CommunityContext) async throws -> CommunityHomePage {
        let queries = CommunityQueries(ctx)
        let people = c.can(.seeInside) ? try await queries.homePeople(c, previewSize: 24) : (stewards: [], preview: [], more: false)
        let pending = c.can(.approveMembers) ? try await queries.pendingRequests(c, after: nil, limit: 1).items.count : 0
        // A past decision matters only to someone who may ask (again).
        let latest = c.can(.requestToJoin) ? try await queries.latestRequest(c) : nil
        let vitality = c.can(.seeInside) ? try await VitalityQueries(ctx).vitality(of: c.community, now: ctx.now) : nil
        return CommunityHomePage(community: ViewedCommunity(c), stewards: people.stewards, members: people.preview, moreMembers: people.more,
                                 pendingRequests: pending, latestRequest: latest, charter: try await queries.charter(c), vitality: vitality)
    }

    /// The charter page; `form` is the stewards' new-version form as typed, when it is shown again with its problems.
    func loadCharter(_ ctx: ServiceContext, _ c: CommunityContext, form: FormState? = nil) async throws -> CharterPage {
        let queries = CommunityQueries(ctx)
        let versions = try await queries.charterVersions(c)
        let current = try await queries.charter(c)
        let settings = try await FiguresQueries(ctx).settings(c.id)
        let r = settings.rules
        let proposals = c.can(.seeInside) ? try await ProposalQueries(ctx).charterProposals(c.id) : []
        return CharterPage(community: ViewedCommunity(c), current: current, versions: versions, giveToGet: r,
                           form: form ?? FormState(values: ["charter": current?.text ?? "", "allowance": String(r.allowance), "readCost": String(r.readCost),
                                                            "earn": String(r.earn), "halfLifeDays": String(r.halfLifeDays),
                                                            "stewardsReadFree": settings.stewardsReadFree ? "on" : ""]),
                           stewardsReadFree: settings.stewardsReadFree, proposals: proposals)
    }
}

extension CommunityPages.CommunityForm {
    init(_ c: Community) {
        self.init(slug: c.slug, name: c.name, purpose: c.purpose, perimeter: c.perimeter, rhythm: c.rhythm,
                  stage: c.stage.rawValue, visibility: c.visibility.rawValue, charter: nil, version: c.version, template: nil)
    }
}
