import Foundation
import SQLKit
import Testing
import Vapor
@testable import EnjeuApp

/// The session lookup of every signed-in page (a PL/pgSQL function on PostgreSQL, a query on SQLite) answers the same:
/// the person, the unread count of in-app notifications capped at 100, and nobody once the session has expired.
@Suite struct SessionLookupTests {
    @Test(arguments: TestDatabase.all)
    func theSessionNamesThePersonAndCountsWhatIsUnread(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let web = WebClient(app: app)
            try await web.signUp("lookup_ana")
            func badge() async throws -> String? {
                let html = try await web.get("/me/account").body.string
                guard let r = html.range(of: #"data-count="(\d+)""#, options: .regularExpression) else { return nil }
                return String(html[r]).filter(\.isNumber)
            }
            #expect(try await badge() == "0")

            struct Row: Decodable { let id: UUID }
            let ana = try #require(try await app.db.row("SELECT id FROM users WHERE handle = 'lookup_ana'", as: Row.self)).id
            // Unread in the app: counted. Read, or kept for e-mail only: not.
            func notify(_ n: Int, inApp: Bool = true, read: Date? = nil) async throws {
                for _ in 0..<n {
                    try await sql(app.db).raw("""
                        INSERT INTO notifications (id, user_id, kind, actor, subject, link, in_app, read_at, created_at)
                        VALUES (\(bind: UUID()), \(bind: ana), 'mention', 'x', 'y', '/', \(bind: inApp), \(bind: read), \(bind: Date()))
                        """).run()
                }
            }
            try await notify(3)
            try await notify(2, read: Date())
            try await notify(4, inApp: false)
            #expect(try await badge() == "3")
            try await notify(120)
            #expect(try await badge() == "100", "counted up to 100: the badge says 99+")

            // Expired: the cookie no longer names anyone, and the account page asks to sign in.
            try await sql(app.db).raw("UPDATE sessions SET expires_at = \(bind: Date().addingTimeInterval(-1)) WHERE user_id = \(bind: ana)").run()
            let after = try await web.get("/me/account")
            #expect(after.status == .seeOther && after.headers.first(name: .location)?.hasPrefix("/signin") == true, "\(after.status)")
        }
    }
}
