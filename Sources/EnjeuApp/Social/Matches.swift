import Fluent
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// Values-based matching: people and communities that share my values, each with the reason in plain words.
/// Only what I may already see is considered: members of my communities and of public ones, public communities.
struct Matches {
    let context: ServiceContext

    init(_ context: ServiceContext) { self.context = context }

    typealias Suggestion = MatchSuggestion
    struct Out: Content { let members: [Suggestion]; let communities: [Suggestion]; let basis: [String] }

    private struct Profile: Decodable { let valuesHeld: String; let skills: String
        enum CodingKeys: String, CodingKey { case skills, valuesHeld = "values_held" } }
    private struct ValueRow: Decodable { let communityId: UUID; let title: String
        enum CodingKeys: String, CodingKey { case title, communityId = "community_id" } }
    private struct CommunityRow: Decodable { let id: UUID; let slug: String; let name: String; let mine: Int }
    private struct PersonRow: Decodable { let id: UUID; let handle: String; let displayName: String; let valuesHeld: String; let skills: String
        enum CodingKeys: String, CodingKey { case id, handle, skills, displayName = "display_name", valuesHeld = "values_held" } }

    func compute(_ viewer: Viewer) async throws -> Out {
        let db = context.db
        let l = context.lang
        guard let me = try await db.row("SELECT values_held, skills FROM users WHERE id = \(bind: viewer.id)", as: Profile.self) else { throw AppError.notFound }
        // My values: my profile's, and those my communities adopted.
        let myProfile = Matching.keys(me.valuesHeld + "," + me.skills)
        var mine = myProfile
        let myCommunityValues = try await db.rows("""
            SELECT p.community_id, p.title FROM journey_proposals p JOIN memberships m ON m.community_id = p.community_id
            WHERE m.user_id = \(bind: viewer.id) AND m.status = \(bind: MembershipStatus.active.rawValue) AND p.kind = \(bind: ProposalKind.value.rawValue)
              AND p.status = \(bind: ProposalStatus.adopted.rawValue) LIMIT 500
            """, as: ValueRow.self)
        for v in myCommunityValues { for (k, label) in Matching.keys(v.title) where mine[k] == nil { mine[k] = label } }
        // Without a value nothing can match (a new account's first page asks this): the candidates are not read.
        guard !mine.isEmpty else { return Out(members: [], communities: [], basis: []) }

        // Communities: public ones I am not in, by their adopted values.
        let candidates = try await db.rows("""
            SELECT c.id, c.slug, c.name, 0 AS mine FROM communities c WHERE c.visibility = \(bind: Visibility.public.rawValue)
              AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.community_id = c.id AND m.user_id = \(bind: viewer.id)
                AND m.status = \(bind: MembershipStatus.active.rawValue))
            ORDER BY c.id LIMIT 2000
            """, as: CommunityRow.self)
        var valuesOf: [UUID: [String: String]] = [:]
        if !candidates.isEmpty {
            for chunk in candidates.map(\.id).chunks(of: 500) {
                for v in try await db.rows("""
                    SELECT community_id, title FROM journey_proposals WHERE community_id IN (\(binds: chunk))
                      AND kind = \(bind: ProposalKind.value.rawValue) AND status = \(bind: ProposalStatus.adopted.rawValue)
                    """, as: ValueRow.self) {
                    valuesOf[v.communityId, default: [:]].merge(Matching.keys(v.title)) { a, _ in a }
                }
            }
        }
        let communities = candidates.compactMap { c -> Suggestion? in
            let (shared, score) = Matching.overlap(mine, valuesOf[c.id] ?? [:])
            guard !shared.isEmpty else { return nil }
            return Suggestion(kind: .community, key: c.slug, name: c.name, shared: shared, score: score,
                              reason: l[SocialText.sharedValues(shared)], link: CommunityEndpoints.community.path(c.slug))
        }.sorted { $0.score != $1.score ? $0.score > $1.score : $0.key < $1.key }.prefix(20)

        // Members: of my communities and of public ones, by their profile's values and skills against mine.
        let people = try await db.rows("""
            SELECT DISTINCT u.id, u.handle, u.display_name, u.values_held, u.skills FROM memberships m JOIN users u ON u.id = m.user_id
              JOIN communities c ON c.id = m.community_id
            WHERE m.status = \(bind: MembershipStatus.active.rawValue) AND u.id <> \(bind: viewer.id) AND (u.values_held <> '' OR u.skills <> '')
              AND (c.visibility = \(bind: Visibility.public.rawValue) OR m.community_id IN (
                SELECT community_id FROM memberships WHERE user_id = \(bind: viewer.id) AND status = \(bind: MembershipStatus.active.rawValue)))
            LIMIT 5000
            """, as: PersonRow.self)
        let members = people.compactMap { p -> Suggestion? in
            let (shared, score) = Matching.overlap(myProfile.isEmpty ? mine : myProfile, Matching.keys(p.valuesHeld + "," + p.skills))
            guard !shared.isEmpty else { return nil }
            return Suggestion(kind: .member, key: p.handle, name: p.displayName, shared: shared, score: score,
                              reason: l[SocialText.sharedValues(shared)], link: AccountEndpoints.person.path(p.handle))
        }.sorted { $0.score != $1.score ? $0.score > $1.score : $0.key < $1.key }.prefix(20)
        return Out(members: Array(members), communities: Array(communities), basis: mine.values.sorted())
    }
}
