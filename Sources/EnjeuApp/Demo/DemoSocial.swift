import Fluent
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// The social space at benchmark scale: posts (one in nine mentions a member, who is notified as the app would) in the
/// weavers' community and in every synthetic one, endorsements among the weavers, each endorsed member notified; the
/// credibility of the communities they change is computed at the end of the load (`recomputeCredibility`).
extension DemoCommand {
    static let postColumns = ["id", "community_id", "author_id", "kind", "body", "subject", "link", "comments", "created_at"]
    static let notificationColumns = ["id", "user_id", "community_id", "kind", "actor", "subject", "link", "in_app", "created_at"]

    /// Who is notified of a kind, as `Notify.users` decides from preferences: nobody who switched it off both in the app
    /// and by e-mail; shown in the app unless switched off there. Synthetic people have no preferences; the story's may.
    struct Preferences: Sendable {
        private var off: Set<UUID> = [], hidden: Set<UUID> = []

        init(_ db: any Database, kind: NotificationKind) async throws {
            struct Row: Decodable { let userId: UUID; let inApp: Bool; let email: Bool
                enum CodingKeys: String, CodingKey { case email, userId = "user_id", inApp = "in_app" } }
            for r in try await db.rows("SELECT user_id, in_app, email FROM notification_prefs WHERE kind = \(bind: kind.rawValue)", as: Row.self) {
                if !r.inApp && !r.email { off.insert(r.userId) } else if !r.inApp { hidden.insert(r.userId) }
            }
        }

        /// The notification's row for `user`, or nil when it is not stored.
        func row(_ id: UUID, user: UUID, community: UUID, kind: NotificationKind, actor: String, subject: String, link: String,
                 at: Date) -> DemoBulk.Values? {
            off.contains(user) ? nil : [id, user, community, kind.rawValue, actor, subject, link, !hidden.contains(user), at]
        }
    }

    /// How many of each the weavers get: today's benchmark (a million posts) from 10,000 people up, less below.
    static func weaverPosts(_ s: DemoScale) -> Int { min(1_000_000, 100 * s.people) }
    static func weaverEndorsements(_ s: DemoScale) -> Int { min(20_000, 2 * s.people) }

    static func seedSocial(_ s: DemoScale, _ bulk: DemoBulk) async throws {
        let mentions = try await Preferences(bulk.app.db, kind: .mention)
        try await bulk.phase("weavers' posts") { try await seedWeaverPosts(s, bulk, mentions) }
        try await bulk.phase("communities' posts") { try await seedCityPosts(s, bulk, mentions) }
        try await bulk.phase("endorsements") { try await seedEndorsements(s, bulk) }
    }

    /// The weavers' posts, over the 300 days since the community was founded, by its synthetic members; one mention in
    /// fifty is of camille, the others of another synthetic weaver.
    static func seedWeaverPosts(_ s: DemoScale, _ bulk: DemoBulk, _ prefs: Preferences) async throws {
        let total = weaverPosts(s), authors = s.weaverCount
        guard authors >= 2 else { return }
        let slug = "tisserands-du-rhone"
        let spacing = 300.0 * 86_400 / Double(total)
        let first = s.now.addingTimeInterval(-300 * 86_400)
        try await bulk.load(total, into: [("posts", postColumns), ("notifications", notificationColumns)]) { range in
            var posts: [DemoBulk.Values] = [], notes: [DemoBulk.Values] = []
            posts.reserveCapacity(range.count)
            for i in range {
                var rng = DemoRandom(DemoScale.Seed.posts, i)
                let author = rng.below(authors)
                var mentioned: (UUID, String)?
                if i % 9 == 4 {
                    if (i / 9) % 50 == 0 { mentioned = (s.camille, "camille") } else {
                        let other = rng.below(authors)
                        if other != author { mentioned = (s.userIDs[other], DemoScale.handle(other)) }
                    }
                }
                let at = first.addingTimeInterval(Double(i) * spacing)
                let id = DemoIDs.id(DemoScale.Seed.posts, i, at: at)
                let body = scaleBody(i, mention: mentioned?.1, rng: &rng)
                posts.append([id, s.weavers, s.userIDs[author], FeedItemKind.post.rawValue, body, "", "", 0, at])
                if let (user, _) = mentioned, let note = prefs.row(DemoIDs.id(DemoScale.Seed.notifications, i, at: at), user: user, community: s.weavers,
                                                                   kind: .mention, actor: DemoScale.handle(author), subject: NotificationView.excerpt(body),
                                                                   link: SocialEndpoints.post.path(slug, id), at: at) {
                    notes.append(note)
                }
            }
            return [posts, notes]
        }
    }

    /// Two posts per person among the synthetic communities, in turn, over the past year; one in nine mentions another member.
    static func seedCityPosts(_ s: DemoScale, _ bulk: DemoBulk, _ prefs: Preferences) async throws {
        let total = 2 * s.people, size = s.size
        let spacing = 364.0 * 86_400 / Double(total)
        let first = s.now.addingTimeInterval(-364 * 86_400)
        try await bulk.load(total, into: [("posts", postColumns), ("notifications", notificationColumns)]) { range in
            var posts: [DemoBulk.Values] = [], notes: [DemoBulk.Values] = []
            posts.reserveCapacity(range.count)
            for i in range {
                var rng = DemoRandom(DemoScale.Seed.cityPosts, i)
                let c = i % s.communities, founder = s.founder(of: c)
                let author = (founder + rng.below(size)) % s.people
                var mentioned: Int?
                if i % 9 == 4, size > 1 {
                    let other = (founder + rng.below(size)) % s.people
                    if other != author { mentioned = other }
                }
                let at = first.addingTimeInterval(Double(i) * spacing)
                let id = DemoIDs.id(DemoScale.Seed.cityPosts, i, at: at)
                let body = scaleBody(i, mention: mentioned.map(DemoScale.handle), rng: &rng)
                posts.append([id, s.communityIDs[c], s.userIDs[author], FeedItemKind.post.rawValue, body, "", "", 0, at])
                if let m = mentioned, let note = prefs.row(DemoIDs.id(DemoScale.Seed.cityNotes, i, at: at), user: s.userIDs[m], community: s.communityIDs[c],
                                                           kind: .mention, actor: DemoScale.handle(author), subject: NotificationView.excerpt(body),
                                                           link: SocialEndpoints.post.path(DemoScale.slug(c), id), at: at) {
                    notes.append(note)
                }
            }
            return [posts, notes]
        }
    }

    /// Endorsements among all the weavers on ten topics: endorsers drawn evenly, the endorsed skewed (a few members receive
    /// many), each topic favouring different members; never oneself, one active endorsement per (endorser, endorsed,
    /// topic). Each endorsed member is notified; the community's credibility is marked for recomputation.
    static func seedEndorsements(_ s: DemoScale, _ bulk: DemoBulk) async throws {
        struct Member: Decodable { let userId: UUID; let handle: String; enum CodingKeys: String, CodingKey { case handle, userId = "user_id" } }
        struct Active: Decodable {
            let fromId: UUID; let toId: UUID; let topicKey: String
            enum CodingKeys: String, CodingKey { case fromId = "from_id", toId = "to_id", topicKey = "topic_key" }
        }
        let db = bulk.app.db
        let members = try await db.rows("""
            SELECT user_id, handle FROM memberships WHERE community_id = \(bind: s.weavers) AND status = \(bind: MembershipStatus.active.rawValue)
            ORDER BY handle
            """, as: Member.self)
        let synthetic = Set(s.userIDs.prefix(s.weaverCount))
        // The story's members first, then the synthetic ones.
        let pool = members.filter { !synthetic.contains($0.userId) } + members.filter { synthetic.contains($0.userId) }
        let n = pool.count
        guard s.weaverCount >= 2, n >= 2 else { return }
        let topics = ["Coopération", "Transmission", "Tissage", "Teinture végétale", "Comptabilité", "Couture", "Écoute", "Réciprocité",
                      "Sobriété", "Médiation"].map { Topic($0)! }
        var index: [UUID: Int] = [:]
        for (i, m) in pool.enumerated() { index[m.userId] = i }
        var topicIndex: [String: Int] = [:]
        for (t, topic) in topics.enumerated() { topicIndex[topic.key] = t }
        var seen = Set<Int>()
        for e in try await db.rows("""
            SELECT from_id, to_id, topic_key FROM endorsements WHERE community_id = \(bind: s.weavers) AND revoked_at IS NULL
            """, as: Active.self) {
            if let f = index[e.fromId], let t = index[e.toId], let k = topicIndex[e.topicKey] { seen.insert((f * n + t) * topics.count + k) }
        }
        var rng = DemoRandom(seed: DemoScale.Seed.endorsements)
        var drafts: [(from: Int, to: Int, topic: Int)] = []
        var attempts = 0
        let wanted = weaverEndorsements(s)
        while drafts.count < wanted && attempts < 50 * wanted {
            attempts += 1
            let topic = rng.below(topics.count)
            let from = rng.below(n)
            let u = rng.unit()
            let to = (Int(Double(n) * u * u) + topic * 101) % n
            guard from != to, seen.insert((from * n + to) * topics.count + topic).inserted else { continue }
            drafts.append((from, to, topic))
        }
        let notesText = ["", "Toujours présent·e pour l'atelier du samedi.", "M'a appris beaucoup en peu de temps.", "Des conseils justes et patients.",
                         "Fiable pour les achats groupés.", "Explique clairement, sans juger.", "", "A dénoué un désaccord avec tact.",
                         "Son travail parle pour elle ou lui.", "Partage ses sources sans compter."]
        let prefs = try await Preferences(db, kind: .endorsement)
        let spacing = 300.0 * 86_400 / Double(max(1, drafts.count))
        let first = s.now.addingTimeInterval(-300 * 86_400)
        var endorsements: [DemoBulk.Values] = [], notes: [DemoBulk.Values] = []
        for (k, d) in drafts.enumerated() {
            let at = first.addingTimeInterval(Double(k) * spacing)
            let (from, to, topic) = (pool[d.from], pool[d.to], topics[d.topic])
            endorsements.append([DemoIDs.id(DemoScale.Seed.endorsements, k, at: at), s.weavers, from.userId, to.userId, topic.key, topic.label,
                                 notesText[rng.below(notesText.count)], at])
            if let note = prefs.row(DemoIDs.id(DemoScale.Seed.endorsementNotes, k, at: at), user: to.userId, community: s.weavers, kind: .endorsement,
                                    actor: from.handle, subject: topic.label, link: SocialEndpoints.why.path("tisserands-du-rhone", to.handle), at: at) {
                notes.append(note)
            }
        }
        let rows = (endorsements, notes)
        try await bulk.write { db in
            try await bulk.insert(db, "endorsements", ["id", "community_id", "from_id", "to_id", "topic_key", "topic", "note", "created_at"], rows.0[...])
            try await bulk.insert(db, "notifications", notificationColumns, rows.1[...])
            try await SocialIndexes.recountTopics(db, community: s.weavers)
            try await Notify.credibilityChanged(db, s.weavers)
        }
    }

    static let socialSentences = [
        "Atelier ouvert samedi, le métier de table est libre l'après-midi.",
        "Nouveau lot de laine mérinos reçu, il reste # pelotes.",
        "Qui a un peigne de 60 dents à prêter cette semaine ?",
        "La teinture à la garance a donné un rouge magnifique.",
        "J'ai terminé l'écharpe en chevrons, photos à l'atelier.",
        "Rappel : l'assemblée mensuelle a lieu jeudi à 19 h.",
        "Le prix du lin brut a encore augmenté de # %.",
        "Merci à toutes celles et ceux qui sont venus à la vente.",
        "Je cherche une fileuse pour un petit lot de chanvre.",
        "Les apprenties ont monté leur première chaîne seules !",
        "Quelqu'un part à Valence vendredi ? J'ai un carton à livrer.",
        "La navette du grand métier coince, je regarde ça demain.",
        "Bilan du marché : # pièces vendues, belle journée.",
        "On mutualise une commande de fil de coton bio ?",
        "Je propose un atelier réparation de tissus le mois prochain.",
        "Le registre du matériel est à jour, merci de le signer.",
        "Belle rencontre avec une boutique de Vienne intéressée par nos plaids.",
        "Essai de tissage sergé avec du fil recyclé : concluant.",
        "Il reste des places pour la formation du # du mois.",
        "J'ai mis mes tarifs à jour dans le catalogue de la coopérative.",
        "Qui peut garder l'atelier ouvert mardi soir ?",
        "La récolte de pastel est bonne cette année, bleu garanti.",
        "Je partage mon patron de sac en toile, libre d'usage.",
        "Petit retard sur la commande groupée, livraison la semaine prochaine.",
        "Les comptes du trimestre sont en ligne pour tous les membres.",
        "Un grand merci pour l'accueil à l'atelier ce samedi.",
        "Quelqu'un connaît un bon réparateur de rouet près de Lyon ?",
        "Idée : un carnet commun des recettes de teinture végétale.",
        "J'ai besoin d'un avis sur la densité de ma trame.",
        "Le lin de la filature du Nord est de bien meilleure qualité.",
        "Prochaine vente commune : place des Terreaux, fin du mois.",
        "Je peux donner # heures de transmission ce trimestre.",
    ]
    static let socialMentions = ["Merci @% pour le coup de main !", "@%, tu passes à l'atelier samedi ?", "Question pour @% :",
                                 "Avec @%, nous avons préparé la vente.", "@% a trouvé un fournisseur de lin."]

    /// 80 to 200 characters of the weavers' everyday life, sometimes addressed to a member.
    static func scaleBody(_ i: Int, mention: String?, rng: inout DemoRandom) -> String {
        let target = 80 + Int(rng.next() % 121)
        // Templates split once at their placeholder (Foundation's replacing is slow on Linux), lengths in characters.
        var body = "", length = 0
        if let mention {
            let (before, after) = mentionParts[Int(rng.next() % UInt64(mentionParts.count))]
            body = before + "@" + mention + after
            length = body.count
        }
        for _ in 0..<10 where length < target {
            let parts = sentenceParts[Int(rng.next() % UInt64(sentenceParts.count))]
            let number = parts.after.map { _ in String(2 + (i + Int(rng.next() % 97)) % 97) }
            let count = parts.count + (number?.count ?? 0)
            let extra = (length == 0 ? 0 : 1) + count
            guard length + extra <= 200 else { continue }
            if length > 0 { body += " " }
            body += parts.before
            if let number, let after = parts.after { body += number + after }
            length += extra
        }
        if length < 80 { body += " Bonne semaine à toutes et à tous." }
        return body
    }

    /// Each sentence before and after its « # » (nil: none), and its length without it.
    static let sentenceParts: [(before: String, after: String?, count: Int)] = socialSentences.map { s in
        guard let hash = s.firstIndex(of: "#") else { return (s, nil, s.count) }
        let before = String(s[..<hash]), after = String(s[s.index(after: hash)...])
        return (before, after, before.count + after.count)
    }
    /// Each mention template before and after its « @% ».
    static let mentionParts: [(String, String)] = socialMentions.map { m in
        let at = m.firstIndex(of: "%")!
        return (String(m[..<m.index(before: at)]), String(m[m.index(after: at)...]))
    }
}
