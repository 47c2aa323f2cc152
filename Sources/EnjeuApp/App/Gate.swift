import Fluent
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// The one authorisation layer. Every route is registered through `open`, `signedIn` or `community`,
/// which records its gate on the route (a test checks that no route escapes) and hands the handler
/// an already-checked context. Unsafe page requests are checked for CSRF here too.
extension Gate {
    static let userInfoKey = "enjeu.gate"
    /// The endpoint's declared name, for logs and metrics.
    static let routeNameKey = "enjeu.route"
}

/// The viewer's membership row, as the gate reads it.
struct MembershipRow: Decodable, Sendable {
    let role: Role?
    let status: MembershipStatus?
    let acceptedCharterVersion: Int?
    let pending: Int
    /// What the viewer's roles give them (`memberships.rights`) and what their credibility gives them under the
    /// community's rule (`earned_rights`), both bitmasks of `Right` kept in the transactions that change them.
    let rights: Int?
    let earnedRights: Int?
    /// A suspension's end (nil: indefinite) and the reason the member reads (M041a).
    var suspendedUntil: Date? = nil
    var suspendedReason: String? = nil

    enum CodingKeys: String, CodingKey {
        case role, status, pending, rights, acceptedCharterVersion = "accepted_charter_version", earnedRights = "earned_rights"
        case suspendedUntil = "suspended_until", suspendedReason = "suspended_reason"
    }

    var allRights: Rights { Rights(mask: (rights ?? 0) | (earnedRights ?? 0)) }
}

/// A community as seen by this request's viewer, with the relation computed once.
struct CommunityContext: Sendable {
    let community: Community
    let relation: ViewerRelation
    let viewer: Viewer?
    /// The community's state when the gate read it (see App/PageCache.swift); 0 outside a request.
    var generation: Int = 0
    /// A community, or a programme of shared figures (Programmes/).
    var kind: CommunityKind = .community
    /// In a programme, the joined community the viewer's values are given through: nil for a direct member (and in a
    /// community).
    var attribution: UUID? = nil
    /// The rights the viewer's roles give them here, and those their credibility gives them (read with the membership).
    var roleRights: Rights = .none
    var earnedRights: Rights = .none
    var rights: Rights { roleRights.union(earnedRights) }
    /// The viewer's suspension in this community, while it holds: its end (nil: indefinite) and reason.
    var suspension: Viewer.Suspension? = nil
    /// The request's clock when the gate read this (the write re-check decides suspensions' ends by it).
    var now: Date = Date()

    var id: UUID { community.id! }
    func can(_ c: Capability) -> Bool {
        AccessPolicy.allows(c, visibility: community.visibility, relation: relation, codePublished: community.codePublished,
                            dataPublished: publishesOpenData, rights: rights, stage: community.stage)
    }

    /// What its pages may offer: `can`, less every write in a closed community (`AccessPolicy.offers`).
    func offers(_ c: Capability) -> Bool {
        AccessPolicy.offers(c, visibility: community.visibility, relation: relation, codePublished: community.codePublished,
                            dataPublished: publishesOpenData, rights: rights, stage: community.stage)
    }

    /// A programme that publishes its datasets as open data (`OpenLicence.publishes`: public, with a licence).
    var publishesOpenData: Bool {
        kind == .programme && OpenLicence.publishes(visibility: community.visibility, licence: openLicence)
    }

    /// The licence a programme's stewards chose, as the gate read it (nil: none).
    var openLicence: OpenLicence? { community.licence.flatMap(OpenLicence.init(rawValue:)) }

    /// Where its stewards answer join requests: a programme's home lists them.
    var requestsPath: String {
        kind == .programme ? ProgrammeEndpoints.home.path(community.slug) : CommunityEndpoints.requests.path(community.slug)
    }

    func requireViewer() throws -> Viewer {
        guard let viewer else { throw AppError.unauthorized }
        return viewer
    }
}

extension CommunityPlace {
    /// The community a feature page belongs to, as the gate loaded it.
    init(_ ctx: CommunityContext) {
        self.init(slug: ctx.community.slug, name: ctx.community.name, viewerHandle: ctx.viewer?.handle,
                  canContribute: ctx.offers(.contribute), canSteward: ctx.offers(.steward))
        isProgramme = ctx.kind == .programme
    }
}

extension Capability {
    /// Capabilities that concern the public card: failing them reveals nothing, so the answer says why.
    var isCardLevel: Bool {
        switch self {
        case .seeCard, .requestToJoin, .acceptCharter, .leave: true
        case .seeInside, .contribute, .steward, .readCode, .readOpenData, .approveMembers, .moderate, .applyDecisions,
             .recordFlowsOnBehalf, .setFiguresRules, .editPyramid, .publishCode, .manageLinks: false
        }
    }
}

enum CommunityAccess {
    /// `AccessPolicy`'s read rule as SQL, for lists that name other communities: the community `alias` is public, or
    /// `reader` (nil: signed out) is one of its active members.
    static func readable(_ alias: String, by reader: UUID?) -> SQLQueryString {
        let open: SQLQueryString = "\(unsafeRaw: alias).visibility = \(bind: Visibility.public.rawValue)"
        guard let reader else { return "(" + open + ")" }
        return "(" + open + """
             OR EXISTS (SELECT 1 FROM memberships rm WHERE rm.community_id = \(unsafeRaw: alias).id AND rm.user_id = \(bind: reader)
              AND rm.status = \(bind: MembershipStatus.active.rawValue)))
            """
    }

    /// The same for programmes (`c` is the programme), as `ProgrammeParticipation.relation` decides inside one: public,
    /// or the reader takes part directly (an active row of their own), or through a community that joined it while they
    /// are an active member of that community (a row made through a community counts only then; no row, the community
    /// is enough). Leaving the community one came through leaves the programme's inside too.
    static func readableProgramme(_ alias: String, by reader: UUID?) -> SQLQueryString {
        let open: SQLQueryString = "\(unsafeRaw: alias).visibility = \(bind: Visibility.public.rawValue)"
        guard let reader else { return "(" + open + ")" }
        let active = MembershipStatus.active.rawValue
        let through: SQLQueryString = """
            EXISTS (SELECT 1 FROM programme_communities rpc JOIN memberships rcm ON rcm.community_id = rpc.community_id
              AND rcm.user_id = \(bind: reader) AND rcm.status = \(bind: active)
              WHERE rpc.programme_id = \(unsafeRaw: alias).id AND rpc.status = \(bind: ProgrammeJoinStatus.active.rawValue))
            """
        return "(" + open + """
             OR EXISTS (SELECT 1 FROM memberships rm WHERE rm.community_id = \(unsafeRaw: alias).id AND rm.user_id = \(bind: reader)
              AND rm.status = \(bind: active) AND (rm.via_community_id IS NULL OR \(through)))
             OR (NOT EXISTS (SELECT 1 FROM memberships rn WHERE rn.community_id = \(unsafeRaw: alias).id AND rn.user_id = \(bind: reader))
              AND \(through)))
            """
    }

    /// Loads the community (or, with `kind`, the programme) named by the `slug` parameter, its generation, and the
    /// viewer's membership and pending request: one indexed query, since every community page starts here. In a
    /// programme the same query finds the joined community the viewer takes part through, and
    /// `ProgrammeParticipation.relation` (EnjeuCore) decides what that makes them: the one rule for programmes.
    static func load(_ req: Request, slug: String, kind: CommunityKind = .community) async throws -> CommunityContext {
        guard Rules.isValidSlug(slug) else { throw AppError.notFound }
        let viewer = req.viewer
        // No viewer: a key no membership has, so the join finds nothing.
        let person = viewer?.id ?? UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))
        let through: SQLQueryString = kind == .programme ? """
            , m.via_community_id AS row_via,
              (SELECT pc.community_id FROM programme_communities pc JOIN memberships cm ON cm.community_id = pc.community_id
                 AND cm.user_id = \(bind: person) AND cm.status = \(bind: MembershipStatus.active.rawValue)
               WHERE pc.programme_id = c.id AND pc.status = \(bind: ProgrammeJoinStatus.active.rawValue)
               ORDER BY CASE WHEN pc.community_id = m.via_community_id THEN 0 ELSE 1 END, pc.decided_at, pc.community_id LIMIT 1) AS via
            """ : ""
        guard let gated = try await req.db.row("""
            SELECT \(Community.columns), c.generation, m.role, m.status, m.accepted_charter_version, m.rights, m.earned_rights,
              m.suspended_until, m.suspended_reason,
              (SELECT COUNT(*) FROM join_requests j WHERE j.user_id = \(bind: person) AND j.community_id = c.id AND j.status = 'pending'
                 AND j.organisation_id IS NULL) AS pending\(through)
            FROM communities c LEFT JOIN memberships m ON m.community_id = c.id AND m.user_id = \(bind: person)
            WHERE c.slug = \(bind: slug) AND c.kind = \(bind: kind.rawValue)
            """, as: GatedRow.self)
        else { throw AppError.notFound }
        let community = Community(row: gated.row)
        guard let viewer else {
            return CommunityContext(community: community, relation: .anonymous, viewer: nil, generation: gated.generation, kind: kind,
                                    now: req.now)
        }
        let m = gated.membership
        var relation: ViewerRelation = .outsider
        var suspension: Viewer.Suspension?
        if let role = m.role, var status = m.status {
            // A suspension whose end has passed is over at that instant; the job that lifts it (Moderation/Suspensions.swift)
            // only tidies the row and the member count.
            if status == .suspended {
                if ModerationRules.suspended(until: m.suspendedUntil, now: req.now) {
                    suspension = Viewer.Suspension(until: m.suspendedUntil, reason: m.suspendedReason ?? "")
                } else {
                    status = .active
                }
            }
            relation = .member(role: role, status: status, charterCurrent: (m.acceptedCharterVersion ?? 0) >= community.charterVersion)
        }
        if (m.status == nil || m.status == .left) && m.pending > 0 { relation = .pending }
        var attribution: UUID?
        if kind == .programme {
            let hasRow = m.role != nil
            relation = ProgrammeParticipation.relation(direct: relation, hasRow: hasRow, rowVia: gated.rowVia != nil, via: gated.via != nil,
                                                       pending: m.pending > 0)
            attribution = hasRow && gated.rowVia == nil ? nil : gated.via
        }
        // A suspension binds a member: someone whose programme participation lapsed (they left the community they came
        // through) asks again like anyone, and finds it holding once approved.
        if case .member(_, .suspended, _) = relation {} else { suspension = nil }
        return CommunityContext(community: community, relation: relation, viewer: viewer, generation: gated.generation, kind: kind,
                                attribution: attribution, roleRights: Rights(mask: m.rights ?? 0), earnedRights: Rights(mask: m.earnedRights ?? 0),
                                suspension: suspension, now: req.now)
    }

    /// A community's columns, its generation and the viewer's membership, in one row.
    private struct GatedRow: Decodable {
        let row: Community.Row
        let generation: Int
        let membership: MembershipRow
        let rowVia: UUID?, via: UUID?
        private enum CodingKeys: String, CodingKey { case generation, via, rowVia = "row_via" }
        init(from decoder: any Decoder) throws {
            row = try Community.Row(from: decoder)
            membership = try MembershipRow(from: decoder)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            generation = try c.decode(Int.self, forKey: .generation)
            rowVia = try c.decodeIfPresent(UUID.self, forKey: .rowVia)
            via = try c.decodeIfPresent(UUID.self, forKey: .via)
        }
    }

    static func require(_ capability: Capability, _ ctx: CommunityContext) throws {
        if ctx.can(capability) { return }
        // Hidden things are 404: a published code is readable, but writing to it still needs to see inside.
        if !capability.isCardLevel && !ctx.can(capability == .readCode ? .readCode : .seeInside) { throw AppError.notFound }
        if ctx.viewer == nil { throw AppError.unauthorized }
        // A closed community refuses what writes, and says why rather than « accept the charter first ».
        if !AccessPolicy.writable(ctx.community.stage) && capability != .steward { throw AppError.forbidden(CommonText.errCommunityClosed.text) }
        switch capability {
        case .requestToJoin:
            throw AppError.conflict(ctx.relation == .pending ? CommonText.errAlreadyRequested.text : CommonText.errAlreadyMember.text)
        case .acceptCharter: throw AppError.conflict(CommonText.errNothingToAccept.text)
        case .leave: throw AppError.forbidden(CommonText.errCannotLeave.text)
        case .contribute, .readOpenData:
            if let s = ctx.suspension { throw AppError.forbidden(ModerationText.suspendedHere(until: s.until, reason: s.reason)) }
            throw AppError.forbidden(CommonText.errAcceptCharterFirst.text)
        default:
            if let s = ctx.suspension { throw AppError.forbidden(ModerationText.suspendedHere(until: s.until, reason: s.reason)) }
            if capability.right != nil { throw AppError.forbidden(GovernanceText.errNoRight.text) }
            throw AppError.forbidden(CommonText.errStewardsOnly.text)
        }
    }
}

/// No Enjeu text may contain U+0000: PostgreSQL refuses it in `text`, which would otherwise surface as a 500.
/// One check for every route, on the URL and the collected body, in any encoding (raw, %00, JSON \u0000).
/// A route that streams its body checks it as it reads it, after the gate (`body: false`).
func rejectNulCharacters(_ req: Request, body checkBody: Bool = true) throws {
    if req.url.string.contains("%00") { throw AppError.badRequest(CommonText.errNulCharacter.text) }
    guard checkBody, let body = req.body.data, body.readableBytes > 0 else { return }
    let bytes = body.readableBytesView
    if bytes.contains(0) || bytes.firstRange(of: Array("%00".utf8)) != nil
        || bytes.firstRange(of: Array("\\u0000".utf8)) != nil {
        throw AppError.badRequest(CommonText.errNulCharacter.text)
    }
}

/// The writes an instance-suspended account may still make (route names): signing out, and what the GDPR keeps for every
/// person — exporting their data, deleting their account, revoking their tokens.
private let openToSuspendedAccounts: Set<String> = [
    AccountEndpoints.signOut.name, AccountEndpoints.revokeToken.name, AccountEndpoints.requestExport.name,
    AccountEndpoints.deleteAccount.name, CommunityAPIEndpoints.revokeToken.endpoint.name,
    MyDataAPIEndpoints.requestExport.endpoint.name, MyDataAPIEndpoints.deleteMe.endpoint.name,
]

/// Registration from route declarations (`EnjeuWeb/Routes`, `API/…Routes`): the declaration's gate decides which
/// handler shape fits, and a mismatch stops the application at start (every test starts one).
extension RoutesBuilder {
    @discardableResult
    func open<each P, R: AsyncResponseEncodable>(_ route: Endpoint<repeat each P>, maxBody: ByteCount? = nil,
                                                 use handler: @escaping @Sendable (Request) async throws -> R) -> Route {
        precondition(route.gate == .anyone, "\(route.name) is not open to anyone")
        return register(HTTPMethod(rawValue: route.method.rawValue), route.components, gate: route.gate, name: route.name, maxBody: maxBody, handler)
    }

    @discardableResult
    func signedIn<each P, R: AsyncResponseEncodable>(_ route: Endpoint<repeat each P>,
                                                     use handler: @escaping @Sendable (Request, Viewer) async throws -> R) -> Route {
        precondition(route.gate == .signedIn, "\(route.name) is not for the signed-in")
        return register(HTTPMethod(rawValue: route.method.rawValue), route.components, gate: .signedIn, name: route.name) { req in
            guard let viewer = req.viewer else { throw AppError.unauthorized }
            return try await handler(req, viewer)
        }
    }

    /// `pageCache: false` for a page that shows what another community's state decides (App/PageCache.swift).
    @discardableResult
    func community<each P, R: AsyncResponseEncodable>(_ route: Endpoint<repeat each P>, maxBody: ByteCount? = nil, streamBody: Bool = false,
                                                      pageCache: Bool = true,
                                                      use handler: @escaping @Sendable (Request, CommunityContext) async throws -> R) -> Route {
        gated(route, kind: .community, maxBody: maxBody, streamBody: streamBody, pageCache: pageCache, use: handler)
    }

    /// A programme's route (`/programmes/:slug…`, `/api/v1/programmes/:slug/…`): the same gate over a `communities` row
    /// of kind 'programme'.
    /// Its answers name what other communities' state decides, so nothing is kept in the page cache.
    @discardableResult
    func programme<each P, R: AsyncResponseEncodable>(_ route: Endpoint<repeat each P>, maxBody: ByteCount? = nil,
                                                      use handler: @escaping @Sendable (Request, CommunityContext) async throws -> R) -> Route {
        precondition(route.pattern.hasPrefix("/api/v1/programmes/") || route.pattern.hasPrefix("/programmes/"),
                     "\(route.name) is not a programme route")
        return gated(route, kind: .programme, maxBody: maxBody, streamBody: false, pageCache: false, use: handler)
    }

    private func gated<each P, R: AsyncResponseEncodable>(_ route: Endpoint<repeat each P>, kind: CommunityKind, maxBody: ByteCount?,
                                                          streamBody: Bool, pageCache: Bool,
                                                          use handler: @escaping @Sendable (Request, CommunityContext) async throws -> R) -> Route {
        guard case let .community(need) = route.gate, route.parameters.first == "slug" else {
            preconditionFailure("\(route.name) is not a community route")
        }
        return register(HTTPMethod(rawValue: route.method.rawValue), route.components, gate: route.gate, name: route.name,
                        maxBody: maxBody, streamBody: streamBody) { req in
            let ctx = try await CommunityAccess.load(req, slug: req.parameters.get("slug") ?? "", kind: kind)
            try CommunityAccess.require(need, ctx)
            // A closed community is an archive (`AccessPolicy.writable`): read as before, written no more.
            if req.method != .GET && req.method != .HEAD && !AccessPolicy.writable(ctx.community.stage) {
                throw AppError.forbidden(CommonText.errCommunityClosed.text)
            }
            // A suspended member reads like an active one and writes nothing, through any route whatever its capability
            // (following, referrals, notices…): one check here rather than one per route. Leaving stays open.
            if req.method != .GET && req.method != .HEAD, need != .leave, let s = ctx.suspension {
                throw AppError.forbidden(ModerationText.suspendedHere(until: s.until, reason: s.reason))
            }
            // Writes re-check this in their transaction (App/Writes.swift): a right taken away since, a suspension
            // since, is refused there.
            req.gateCheck = GateCheck(need: need, context: ctx, writing: req.method != .GET && req.method != .HEAD)
            if pageCache, req.method == .GET, !streamBody, !req.wantsJSON, let kept = req.cachedPage(ctx) { return kept }
            return try await handler(req, ctx).encodeResponse(for: req)
        }
    }

    private func register<R: AsyncResponseEncodable>(_ method: HTTPMethod, _ path: [PathComponent], gate: Gate, name: String? = nil,
                                                     maxBody: ByteCount? = nil,
                                                     streamBody: Bool = false,
                                                     _ handler: @escaping @Sendable (Request) async throws -> R) -> Route {
        let route = on(method, path, body: streamBody ? .stream : maxBody.map { .collect(maxSize: $0) } ?? .collect) { req async throws -> Response in
            try rejectNulCharacters(req, body: !streamBody)
            if method != .GET && method != .HEAD {
                if !req.wantsJSON { try CSRFMiddleware.verify(req) }
                // An account the instance's operator suspended writes nothing, through any route, but for signing out and
                // what the GDPR keeps for every person: exporting their data, deleting their account, revoking their tokens.
                if let suspended = req.viewer?.suspended(at: req.now), !(name.map(openToSuspendedAccounts.contains) ?? false) {
                    throw AppError.forbidden(ModerationText.accountSuspended(until: suspended.until, reason: suspended.reason))
                }
                if let viewer = req.viewer {
                    try await req.application.writeLimiter.check(req, bucket: "write", account: viewer.id.uuidString, perAddress: false)
                }
            }
            do {
                return try await handler(req).encodeResponse(for: req)
            } catch AppError.unauthorized where !req.wantsJSON && method == .GET {
                // A page that needs a signed-in person sends them to sign in and back.
                return req.redirect(to: AccountEndpoints.signIn(next: req.url.string))
            }
        }
        route.userInfo[Gate.userInfoKey] = gate
        if let name { route.userInfo[Gate.routeNameKey] = name }
        if let maxBody { route.userInfo[Route.maxBodyKey] = maxBody.value }
        return route
    }
}

extension Endpoint {
    /// Vapor's path components for this pattern.
    var components: [PathComponent] { segments.map { $0.hasPrefix(":") ? .parameter(String($0.dropFirst())) : .constant($0) } }
}
