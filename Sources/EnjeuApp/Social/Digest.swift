import Fluent
import Foundation
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// E-mails each person one digest of their unread notifications.
struct DigestService {
    let context: ServiceContext
    init(_ context: ServiceContext) { self.context = context }

    private struct Recipient: Decodable {
        let id: UUID, displayName: String, email: String, lang: String
        enum CodingKeys: String, CodingKey { case id, displayName = "display_name", email, lang }
    }

    private struct Pending: Decodable {  // column names already match
        let id: UUID, kind: String, actor: String, subject: String, link: String
    }

    static let maxUsers = 1_000
    static let maxLines = 50

    /// Unread, never e-mailed, and not switched off for e-mail by the person's preferences (no row: allowed).
    private static var pending: SQLQueryString { """
        n.read_at IS NULL AND n.emailed_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM notification_prefs p WHERE p.user_id = n.user_id AND p.kind = n.kind AND p.email = \(bind: false))
        """ }

    /// One run of the background work. For every user with unread notifications not yet e-mailed, whose preferences allow
    /// e-mail for that kind, sends one message listing them (at most 50, newest first, then "… and N more"), then sets
    /// emailed_at on exactly those rows. Returns the number of messages sent; 0 without a usable ENJEU_SMTP_URL. One person's
    /// failure is logged and the others continue; their rows stay un-emailed for the next run.
    func sendDue() async throws -> Int {
        guard let raw = context.config.smtpURL, let settings = SMTPSettings(url: raw) else { return 0 }
        let db = context.db
        let now = context.now
        let recipients = try await db.rows("""
            SELECT u.id, u.display_name, u.email, u.lang FROM users u
            WHERE EXISTS (SELECT 1 FROM notifications n WHERE n.user_id = u.id AND \(Self.pending))
            ORDER BY u.id LIMIT \(literal: Self.maxUsers)
            """, as: Recipient.self)
        var sent = 0
        for r in recipients {
            do {
                // The rows are claimed before sending, in one statement: another instance's digest running at the same
                // time finds them taken, so nobody gets the same lines twice. Newest first (ids are time-ordered).
                let rows = try await context.write { db in
                    try await db.rows("""
                        UPDATE notifications AS n SET emailed_at = \(bind: now) WHERE n.user_id = \(bind: r.id) AND \(Self.pending)
                        RETURNING id, kind, actor, subject, link
                        """, as: Pending.self)
                }.sorted { $0.id.uuidString > $1.id.uuidString }
                guard !rows.isEmpty else { continue }
                let mail = DigestMail(name: r.displayName, lines: rows.map { .init(kind: $0.kind, actor: $0.actor, subject: $0.subject, link: $0.link) })
                let (subject, body) = SocialViews.digestMail(mail, Lang(rawValue: r.lang) ?? .fr, maxLines: Self.maxLines)
                do {
                    try await SMTP.send(settings, to: r.email, subject: subject, body: body)
                } catch {
                    // Released for the next run.
                    for start in stride(from: 0, to: rows.count, by: 500) {
                        let ids = rows[start..<min(start + 500, rows.count)].map(\.id)
                        try? await context.write { db in try await sql(db).raw("UPDATE notifications SET emailed_at = NULL WHERE id IN (\(binds: ids))").run() }
                    }
                    throw error
                }
                sent += 1
            } catch {
                context.logger.warning("notification digest failed", metadata: ["user": "\(r.id)", "error": "\(error)"])
            }
        }
        return sent
    }
}
