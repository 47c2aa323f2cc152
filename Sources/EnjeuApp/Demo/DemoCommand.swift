import Fluent
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// `swift run enjeu demo [--lang fr|en]`: four communities and thirty people who have lived eleven months together
/// (Demo/World/world.<lang>.json, told by `DemoStory`). `--communities N --people M` adds synthetic data at benchmark scale.
struct DemoCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "lang", help: "Language of the demo's texts: fr (default) or en")
        var lang: String?
        @Option(name: "communities", help: "Extra synthetic communities (benchmark scale: 500; a city: 5000)")
        var communities: Int?
        @Option(name: "people", help: "Extra synthetic people (benchmark scale: 10000; a city: 500000)")
        var people: Int?
        @Option(name: "network", help: "Synthetic communities that join the demo's network, with 50,000 offers and 100,000 flows between them (benchmark: 200)")
        var network: Int?
        @Option(name: "programme", help: "Synthetic communities that join a programme of shared figures, with 50 indicators each and 200 values per indicator (benchmark: 100)")
        var programme: Int?
        @Option(name: "reports", help: "Open reports in the weavers' community, each of another post (benchmark: 10000)")
        var reports: Int?
        @Option(name: "contributor", help: "Done actions, 10× as many ledger entries and as many confirmed values of one weaver, p5_bench (benchmark: 1000)")
        var contributor: Int?
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
            if try await User.query(on: app.db).filter(\.$handle == DemoScale.handle(0)).first() != nil {
                context.console.info("The synthetic data is already loaded.")
            } else {
                try await Self.synthetic(communities: n, people: m, network: signature.network ?? 0, programme: signature.programme ?? 0,
                                         reports: signature.reports ?? 0, contributor: signature.contributor ?? 0, hash: hash, app: app)
                context.console.info("Added \(n) synthetic communities and \(m) synthetic people.")
            }
        }
    }

    /// Benchmark-scale data, the same for the same numbers: `people` people and `communities` communities, each person
    /// active in about three; in proportion, 2 posts, 2 figures, 2 flows and 0.3 offers per person among the synthetic
    /// communities; and in the weavers' community (the pages the benchmarks read), 1,000 synthetic members with a million
    /// posts, 50,000 offers, 100,000 flows, 20,000 endorsements, an indicator with 1,000 values and 1,000 assessed actions.
    /// Rows are written directly (DemoBulk), with everything the services would have derived from them.
    /// `network` synthetic communities also join the story's network of third places (`seedNetwork`), `programme` a programme
    /// of shared figures (`seedProgramme`); `reports` open reports wait in the weavers' review queue (`seedReports`);
    /// `contributor` gives one weaver that many more actions and values, and ten times as many ledger entries (`seedContributor`).
    static func synthetic(communities: Int, people: Int, network: Int = 0, programme: Int = 0, reports: Int = 0, contributor: Int = 0,
                          hash: String, app: Application) async throws {
        let bulk = DemoBulk(app: app)
        let real = app.enjeu
        var config = real
        // As for the story: a demo being loaded need not survive a power cut (NORMAL keeps the file sound).
        config.sqliteSynchronous = real.sqliteSynchronous == .off ? .off : .normal
        app.enjeu = config
        defer { var back = app.enjeu; back.sqliteSynchronous = real.sqliteSynchronous; app.enjeu = back }
        let scale = try await DemoScale(people: people, communities: communities, hash: hash, app: app)
        try await bulk.withoutGenerationTriggers(on: loadedTables) {
            try await bulk.phase("people and communities") { try await seedPeople(scale, bulk) }
            try await bulk.phase("figures") { try await seedFigures(scale, bulk) }
            try await bulk.phase("journey") { try await seedJourney(scale, bulk) }
            try await bulk.phase("economy") { try await seedEconomy(scale, bulk) }
            try await bulk.phase("social") { try await seedSocial(scale, bulk) }
            if network > 0 { try await bulk.phase("network") { try await seedNetwork(scale, bulk, members: network) } }
            if programme > 0 { try await bulk.phase("programme") { try await seedProgramme(scale, bulk, communities: programme) } }
            if reports > 0 { try await bulk.phase("reports") { try await seedReports(scale, bulk, count: reports) } }
            if contributor > 0 { try await bulk.phase("contributor") { try await seedContributor(scale, bulk, count: contributor) } }
        }
        // Fresh statistics after a bulk load, as autovacuum would gather them later: without them PostgreSQL plans the
        // catalogue search with row estimates of 1 (1.5 s instead of 7 ms measured), and the credibility's reads as badly.
        try await bulk.phase("statistics") { try await analyze(bulk, loadedTables + ["communities", "party_flows"]) }
        try await bulk.phase("credibility") { try await recomputeCredibility(app, weavers: scale.weavers) }
        try await analyze(bulk, ["credibility_state", "credibility_scores", "credibility_results", "endorsement_topics"])
    }

    /// The tables the load fills, and those derived from them.
    static let loadedTables = ["users", "profile_terms", "charters", "memberships", "indicators", "figure_contributions", "credit_entries",
                               "figure_estimate_history", "figure_claims", "figure_settings", "journey_actions", "journey_participants", "journey_updates",
                               "journey_assessments", "journey_aggregates", "offers", "offer_terms", "offer_counts", "flows", "flow_pairs", "flow_units",
                               "flow_actors", "flow_kinds", "posts", "notifications", "endorsements", "endorsement_topics", "credibility_state",
                               "community_links", "programme_communities", "charter_acceptances", "moderation_cases", "reports"]

    /// PostgreSQL's planner statistics for `tables` (in the connection's schema: a test's own, an operator's).
    static func analyze(_ bulk: DemoBulk, _ tables: [String]) async throws {
        guard bulk.postgres else { return }
        try await sql(bulk.app.db).raw("ANALYZE \(unsafeRaw: tables.joined(separator: ", "))").run()
    }

    /// What the credibility job would do next: every community whose endorsements or results changed, computed now.
    static func recomputeCredibility(_ app: Application, weavers: UUID) async throws {
        let bulk = DemoBulk(app: app)
        try await bulk.phase("weavers' credibility") { _ = try await CredibilityService(app.context()).recompute(weavers) }
        try await bulk.phase("communities' credibility") { _ = try await CredibilityService(app.context()).recomputeDue() }
    }
}

/// The synthetic world's shape, from the command's two numbers alone: who is who, who belongs where, and when.
struct DemoScale: Sendable {
    let people: Int
    let communities: Int
    let passwordHash: String
    /// The clock when the load began; synthetic life spans the year before it.
    let now: Date
    let userIDs: [UUID]
    let communityIDs: [UUID]
    /// The weavers' community and its founder, from the story.
    let weavers: UUID
    let camille: UUID

    /// Members of each synthetic community: about three communities per person.
    var size: Int { min(people, max(1, people * 3 / communities)) }
    /// The synthetic people who join the weavers.
    var weaverCount: Int { min(people, 1_000) }
    /// When the synthetic people arrived: a year and a day ago.
    var start: Date { now.addingTimeInterval(-366 * 86_400) }

    static func handle(_ i: Int) -> String { "p\(i)_bench" }
    static func slug(_ i: Int) -> String { "bench-\(i)" }

    init(people: Int, communities: Int, hash: String, app: Application) async throws {
        struct Row: Decodable { let id: UUID }
        guard let weavers = try await app.db.row("SELECT id FROM communities WHERE slug = 'tisserands-du-rhone'", as: Row.self)?.id,
              let camille = try await app.db.row("SELECT id FROM users WHERE handle = 'camille'", as: Row.self)?.id else {
            throw DemoWorld.Problem("the synthetic data joins the story's weavers: load the story first")
        }
        self.people = people
        self.communities = communities
        passwordHash = hash
        now = app.enjeu.now()
        self.weavers = weavers
        self.camille = camille
        let start = now.addingTimeInterval(-366 * 86_400)
        userIDs = (0..<people).map { DemoIDs.id(Seed.users, $0, at: start.addingTimeInterval(Double($0) / 1_000)) }
        communityIDs = (0..<communities).map { DemoIDs.id(Seed.communities, $0, at: start.addingTimeInterval(3_600 + Double($0))) }
    }

    /// The people of synthetic community `c`, by number, its founder first: `size` neighbours in the list of people.
    func members(of c: Int) -> [Int] { (0..<size).map { (founder(of: c) + $0) % people } }
    func founder(of c: Int) -> Int { (c * size) % people }

    /// Which synthetic community a numbered item of `total` falls in: spread evenly.
    func community(ofItem i: Int, _ total: Int) -> Int { Int((Int64(i) * Int64(communities)) / Int64(max(1, total))) }

    /// Seeds of each table's ids and contents: fixed, so the same command makes the same rows.
    enum Seed {
        static let users: UInt64 = 0x5EED_0001, communities: UInt64 = 0x5EED_0002, charters: UInt64 = 0x5EED_0003
        static let memberships: UInt64 = 0x5EED_0004, posts: UInt64 = 0x5EED_0005, notifications: UInt64 = 0x5EED_0006
        static let endorsements: UInt64 = 0x5EED_0007, offers: UInt64 = 0x5EED_0008, flows: UInt64 = 0x5EED_0009
        static let indicators: UInt64 = 0x5EED_000A, contributions: UInt64 = 0x5EED_000B, credits: UInt64 = 0x5EED_000C
        static let history: UInt64 = 0x5EED_000D, actions: UInt64 = 0x5EED_000E, participants: UInt64 = 0x5EED_000F
        static let assessments: UInt64 = 0x5EED_0010, aggregates: UInt64 = 0x5EED_0011, weavers: UInt64 = 0x5EED_0012
        static let cityPosts: UInt64 = 0x5EED_0013, cityNotes: UInt64 = 0x5EED_0014, cityFlows: UInt64 = 0x5EED_0015
        static let cityOffers: UInt64 = 0x5EED_0016, endorsementNotes: UInt64 = 0x5EED_0017
        static let networkLinks: UInt64 = 0x5EED_0018, networkOffers: UInt64 = 0x5EED_0019, networkFlows: UInt64 = 0x5EED_001A
        static let programmePlaces: UInt64 = 0x5EED_001B, programmeMembers: UInt64 = 0x5EED_001C, programmeIndicators: UInt64 = 0x5EED_001E
        static let programmeContributions: UInt64 = 0x5EED_001F, programmeCredits: UInt64 = 0x5EED_0020
    }
}
