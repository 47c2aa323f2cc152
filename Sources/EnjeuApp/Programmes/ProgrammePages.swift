import Fluent
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// A programme's pages: its home (with the forms to join, accept its charter, and, for stewards, answer requests and
/// merges) and its indicators' pages (ProgrammeFigurePages.swift). They name other communities, so none is kept in the
/// page cache (`r.programme`). Every form goes through the service the API calls.
struct ProgrammePages {
    struct JoinForm: Content { var message: String?; var target: String?; var organisation: String? }
    struct NewForm: Content {
        var slug: String?; var name: String?; var purpose: String?; var charter: String?; var visibility: String?
        var values: [String: String] {
            ["slug": slug ?? "", "name": name ?? "", "purpose": purpose ?? "", "charter": charter ?? "",
             "visibility": visibility ?? Visibility.public.rawValue]
        }
    }

    func register(_ r: any RoutesBuilder) {
        r.open(ProgrammeEndpoints.list) { req in
            let page = try await ProgrammeQueries(req.context).visible(after: req.after)
            return req.page(ProgrammeViews.listPage(ProgrammeListPage(page: page, mayCreate: req.viewer != nil), req.lang))
        }
        r.signedIn(ProgrammeEndpoints.newProgramme) { req, _ in
            req.page(ProgrammeViews.newPage(FormState(values: ["visibility": Visibility.public.rawValue]), req.lang, csrf: req.csrf))
        }
        // The API's service (`POST /api/v1/programmes`): one way to create a programme; its problems shown on the form.
        r.signedIn(ProgrammeEndpoints.create) { req, viewer in
            let f = (try? req.content.decode(NewForm.self)) ?? NewForm()
            let v = f.values
            do {
                let created = try await ProgrammeService(req.context).create(
                    .init(slug: f.slug ?? "", name: f.name ?? "", purpose: f.purpose ?? "", charter: f.charter ?? "", visibility: f.visibility),
                    founder: viewer)
                return req.redirect(to: ProgrammeEndpoints.home.path(created.slug), flash: .programmeCreated)
            } catch let error as AppError {
                // 422 for a field's problem, 409 for a slug already taken (as the API answers): the form again, the field named.
                guard case let .invalid(violations) = error else { throw error }
                return req.page(ProgrammeViews.newPage(FormState(values: v, violations: violations), req.lang, csrf: req.csrf),
                                status: error.status)
            }
        }
        r.programme(ProgrammeEndpoints.home) { req, ctx in
            req.page(ProgrammeViews.homePage(try await Self.load(req.context, ctx, Self.paging(req)), req.lang, csrf: req.csrf))
        }
        r.programme(ProgrammeEndpoints.join) { req, ctx in
            let f = (try? req.content.decode(JoinForm.self)) ?? JoinForm()
            let home = ProgrammeEndpoints.home.path(ctx.community.slug)
            // For an organisation its viewer represents: the API's `{"organisation"}` path (`OrganisationService.requestJoin`).
            if let slug = f.organisation?.trimmingCharacters(in: .whitespaces), !slug.isEmpty {
                let values = ["organisation": slug]
                do {
                    let o = try await OrganisationAccess.named(req.db, slug, viewer: try ctx.requireViewer())
                    _ = try await OrganisationService(req.context).requestJoin(ctx, o, message: f.message ?? "")
                } catch let error as AppError {
                    switch error {
                    // Unknown, or not one they represent: the field's fault.
                    case .rejected, .forbidden:
                        return try await Self.again(req, ctx, FormState(values: values, violations: Violations(.organisation, .notAChoice)))
                    case .conflict(let t): return try await Self.again(req, ctx, FormState(values: values, message: t), status: .conflict)
                    case .invalid(let v): return try await Self.again(req, ctx, FormState(values: values, violations: v))
                    default: throw error
                    }
                }
                return req.redirect(to: home, flash: .organisationJoinRequested)
            }
            guard let slug = f.target?.trimmingCharacters(in: .whitespaces), !slug.isEmpty else {
                // For oneself, as a person asks a community.
                try CommunityAccess.require(.requestToJoin, ctx)
                do {
                    _ = try await CommunityService(req.context).requestJoin(ctx, message: f.message ?? "")
                } catch let AppError.invalid(v) {
                    return try await Self.again(req, ctx, FormState(values: ["message": f.message ?? ""], violations: v))
                }
                return req.redirect(to: home, flash: .joinRequested)
            }
            // For a community: only one its viewer stewards (the gate's rule of that community), else the field is wrong.
            // Only « no such community » is the field's fault: any other failure is the server's, and says so.
            var community: CommunityContext?
            do { community = try await CommunityAccess.load(req, slug: slug) } catch AppError.notFound { community = nil }
            guard let community, community.can(.steward) else {
                return try await Self.again(req, ctx, FormState(values: ["target": slug], violations: Violations(.target, .notAChoice)))
            }
            do {
                _ = try await ProgrammeService(req.context).requestJoin(ctx, community: community)
            } catch let AppError.conflict(t) {
                return try await Self.again(req, ctx, FormState(values: ["target": slug], message: t), status: .conflict)
            }
            return req.redirect(to: home, flash: .joinRequested)
        }
        r.programme(ProgrammeEndpoints.acceptCharter) { req, ctx in
            try CommunityAccess.require(.acceptCharter, ctx)
            let f = (try? req.content.decode(CommunityPages.VersionForm.self)) ?? CommunityPages.VersionForm()
            try await ProgrammeService(req.context).acceptCharter(ctx, version: f.version ?? -1)
            return req.redirect(to: ProgrammeEndpoints.home.path(ctx.community.slug), flash: .charterAccepted)
        }
        r.programme(ProgrammeEndpoints.approve) { req, ctx in
            guard let id = req.parameters.get("id", as: UUID.self) else { throw AppError.notFound }
            try await ProgrammeService(req.context).answer(ctx, requestID: id, approve: true, reason: nil)
            return req.redirect(to: ProgrammeEndpoints.home.path(ctx.community.slug), flash: .approved)
        }
        r.programme(ProgrammeEndpoints.decline) { req, ctx in
            guard let id = req.parameters.get("id", as: UUID.self) else { throw AppError.notFound }
            let f = (try? req.content.decode(CommunityPages.ReasonForm.self)) ?? CommunityPages.ReasonForm()
            do {
                try await ProgrammeService(req.context).answer(ctx, requestID: id, approve: false, reason: f.reason ?? "")
            } catch let AppError.invalid(v) {
                return try await Self.again(req, ctx, FormState(values: ["reason": f.reason ?? ""], violations: v))
            }
            return req.redirect(to: ProgrammeEndpoints.home.path(ctx.community.slug), flash: .declined)
        }
        r.programme(ProgrammeEndpoints.acceptMerge) { req, ctx in
            guard let id = req.parameters.get("id", as: UUID.self) else { throw AppError.notFound }
            _ = try await ProgrammeService(req.context).acceptMerge(ctx, mergeID: id)
            return req.redirect(to: ProgrammeEndpoints.home.path(ctx.community.slug), flash: .saved)
        }
        registerFigures(r)
    }

    /// The home again, with the form's problems (422 unless said).
    static func again(_ req: Request, _ ctx: CommunityContext, _ form: FormState,
                      status: HTTPResponseStatus = .unprocessableEntity) async throws -> Response {
        var m = try await load(req.context, ctx)
        m.actions.form = form
        return req.page(ProgrammeViews.homePage(m, req.lang, csrf: req.csrf), status: status)
    }

    private struct Through: Decodable {
        let indicatorId: UUID, name: String
        enum CodingKeys: String, CodingKey { case name, indicatorId = "indicator_id" }
    }

    /// Which of the home's lists `?after=` pages (`?part=`, indicators when absent); the others show their first page.
    struct Paging: Sendable {
        var indicators: String? = nil, requests: String? = nil, merges: String? = nil
    }

    /// `?part=` names the list; anything but the three is a 400 naming it.
    static func paging(_ req: Request) throws -> Paging {
        guard let after = req.after, !after.isEmpty else { return Paging() }
        switch req.optionalQuery("part") ?? "indicators" {
        case "indicators": return Paging(indicators: after)
        case "requests": return Paging(requests: after)
        case "merges": return Paging(merges: after)
        default: throw AppError.badRequest(CommonText.errBadCursor.text)
        }
    }

    static func load(_ context: ServiceContext, _ ctx: CommunityContext, _ paging: Paging = Paging()) async throws -> ProgrammePage {
        let c = ctx.community
        let actions = try await loadActions(context, ctx, paging)
        guard ctx.can(.seeInside) else {
            var page = ProgrammePage(name: c.name, purpose: c.purpose, through: nil, communities: [], indicators: [], insideVisible: false)
            page.actions = actions
            return page
        }
        let programme = ProgrammeQueries(context)
        let communities = try await programme.communities(ctx).filter { $0.status == .active }
        let indicatorPage = try await FiguresQueries(context).indicators(ctx.id, q: nil, tag: nil, dataset: nil, after: paging.indicators)
        let indicators = indicatorPage.items
        // Where each estimate comes from, for participants only (the same rule as the indicator's JSON).
        let participant = ctx.can(.contribute)
        var through: [UUID: [String]] = [:]
        if participant && !indicators.isEmpty {
            for row in try await context.db.rows("""
                SELECT DISTINCT c.indicator_id, vc.name FROM figure_contributions c JOIN communities vc ON vc.id = c.via_community_id
                WHERE c.indicator_id IN (\(binds: indicators.map(\.id))) AND c.status = 'current'
                """, as: Through.self) { through[row.indicatorId, default: []].append(row.name) }
        }
        let via = try await programme.through(ctx)?.name
        var page = ProgrammePage(name: c.name, purpose: c.purpose, through: via,
                                 communities: communities.map { ProgrammePage.Community(slug: $0.slug, name: $0.name) },
                                 indicators: indicators.map { i in
                                     var row = ProgrammePage.Indicator(name: i.name, unit: i.unit, period: i.period, place: i.place,
                                                                       contributors: participant ? i.estContributors : nil,
                                                                       communities: (through[i.id] ?? []).sorted(), tags: i.tagList)
                                     row.id = i.id
                                     return row
                                 },
                                 insideVisible: true)
        page.indicatorsNext = indicatorPage.next
        page.actions = actions
        return page
    }

    private struct Stewarded: Decodable { let slug: String, name: String }
    private struct IntoName: Decodable { let id: UUID, name: String }

    /// What the viewer may do on the home, each read only for who may use it.
    static func loadActions(_ context: ServiceContext, _ ctx: CommunityContext, _ paging: Paging = Paging()) async throws -> ProgrammeActions {
        var a = ProgrammeActions()
        a.slug = ctx.community.slug
        guard let viewer = ctx.viewer else { return a }
        let queries = CommunityQueries(context)
        a.mayAsk = ctx.can(.requestToJoin)
        a.pending = ctx.relation == .pending
        a.mayContribute = ctx.can(.contribute)
        let charter = try await queries.charter(ctx)
        a.charter = charter?.text
        // The rules as the API reads them (inside), and for whoever is about to accept the charter they are written in.
        if ctx.can(.seeInside) || ctx.can(.acceptCharter) { a.rules = try await FiguresQueries(context).rules(ctx.id) }
        if ctx.can(.acceptCharter), let charter { a.charterToAccept = (charter.version, charter.text) }
        // The communities this person stewards that are neither in the programme nor asking.
        a.stewardOf = try await context.db.rows("""
            SELECT c.slug, c.name FROM memberships m JOIN communities c ON c.id = m.community_id
            WHERE m.user_id = \(bind: viewer.id) AND m.role IN (\(bind: Role.founder.rawValue), \(bind: Role.steward.rawValue)) AND m.status = \(bind: MembershipStatus.active.rawValue)
              AND c.kind = \(bind: CommunityKind.community.rawValue)
              AND NOT EXISTS (SELECT 1 FROM programme_communities pc WHERE pc.programme_id = \(bind: ctx.id) AND pc.community_id = c.id
                AND pc.status IN (\(bind: ProgrammeJoinStatus.pending.rawValue), \(bind: ProgrammeJoinStatus.active.rawValue)))
            ORDER BY c.name_folded, c.id LIMIT 100
            """, as: Stewarded.self).map { ProgrammePage.Community(slug: $0.slug, name: $0.name) }
        a.organisations = try await OrganisationQueries(context).represented(by: viewer, in: ctx).filter { $0.standing == OrganisationStanding.none }
            .map { ProgrammePage.Community(slug: $0.slug, name: $0.name) }
        guard ctx.can(.steward) else { return a }
        a.isSteward = true
        let requests = try await queries.pendingRequests(ctx, after: paging.requests)
        a.requests = requests.items
        a.requestsNext = requests.next
        a.communityRequests = try await ProgrammeQueries(context).communities(ctx).filter { $0.status == .pending }
            .map { ProgrammeActions.CommunityRequest(id: $0.id, slug: $0.slug, name: $0.name) }
        let mergePage = try await ProgrammeQueries(context).pendingMerges(ctx.id, after: paging.merges)
        a.mergesNext = mergePage.next
        let merges = mergePage.items
        var into: [UUID: String] = [:]
        if !merges.isEmpty {
            for row in try await context.db.rows("SELECT id, name FROM indicators WHERE id IN (\(binds: merges.map(\.into)))", as: IntoName.self) {
                into[row.id] = row.name
            }
        }
        a.merges = merges.map { ProgrammeActions.Merge(id: $0.id, community: $0.community, indicatorName: $0.indicatorName,
                                                        into: into[$0.into] ?? "", requestedBy: $0.requestedBy) }
        return a
    }
}
