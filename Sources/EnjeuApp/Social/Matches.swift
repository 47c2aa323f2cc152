import Fluent
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// Values-based matching: people and communities that share my values, each with the reason in plain words.
/// Only what I may already see is considered: members of my communities and of public ones, public communities.
///
/// Candidates come from the term indexes (`profile_terms`, `community_value_terms`, kept by `SocialIndexes`), never
/// from a scan of everyone: for each of my first `seedTerms` terms, the `perSide` holders closest in size to my own
/// set on either side (Jaccard's upper bound, min(m, n) / max(m, n), is highest there). Each candidate is then scored
/// exactly on all my terms. The work is bounded by those constants, whatever the size of the instance.
struct Matches {
    let context: ServiceContext

    init(_ context: ServiceContext) { self.context = context }

    static let seedTerms = 10
    static let perSide = 12
    static let shown = 20

    typealias Suggestion = MatchSuggestion
    struct Out: Content { let members: [Suggestion]; let communities: [Suggestion]; let basis: [String] }

    private struct Profile: Decodable { let valuesHeld: String; let skills: String
        enum CodingKeys: String, CodingKey { case skills, valuesHeld = "values_held" } }
    private struct Term: Decodable { let termKey: String; let label: String
        enum CodingKeys: String, CodingKey { case label, termKey = "term_key" } }
    private struct Candidate: Decodable { let id: UUID }
    /// One of my terms a candidate holds, with the candidate's name and size.
    private struct Held: Decodable { let id: UUID; let key: String; let name: String; let termKey: String; let label: String; let nTerms: Int
        enum CodingKeys: String, CodingKey { case id, key, name, label, termKey = "term_key", nTerms = "n_terms" } }

    func compute(_ viewer: Viewer) async throws -> Out {
        let db = context.db
        guard let me = try await db.row("SELECT values_held, skills FROM users WHERE id = \(bind: viewer.id)", as: Profile.self) else { throw AppError.notFound }
        // My values: my profile's, and those my communities adopted.
        let myProfile = Matching.keys(me.valuesHeld + "," + me.skills)
        var mine = myProfile
        for t in try await db.rows("""
            SELECT t.term_key, t.label FROM memberships m JOIN community_value_terms t ON t.community_id = m.community_id
            WHERE m.user_id = \(bind: viewer.id) AND m.status = \(bind: MembershipStatus.active.rawValue)
            ORDER BY t.community_id, t.term_key LIMIT 500
            """, as: Term.self) where mine[t.termKey] == nil { mine[t.termKey] = t.label }
        // Without a value nothing can match (a new account's first page asks this): the candidates are not read.
        guard !mine.isEmpty else { return Out(members: [], communities: [], basis: []) }
        // Seeds: my profile's terms first, then my communities'.
        let seeds = Array((myProfile.keys.sorted() + mine.keys.filter { myProfile[$0] == nil }.sorted()).prefix(Self.seedTerms))
        let communities = try await communities(viewer, mine, seeds: seeds)
        let basis = myProfile.isEmpty ? mine : myProfile
        let members = try await members(viewer, basis, seeds: seeds.filter { basis[$0] != nil })
        return Out(members: members, communities: communities, basis: mine.values.sorted())
    }

    /// Public communities I am not in, by their adopted values.
    private func communities(_ viewer: Viewer, _ mine: [String: String], seeds: [String]) async throws -> [Suggestion] {
        let notMine: SQLQueryString = """
            c.kind = \(bind: CommunityKind.community.rawValue) AND c.visibility = \(bind: Visibility.public.rawValue) AND NOT EXISTS (SELECT 1 FROM memberships v WHERE v.community_id = t.community_id
              AND v.user_id = \(bind: viewer.id) AND v.status = \(bind: MembershipStatus.active.rawValue))
            """
        let ids = try await candidates(table: "community_value_terms", subject: "community_id", join: " JOIN communities c ON c.id = t.community_id",
                                       seeds: seeds, size: mine.count, where: notMine)
        guard !ids.isEmpty else { return [] }
        let held = try await context.db.rows("""
            SELECT t.community_id AS id, c.slug AS key, c.name, t.term_key, t.label, t.n_terms FROM community_value_terms t
              JOIN communities c ON c.id = t.community_id
            WHERE t.community_id IN (\(binds: ids)) AND t.term_key IN (\(binds: Array(mine.keys)))
            """, as: Held.self)
        return ranked(held, mine, kind: .community) { CommunityEndpoints.community.path($0) }
    }

    /// Members of my communities and of public ones, by their profile's values and skills against mine. A programme is
    /// no community here: taking part in one shows nobody's profile to its other participants.
    private func members(_ viewer: Viewer, _ mine: [String: String], seeds: [String]) async throws -> [Suggestion] {
        let active = MembershipStatus.active.rawValue
        let visible: SQLQueryString = """
            t.user_id <> \(bind: viewer.id) AND EXISTS (SELECT 1 FROM memberships pm JOIN communities pc ON pc.id = pm.community_id
              WHERE pm.user_id = t.user_id AND pm.status = \(bind: active) AND pc.kind = \(bind: CommunityKind.community.rawValue) AND (pc.visibility = \(bind: Visibility.public.rawValue)
                OR EXISTS (SELECT 1 FROM memberships v WHERE v.community_id = pm.community_id AND v.user_id = \(bind: viewer.id) AND v.status = \(bind: active))))
            """
        let ids = try await candidates(table: "profile_terms", subject: "user_id", join: "", seeds: seeds, size: mine.count, where: visible)
        guard !ids.isEmpty else { return [] }
        let held = try await context.db.rows("""
            SELECT t.user_id AS id, u.handle AS key, u.display_name AS name, t.term_key, t.label, t.n_terms FROM profile_terms t
              JOIN users u ON u.id = t.user_id
            WHERE t.user_id IN (\(binds: ids)) AND t.term_key IN (\(binds: Array(mine.keys)))
            """, as: Held.self)
        return ranked(held, mine, kind: .member) { AccountEndpoints.person.path($0) }
    }

    /// The candidates of every seed term, in one statement: per term, an index range on each side of my size, cut at `perSide`.
    private func candidates(table: String, subject: String, join: String, seeds: [String], size m: Int,
                            where filter: SQLQueryString) async throws -> [UUID] {
        var union: SQLQueryString = ""
        for (i, term) in seeds.enumerated() {
            for (side, (compare, order)) in [(">=", "ASC"), ("<", "DESC")].enumerated() {
                let part: SQLQueryString = """
                    SELECT id FROM (SELECT t.\(unsafeRaw: subject) AS id FROM \(unsafeRaw: table) t\(unsafeRaw: join)
                    WHERE t.term_key = \(bind: term) AND t.n_terms \(unsafeRaw: compare) \(bind: m) AND \(filter)
                    ORDER BY t.n_terms \(unsafeRaw: order), t.\(unsafeRaw: subject) \(unsafeRaw: order) LIMIT \(literal: Self.perSide)) s\(unsafeRaw: "\(i)_\(side)")
                    """
                union = i == 0 && side == 0 ? part : union + " UNION ALL " + part
            }
        }
        guard !seeds.isEmpty else { return [] }
        return Array(Set(try await context.db.rows(union, as: Candidate.self).map(\.id)))
    }

    /// Exact scores (`Matching.overlap`: Jaccard, shared labels in the other side's spelling), best first, ties by key.
    private func ranked(_ held: [Held], _ mine: [String: String], kind: SocialTarget, link: (String) -> String) -> [Suggestion] {
        let l = context.lang
        return Dictionary(grouping: held, by: \.id).values.compactMap { rows -> Suggestion? in
            guard let first = rows.first else { return nil }
            let shared = rows.sorted { $0.termKey < $1.termKey }.map(\.label)
            let score = Double(rows.count) / Double(mine.count + first.nTerms - rows.count)
            return Suggestion(kind: kind, key: first.key, name: first.name, shared: shared, score: score,
                              reason: l[SocialText.sharedValues(shared)], link: link(first.key))
        }.sorted { $0.score != $1.score ? $0.score > $1.score : $0.key < $1.key }.prefix(Self.shown).map { $0 }
    }
}
