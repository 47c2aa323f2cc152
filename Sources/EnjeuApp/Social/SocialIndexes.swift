import Fluent
import SQLKit
import Vapor
import EnjeuCore

/// Keeps the social space's derived tables (M028IndexSocial) equal to what their base rows say, in the transaction of
/// the write that changes those rows, so pages read a bounded, indexed slice instead of recounting:
/// - `endorsement_topics` follows `endorsements` (`endorsed`, `revoked`): active endorsements per community and topic
///   key, labelled with the smallest spelling in use (what `MIN(topic)` gave);
/// - `profile_terms` follows a person's values and skills (`profileChanged`);
/// - `community_value_terms` follows a community's adopted values (`communityValuesChanged`, called with the
///   `adopted` feed event);
/// - `credibility_results` is written by each credibility computation (`CredibilityService`).
/// `rebuild` recomputes them all from the base rows: the migration's backfill, and what a bulk loader (the demo at
/// scale) calls after writing base rows directly.
enum SocialIndexes {
    // MARK: Endorsement topics

    static func endorsed(_ db: any Database, community: UUID, topicKey: String, topic: String) async throws {
        try await sql(db).raw("""
            INSERT INTO endorsement_topics (community_id, topic_key, topic, n) VALUES (\(bind: community), \(bind: topicKey), \(bind: topic), 1)
            ON CONFLICT (community_id, topic_key) DO UPDATE SET n = endorsement_topics.n + 1,
              topic = CASE WHEN excluded.topic < endorsement_topics.topic THEN excluded.topic ELSE endorsement_topics.topic END
            """).run()
    }

    /// After the endorsement's `revoked_at` is set. The count goes first: on PostgreSQL it waits for a concurrent
    /// endorsement of the topic to commit, so the label chosen next sees it.
    static func revoked(_ db: any Database, community: UUID, topicKey: String, topic: String) async throws {
        let plain = sql(db)
        try await plain.raw("""
            UPDATE endorsement_topics SET n = n - 1 WHERE community_id = \(bind: community) AND topic_key = \(bind: topicKey)
            """).run()
        try await plain.raw("DELETE FROM endorsement_topics WHERE community_id = \(bind: community) AND topic_key = \(bind: topicKey) AND n <= 0").run()
        try await plain.raw("""
            UPDATE endorsement_topics SET topic = (SELECT MIN(e.topic) FROM endorsements e
                WHERE e.community_id = \(bind: community) AND e.topic_key = \(bind: topicKey) AND e.revoked_at IS NULL)
            WHERE community_id = \(bind: community) AND topic_key = \(bind: topicKey) AND topic = \(bind: topic)
            """).run()
    }

    /// One community's topics recounted (a credibility computation reads all its endorsements anyway). A row that an
    /// endorsement committing meanwhile wrote is overwritten; that endorsement marked the community for the next count.
    static func recountTopics(_ db: any Database, community: UUID) async throws {
        try await sql(db).raw("DELETE FROM endorsement_topics WHERE community_id = \(bind: community)").run()
        try await sql(db).raw("""
            INSERT INTO endorsement_topics (community_id, topic_key, topic, n)
            SELECT community_id, topic_key, MIN(topic), COUNT(*) FROM endorsements WHERE community_id = \(bind: community) AND revoked_at IS NULL
            GROUP BY community_id, topic_key
            ON CONFLICT (community_id, topic_key) DO UPDATE SET n = excluded.n, topic = excluded.topic
            """).run()
    }

    // MARK: Matching terms

    /// A person's values and skills as matching reads them (`Matching.keys`), replacing the previous ones.
    static func profileChanged(_ db: any Database, user: UUID, values: String, skills: String) async throws {
        try await sql(db).raw("DELETE FROM profile_terms WHERE user_id = \(bind: user)").run()
        try await insertProfiles(db, [(user, values, skills)])
    }

    /// A community's adopted values, replacing the previous ones; a key's label is its first adopted spelling.
    static func communityValuesChanged(_ db: any Database, community: UUID) async throws {
        try await sql(db).raw("DELETE FROM community_value_terms WHERE community_id = \(bind: community)").run()
        let titles = try await db.rows("""
            SELECT community_id, title FROM journey_proposals WHERE community_id = \(bind: community) AND kind = \(bind: ProposalKind.value.rawValue)
              AND status = \(bind: ProposalStatus.adopted.rawValue) ORDER BY id
            """, as: ValueTitle.self)
        try await insertCommunityTerms(db, titles)
    }

    private struct ProfileRow: Decodable { let id: UUID; let valuesHeld: String; let skills: String
        enum CodingKeys: String, CodingKey { case id, skills, valuesHeld = "values_held" } }
    private struct ValueTitle: Decodable { let communityId: UUID; let title: String
        enum CodingKeys: String, CodingKey { case title, communityId = "community_id" } }

    private static func insertProfiles(_ db: any Database, _ people: [(UUID, String, String)]) async throws {
        var rows: [(UUID, String, String, Int)] = []
        for (user, values, skills) in people {
            let keys = Matching.keys(values + "," + skills)
            for (key, label) in keys { rows.append((user, key, label, keys.count)) }
        }
        try await sql(db).insert(into: "profile_terms", columns: ["user_id", "term_key", "label", "n_terms"], rows: rows) {
            [$0.0, $0.1, $0.2, $0.3]
        }
    }

    /// Titles in adoption order, grouped by community (consecutive).
    private static func insertCommunityTerms(_ db: any Database, _ titles: [ValueTitle]) async throws {
        var rows: [(UUID, String, String, Int)] = []
        var start = 0
        while start < titles.count {
            let community = titles[start].communityId
            var end = start
            var keys: [String: String] = [:]
            var order: [String] = []
            while end < titles.count && titles[end].communityId == community {
                for (key, label) in Matching.keys(titles[end].title).sorted(by: { $0.key < $1.key }) where keys[key] == nil {
                    keys[key] = label
                    order.append(key)
                }
                end += 1
            }
            for key in order { rows.append((community, key, keys[key]!, keys.count)) }
            start = end
        }
        try await sql(db).insert(into: "community_value_terms", columns: ["community_id", "term_key", "label", "n_terms"], rows: rows) {
            [$0.0, $0.1, $0.2, $0.3]
        }
    }

    // MARK: Everything from the base rows

    /// Empties and refills every derived table from the base rows, a page at a time (500,000 people fit in memory
    /// one page at a time, not at once). Run in the caller's transaction for an all-or-nothing rebuild.
    /// `resultThreshold`: one threshold for every community instead of each one's (`CredibilityService.results`).
    static func rebuild(_ db: any Database, resultThreshold: Int? = nil) async throws {
        let plain = sql(db)
        for table in ["endorsement_topics", "profile_terms", "community_value_terms", "credibility_results"] {
            try await plain.raw("DELETE FROM \(ident: table)").run()
        }
        try await plain.raw("""
            INSERT INTO endorsement_topics (community_id, topic_key, topic, n)
            SELECT community_id, topic_key, MIN(topic), COUNT(*) FROM endorsements WHERE revoked_at IS NULL GROUP BY community_id, topic_key
            """).run()

        var afterUser: UUID?
        while true {
            let after: SQLQueryString = afterUser.map { " AND id > \(bind: $0)" } ?? ""
            let page = try await db.rows("""
                SELECT id, values_held, skills FROM users WHERE (values_held <> '' OR skills <> '')\(after) ORDER BY id LIMIT 2000
                """, as: ProfileRow.self)
            try await insertProfiles(db, page.map { ($0.id, $0.valuesHeld, $0.skills) })
            guard page.count == 2000, let last = page.last else { break }
            afterUser = last.id
        }

        // By community, so each community's titles arrive together and in adoption order.
        var afterCommunity: UUID?
        while true {
            let after: SQLQueryString = afterCommunity.map { " AND community_id > \(bind: $0)" } ?? ""
            struct Community: Decodable { let communityId: UUID; enum CodingKeys: String, CodingKey { case communityId = "community_id" } }
            let communities = try await db.rows("""
                SELECT DISTINCT community_id FROM journey_proposals WHERE kind = \(bind: ProposalKind.value.rawValue)
                  AND status = \(bind: ProposalStatus.adopted.rawValue)\(after) ORDER BY community_id LIMIT 200
                """, as: Community.self).map(\.communityId)
            guard let last = communities.last else { break }
            let titles = try await db.rows("""
                SELECT community_id, title FROM journey_proposals WHERE community_id IN (\(binds: communities))
                  AND kind = \(bind: ProposalKind.value.rawValue) AND status = \(bind: ProposalStatus.adopted.rawValue)
                ORDER BY community_id, id
                """, as: ValueTitle.self)
            try await insertCommunityTerms(db, titles)
            afterCommunity = last
        }

        // As a computation stores them: active members' only.
        try await CredibilityService.storeResults(db, community: nil, try await CredibilityService.results(db, nil, threshold: resultThreshold))
        try await plain.raw("""
            DELETE FROM credibility_results WHERE NOT EXISTS (SELECT 1 FROM memberships m WHERE m.community_id = credibility_results.community_id
              AND m.user_id = credibility_results.user_id AND m.status = \(bind: MembershipStatus.active.rawValue))
            """).run()
    }
}
