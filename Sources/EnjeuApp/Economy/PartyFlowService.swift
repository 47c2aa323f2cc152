import Foundation
import Fluent
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// The parties a batch of flows names, read once: the home community, the other communities named, the
/// organisations named that are members of the home, and a person's standing towards them (`PartyFlows.Standing`).
struct PartyDirectory: Sendable {
    let home: UUID, homeSlug: String
    /// A members-only home speaks to other communities through its stewards only (`requireVoice`).
    let homeIsPublic: Bool
    let peers: [String: UUID]
    let memberOrganisations: Set<String>
    /// Other instances' communities the entry may name: those found and kept for this write (`FederatedFlows.resolve`).
    var remotes: Set<String> = []

    /// Where an entry stands once placed: as stored (actors in the home's words), its counterpart and parties.
    struct Placement: Sendable {
        let flow: FlowDraft.Valid
        let counterpart: UUID?, fromParty: String?, toParty: String?
    }

    static func load(_ db: any Database, home: UUID, naming actors: [Actor]) async throws -> PartyDirectory {
        struct Named: Decodable { let id: UUID, slug: String }
        struct Home: Decodable { let slug: String, visibility: Visibility }
        let (peerSlugs, orgSlugs) = slugs(actors)
        guard let homeRow = try await db.row("SELECT slug, visibility FROM communities WHERE id = \(bind: home)", as: Home.self) else { throw AppError.notFound }
        var peers: [String: UUID] = [:], organisations = Set<String>()
        if !peerSlugs.isEmpty {
            for c in try await db.rows("SELECT id, slug FROM communities WHERE slug IN (\(binds: peerSlugs)) AND kind = 'community'", as: Named.self) { peers[c.slug] = c.id }
        }
        if !orgSlugs.isEmpty {
            organisations = Set(try await db.rows("""
                SELECT o.id, o.slug FROM organisations o JOIN organisation_memberships m ON m.organisation_id = o.id
                WHERE m.community_id = \(bind: home) AND m.status = \(bind: MembershipStatus.active.rawValue) AND o.slug IN (\(binds: orgSlugs))
                """, as: Named.self).map(\.slug))
        }
        return PartyDirectory(home: home, homeSlug: homeRow.slug, homeIsPublic: homeRow.visibility == .public, peers: peers,
                              memberOrganisations: organisations)
    }

    /// The other communities and the organisations these actors name, sorted.
    static func slugs(_ actors: [Actor]) -> (peers: [String], organisations: [String]) {
        var peers = Set<String>(), organisations = Set<String>()
        for a in actors {
            switch a {
            case let .peer(s): peers.insert(s)
            case let .organisation(s): organisations.insert(s)
            case .member, .community, .outside, .remote: break
            }
        }
        return (peers.sorted(), organisations.sorted())
    }

    /// The entry as the home stores it, or why it cannot be recorded here (naming the field): the home named as
    /// another community is the community itself; another community must exist, an organisation be a member here.
    func place(_ f: FlowDraft.Valid) throws -> Placement {
        func own(_ a: Actor) -> Actor { a == .peer(homeSlug) ? .community : a }
        let from = own(f.from), to = own(f.to)
        if from == to { throw AppError.invalid(Violations(.to, .notAChoice)) }
        var v = Violations()
        for (field, a) in [(InputField.from, from), (.to, to)] {
            switch a {
            case let .peer(s) where peers[s] == nil: v.add(field, .notAChoice)
            case let .organisation(s) where !memberOrganisations.contains(s): v.add(field, .notAChoice)
            case let .remote(iri) where !remotes.contains(iri): v.add(field, .notAChoice)
            default: break
            }
        }
        guard v.isEmpty else { throw AppError.invalid(v) }
        if !PartyFlows.concernsHome(from, to) { throw PartyFlows.Refusal.notThisCommunity.error }
        let placed = FlowDraft.Valid(from: from, to: to, nature: f.nature, measure: f.measure, quantity: f.quantity, unit: f.unit,
                                     description: f.description, appreciation: f.appreciation, date: f.date, note: f.note)
        guard PartyFlows.concerns(from, to) else { return Placement(flow: placed, counterpart: nil, fromParty: nil, toParty: nil) }
        let counterpart = [from, to].lazy.compactMap { a -> UUID? in if case let .peer(s) = a { peers[s] } else { nil } }.first
        return Placement(flow: placed, counterpart: counterpart,
                         fromParty: PartyFlows.party(from, home: homeSlug), toParty: PartyFlows.party(to, home: homeSlug))
    }

    /// A plain member of a members-only community does not name it to another community: its stewards do, or the
    /// entry stays inside (its members' identities, and the community itself, are not shown beyond it otherwise).
    func requireVoice(_ placed: Placement, _ recorder: PartyFlows.Standing) throws {
        if placed.counterpart != nil && !homeIsPublic && !recorder.steward { throw AppError.forbidden(.errMembersOnlyVoice) }
    }

    /// A person's standing in the home towards these actors, now: her handle, whether she is an active member of the
    /// home and stewards it, which of the communities named she stewards and which of the organisations named, still
    /// members of the home, she represents. Nil if no such user.
    static func standing(_ db: any Database, user: UUID, home: UUID, naming actors: [Actor]) async throws -> PartyFlows.Standing? {
        struct Row: Decodable { let kind: String, name: String }
        let (peers, organisations) = slugs(actors)
        let active = MembershipStatus.active.rawValue
        var q: SQLQueryString = """
            SELECT 'handle' AS kind, handle AS name FROM users WHERE id = \(bind: user)
            UNION ALL SELECT CASE WHEN role IN ('founder', 'steward') THEN 'steward' ELSE 'member' END, 'home' FROM memberships
              WHERE community_id = \(bind: home) AND user_id = \(bind: user) AND status = \(bind: active)
            """
        if !peers.isEmpty {
            q = q + """
                 UNION ALL SELECT 'peer', c.slug FROM memberships m JOIN communities c ON c.id = m.community_id WHERE m.user_id = \(bind: user)
                  AND m.status = \(bind: active) AND m.role IN ('founder', 'steward') AND c.slug IN (\(binds: peers))
                """
        }
        if !organisations.isEmpty {
            q = q + """
                 UNION ALL SELECT 'org', o.slug FROM organisation_representatives r JOIN organisations o ON o.id = r.organisation_id
                  JOIN organisation_memberships om ON om.organisation_id = o.id AND om.community_id = \(bind: home) AND om.status = \(bind: active)
                  WHERE r.user_id = \(bind: user) AND o.slug IN (\(binds: organisations))
                """
        }
        let rows = try await db.rows(q, as: Row.self)
        guard let handle = rows.first(where: { $0.kind == "handle" })?.name else { return nil }
        let steward = rows.contains { $0.kind == "steward" }
        return PartyFlows.Standing(handle: handle, member: steward || rows.contains { $0.kind == "member" }, steward: steward,
                                   stewardOf: Set(rows.filter { $0.kind == "peer" }.map(\.name)),
                                   represents: Set(rows.filter { $0.kind == "org" }.map(\.name)))
    }
}

extension PartyFlows.Refusal {
    var error: AppError {
        switch self {
        case .notThisCommunity: AppError.rejected(.errNotThisCommunity)
        case .notAParty: AppError.forbidden(.errNotAParty)
        }
    }
}

extension Text {
    static let errNotThisCommunity = Text(
        fr: "Ce flux ne concerne pas cette communauté : un de ses côtés doit être elle, un de ses membres ou une organisation membre. "
            + "Enregistrez-le dans le registre d’une des deux communautés.",
        en: "This flow does not concern this community: one of its sides must be the community, one of its members or a member organisation. "
            + "Record it in the ledger of one of the two communities.")
    static let errNotAParty = Text(
        fr: "Vous ne parlez pour aucun des deux côtés de ce flux : vous-même, la communauté si vous l’animez, l’autre communauté si vous l’animez, "
            + "ou une organisation que vous représentez.",
        en: "You speak for neither side of this flow: yourself, the community if you steward it, the other community if you steward it, "
            + "or an organisation you represent.")
    static let errMembersOnlyVoice = Text(
        fr: "Cette communauté est réservée à ses membres : seuls ses animateur·rices enregistrent un flux avec une autre communauté.",
        en: "This community is for its members only: only its stewards record a flow with another community.")
    static let errNotTheOtherSide = Text(
        fr: "Ce flux attend la réponse de l’autre partie : un·e animateur·rice de l’autre communauté ou un·e représentant·e de l’organisation qu’il nomme.",
        en: "This flow awaits the other party: a steward of the other community or a representative of the organisation it names.")
}
