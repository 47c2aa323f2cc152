import Foundation
import Testing
import Vapor
import VaporTesting
import SQLKit
#if canImport(Glibc)
import Glibc
#endif
@testable import EnjeuApp
import EnjeuWeb
@testable import EnjeuCore

/// Live streams are capped per account and per instance, and give their place back however they end;
/// a whole community's notifications are written after the write that caused them, in batches, and survive a crash.
@Suite struct LiveLimitsTests {
    // MARK: Stream caps

    @Test(arguments: TestDatabase.all)
    func fiveStreamsPerAccountPagesAndAPITogether(_ db: TestDatabase) async throws {
        // The default heartbeat (20 s): places must come back without waiting for it.
        try await withEnjeu(db) { app in
            let cast = try await Cast.make(app, visibility: "members", prefix: "cap")
            let web = WebClient(app: app)
            #expect(try await web.post("/signin", ["email": "cap_member@example.org", "password": "correct horse battery"]).status == .seeOther)
            let cookie = "Cookie: enjeu_session=\(try #require(web.cookies["enjeu_session"]))"
            let bearer = "Authorization: Bearer \(try #require(cast.member.token))"
            let port = try await serve(app)

            // Three on the API, two on the page: five for one account.
            var open: [RawHTTP] = []
            for i in 0..<5 {
                let (s, status, _) = try await RawHTTP.open(port, i < 3 ? "/api/v1/events" : "/events", i < 3 ? bearer : cookie)
                #expect(status == 200)
                open.append(s)
            }
            #expect(await app.eventHub.streams == 5)
            let (api, apiStatus, apiBody) = try await RawHTTP.open(port, "/api/v1/events", bearer)
            api.close()
            #expect(apiStatus == 429)
            let json = try JSONSerialization.jsonObject(with: Data(apiBody.utf8)) as? [String: Any]
            #expect(json?["error"] as? Bool == true)
            #expect((json?["reason"] as? String)?.contains("5") == true, "reason: \(apiBody)")
            let (page, pageStatus, pageBody) = try await RawHTTP.open(port, "/events", cookie)
            page.close()
            #expect(pageStatus == 429)
            #expect(pageBody.contains("flux en direct") || pageBody.contains("live streams"), "page: \(pageBody.prefix(300))")
            #expect(await app.eventHub.streams == 5)

            // Another account is not held back by this one.
            let (other, otherStatus, _) = try await RawHTTP.open(port, "/api/v1/events", "Authorization: Bearer \(try #require(cast.steward.token))")
            #expect(otherStatus == 200)
            other.close()

            // A tab closed: its place comes back, long before the next heartbeat.
            open.removeFirst().close()
            let again = try await openWithin(seconds: 3, port, "/api/v1/events", bearer)
            #expect(again != nil, "no place came back after a stream was closed")
            if let again { open.append(again) }

            // Streams the server ends (lifetime over, shutdown) give their places back too.
            await app.eventHub.finishAll()
            for s in open {
                _ = try await s.read(until: "\r\n0\r\n\r\n")  // the last chunk: the response has ended
                s.close()
            }
            #expect(await eventually { await app.eventHub.streams == 0 })
            for _ in 0..<5 {
                let (s, status, _) = try await RawHTTP.open(port, "/api/v1/events", bearer)
                #expect(status == 200)
                s.close()
            }
            await app.eventHub.finishAll()
            await app.server.shutdown()
        }
    }

    @Test(arguments: TestDatabase.all)
    func instanceCapIsConfigurable(_ db: TestDatabase) async throws {
        try await withEnjeu(db, tweak: { $0.sseMaxStreams = 3 }) { app in
            let cast = try await Cast.make(app, visibility: "members", prefix: "glob")
            let member = "Authorization: Bearer \(try #require(cast.member.token))"
            let steward = "Authorization: Bearer \(try #require(cast.steward.token))"
            let port = try await serve(app)
            var held: [RawHTTP] = []
            for who in [member, member, steward] {
                let (s, status, _) = try await RawHTTP.open(port, "/api/v1/events", who)
                #expect(status == 200)
                held.append(s)
            }
            let (full, status, body) = try await RawHTTP.open(port, "/api/v1/events", steward)
            full.close()
            #expect(status == 429)
            #expect(body.contains("maximum number of live streams") || body.contains("nombre maximal de flux"), "reason: \(body)")
            held.removeFirst().close()
            let next = try await openWithin(seconds: 5, port, "/api/v1/events", steward)
            #expect(next != nil, "the instance's place did not come back")
            next?.close()
            held.forEach { $0.close() }
            await app.eventHub.finishAll()
            #expect(await eventually { await app.eventHub.streams == 0 })
            await app.server.shutdown()
        }
    }

    @Test func streamLimitsFromEnvironment() throws {
        let config = try EnjeuConfig.fromEnvironment(["ENJEU_SSE_MAX_STREAMS": "50", "ENJEU_SSE_MAX_PER_ACCOUNT": "2"])
        #expect(config.sseMaxStreams == 50 && config.sseMaxPerAccount == 2)
        let defaults = try EnjeuConfig.fromEnvironment([:])
        #expect(defaults.sseMaxStreams == 2_000 && defaults.sseMaxPerAccount == 5)
        #expect(throws: EnjeuConfig.Invalid.self) { try EnjeuConfig.fromEnvironment(["ENJEU_SSE_MAX_STREAMS": "0"]) }
        #expect(throws: EnjeuConfig.Invalid.self) { try EnjeuConfig.fromEnvironment(["ENJEU_SSE_MAX_PER_ACCOUNT": "many"]) }
    }

    // MARK: Fan-out after commit

    @Test(arguments: TestDatabase.all)
    func amendmentsAndProposalsReachEveryMemberAfterCommit(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let cast = try await Cast.make(app, visibility: "members", prefix: "fan")
            let community = try await communityID(app, cast.slug)
            try await addMembers(app, community, count: 300, prefix: "fan")
            let everyoneElse = 301  // 300 added, the steward and the member, less the author

            let started = ContinuousClock.now
            let res = try await cast.member.post("/api/v1/communities/\(cast.slug)/code/amendments", [
                "baseRevision": 0, "summary": "Une raison d'être pour tous", "reason": "Parce que",
                "changes": [["section": "raison-d-etre", "body": "Relier les ateliers."]],
            ])
            #expect(res.status == .created, "\(res.body.string)")
            // A loose bound (the suite shares two cores): the fan-out's cost is not in the request, whatever the community's size.
            #expect(ContinuousClock.now - started < .seconds(30))
            #expect(await eventually(seconds: 30) { (try? await decisions(app, "Une raison d'être pour tous").total) == everyoneElse })

            #expect(try await cast.steward.post("/api/v1/communities/\(cast.slug)/journey/proposals",
                                                ["kind": "value", "title": "Réciprocité", "body": "Je donne autant que je reçois."]).status == .created)
            #expect(await eventually(seconds: 30) { (try? await decisions(app, "Réciprocité").total) == everyoneElse })

            await app.fanOutPump.settle()
            for subject in ["Une raison d'être pour tous", "Réciprocité"] {
                let d = try await decisions(app, subject)
                #expect(d.total == everyoneElse && d.people == everyoneElse, "\(subject): \(d)")
            }
            #expect(try await pendingFanOuts(app) == 0)
            // The author is not notified of their own amendment.
            struct Row: Decodable { let n: Int }
            let own = try await app.db.row("""
                SELECT COUNT(*) AS n FROM notifications n JOIN users u ON u.id = n.user_id
                WHERE u.handle = 'fan_member' AND n.subject = 'Une raison d''être pour tous'
                """, as: Row.self)
            #expect(own?.n == 0)
        }
    }

    @Test(arguments: TestDatabase.all)
    func aRolledBackWriteNotifiesNobody(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let cast = try await Cast.make(app, visibility: "members", prefix: "rb")
            let community = try await communityID(app, cast.slug)
            try await addMembers(app, community, count: 20, prefix: "rb")
            struct Refused: Error {}
            await #expect(throws: Refused.self) {
                try await app.writeAnnouncing(on: app.db) { db in
                    try await Notify.everyone(db, app: app, community: community, kind: .decision, actor: "rb_steward", actorID: nil,
                                              subject: "Jamais", link: "/", now: Date())
                    throw Refused()
                }
            }
            await app.fanOutPump.kick(app)
            await app.fanOutPump.settle()
            #expect(try await decisions(app, "Jamais").total == 0)
            #expect(try await pendingFanOuts(app) == 0)
        }
    }

    /// Committed, then the process dies before the fan-out: the next start delivers it.
    @Test(arguments: TestDatabase.all)
    func aFanOutLeftByACrashIsDeliveredAtTheNextStart(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let cast = try await Cast.make(app, visibility: "members", prefix: "crash")
            let community = try await communityID(app, cast.slug)
            try await addMembers(app, community, count: 450, prefix: "crash")
            // A plain write: recorded, but nothing kicks the delivery, as if the process had died right after the commit.
            try await app.write(on: app.db) { db in
                try await Notify.everyone(db, app: app, community: community, kind: .decision, actor: "crash_steward", actorID: nil,
                                          subject: "Après la panne", link: "/", now: Date())
            }
            #expect(try await pendingFanOuts(app) == 1)
            #expect(try await decisions(app, "Après la panne").total == 0)

            let restarted = try await Application.make(.testing)
            restarted.logger.logLevel = .warning
            do {
                try await configure(restarted, config: EnjeuConfig(database: app.enjeu.database, bcryptCost: 4))
                try await restarted.asyncBoot()
                #expect(await eventually(seconds: 30) { (try? await decisions(app, "Après la panne").total) == 452 })
                await restarted.fanOutPump.settle()
            } catch {
                try? await restarted.asyncShutdown()
                throw error
            }
            try await restarted.asyncShutdown()
            let d = try await decisions(app, "Après la panne")
            #expect(d.total == 452 && d.people == 452, "\(d)")
            #expect(try await pendingFanOuts(app) == 0)
        }
    }

    /// Workers racing over the same fan-outs (instances sharing a database, a sweep during a kick) notify each member once.
    @Test(arguments: TestDatabase.all)
    func concurrentWorkersNotifyEachMemberOnce(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let cast = try await Cast.make(app, visibility: "members", prefix: "race")
            let community = try await communityID(app, cast.slug)
            try await addMembers(app, community, count: 650, prefix: "race")
            for subject in ["Course 1", "Course 2", "Course 3"] {
                try await app.write(on: app.db) { db in
                    try await Notify.everyone(db, app: app, community: community, kind: .decision, actor: "race_steward", actorID: nil,
                                              subject: subject, link: "/", now: Date())
                }
            }
            await withTaskGroup(of: Void.self) { group in
                for _ in 0..<4 { group.addTask { await FanOut(app.context()).drain() } }
            }
            for subject in ["Course 1", "Course 2", "Course 3"] {
                let d = try await decisions(app, subject)
                #expect(d.total == 652 && d.people == 652, "\(subject): \(d)")
            }
            #expect(try await pendingFanOuts(app) == 0)
        }
    }

    /// 60 fan-outs no version can deliver (an unknown kind) and 60 whose delivery always fails, all older than a real
    /// one: they are dropped or postponed, and the real one is delivered at once.
    @Test(arguments: TestDatabase.all)
    func stuckFanOutsHoldBackNoOther(_ db: TestDatabase) async throws {
        // The app's clock stands still: however long a loaded machine takes to drain, no retry falls due by itself.
        let frozen = Date()
        try await withEnjeu(db, tweak: { $0.now = { frozen } }) { app in
            let cast = try await Cast.make(app, visibility: "members", prefix: "stuck")
            let community = try await communityID(app, cast.slug)
            try await addMembers(app, community, count: 5, prefix: "stuck")
            let postgres = sql(app.db).dialect.name == "postgresql"
            // A real failure, not a stand-in: the database refuses these notifications.
            if postgres {
                try await sql(app.db).raw("""
                    CREATE FUNCTION refuse_stuck() RETURNS trigger AS $$ BEGIN
                      IF NEW.subject = 'Toujours refusé' THEN RAISE EXCEPTION 'refused'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql
                    """).run()
                try await sql(app.db).raw("CREATE TRIGGER refuse_stuck BEFORE INSERT ON notifications FOR EACH ROW EXECUTE FUNCTION refuse_stuck()").run()
            } else {
                try await sql(app.db).raw("""
                    CREATE TRIGGER refuse_stuck BEFORE INSERT ON notifications WHEN NEW.subject = 'Toujours refusé' BEGIN SELECT RAISE(ABORT, 'refused'); END
                    """).run()
            }
            let old = Date().addingTimeInterval(-3_600)
            try await app.write(on: app.db) { db in
                for i in 0..<120 {
                    try await sql(db).raw("""
                        INSERT INTO notification_fanouts (id, community_id, audience, kind, actor, actor_id, subject, link, after_user, batches, created_at)
                        VALUES (\(bind: UUID()), \(bind: community), 'members', \(bind: i < 60 ? "no-such-kind" : "decision"), 'stuck_steward', NULL,
                          \(bind: i < 60 ? "Inconnu" : "Toujours refusé"), '/', NULL, 0, \(bind: old.addingTimeInterval(Double(i))))
                        """).run()
                }
                try await Notify.everyone(db, app: app, community: community, kind: .decision, actor: "stuck_steward", actorID: nil,
                                          subject: "Derrière la file", link: "/", now: Date())
            }
            await FanOut(app.context()).drain()
            let d = try await decisions(app, "Derrière la file")
            #expect(d.total == 7 && d.people == 7, "\(d)")
            struct Row: Decodable {
                let kind: String, attempts: Int, nextAt: Date?
                enum CodingKeys: String, CodingKey { case kind, attempts, nextAt = "next_at" }
            }
            var left = try await app.db.rows("SELECT kind, attempts, next_at FROM notification_fanouts", as: Row.self)
            #expect(left.count == 60 && left.allSatisfy { $0.kind == "decision" && $0.attempts == 1 && ($0.nextAt ?? .distantPast) > frozen },
                    "the unknown kind is dropped, the failing ones wait: \(left.count) left")
            await FanOut(app.context()).drain()
            left = try await app.db.rows("SELECT kind, attempts, next_at FROM notification_fanouts", as: Row.self)
            #expect(left.count == 60 && left.allSatisfy { $0.attempts == 1 }, "not retried before their time")

            // The cause is gone and their time has come: delivered.
            try await sql(app.db).raw(postgres ? "DROP TRIGGER refuse_stuck ON notifications" : "DROP TRIGGER refuse_stuck").run()
            try await sql(app.db).raw("UPDATE notification_fanouts SET next_at = \(bind: frozen.addingTimeInterval(-1))").run()
            await FanOut(app.context()).drain()
            #expect(try await pendingFanOuts(app) == 0)
            let retried = try await decisions(app, "Toujours refusé")
            #expect(retried.total == 60 * 7 && retried.people == 7, "\(retried)")
        }
    }

    @Test func retriesBackOffToSixHours() {
        #expect(FanOut.retryDelay(attempts: 1) == 30 && FanOut.retryDelay(attempts: 2) == 60 && FanOut.retryDelay(attempts: 5) == 480)
        #expect(FanOut.retryDelay(attempts: 10) == 15_360 && FanOut.retryDelay(attempts: 11) == 21_600 && FanOut.retryDelay(attempts: 10_000) == 21_600)
    }

    // MARK: Helpers

    func serve(_ app: Application) async throws -> Int {
        app.http.server.configuration.port = 0
        try await app.server.start()
        return try #require(app.http.server.shared.localAddress?.port)
    }

    /// Retries an opening refused for want of a place until one comes back.
    func openWithin(seconds: Int, _ port: Int, _ path: String, _ credential: String) async throws -> RawHTTP? {
        for _ in 0..<(seconds * 10) {
            let (s, status, _) = try await RawHTTP.open(port, path, credential)
            if status == 200 { return s }
            s.close()
            try await Task.sleep(for: .milliseconds(100))
        }
        return nil
    }

    func eventually(seconds: Int = 5, _ condition: () async -> Bool) async -> Bool {
        for _ in 0..<(seconds * 20) {
            if await condition() { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return await condition()
    }

    func communityID(_ app: Application, _ slug: String) async throws -> UUID {
        struct Row: Decodable { let id: UUID }
        return try #require(try await app.db.row("SELECT id FROM communities WHERE slug = \(bind: slug)", as: Row.self)).id
    }

    /// Active members added straight to the database: a sign-up each would take minutes.
    func addMembers(_ app: Application, _ community: UUID, count: Int, prefix: String) async throws {
        let now = Date()
        let users = (0..<count).map { i in
            User(id: UUID(), handle: "\(prefix)_m\(i)", displayName: "M\(i)", email: "\(prefix)_m\(i)@example.org", passwordHash: "x", lang: "fr", createdAt: now)
        }
        try await users.create(on: app.db)
        try await users.map { Membership(id: UUID(), communityID: community, userID: $0.id!, handle: $0.handle, role: .member, status: .active, joinedAt: now) }
            .create(on: app.db)
    }

    struct Decisions: Decodable, CustomStringConvertible {
        let total: Int, people: Int
        var description: String { "\(total) notifications for \(people) people" }
    }

    func decisions(_ app: Application, _ subject: String) async throws -> Decisions {
        try #require(try await app.db.row("""
            SELECT COUNT(*) AS total, COUNT(DISTINCT user_id) AS people FROM notifications WHERE kind = 'decision' AND subject = \(bind: subject)
            """, as: Decisions.self))
    }

    func pendingFanOuts(_ app: Application) async throws -> Int {
        struct Row: Decodable { let n: Int }
        return try await app.db.row("SELECT COUNT(*) AS n FROM notification_fanouts", as: Row.self)?.n ?? -1
    }
}
