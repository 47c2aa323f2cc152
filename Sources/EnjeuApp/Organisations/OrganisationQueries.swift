import Fluent
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// An organisation's row, as every organisation query reads it.
struct OrganisationRow: Decodable, Sendable {
    let id: UUID
    let slug: String, name: String, kind: OrganisationKind, purpose: String, place: String, website: String
    let registrationNumber: String?, createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id, slug, name, kind, purpose, place, website
        case registrationNumber = "registration_number", createdAt = "created_at"
    }
    static let columns: SQLQueryString = "o.id, o.slug, o.name, o.kind, o.purpose, o.place, o.website, o.registration_number, o.created_at"
}

/// An organisation as seen by this request's viewer: whether they represent it, read once.
struct OrganisationContext: Sendable {
    let organisation: OrganisationRow
    let viewer: Viewer?
    let representative: Bool

    var id: UUID { organisation.id }
    func can(_ c: OrganisationCapability, standing: OrganisationStanding = .none) -> Bool {
        AccessPolicy.allows(c, representative: representative, standing: standing)
    }
}

/// The access layer's side for organisations: loads one with the viewer's relation to it, and turns a refusal of
/// `AccessPolicy` into the answer that says why.
enum OrganisationAccess {
    static func load(_ db: any Database, slug: String, viewer: Viewer?) async throws -> OrganisationContext? {
        guard Rules.isValidSlug(slug) else { return nil }
        struct Row: Decodable {
            let organisation: OrganisationRow
            let representative: Int
            init(from decoder: any Decoder) throws {
                organisation = try OrganisationRow(from: decoder)
                representative = try decoder.container(keyedBy: Key.self).decode(Int.self, forKey: .representative)
            }
            enum Key: String, CodingKey { case representative }
        }
        // No viewer: a key no representative has.
        let person = viewer?.id ?? UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))
        let row = try await db.row("""
            SELECT \(OrganisationRow.columns),
              (SELECT COUNT(*) FROM organisation_representatives r WHERE r.organisation_id = o.id AND r.user_id = \(bind: person)) AS representative
            FROM organisations o WHERE o.slug = \(bind: slug)
            """, as: Row.self)
        return row.map { OrganisationContext(organisation: $0.organisation, viewer: viewer, representative: $0.representative > 0) }
    }

    /// The organisation a body names (`"organisation": "<slug>"`): an unknown one is a 422 naming the field.
    static func named(_ db: any Database, _ slug: String, viewer: Viewer?) async throws -> OrganisationContext {
        guard let o = try await load(db, slug: slug.trimmingCharacters(in: .whitespaces), viewer: viewer) else {
            throw AppError.rejected(OrganisationText.errUnknownOrganisation.text)
        }
        return o
    }

    static func require(_ capability: OrganisationCapability, _ o: OrganisationContext, standing: OrganisationStanding = .none) throws {
        if o.can(capability, standing: standing) { return }
        guard o.viewer != nil else { throw AppError.unauthorized }
        guard o.representative else { throw AppError.forbidden(OrganisationText.errRepresentativesOnly.text) }
        switch (capability, standing) {
        case (.requestToJoin, .pending): throw AppError.conflict(CommonText.errAlreadyRequested.text)
        case (.requestToJoin, _): throw AppError.conflict(CommonText.errAlreadyMember.text)
        default: throw AppError.conflict(CommonText.errNothingToAccept.text)
        }
    }
}

/// Reads about organisations: profiles, where they stand in a community, the ones a person represents.
struct OrganisationQueries {
    let ctx: ServiceContext
    init(_ ctx: ServiceContext) { self.ctx = ctx }

    private static let active = MembershipStatus.active.rawValue
    private static let pending = JoinRequestStatus.pending.rawValue

    /// The public profile. Communities are named only when the reader may see inside them: members-only ones to their
    /// active members alone.
    func profile(_ o: OrganisationContext) async throws -> OrganisationProfile {
        struct Handle: Decodable { let handle: String }
        struct Named: Decodable { let slug: String; let name: String }
        let handles = try await ctx.db.rows("""
            SELECT u.handle FROM organisation_representatives r JOIN users u ON u.id = r.user_id
            WHERE r.organisation_id = \(bind: o.id) ORDER BY u.handle LIMIT 200
            """, as: Handle.self)
        let communities = try await ctx.db.rows("""
            SELECT c.slug, c.name FROM organisation_memberships om JOIN communities c ON c.id = om.community_id
            WHERE om.organisation_id = \(bind: o.id) AND om.status = \(bind: Self.active) AND c.kind = 'community'
              AND \(CommunityAccess.readable("c", by: o.viewer?.id))
            ORDER BY c.name_folded, c.id LIMIT 200
            """, as: Named.self)
        let r = o.organisation
        return OrganisationProfile(slug: r.slug, name: r.name, kind: r.kind, purpose: r.purpose, place: r.place, website: r.website,
                                   registrationNumber: r.registrationNumber, createdAt: r.createdAt, representatives: handles.map(\.handle),
                                   communities: communities.map { NamedCommunity(slug: $0.slug, name: $0.name) })
    }

    /// Slugs and names of these organisations, by id (a page of join requests names theirs).
    func names(_ ids: [UUID]) async throws -> [UUID: (slug: String, name: String)] {
        guard !ids.isEmpty else { return [:] }
        struct Row: Decodable { let id: UUID; let slug: String; let name: String }
        let rows = try await ctx.db.rows("SELECT id, slug, name FROM organisations WHERE id IN (\(binds: Array(Set(ids))))", as: Row.self)
        return Dictionary(uniqueKeysWithValues: rows.map { ($0.id, (slug: $0.slug, name: $0.name)) })
    }

    /// The entries that await the organisation's word, in the communities it is still a member of, newest first.
    func awaiting(_ o: OrganisationContext, after: String?, limit: Int = 50) async throws -> KeysetPage<AwaitingPartyFlow> {
        struct Row: Decodable {
            let id: UUID, slug: String, name: String, from: String, to: String, quantity: Double?, unit: String, description: String, date: String
            enum CodingKeys: String, CodingKey { case id, slug, name, quantity, unit, description, date, from = "from_party", to = "to_party" }
        }
        var q: SQLQueryString = """
            SELECT f.id, c.slug, c.name, f.from_party, f.to_party, f.quantity, f.unit, f.description, f.date
            FROM flows f JOIN communities c ON c.id = f.community_id
            JOIN organisation_memberships om ON om.community_id = f.community_id AND om.organisation_id = \(bind: o.organisation.id) AND om.status = \(bind: Self.active)
            WHERE f.awaiting_key = \(bind: Actor.organisation(o.organisation.slug).key) AND f.status = \(bind: FlowStatus.pending.rawValue)
            """
        if let cursor = try Cursor.after(after) { q = q + " AND f.id < \(bind: cursor.id)" }
        q = q + " ORDER BY f.id DESC LIMIT \(literal: limit + 1)"
        return KeysetPage(rows: try await ctx.db.rows(q, as: Row.self), size: limit) { $0.id }.map {
            AwaitingPartyFlow(id: $0.id, home: NamedCommunity(slug: $0.slug, name: $0.name), from: $0.from, to: $0.to, quantity: $0.quantity,
                              unit: $0.unit, description: $0.description, date: $0.date)
        }
    }

    /// The organisations the viewer represents, each with where it stands in `c`.
    func represented(by viewer: Viewer, in c: CommunityContext) async throws -> [RepresentedOrganisation] {
        struct Row: Decodable {
            let slug: String, name: String, status: MembershipStatus?, accepted: Int?, pending: Int
            enum CodingKeys: String, CodingKey { case slug, name, status, pending, accepted = "accepted_charter_version" }
        }
        let rows = try await ctx.db.rows("""
            SELECT o.slug, o.name, om.status, om.accepted_charter_version,
              (SELECT COUNT(*) FROM join_requests j WHERE j.organisation_id = o.id AND j.community_id = \(bind: c.id)
                 AND j.status = \(bind: Self.pending)) AS pending
            FROM organisation_representatives r JOIN organisations o ON o.id = r.organisation_id
            LEFT JOIN organisation_memberships om ON om.organisation_id = o.id AND om.community_id = \(bind: c.id)
            WHERE r.user_id = \(bind: viewer.id) ORDER BY o.name, o.id LIMIT 100
            """, as: Row.self)
        return rows.map {
            RepresentedOrganisation(slug: $0.slug, name: $0.name,
                                    standing: Self.standing($0.status, accepted: $0.accepted, pending: $0.pending, charter: c.community.charterVersion))
        }
    }

    /// Where an organisation stands in a community, read in the caller's transaction.
    static func standing(_ db: any Database, _ organisation: UUID, in c: CommunityContext) async throws -> OrganisationStanding {
        struct Row: Decodable {
            let status: MembershipStatus?, accepted: Int?, pending: Int
            enum CodingKeys: String, CodingKey { case status, pending, accepted = "accepted_charter_version" }
        }
        let row = try await db.row("""
            SELECT om.status, om.accepted_charter_version,
              (SELECT COUNT(*) FROM join_requests j WHERE j.organisation_id = o.id AND j.community_id = \(bind: c.id)
                 AND j.status = \(bind: Self.pending)) AS pending
            FROM organisations o LEFT JOIN organisation_memberships om ON om.organisation_id = o.id AND om.community_id = \(bind: c.id)
            WHERE o.id = \(bind: organisation)
            """, as: Row.self)
        guard let row else { return .none }
        return standing(row.status, accepted: row.accepted, pending: row.pending, charter: c.community.charterVersion)
    }

    private static func standing(_ status: MembershipStatus?, accepted: Int?, pending: Int, charter: Int) -> OrganisationStanding {
        if let status, status != .left { return .member(status: status, charterCurrent: (accepted ?? 0) >= charter) }
        if pending > 0 { return .pending }
        return status.map { .member(status: $0, charterCurrent: false) } ?? .none
    }
}

/// The API encodes the profile as it is.
extension OrganisationProfile: Content {}
