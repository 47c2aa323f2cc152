import Fluent
import Vapor
import EnjeuCore
import EnjeuWeb

/// `swift run enjeu demo`: a living French demo (a cooperative, an association, a company team, a network),
/// with stewards, members, pending requests and a person awaiting the charter.
/// `--communities N --people M` adds synthetic data at benchmark scale.
struct DemoCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "communities", help: "Extra synthetic communities (benchmark scale: 500)")
        var communities: Int?
        @Option(name: "people", help: "Extra synthetic people (benchmark scale: 10000)")
        var people: Int?
        init() {}
    }

    var help: String { "Fills the database with a French demo (password for every demo account: \(Self.password))" }
    static let password = "enjeu-demo-2026"

    struct Person { let handle, name, bio, values, skills: String }
    struct Place {
        let slug, name, purpose, perimeter, rhythm: String
        let stage: LifeStage
        let visibility: Visibility
        let charter: String
        let founder: String
        let stewards: [String]
        let members: [String]
        let awaitingCharter: [String]
        let pending: [(String, String)]
    }

    static let people: [Person] = [
        Person(handle: "camille", name: "Camille Roussel", bio: "Tisserande à Lyon, je relie les ateliers textiles de la vallée du Rhône.", values: "Réciprocité, Transmission, Sobriété", skills: "Tissage, Gestion coopérative"),
        Person(handle: "malik", name: "Malik Benali", bio: "Éducateur de quartier, j'anime des chantiers solidaires à la Croix-Rousse.", values: "Solidarité, Écoute, Confiance", skills: "Animation, Médiation"),
        Person(handle: "ines", name: "Inès Moreau", bio: "Responsable produit ; je crois aux équipes qui décident ensemble.", values: "Transparence, Autonomie, Confiance", skills: "Produit, Facilitation"),
        Person(handle: "theo", name: "Théo Garnier", bio: "Développeur, bénévole dans deux associations.", values: "Partage, Curiosité", skills: "Swift, Données"),
        Person(handle: "lea", name: "Léa Fontaine", bio: "Designer de services, je viens de rejoindre l'atelier.", values: "Clarté, Soin", skills: "Design, Recherche utilisateur"),
        Person(handle: "hugo", name: "Hugo Lefèvre", bio: "Menuisier, fondateur d'un tiers-lieu en Auvergne.", values: "Sobriété, Entraide", skills: "Menuiserie, Réemploi"),
        Person(handle: "nadia", name: "Nadia Haddad", bio: "Comptable en coopérative, passionnée d'économie sociale.", values: "Équité, Rigueur", skills: "Comptabilité, Finances solidaires"),
        Person(handle: "sophie", name: "Sophie Marchand", bio: "Couturière, je partage mes patrons et mes tarifs.", values: "Réciprocité, Créativité", skills: "Couture, Patronage"),
        Person(handle: "yann", name: "Yann Le Gall", bio: "Jardinier urbain et conteur.", values: "Écologie, Transmission", skills: "Permaculture, Récit"),
        Person(handle: "chloe", name: "Chloé Petit", bio: "Étudiante en sociologie des organisations.", values: "Curiosité, Justice", skills: "Enquête, Écriture"),
        Person(handle: "karim", name: "Karim Saïdi", bio: "Ingénieur, j'aide les équipes à mesurer ce qui compte.", values: "Rigueur, Coopération", skills: "Données, Qualité"),
        Person(handle: "julie", name: "Julie Bernard", bio: "Teinturière végétale, je cherche une coopérative.", values: "Écologie, Patience", skills: "Teinture végétale"),
    ]

    static let places: [Place] = [
        Place(slug: "tisserands-du-rhone", name: "Coopérative Les Tisserands du Rhône",
              purpose: "Faire vivre le tissage artisanal dans la vallée du Rhône : mutualiser les achats de fibres, partager les tarifs et les savoir-faire, vendre ensemble.",
              perimeter: "Vallée du Rhône, artisans du textile", rhythm: "Assemblée mensuelle, atelier ouvert chaque samedi",
              stage: .mature, visibility: .public,
              charter: "Je partage mes tarifs et mes sources de fibres avec la coopérative.\n\nJe consacre deux heures par mois à l'atelier ouvert.\n\nJe cite la coopérative quand je vends une pièce tissée avec ses outils.",
              founder: "camille", stewards: ["malik", "nadia"], members: ["sophie", "theo", "chloe"], awaitingCharter: [],
              pending: [("julie", "Teinturière végétale à Valence, j'aimerais fournir vos fibres teintes et apprendre le tissage.")]),
        Place(slug: "quartiers-solidaires", name: "Association Quartiers Solidaires Croix-Rousse",
              purpose: "Créer des liens entre voisins par des chantiers solidaires, une épicerie participative et un atelier de réparation.",
              perimeter: "Lyon 1er et 4e arrondissements", rhythm: "Chantier chaque mercredi, conseil trimestriel",
              stage: .growing, visibility: .members,
              charter: "Je donne de mon temps selon mes moyens et je le dis.\n\nCe que j'apprends ici, je le transmets à un voisin.\n\nLes informations sur les personnes aidées restent dans l'association.",
              founder: "malik", stewards: ["yann"], members: ["chloe", "karim", "sophie"], awaitingCharter: [],
              pending: [("theo", "Je peux aider pour le site et la gestion des bénévoles."), ("hugo", "Je peux animer un atelier de réparation de meubles.")]),
        Place(slug: "atelier-numerique", name: "Équipe Produit — Atelier Numérique",
              purpose: "Une équipe d'entreprise qui décide ensemble de sa feuille de route et reconnaît les contributions de chacun, au-delà des fiches de poste.",
              perimeter: "Équipe produit de l'Atelier Numérique (SAS), Lyon et télétravail", rhythm: "Rituel hebdomadaire, rétrospective mensuelle",
              stage: .emerging, visibility: .members,
              charter: "Je rends visible ce que je fais et ce que je reçois des autres.\n\nJe donne un avis franc et bienveillant.\n\nLes décisions d'équipe se prennent par consentement.",
              founder: "ines", stewards: [], members: ["karim", "theo"], awaitingCharter: ["lea"], pending: []),
        Place(slug: "tiers-lieux-auvergne", name: "Réseau des Tiers-Lieux d'Auvergne",
              purpose: "Relier les tiers-lieux ruraux d'Auvergne pour partager outils, chiffres de fréquentation et bonnes pratiques.",
              perimeter: "Auvergne, tiers-lieux ruraux", rhythm: "Rencontre trimestrielle tournante",
              stage: .emerging, visibility: .public,
              charter: "Chaque lieu partage ses chiffres de fréquentation et ses sources.\n\nNous nous rendons visite au moins une fois par an.",
              founder: "hugo", stewards: ["yann"], members: ["nadia"], awaitingCharter: [],
              pending: [("chloe", "J'étudie les tiers-lieux pour mon mémoire ; je partagerai mes résultats.")]),
    ]

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let ids = app.enjeu.ids
        let now = app.enjeu.now()
        let hash = try Bcrypt.hash(Self.password, cost: app.enjeu.bcryptCost)
        if try await User.query(on: app.db).filter(\.$handle == "camille").first() != nil {
            context.console.info("The demo is already loaded.")
        } else {
            try await app.context().write { db in
                var users: [String: User] = [:]
                for p in Self.people {
                    let u = User(id: ids.next(), handle: p.handle, displayName: p.name, email: "\(p.handle)@demo.enjeu.local",
                                 passwordHash: hash, lang: "fr", createdAt: now)
                    u.bio = p.bio
                    u.valuesHeld = p.values
                    u.skills = p.skills
                    try await u.create(on: db)
                    users[p.handle] = u
                }
                for place in Self.places {
                    let c = try await Self.insert(place, users: users, ids: ids, now: now, on: db)
                    if let code = Self.codes[place.slug] { try await Self.seedCode(code, community: c, users: users, ids: ids, now: now, on: db) }
                    if place.slug == "tisserands-du-rhone" {
                        try await Self.seedFigures(community: c.id!, users: users, app: app, now: now, on: db)
                        try await Self.seedJourney(community: c.id!, users: users, app: app, now: now, on: db)
                        try await Self.seedEconomy(community: c.id!, users: users, app: app, now: now, on: db)
                        try await Self.seedSocial(community: c.id!, users: users, app: app, now: now, on: db)
                    }
                }
            }
            context.console.info("Demo loaded: \(Self.people.count) people, \(Self.places.count) communities.")
            context.console.info("Sign in as camille@demo.enjeu.local (or malik@, ines@, theo@ …) with the password \(Self.password)")
        }
        if let n = signature.communities, let m = signature.people, n > 0, m > 0 {
            try await Self.synthetic(communities: n, people: m, hash: hash, app: app)
            context.console.info("Added \(n) synthetic communities and \(m) synthetic people.")
        }
    }

    /// A #CodeSocial written over a few revisions, with an open amendment, a contesting fact and self-diagnoses.
    struct DemoCode {
        let revisions: [(author: String, summary: String, sections: [SectionKey: String])]
        let open: (author: String, summary: String, reason: String, section: SectionKey, body: String, consents: [String])
        let fact: (author: String, section: SectionKey, note: String, date: String)
        let diagnoses: [(String, SectionKey, PracticeRating)]
    }

    static let codes: [String: DemoCode] = [
        "tisserands-du-rhone": DemoCode(
            revisions: [
                ("camille", "Première écriture du code", [
                    .raisonDEtre: "Faire vivre le **tissage artisanal** dans la vallée du Rhône.\n\nNous mutualisons les achats de fibres, partageons nos tarifs et vendons ensemble.",
                    .history: "- 2019 : premier atelier partagé à Lyon.\n- 2021 : la coopérative est créée (SCIC).\n- 2024 : ouverture de l'atelier du samedi.",
                    .governance: "Les changements de ce code sont décidés **par consentement**, avec un quorum de 30 % des membres actifs.",
                ]),
                ("malik", "Principes économiques et écologiques", [
                    .economic: "- Les achats de fibres sont mutualisés ; chacun paie au prix coûtant.\n- Nos tarifs sont publiés entre membres, avec leurs sources.",
                    .ecological: "Nous n'utilisons que des **teintures végétales** et des fibres tracées.",
                ]),
                ("nadia", "Règles financières", [
                    .financial: "- Les excédents vont en réserve à 60 %.\n- Chaque membre apporte une part sociale de 50 €.",
                    .economic: "- Les achats de fibres sont mutualisés ; chacun paie au prix coûtant.\n- Nos tarifs sont publiés entre membres, avec leurs sources.\n- Une vente commune a lieu chaque trimestre.",
                ]),
            ],
            open: ("sophie", "Accueillir les apprentis", "Deux jeunes nous ont demandé à apprendre ; écrivons comment nous les accueillons.",
                   .social, "Chaque apprenti·e est accompagné·e par un·e tisserand·e pendant six mois.\n\nLes heures de transmission sont reconnues dans nos flux de richesses.",
                   ["sophie", "theo"]),
            fact: ("chloe", .ecological, "En mars, un lot de laine teinte chimiquement a été acheté faute de fournisseur végétal.", "2026-03-12"),
            diagnoses: [("camille", .ecological, .partly), ("malik", .ecological, .notYet), ("nadia", .ecological, .notYet),
                        ("sophie", .economic, .practised), ("theo", .economic, .practised), ("chloe", .governance, .practised)]),
    ]

    static func seedCode(_ code: DemoCode, community c: Community, users: [String: User], ids: IDGenerator, now: Date, on db: any Database) async throws {
        let cid = c.id!
        for (n, rev) in code.revisions.enumerated() {
            let r = CodeRevision()
            r.id = ids.next()
            r.communityID = cid
            r.number = n + 1
            r.parent = n
            r.summary = rev.summary
            r.$author.id = users[rev.author]!.id!
            r.sections = rev.sections.keys.sorted { $0.order < $1.order }.map(\.rawValue).joined(separator: ",")
            r.createdAt = now.addingTimeInterval(Double(n - code.revisions.count) * 86_400 * 30)
            try await r.create(on: db)
            for (key, body) in rev.sections {
                try await CodeSectionVersion(id: ids.next(), communityID: cid, section: key, revision: n + 1, body: body).create(on: db)
            }
        }
        c.codeRevision = code.revisions.count
        try await c.save(on: db)
        let a = Amendment()
        a.id = ids.next()
        a.communityID = cid
        a.$author.id = users[code.open.author]!.id!
        a.baseRevision = code.revisions.count
        a.summary = code.open.summary
        a.reason = code.open.reason
        a.status = .open
        a.textVersion = 1
        a.closesAt = now.addingTimeInterval(7 * 86_400)
        a.createdAt = now
        try await a.create(on: db)
        try await AmendmentChange(id: ids.next(), amendmentID: a.id!, communityID: cid, section: code.open.section, body: code.open.body, textVersion: 1).create(on: db)
        for handle in code.open.consents {
            let p = AmendmentPosition()
            p.id = ids.next()
            p.amendmentID = a.id!
            p.communityID = cid
            p.$user.id = users[handle]!.id!
            p.stance = .consent
            p.reason = ""
            p.textVersion = 1
            p.current = true
            p.createdAt = now
            try await p.create(on: db)
        }
        let f = CodeFact()
        f.id = ids.next()
        f.communityID = cid
        f.section = code.fact.section
        f.kind = .note
        f.url = ""
        f.note = code.fact.note
        f.observedOn = code.fact.date
        f.stance = .contests
        f.$author.id = users[code.fact.author]!.id!
        f.createdAt = now
        try await f.create(on: db)
        for (handle, section, rating) in code.diagnoses {
            let d = CodeDiagnosis()
            d.id = ids.next()
            d.communityID = cid
            d.section = section
            d.$user.id = users[handle]!.id!
            d.rating = rating
            d.comment = ""
            d.revision = code.revisions.count
            d.current = true
            d.createdAt = now
            try await d.create(on: db)
        }
    }

    @discardableResult
    static func insert(_ place: Place, users: [String: User], ids: IDGenerator, now: Date, on db: any Database) async throws -> Community {
        let c = Community(id: ids.next(), try CommunityDraft(slug: place.slug, name: place.name, purpose: place.purpose, perimeter: place.perimeter,
                                                             rhythm: place.rhythm, stage: place.stage.rawValue, visibility: place.visibility.rawValue,
                                                             charter: place.charter).validated().get(), createdAt: now)
        c.memberCount = 1 + place.stewards.count + place.members.count
        try await c.create(on: db)
        let cid = c.id!
        try await Charter(id: ids.next(), communityID: cid, version: 1, text: place.charter, authorID: users[place.founder]!.id!, createdAt: now).create(on: db)
        let roles: [(String, Role, MembershipStatus)] = [(place.founder, .founder, .active)]
            + place.stewards.map { ($0, .steward, .active) } + place.members.map { ($0, .member, .active) }
            + place.awaitingCharter.map { ($0, .member, .approved) }
        for (handle, role, status) in roles {
            let u = users[handle]!
            let m = Membership(id: ids.next(), communityID: cid, userID: u.id!, handle: handle, role: role, status: status, joinedAt: now)
            if status == .active {
                m.acceptedCharterVersion = 1
                try await CharterAcceptance(id: ids.next(), communityID: cid, userID: u.id!, version: 1, acceptedAt: now).create(on: db)
            }
            try await m.create(on: db)
        }
        for (handle, message) in place.pending {
            try await JoinRequest(id: ids.next(), communityID: cid, userID: users[handle]!.id!, message: message, createdAt: now).create(on: db)
        }
        return c
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
                    let c = Community(id: ids.next(), ValidCommunity(slug: slug, name: name, purpose: "Agir ensemble pour le bien commun à \(towns[i % towns.count]) : entraide, savoir-faire et chiffres partagés.",
                                           perimeter: towns[i % towns.count], rhythm: "mensuel", stage: LifeStage.allCases[i % 4],
                                           visibility: i % 3 == 0 ? .members : .public, charter: "Je donne autant que je reçois."), createdAt: now)
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
