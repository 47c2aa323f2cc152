import Fluent
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// The weavers' social space at benchmark scale: 1,000,000 posts by the synthetic weavers and 20,000 endorsements on ten
/// topics, with the credibility computed once at the end.
extension DemoCommand {
    /// Benchmark scale, in the weavers' community: 1,000,000 posts by the synthetic members (one in nine mentions a member,
    /// who is notified as the app would), 20,000 endorsements among all its members on ten topics, then the credibility.
    static func seedSocialScale(people: [(UUID, String)], app: Application, now: Date) async throws {
        struct Row: Decodable { let id: UUID }
        struct Member: Decodable, Sendable {
            let userId: UUID; let handle: String
            enum CodingKeys: String, CodingKey { case handle, userId = "user_id" }
        }
        guard let community = try await app.db.row("SELECT id FROM communities WHERE slug = 'tisserands-du-rhone'", as: Row.self)?.id else { return }
        let slug = "tisserands-du-rhone"
        let members = try await app.db.rows("""
            SELECT user_id, handle FROM memberships WHERE community_id = \(bind: community) AND status = \(bind: MembershipStatus.active.rawValue)
            ORDER BY handle
            """, as: Member.self)
        let synthetic = Set(people.map(\.0))
        let authors = members.filter { synthetic.contains($0.userId) }
        guard authors.count >= 100 else { return }
        let camille = members.first { $0.handle == "camille" }
        let ids = app.enjeu.ids
        let context = app.context()
        var rng = SocialRandom(seed: 0x7157_5E44_D0C1_A100)

        // Posts, ids ascending and created_at increasing with them, over the past year.
        let total = 1_000_000, perTransaction = 50_000, perInsert = 500
        let spacing = 365.0 * 86_400 / Double(total)
        var lastPost: UUID?, lastNote: UUID?
        for start in stride(from: 0, to: total, by: perTransaction) {
            let count = min(perTransaction, total - start)
            let postIDs = ascendingIDs(count, after: &lastPost, ids: ids)
            var posts: [ScalePost] = []
            posts.reserveCapacity(count)
            var mentions: [(user: UUID, post: Int)] = []
            for k in 0..<count {
                let i = start + k
                let author = authors[Int(rng.next() % UInt64(authors.count))]
                var mention: Member?
                if i % 9 == 4 {
                    if let camille, (i / 9) % 50 == 0 { mention = camille } else {
                        let other = authors[Int(rng.next() % UInt64(authors.count))]
                        mention = other.userId == author.userId ? nil : other
                    }
                }
                let body = scaleBody(i, mention: mention?.handle, rng: &rng)
                posts.append(ScalePost(id: postIDs[k], author: author.userId, actor: author.handle, body: body,
                                       at: now.addingTimeInterval(-Double(total - 1 - i) * spacing)))
                if let mention { mentions.append((mention.userId, k)) }
            }
            let noteIDs = ascendingIDs(mentions.count, after: &lastNote, ids: ids)
            let notes: [ScaleNote] = mentions.enumerated().map { n, m in
                let p = posts[m.post]
                return ScaleNote(id: noteIDs[n], user: m.user, actor: p.actor, subject: NotificationView.excerpt(p.body),
                                 link: SocialEndpoints.post.path(slug, p.id), at: p.at)
            }
            let batch = posts
            try await context.write { db in
                for chunk in stride(from: 0, to: batch.count, by: perInsert) {
                    var q = SQLQueryString("INSERT INTO posts (id, community_id, author_id, body, created_at, kind, subject, link, comments) VALUES")
                    for (n, p) in batch[chunk..<min(batch.count, chunk + perInsert)].enumerated() {
                        q.appendLiteral(n == 0 ? " (" : ", (")
                        q.appendInterpolation(binds: [p.id, community, p.author, p.body, p.at])
                        q.appendLiteral(", '\(FeedItemKind.post.rawValue)', '', '', 0)")
                    }
                    try await sql(db).raw(q).run()
                }
                try await insertNotifications(notes, kind: .mention, community: community, on: db)
            }
        }

        // Endorsements: endorsers drawn evenly, the endorsed skewed (a few members receive many), each topic favouring
        // different members; never oneself, one active endorsement per (endorser, endorsed, topic).
        let demo = members.filter { !synthetic.contains($0.userId) }
        let pool = demo + authors
        let n = pool.count
        let topics = ["Coopération", "Transmission", "Tissage", "Teinture végétale", "Comptabilité", "Couture", "Écoute", "Réciprocité",
                      "Sobriété", "Médiation"].map { Topic($0)! }
        var index: [UUID: Int] = [:]
        for (i, m) in pool.enumerated() { index[m.userId] = i }
        var topicIndex: [String: Int] = [:]
        for (t, topic) in topics.enumerated() { topicIndex[topic.key] = t }
        struct Active: Decodable {
            let fromId: UUID; let toId: UUID; let topicKey: String
            enum CodingKeys: String, CodingKey { case fromId = "from_id", toId = "to_id", topicKey = "topic_key" }
        }
        var seen = Set<Int>()
        for e in try await app.db.rows("""
            SELECT from_id, to_id, topic_key FROM endorsements WHERE community_id = \(bind: community) AND revoked_at IS NULL
            """, as: Active.self) {
            if let f = index[e.fromId], let t = index[e.toId], let k = topicIndex[e.topicKey] { seen.insert((f * n + t) * topics.count + k) }
        }
        var drafts: [(from: Int, to: Int, topic: Int)] = []
        var attempts = 0
        while drafts.count < 20_000 && attempts < 1_000_000 {
            attempts += 1
            let topic = Int(rng.next() % UInt64(topics.count))
            let from = Int(rng.next() % UInt64(n))
            let u = Double(rng.next() >> 11) / Double(1 << 53)
            let to = (Int(Double(n) * u * u) + topic * 101) % n
            guard from != to, seen.insert((from * n + to) * topics.count + topic).inserted else { continue }
            drafts.append((from, to, topic))
        }
        let notesText = ["", "Toujours présent·e pour l'atelier du samedi.", "M'a appris beaucoup en peu de temps.", "Des conseils justes et patients.",
                         "Fiable pour les achats groupés.", "Explique clairement, sans juger.", "", "A dénoué un désaccord avec tact.",
                         "Son travail parle pour elle ou lui.", "Partage ses sources sans compter."]
        var lastEndorsement: UUID?
        let endorsementIDs = ascendingIDs(drafts.count, after: &lastEndorsement, ids: ids)
        let eSpacing = 365.0 * 86_400 / Double(max(1, drafts.count))
        let endorsements: [ScaleEndorsement] = drafts.enumerated().map { k, d in
            ScaleEndorsement(id: endorsementIDs[k], from: pool[d.from].userId, to: pool[d.to].userId, topicKey: topics[d.topic].key,
                             topic: topics[d.topic].label, note: notesText[Int(rng.next() % UInt64(notesText.count))],
                             at: now.addingTimeInterval(-Double(drafts.count - k) * eSpacing))
        }
        try await context.write { db in
            for chunk in stride(from: 0, to: endorsements.count, by: perInsert) {
                var q = SQLQueryString("INSERT INTO endorsements (id, community_id, from_id, to_id, topic_key, topic, note, created_at) VALUES")
                for (k, e) in endorsements[chunk..<min(endorsements.count, chunk + perInsert)].enumerated() {
                    q.appendLiteral(k == 0 ? " (" : ", (")
                    q.appendInterpolation(binds: [e.id, community, e.from, e.to, e.topicKey, e.topic, e.note, e.at])
                    q.appendLiteral(")")
                }
                try await sql(db).raw(q).run()
            }
            try await Notify.credibilityChanged(db, community)
        }
        // Fresh statistics before the credibility reads them (and before the benchmark does).
        if sql(app.db).dialect.name == "postgresql" {
            try await sql(app.db).raw("ANALYZE posts").run()
            try await sql(app.db).raw("ANALYZE endorsements").run()
            try await sql(app.db).raw("ANALYZE notifications").run()
        }
        try await CredibilityService(context).recompute(community)
    }

    struct ScalePost: Sendable { let id: UUID; let author: UUID; let actor: String; let body: String; let at: Date }
    struct ScaleNote: Sendable { let id: UUID; let user: UUID; let actor: String; let subject: String; let link: String; let at: Date }
    struct ScaleEndorsement: Sendable {
        let id: UUID; let from: UUID; let to: UUID; let topicKey: String; let topic: String; let note: String; let at: Date
    }

    static func insertNotifications(_ notes: [ScaleNote], kind: NotificationKind, community: UUID, on db: any Database) async throws {
        for chunk in stride(from: 0, to: notes.count, by: 500) {
            var q = SQLQueryString("INSERT INTO notifications (id, user_id, community_id, kind, actor, subject, link, in_app, created_at) VALUES")
            for (k, note) in notes[chunk..<min(notes.count, chunk + 500)].enumerated() {
                q.appendLiteral(k == 0 ? " (" : ", (")
                q.appendInterpolation(binds: [note.id, note.user, community, kind.rawValue, note.actor, note.subject, note.link, true, note.at] as [any Encodable & Sendable])
                q.appendLiteral(")")
            }
            try await sql(db).raw(q).run()
        }
    }

    /// `n` fresh ids in ascending order, all after `last`. Version 7 ids drawn in one millisecond are in random order,
    /// so a bulk load sorts them: then id order (every keyset) is the order rows were made in, and created_at can follow it.
    static func ascendingIDs(_ n: Int, after last: inout UUID?, ids: IDGenerator) -> [UUID] {
        guard n > 0 else { return [] }
        var out = (0..<n).map { _ in ids.next() }
        out.sort(by: precedes)
        if let floor = last, !precedes(floor, out[0]) {
            // Some were drawn in the previous batch's last millisecond and sort before it: draw those again.
            for k in out.indices where !precedes(floor, out[k]) {
                repeat { out[k] = ids.next() } while !precedes(floor, out[k])
            }
            out.sort(by: precedes)
        }
        last = out[out.count - 1]
        return out
    }

    /// Byte order, as SQLite (16-byte blobs) and PostgreSQL (uuid) compare them.
    static func precedes(_ a: UUID, _ b: UUID) -> Bool {
        withUnsafeBytes(of: a.uuid) { x in withUnsafeBytes(of: b.uuid) { y in x.lexicographicallyPrecedes(y) } }
    }

    /// A small deterministic generator (SplitMix64): the same seed gives the same posts and endorsements.
    struct SocialRandom {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
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
    static func scaleBody(_ i: Int, mention: String?, rng: inout SocialRandom) -> String {
        let target = 80 + Int(rng.next() % 121)
        var body = mention.map { socialMentions[Int(rng.next() % UInt64(socialMentions.count))].replacingOccurrences(of: "%", with: $0) } ?? ""
        var length = body.count
        for _ in 0..<10 where length < target {
            var s = socialSentences[Int(rng.next() % UInt64(socialSentences.count))]
            if s.contains("#") { s = s.replacingOccurrences(of: "#", with: String(2 + (i + Int(rng.next() % 97)) % 97)) }
            let extra = (length == 0 ? 0 : 1) + s.count
            guard length + extra <= 200 else { continue }
            body += (length == 0 ? "" : " ") + s
            length += extra
        }
        if length < 80 { body += " Bonne semaine à toutes et à tous." }
        return body
    }
}
