import Fluent
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// The synthetic people (with a profile: values and skills, as members fill them in), the synthetic communities with
/// their charter and members, and the thousand people who join the weavers.
extension DemoCommand {
    static let profileValues = ["Réciprocité", "Transmission", "Sobriété", "Solidarité", "Écoute", "Confiance", "Transparence", "Autonomie",
                                "Partage", "Curiosité", "Clarté", "Soin", "Entraide", "Équité", "Rigueur", "Créativité"]
    static let profileSkills = ["Tissage", "Couture", "Menuiserie", "Comptabilité", "Médiation", "Jardinage", "Cuisine", "Informatique",
                                "Réparation de vélos", "Traduction", "Photographie", "Poterie", "Teinture végétale", "Animation"]

    static func seedPeople(_ s: DemoScale, _ bulk: DemoBulk) async throws {
        let users = ["id", "handle", "display_name", "email", "password_hash", "bio", "values_held", "skills", "lang", "created_at"]
        // Each person's values and skills also under their matching terms (`SocialIndexes.profileChanged`).
        let terms = ["user_id", "term_key", "label", "n_terms"]
        try await bulk.load(s.people, into: [("users", users), ("profile_terms", terms)]) { range in
            var people: [DemoBulk.Values] = [], held: [DemoBulk.Values] = []
            for i in range {
                var rng = DemoRandom(DemoScale.Seed.users, i)
                let values = Set([rng.pick(profileValues), rng.pick(profileValues)]).sorted().joined(separator: ", ")
                let skills = rng.pick(profileSkills)
                people.append([s.userIDs[i], DemoScale.handle(i), "Personne \(i)", "\(DemoScale.handle(i))@bench.enjeu.local", s.passwordHash,
                               "", values, skills, "fr", s.start.addingTimeInterval(Double(i) / 1_000)])
                let keys = Matching.keys(values + "," + skills)
                for (key, label) in keys.sorted(by: { $0.key < $1.key }) { held.append([s.userIDs[i], key, label, keys.count]) }
            }
            return [people, held]
        }

        // The communities, their charter, and their members (about three communities per person).
        let adjectives = ["solidaire", "des artisans", "du quartier", "des communs", "paysanne", "numérique", "culturelle", "des savoirs"]
        let nouns = ["Coopérative", "Association", "Collectif", "Réseau", "Atelier", "Équipe", "Tiers-lieu", "Fabrique"]
        let charter = "Je donne autant que je reçois."
        let policy = DecisionPolicy()
        let communityColumns = ["id", "slug", "name", "name_folded", "search_folded", "purpose", "perimeter", "rhythm", "stage", "visibility",
                                "charter_version", "member_count", "version", "created_at", "code_revision", "code_rule", "code_quorum",
                                "code_open_days", "code_published"]
        let charterColumns = ["id", "community_id", "version", "text", "author_id", "created_at"]
        try await bulk.load(s.communities, into: [("communities", communityColumns), ("charters", charterColumns)]) { range in
            var communities: [DemoBulk.Values] = [], charters: [DemoBulk.Values] = []
            for i in range {
                let town = towns[i % towns.count]
                let draft = CommunityDraft(slug: DemoScale.slug(i), name: "\(nouns[i % nouns.count]) \(adjectives[(i / nouns.count) % adjectives.count]) de \(town) n°\(i)",
                                           purpose: "Agir ensemble pour le bien commun à \(town) : entraide, savoir-faire et chiffres partagés.",
                                           perimeter: town, rhythm: "mensuel", stage: LifeStage.allCases[i % 4].rawValue,
                                           visibility: (i % 3 == 0 ? Visibility.members : .public).rawValue, charter: charter)
                guard case let .success(p) = draft.validated() else { preconditionFailure("synthetic community \(i) is invalid") }
                let at = s.start.addingTimeInterval(3_600 + Double(i))
                communities.append([s.communityIDs[i], p.slug, p.name, Folding.fold(p.name), Folding.fold([p.name, p.purpose, p.perimeter].joined(separator: " ")),
                                    p.purpose, p.perimeter, p.rhythm, p.stage.rawValue, p.visibility.rawValue, 1, s.size, 1, at, 0,
                                    policy.rule.rawValue, policy.quorumPercent, policy.openDays, false])
                charters.append([DemoIDs.id(DemoScale.Seed.charters, i, at: at), s.communityIDs[i], 1, charter, s.userIDs[s.founder(of: i)], at])
            }
            return [communities, charters]
        }
        let memberColumns = ["id", "community_id", "user_id", "handle", "role", "status", "accepted_charter_version", "joined_at"]
        let size = s.size
        try await bulk.load(s.communities * size, into: [("memberships", memberColumns)]) { range in
            [range.map { n -> DemoBulk.Values in
                let (c, k) = n.quotientAndRemainder(dividingBy: size)
                let user = (c * size + k) % s.people
                let role: Role = k == 0 ? .founder : (k < 3 ? .steward : .member)
                let at = s.start.addingTimeInterval(7_200 + Double(n) / 1_000)
                return [DemoIDs.id(DemoScale.Seed.memberships, n, at: at), s.communityIDs[c], s.userIDs[user], DemoScale.handle(user), role.rawValue,
                        MembershipStatus.active.rawValue, 1, at]
            }]
        }

        // A thousand join the weavers a little after the story's founding, accepting the charter in force.
        struct Version: Decodable { let charterVersion: Int; enum CodingKeys: String, CodingKey { case charterVersion = "charter_version" } }
        let version = try await bulk.app.db.row("SELECT charter_version FROM communities WHERE id = \(bind: s.weavers)", as: Version.self)?.charterVersion ?? 1
        let joined = s.now.addingTimeInterval(-310 * 86_400)
        try await bulk.write { db in
            let rows = (0..<s.weaverCount).map { i -> DemoBulk.Values in
                let at = joined.addingTimeInterval(Double(i))
                return [DemoIDs.id(DemoScale.Seed.weavers, i, at: at), s.weavers, s.userIDs[i], DemoScale.handle(i), Role.member.rawValue,
                        MembershipStatus.active.rawValue, version, at]
            }
            try await bulk.insert(db, "memberships", memberColumns, rows[...])
            try await sql(db).raw("UPDATE communities SET member_count = member_count + \(bind: rows.count) WHERE id = \(bind: s.weavers)").run()
        }
    }

    static let towns = ["Lyon", "Grenoble", "Nantes", "Lille", "Rennes", "Bordeaux", "Marseille", "Clermont", "Dijon", "Tours"]
}
