import Fluent
import Vapor
import EnjeuCore
import EnjeuWeb

/// Programmes of shared figures under /api/v1/programmes: the community routes' handlers over the programme's row
/// (`r.programme`, App/Gate.swift), plus what is a programme's own — communities joining it and merges.
struct ProgrammeAPI {
    struct ProgrammeOut: Content {
        let slug: String, name: String, purpose: String, visibility: Visibility, charterVersion: Int
        /// Active participants (people who accepted the charter); absent to who may not see inside.
        let members: Int?
        /// anonymous, outsider, pending, approved, active, suspended, left — as for a community.
        let relation: String
        let role: Role?
        let charterCurrent: Bool?
        /// The slug of the joined community I take part through (absent: directly, or not at all).
        let through: String?
        /// The communities in it; absent to who may not see inside.
        let communities: [ProgrammeQueries.JoinedCommunity]?
        /// The SPDX identifier of the licence its stewards chose (`OpenLicence`), null when none: always written.
        let licence: String?

        func encode(to encoder: any Encoder) throws {
            var k = encoder.container(keyedBy: CodingKeys.self)
            try k.encode(slug, forKey: .slug); try k.encode(name, forKey: .name); try k.encode(purpose, forKey: .purpose)
            try k.encode(visibility, forKey: .visibility); try k.encode(charterVersion, forKey: .charterVersion)
            try k.encodeIfPresent(members, forKey: .members); try k.encode(relation, forKey: .relation)
            try k.encodeIfPresent(role, forKey: .role); try k.encodeIfPresent(charterCurrent, forKey: .charterCurrent)
            try k.encodeIfPresent(through, forKey: .through); try k.encodeIfPresent(communities, forKey: .communities)
            try k.encode(licence, forKey: .licence)
        }
    }
    struct CommunitiesOut: Content { let items: [ProgrammeQueries.JoinedCommunity] }
    /// `community`: the slug of a community whose steward asks for it to join.
    struct JoinBody: Content { let message: String?; let organisation: String?; let community: String? }
    struct MergeIn: Content { let into: String }
    struct MergeOut: Content { let id: UUID; let status: MergeStatus; let into: UUID }

    func register(_ r: any RoutesBuilder) {
        typealias E = ProgrammeAPIEndpoints
        r.signedIn(E.create) { req, viewer in
            let input = try req.content.decode(ProgrammeService.NewProgramme.self)
            let created = try await ProgrammeService(req.context).create(input, founder: viewer)
            return try await Self.describe(req, try await CommunityAccess.load(req, slug: created.slug, kind: .programme)).created(for: req)
        }
        r.programme(E.programme) { req, ctx in try await Self.describe(req, ctx) }
        r.programme(E.communities) { req, ctx in CommunitiesOut(items: try await ProgrammeQueries(req.context).communities(ctx)) }
        r.programme(E.joinRequests) { req, ctx in
            try await CommunityQueries(req.context).pendingRequests(ctx, after: req.after)
        }
        r.programme(E.join) { req, ctx in
            guard let slug = (try? req.content.decode(JoinBody.self))?.community else { return try await CommunityAPI.join(req, ctx) }
            // The community's steward asks, as the gate says of that community (404 if hidden, 403 if not its steward).
            let community = try await CommunityAccess.load(req, slug: slug)
            try CommunityAccess.require(.steward, community)
            let id = try await ProgrammeService(req.context).requestJoin(ctx, community: community)
            return try await CommunityAPI.JoinCreated(id: id, status: .pending).created(for: req)
        }
        r.programme(E.approve) { req, ctx in
            guard let id = req.parameters.get("id", as: UUID.self) else { throw AppError.notFound }
            try await ProgrammeService(req.context).answer(ctx, requestID: id, approve: true, reason: nil)
            return CommunityAPI.JoinCreated(id: id, status: .approved)
        }
        r.programme(E.decline) { req, ctx in
            guard let id = req.parameters.get("id", as: UUID.self) else { throw AppError.notFound }
            let b = try req.content.decode(CommunityAPI.ReasonBody.self)
            try await ProgrammeService(req.context).answer(ctx, requestID: id, approve: false, reason: b.reason)
            return CommunityAPI.JoinCreated(id: id, status: .declined)
        }
        r.programme(E.charter) { req, ctx in
            guard let c = try await CommunityQueries(req.context).charter(ctx) else { throw AppError.notFound }
            return CommunityAPI.CharterView(version: c.version, text: c.text, createdAt: c.createdAt)
        }
        r.programme(E.acceptCharter, use: CommunityAPI.acceptCharter)
        r.programme(E.indicators, use: FiguresAPI.indicators)
        r.programme(E.createIndicator, use: FiguresAPI.createIndicator)
        r.programme(E.indicator, use: FiguresAPI.indicator)
        r.programme(E.contribute, use: FiguresAPI.contribute)
        r.programme(E.flag, use: FiguresAPI.flag)
        r.programme(E.refresh, use: FiguresAPI.refresh)
        r.programme(E.credits, use: FiguresAPI.credits)
        r.programme(E.readRules, use: FiguresAPI.readRules)
        r.programme(E.setRules, use: FiguresAPI.setProgrammeRules)
        r.programme(E.merges) { req, ctx in try await ProgrammeQueries(req.context).pendingMerges(ctx.id, after: req.after) }
        r.programme(E.acceptMerge) { req, ctx in
            guard let id = req.parameters.get("id", as: UUID.self) else { throw AppError.notFound }
            let into = try await ProgrammeService(req.context).acceptMerge(ctx, mergeID: id)
            return MergeOut(id: id, status: .accepted, into: into)
        }
        r.community(E.merge) { req, ctx in
            let b = try req.content.decode(MergeIn.self)
            guard let into = UUID(uuidString: b.into) else { throw AppError.rejected(ProgrammeText.errNotAProgrammeIndicator.text) }
            let id = try await ProgrammeService(req.context).requestMerge(ctx, indicatorID: req.parameters.get("id", as: UUID.self), into: into)
            return try await MergeOut(id: id, status: .pending, into: into).created(for: req)
        }
    }

    static func describe(_ req: Request, _ ctx: CommunityContext) async throws -> ProgrammeOut {
        let inside = ctx.can(.seeInside)
        let (relation, role, current) = CommunityAPI.words(ctx.relation)
        let through = try await ProgrammeQueries(req.context).through(ctx)?.slug
        let c = ctx.community
        return ProgrammeOut(slug: c.slug, name: c.name, purpose: c.purpose, visibility: c.visibility, charterVersion: c.charterVersion,
                            members: inside ? c.memberCount : nil, relation: relation, role: role, charterCurrent: current,
                            through: through, communities: inside ? try await ProgrammeQueries(req.context).communities(ctx) : nil,
                            licence: ctx.openLicence?.rawValue)
    }
}
