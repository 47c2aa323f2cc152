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

@Suite struct SocialTests {
    /// A members-only community with a steward, two members and an outsider.
    func club(_ app: Application, _ prefix: String) async throws -> (Cast, APIClient) {
        let cast = try await Cast.make(app, visibility: "members", prefix: prefix)
        let extra = try await APIClient(app: app).person(prefix + "_extra")
        let id = try await extra.post("/api/v1/communities/\(cast.slug)/join-requests", ["message": "Bonjour"]).json()["id"] as! String
        #expect(try await cast.steward.post("/api/v1/communities/\(cast.slug)/join-requests/\(id)/approve").status == .ok)
        #expect(try await extra.post("/api/v1/communities/\(cast.slug)/charter/accept", ["version": 1]).status == .ok)
        return (cast, extra)
    }

    func notifications(_ who: APIClient) async throws -> [[String: Any]] { try await who.get("/api/v1/notifications").items() }

    @Test(arguments: TestDatabase.all)
    func feedMentionsRepliesAndPrivacy(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let (cast, extra) = try await club(app, "soc")
            let slug = cast.slug
            // Stewards hear of join requests (the pending person asked in Cast.make).
            #expect(try await notifications(cast.steward).contains { $0["kind"] as? String == "request" && $0["actor"] as? String == "soc_pending" })

            let posted = try await cast.member.post("/api/v1/communities/\(slug)/posts",
                                                    ["body": "Bonjour **@soc_steward**, @soc_outsider et @soc_pending : atelier samedi ?"])
            #expect(posted.status == .created, "\(posted.body.string)")
            let postID = try posted.json()["id"] as! String
            #expect((try posted.json()["html"] as? String)?.contains("<strong>") == true)

            // The mentioned member is notified; the outsider and the pending person, not members, hear nothing.
            let mention = try await notifications(cast.steward).first { $0["kind"] as? String == "mention" }
            #expect(mention?["actor"] as? String == "soc_member")
            #expect((mention?["link"] as? String)?.contains(postID) == true)
            #expect(try await notifications(cast.outsider).isEmpty)
            #expect(try await notifications(cast.pending).allSatisfy { $0["kind"] as? String != "mention" })

            // Members-only: invisible to outsiders by API, page, fragment and personal feed.
            #expect(try await cast.outsider.get("/api/v1/communities/\(slug)/posts").status == .notFound)
            #expect(try await cast.outsider.get("/api/v1/communities/\(slug)/posts/\(postID)").status == .notFound)
            #expect(try await cast.anonymous.get("/communities/\(slug)/posts/\(postID)?fragment=1").status != .ok)
            #expect(try await cast.outsider.post("/api/v1/communities/\(slug)/follow").status == .notFound)
            #expect(try await cast.outsider.get("/api/v1/feed").items().isEmpty)
            #expect(try await cast.pending.post("/api/v1/communities/\(slug)/posts", ["body": "Je ne suis pas encore membre"]).status == .notFound)

            // The feed also shows other features' events: members who joined.
            let feed = try await extra.get("/api/v1/communities/\(slug)/posts").items()
            #expect(feed.first?["id"] as? String == postID)
            #expect(feed.contains { $0["kind"] as? String == "member" && $0["subject"] as? String == "soc_extra" })
            #expect(try await extra.get("/api/v1/feed").items().contains { $0["id"] as? String == postID })

            // A comment notifies the post's author (as a reply, once) and the members it mentions.
            let comment = try await cast.steward.post("/api/v1/communities/\(slug)/posts/\(postID)/comments", ["body": "Oui ! @soc_member @soc_extra"])
            #expect(comment.status == .created)
            let memberNotes = try await notifications(cast.member)
            #expect(memberNotes.filter { $0["kind"] as? String == "reply" }.count == 1)
            #expect(!memberNotes.contains { $0["kind"] as? String == "mention" })
            #expect(try await notifications(extra).contains { $0["kind"] as? String == "mention" })
            let detail = try await cast.member.get("/api/v1/communities/\(slug)/posts/\(postID)").json()
            #expect((detail["comments"] as? [[String: Any]])?.count == 1)
            #expect((detail["post"] as? [String: Any])?["comments"] as? Int == 1)

            // Reading: only one's own notifications; someone else's id matches nothing.
            let mine = try await cast.member.get("/api/v1/notifications").json()
            #expect(mine["unread"] as? Int == 1)
            let replyID = (mine["items"] as! [[String: Any]])[0]["id"] as! String
            let foreign = try await cast.steward.post("/api/v1/notifications/read", ["ids": [replyID]]).json()
            #expect(foreign["marked"] as? Int == 0)
            let read = try await cast.member.post("/api/v1/notifications/read", ["ids": [replyID]]).json()
            #expect(read["marked"] as? Int == 1 && read["unread"] as? Int == 0)
            #expect(try await cast.member.post("/api/v1/notifications/read", ["ids": []]).status == .unprocessableEntity)
            #expect(try await cast.member.post("/api/v1/notifications/read", ["ids": ["nope"]]).status == .badRequest)

            // Preferences: mentions switched off are not stored at all.
            #expect(try await cast.steward.send(.PUT, "/api/v1/notifications/preferences", json: ["kind": "mention", "inApp": false, "email": false]).status == .ok)
            #expect(try await cast.steward.send(.PUT, "/api/v1/notifications/preferences", json: ["kind": "gossip", "inApp": false, "email": false]).status == .unprocessableEntity)
            let before = try await notifications(cast.steward).count
            _ = try await extra.post("/api/v1/communities/\(slug)/posts", ["body": "@soc_steward encore"])
            #expect(try await notifications(cast.steward).count == before)
            #expect(try await cast.steward.send(.PUT, "/api/v1/notifications/preferences", json: ["kind": "mention", "inApp": false, "email": true]).status == .ok)
            _ = try await extra.post("/api/v1/communities/\(slug)/posts", ["body": "@soc_steward pour le résumé"])
            #expect(try await notifications(cast.steward).count == before, "kept for the e-mail digest only")
            struct Kept: Decodable { let n: Int }
            #expect(try await app.db.row("SELECT COUNT(*) AS n FROM notifications WHERE in_app = \(bind: false)", as: Kept.self)?.n == 1)

            // Bad input: clear 4xx, nothing written.
            let empty = try await cast.member.post("/api/v1/communities/\(slug)/posts", ["body": "   "])
            #expect(empty.status == .unprocessableEntity)
            #expect(try empty.json()["error"] as? Bool == true)
            #expect(try await cast.member.post("/api/v1/communities/\(slug)/posts", ["body": String(repeating: "x", count: Social.postMax + 1)]).status == .unprocessableEntity)
            #expect(try await cast.member.post("/api/v1/communities/\(slug)/posts", ["text": "no body"]).status == .badRequest)
            #expect(try await cast.member.get("/api/v1/communities/\(slug)/posts?after=garbage").status == .badRequest)
            #expect(try await cast.member.post("/api/v1/communities/\(slug)/posts/\(UUID().uuidString)/comments", ["body": "?"]).status == .notFound)

            // Following: a public community's posts reach a follower's feed, and so do a followed member's public posts.
            #expect(try await cast.outsider.post("/api/v1/communities", communityBody("soc-public", visibility: "public")).status == .created)
            let open = try await cast.outsider.post("/api/v1/communities/soc-public/posts", ["body": "Portes ouvertes samedi"]).json()["id"] as! String
            #expect(try await cast.member.post("/api/v1/communities/soc-public/follow").status == .noContent)
            #expect(try await extra.post("/api/v1/people/soc_outsider/follow").status == .noContent)
            #expect(try await extra.post("/api/v1/people/nobody_here/follow").status == .notFound)
            #expect(try await cast.member.get("/api/v1/feed").items().contains { $0["id"] as? String == open })
            #expect(try await extra.get("/api/v1/feed").items().contains { $0["id"] as? String == open })
            #expect(try await cast.member.send(.DELETE, "/api/v1/communities/soc-public/follow").status == .noContent)
            #expect(try await !cast.member.get("/api/v1/feed").items().contains { $0["id"] as? String == open })
            #expect(try await cast.outsider.get("/api/v1/feed").items().allSatisfy { $0["community"] as? String == "soc-public" })

            // Keyset pages: 35 posts, two pages, no overlap.
            for i in 0..<35 { _ = try await extra.post("/api/v1/communities/\(slug)/posts", ["body": "Message \(i)"]) }
            let first = try await extra.get("/api/v1/communities/\(slug)/posts").json()
            let next = try #require(first["next"] as? String)
            let second = try await extra.get("/api/v1/communities/\(slug)/posts?after=\(next)").items()
            let ids1 = Set(((first["items"] as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String })
            #expect(ids1.count == SocialQueries.pageSize && !second.isEmpty && ids1.isDisjoint(with: Set(second.compactMap { $0["id"] as? String })))
        }
    }

    @Test(arguments: TestDatabase.all)
    func endorsementsAndExplainableCredibility(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let (cast, extra) = try await club(app, "cred")
            let slug = cast.slug
            let api = APIClient(app: app)
            // Five more accounts join and form a ring that endorses itself.
            var ring: [APIClient] = []
            for i in 0..<5 {
                let p = try await api.person("cred_ring\(i)")
                let id = try await p.post("/api/v1/communities/\(slug)/join-requests", ["message": "Bonjour"]).json()["id"] as! String
                #expect(try await cast.steward.post("/api/v1/communities/\(slug)/join-requests/\(id)/approve").status == .ok)
                #expect(try await p.post("/api/v1/communities/\(slug)/charter/accept", ["version": 1]).status == .ok)
                ring.append(p)
            }
            for i in 0..<5 {
                for j in 0..<5 where i != j {
                    #expect(try await ring[i].post("/api/v1/communities/\(slug)/endorsements", ["to": "cred_ring\(j)", "topic": "Coopération"]).status == .created)
                }
            }
            // Refusals with a reason.
            let selfie = try await cast.member.post("/api/v1/communities/\(slug)/endorsements", ["to": "cred_member", "topic": "Coopération"])
            #expect(selfie.status == .unprocessableEntity)
            #expect((try selfie.json()["reason"] as? String)?.contains("pas vous-même") == true)
            #expect(try await cast.member.post("/api/v1/communities/\(slug)/endorsements", ["to": "cred_outsider", "topic": "Coopération"]).status == .unprocessableEntity)
            #expect(try await cast.member.post("/api/v1/communities/\(slug)/endorsements", ["to": "cred_extra", "topic": "x"]).status == .unprocessableEntity)
            #expect(try await cast.outsider.post("/api/v1/communities/\(slug)/endorsements", ["to": "cred_extra", "topic": "Coopération"]).status == .notFound)
            // The steward (the anchor while nobody has results) trusts the member on cooperation; twice is refused, even spelled otherwise.
            let endorsed = try await cast.steward.post("/api/v1/communities/\(slug)/endorsements", ["to": "@cred_member", "topic": "Coopération", "note": "Toujours là"])
            #expect(endorsed.status == .created)
            let endorsementID = try endorsed.json()["id"] as! String
            #expect(try await cast.steward.post("/api/v1/communities/\(slug)/endorsements", ["to": "cred_member", "topic": "cooperation"]).status == .conflict)
            #expect(try await cast.member.post("/api/v1/communities/\(slug)/endorsements", ["to": "cred_extra", "topic": "Tissage"]).status == .created)
            #expect(try await notifications(cast.member).contains { $0["kind"] as? String == "endorsement" })

            // Across communities: a member of another club cannot be endorsed here.
            let other = try await Cast.make(app, visibility: "members", prefix: "oth")
            #expect(try await cast.member.post("/api/v1/communities/\(slug)/endorsements", ["to": "oth_member", "topic": "Tissage"]).status == .unprocessableEntity)
            #expect(try await other.member.post("/api/v1/communities/\(slug)/endorsements", ["to": "cred_extra", "topic": "Tissage"]).status == .notFound)

            // Never computed on a request: nothing until the background run (here: called directly, as the refresher does).
            #expect((try await cast.member.get("/api/v1/communities/\(slug)/credibility").json()["items"] as? [[String: Any]])?.isEmpty == true)
            #expect(try await cast.member.post("/api/v1/communities/\(slug)/credibility/refresh").status == .forbidden)
            try await CredibilityService(app.context()).recompute(try await communityID(app, slug))

            func scores(_ topic: String = "") async throws -> [String: Double] {
                let q = topic.isEmpty ? "" : "?topic=" + (topic.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? topic)
                let body = try await cast.member.get("/api/v1/communities/\(slug)/credibility" + q).json()
                #expect(body["computedAt"] as? String != nil)
                return Dictionary(uniqueKeysWithValues: ((body["items"] as? [[String: Any]]) ?? []).map { ($0["handle"] as! String, $0["score"] as! Double) })
            }
            let overall = try await scores()
            // The ring gained nothing: no honest member endorses it.
            for i in 0..<5 { #expect(overall["cred_ring\(i)"] == 0) }
            #expect(overall["cred_member"]! > 0)
            #expect(overall["cred_extra"]! > 0, "trust flows on: the member trusts extra")
            let cooperation = try await scores("COOPERATION")
            #expect(cooperation["cred_member"]! > 0 && Set(cooperation.keys) == Set(["cred_member"] + (0..<5).map { "cred_ring\($0)" }))

            // The "why": the endorsement in words, the results, the formula.
            let why = try await extra.get("/api/v1/communities/\(slug)/credibility/cred_member").json()
            let reasons = why["reasons"] as? [[String: Any]] ?? []
            #expect(reasons.contains { $0["from"] as? String == "cred_steward" && $0["topic"] as? String == "Coopération" && $0["note"] as? String == "Toujours là" })
            #expect((why["formula"] as? String)?.contains("EigenTrust") == true)
            #expect(why["rank"] as? Int != nil)
            #expect(try await cast.outsider.get("/api/v1/communities/\(slug)/credibility/cred_member").status == .notFound)
            #expect(try await cast.outsider.get("/api/v1/communities/\(slug)/credibility").status == .notFound)

            // Revoking lowers the score; only the endorser may revoke.
            #expect(try await cast.member.send(.DELETE, "/api/v1/communities/\(slug)/endorsements/\(endorsementID)").status == .forbidden)
            #expect(try await cast.steward.send(.DELETE, "/api/v1/communities/\(slug)/endorsements/\(endorsementID)").status == .noContent)
            #expect(try await cast.steward.send(.DELETE, "/api/v1/communities/\(slug)/endorsements/\(endorsementID)").status == .notFound)
            #expect(try await cast.steward.post("/api/v1/communities/\(slug)/credibility/refresh").status == .ok)
            #expect(try await scores()["cred_member"]! < overall["cred_member"]!)
        }
    }

    @Test(arguments: TestDatabase.all)
    func matchesShareValuesAndRespectPrivacy(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let api = APIClient(app: app)
            let ana = try await api.person("match_ana")
            let bob = try await api.person("match_bob")
            let eve = try await api.person("match_eve")
            #expect(try await ana.send(.PATCH, "/api/v1/me", json: ["values": "Coopération, écologie", "skills": "tissage"]).status == .ok)
            #expect(try await bob.send(.PATCH, "/api/v1/me", json: ["values": "cooperation", "skills": "Tissage, menuiserie"]).status == .ok)
            #expect(try await eve.send(.PATCH, "/api/v1/me", json: ["values": "Coopération", "skills": ""]).status == .ok)
            // Bob is in a public community, Eve only in a members-only one Ana is not in.
            #expect(try await bob.post("/api/v1/communities", communityBody("match-public", visibility: "public")).status == .created)
            #expect(try await eve.post("/api/v1/communities", communityBody("match-secret", visibility: "members")).status == .created)
            let out = try await ana.get("/api/v1/matches").json()
            let members = out["members"] as? [[String: Any]] ?? []
            let bobMatch = members.first { $0["key"] as? String == "match_bob" }
            #expect(Set(bobMatch?["shared"] as? [String] ?? []) == ["cooperation", "Tissage"])
            #expect((bobMatch?["reason"] as? String)?.isEmpty == false)
            #expect(!members.contains { $0["key"] as? String == "match_eve" }, "a members-only community's members are not revealed")
            #expect(try await APIClient(app: app).get("/api/v1/matches").status == .unauthorized)
        }
    }

    /// A client that disconnects leaves nothing behind: hundreds of connect/disconnect cycles, then the hub is empty.
    @Test func eventStreamDeliversLiveAndLeaksNothing() async throws {
        try await withEnjeu(.sqlite, tweak: { $0.sseHeartbeatSeconds = 0.05 }) { app in
            let (cast, _) = try await club(app, "live")
            app.http.server.configuration.port = 0
            try await app.server.start()
            let port = try #require(app.http.server.shared.localAddress?.port)
            let token = try #require(cast.steward.token)

            let stream = try RawHTTP(port: port)
            try stream.send("GET /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\nAccept: text/event-stream\r\n\r\n")
            #expect(try await stream.read(until: ": open").contains("text/event-stream"))
            #expect(await app.eventHub.count == 1)
            #expect(try await cast.member.post("/api/v1/communities/\(cast.slug)/posts", ["body": "En direct, @live_steward !"]).status == .created)
            let received = try await stream.read(until: "event: notification")
            #expect(received.contains("event: post"))
            let more = try await stream.read(until: "\n\n")
            #expect((received + more).contains("live_member"))
            stream.close()

            // Another caller's stream never sees the steward's notification; a stream without a token is refused.
            let anonymous = try RawHTTP(port: port)
            try anonymous.send("GET /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            #expect(try await anonymous.read(until: "\r\n\r\n").hasPrefix("HTTP/1.1 401"))
            anonymous.close()

            for _ in 0..<300 {
                let s = try RawHTTP(port: port)
                try s.send("GET /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\n\r\n")
                _ = try await s.read(until: ": open")
                s.close()
            }
            var left = await app.eventHub.count
            for _ in 0..<100 where left > 0 {
                try await Task.sleep(for: .milliseconds(50))
                left = await app.eventHub.count
            }
            #expect(left == 0, "subscriptions left after disconnects: \(left)")
            await app.server.shutdown()
        }
    }

    /// Two instances share one PostgreSQL: a notification written through one reaches a stream held by the other (LISTEN/NOTIFY),
    /// which listens where `DATABASE_LISTEN_URL` says — when that names no server, the instance does not start.
    @Test(arguments: [true, false])
    func liveEventsCrossInstancesThroughPostgres(listenerReachable: Bool) async throws {
        guard case let .postgres(url)? = TestDatabase.all.last, TestDatabase.all.count > 1 else { return }
        let schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(20)
        try await withEnjeu(.postgres(url: url), schema: String(schema)) { first in
            let (cast, _) = try await club(first, "multi")
            let second = try await Application.make(.testing)
            second.logger.logLevel = .critical
            do {
                var config = EnjeuConfig(database: .postgres(url: url, searchPath: [String(schema)]), bcryptCost: 4)
                config.listenURL = listenerReachable ? url : "postgres://postgres@127.0.0.1:1/enjeu"
                guard listenerReachable else {
                    // Listening nowhere would leave live events silent: the instance refuses to start, naming the variable.
                    await #expect { try await configure(second, config: config) } throws: { "\($0)".contains("DATABASE_LISTEN_URL") }
                    try await second.asyncShutdown()
                    return
                }
                try await configure(second, config: config)
                try await second.asyncBoot()
                struct Row: Decodable { let id: UUID }
                let steward = try #require(try await first.db.row("SELECT id FROM users WHERE handle = 'multi_steward'", as: Row.self)).id
                let (id, events) = await second.eventHub.subscribe(user: steward, lang: .fr, communities: [])
                try await first.asyncBoot()
                #expect(try await cast.member.post("/api/v1/communities/\(cast.slug)/posts", ["body": "Salut @multi_steward"]).status == .created)
                let got = try await withThrowingTaskGroup(of: String?.self) { group in
                    group.addTask { for await e in events where e.hasPrefix("event: notification") { return e }; return nil }
                    group.addTask { try await Task.sleep(for: .seconds(10)); return nil }
                    let r = try await group.next() ?? nil
                    group.cancelAll()
                    return r
                }
                await second.eventHub.unsubscribe(id)
                #expect(got?.contains("multi_member") == true, "the other instance received: \(got ?? "nothing")")
            } catch {
                try? await second.asyncShutdown()
                throw error
            }
            try await second.asyncShutdown()
        }
    }

    func communityID(_ app: Application, _ slug: String) async throws -> UUID {
        struct Row: Decodable { let id: UUID }
        return try #require(try await app.db.row("SELECT id FROM communities WHERE slug = \(bind: slug)", as: Row.self)).id
    }
}
