import Fluent
import Vapor
import EnjeuCore
import EnjeuWeb

/// `swift run enjeu demo [--lang fr|en]`: four communities and thirty people who have lived eleven months together
/// (Demo/World/world.<lang>.json, told by `DemoStory`). `--communities N --people M` adds synthetic data at benchmark scale.
struct DemoCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "lang", help: "Language of the demo's texts: fr (default) or en")
        var lang: String?
        @Option(name: "communities", help: "Extra synthetic communities (benchmark scale: 500)")
        var communities: Int?
        @Option(name: "people", help: "Extra synthetic people (benchmark scale: 10000)")
        var people: Int?
        init() {}
    }

    var help: String { "Fills the database with a living demo, in French or English (password for every demo account: \(Self.password))" }
    static let password = "enjeu-demo-2026"

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        guard let lang = Lang(rawValue: signature.lang ?? Lang.fr.rawValue) else {
            throw DemoWorld.Problem("--lang takes fr or en, not \(signature.lang ?? "")")
        }
        let hash = try Bcrypt.hash(Self.password, cost: app.enjeu.bcryptCost)
        if try await User.query(on: app.db).filter(\.$handle == "camille").first() != nil {
            context.console.info("The demo is already loaded.")
        } else {
            let world = try DemoWorld.load(lang)
            try await DemoStory(world, lang: lang, app: app).tell(passwordHash: hash)
            context.console.info("Demo loaded: \(world.people.count) people, \(world.communities.count) communities.")
            context.console.info("Sign in as camille@demo.enjeu.local (or malik@, ines@, theo@ …) with the password \(Self.password)")
        }
        if let n = signature.communities, let m = signature.people, n > 0, m > 0 {
            try await Self.synthetic(communities: n, people: m, hash: hash, app: app)
            context.console.info("Added \(n) synthetic communities and \(m) synthetic people.")
        }
    }

    /// Benchmark-scale data: `people` users and `communities` communities, each person active in about three of them.
    static func synthetic(communities: Int, people: Int, hash: String, app: Application) async throws {
        let ids = app.enjeu.ids
        let now = app.enjeu.now()
        let adjectives = ["solidaire", "des artisans", "du quartier", "des communs", "paysanne", "numérique", "culturelle", "des savoirs"]
        let nouns = ["Coopérative", "Association", "Collectif", "Réseau", "Atelier", "Équipe", "Tiers-lieu", "Fabrique"]
        let towns = ["Lyon", "Grenoble", "Nantes", "Lille", "Rennes", "Bordeaux", "Marseille", "Clermont", "Dijon", "Tours"]
        let salt = UInt32.random(in: 0...UInt32.max)
        let userIDs: [(UUID, String)] = (0..<people).map { (ids.next(), "p\($0)_\(salt)") }
        for start in stride(from: 0, to: people, by: 1000) {
            try await app.context().write { db in
                let batch = userIDs[start..<min(people, start + 1000)].enumerated().map { offset, row in
                    User(id: row.0, handle: row.1, displayName: "Personne \(start + offset)", email: "\(row.1)@bench.enjeu.local",
                         passwordHash: hash, lang: "fr", createdAt: now)
                }
                try await batch.create(on: db)
            }
        }
        for start in stride(from: 0, to: communities, by: 50) {
            try await app.context().write { db in
                var cs: [Community] = [], charters: [Charter] = [], members: [Membership] = []
                for i in start..<min(communities, start + 50) {
                    let name = "\(nouns[i % nouns.count]) \(adjectives[(i / nouns.count) % adjectives.count]) de \(towns[i % towns.count]) n°\(i)"
                    let slug = "bench-\(i)-\(UInt16.random(in: 0...UInt16.max))"
                    let c = Community(id: ids.next(), try CommunityDraft(slug: slug, name: name, purpose: "Agir ensemble pour le bien commun à \(towns[i % towns.count]) : entraide, savoir-faire et chiffres partagés.",
                                           perimeter: towns[i % towns.count], rhythm: "mensuel", stage: LifeStage.allCases[i % 4].rawValue,
                                           visibility: (i % 3 == 0 ? Visibility.members : .public).rawValue,
                                           charter: "Je donne autant que je reçois.").validated().get(), createdAt: now)
                    let size = max(1, people * 3 / communities)
                    let base = (i * size) % max(1, userIDs.count)
                    var seen = Set<UUID>()
                    for k in 0..<size {
                        let (uid, handle) = userIDs[(base + k) % userIDs.count]
                        guard seen.insert(uid).inserted else { continue }
                        let m = Membership(id: ids.next(), communityID: c.id!, userID: uid, handle: handle,
                                           role: k == 0 ? .founder : (k < 3 ? .steward : .member), status: .active, joinedAt: now)
                        m.acceptedCharterVersion = 1
                        members.append(m)
                    }
                    c.memberCount = seen.count
                    cs.append(c)
                    charters.append(Charter(id: ids.next(), communityID: c.id!, version: 1, text: "Je donne autant que je reçois.",
                                            authorID: userIDs[base % userIDs.count].0, createdAt: now))
                }
                try await cs.create(on: db)
                try await charters.create(on: db)
                for chunk in stride(from: 0, to: members.count, by: 500) {
                    try await Array(members[chunk..<min(members.count, chunk + 500)]).create(on: db)
                }
            }
        }
        try await seedFigureScale(people: userIDs, app: app, now: now)
        try await seedJourneyScale(people: userIDs, app: app, now: now)
        try await seedEconomyScale(people: userIDs, app: app, now: now)
        try await seedSocialScale(people: userIDs, app: app, now: now)
        // Fresh statistics after a bulk load, as autovacuum would gather them later: without them PostgreSQL plans the
        // catalogue search with row estimates of 1 (1.5 s instead of 7 ms measured).
        if sql(app.db).dialect.name == "postgresql" { try await sql(app.db).raw("ANALYZE").run() }
    }
}
