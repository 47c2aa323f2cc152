import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import EnjeuApp
import EnjeuCore

/// Two Enjeu instances on loopback ports, each with its own database, federate over real HTTP (issue 19).
@Suite struct FederationTests {
    @Test(arguments: TestDatabase.all)
    func aCommunityOnOneInstanceFollowsACommunityOnAnother(_ db: TestDatabase) async throws {
        try await withInstance(db) { a, portA in
            try await withInstance(db) { b, portB in
                let hostA = "127.0.0.1:\(portA)"
                let (ana, bob) = try await ateliersAndTisserands(a, b)
                #expect(try await ana.post("/api/v1/communities", communityBody("secret", visibility: "members")).status == .created)

                // Discovery: WebFinger, the actor, NodeInfo; a members-only community is nowhere.
                let finger = try await get(a, "http://\(hostA)/.well-known/webfinger?resource=acct:ateliers@\(hostA)")
                #expect(finger.status == .ok && finger.headers.contentType?.description.contains("jrd+json") == true)
                let links = try #require(finger.json()["links"] as? [[String: Any]])
                #expect(links.first?["href"] as? String == "http://\(hostA)/ap/communities/ateliers")
                let actor = try await get(a, "http://\(hostA)/ap/communities/ateliers", accept: "application/activity+json")
                let doc = try actor.json()
                #expect(doc["type"] as? String == "Group" && doc["inbox"] as? String == "http://\(hostA)/ap/communities/ateliers/inbox")
                #expect(actor.headers.first(name: "Vary") == "Accept")
                #expect((doc["publicKey"] as? [String: Any])?["publicKeyPem"] as? String != nil)
                let ld = try await get(a, "http://\(hostA)/ap/communities/ateliers", accept: #"application/ld+json; profile="https://www.w3.org/ns/activitystreams""#)
                #expect(try ld.json()["id"] as? String == doc["id"] as? String)
                // A browser is sent to the community's page (HTTP client above follows redirects; this one does not).
                let page = try await a.testing().sendRequest(.GET, "/ap/communities/ateliers", headers: ["Accept": "text/html"])
                #expect(page.status == .seeOther && page.headers.first(name: .location) == "/communities/ateliers")
                #expect(try await get(a, "http://\(hostA)/.well-known/webfinger?resource=acct:secret@\(hostA)").status == .notFound)
                #expect(try await get(a, "http://\(hostA)/ap/communities/secret", accept: "application/activity+json").status == .notFound)
                #expect(try await get(a, "http://\(hostA)/.well-known/webfinger?resource=acct:ateliers@elsewhere.test").status == .notFound)
                #expect(try await get(a, "http://\(hostA)/.well-known/webfinger").status == .badRequest)
                let nodeInfo = try await get(a, "http://\(hostA)/nodeinfo/2.1")
                #expect(try nodeInfo.json()["version"] as? String == "2.1")

                // B's community follows A's: pending, then accepted once A's Accept has come back.
                let asked = try await bob.post("/api/v1/communities/tisserands/federation/following", ["actor": "@ateliers@\(hostA)"])
                #expect(asked.status == .accepted, "\(asked.body.string)")
                #expect(try asked.json()["state"] as? String == "pending")
                let accepted = try await eventually {
                    let list = try await bob.get("/api/v1/communities/tisserands/federation/following").items()
                    return list.first?["state"] as? String == "accepted" ? list : nil
                }
                #expect(accepted.first?["actor"] as? String == "http://\(hostA)/ap/communities/ateliers")
                #expect(try await followers(a, hostA, "ateliers") == 1)

                // Following is the stewards' (or the links right's); bad input names the field.
                let stranger = try await APIClient(app: b).person("carl_b")
                #expect(try await stranger.post("/api/v1/communities/tisserands/federation/following", ["actor": "@ateliers@\(hostA)"]).status == .forbidden)
                let blank = try await bob.post("/api/v1/communities/tisserands/federation/following", ["actor": "  "])
                let reason = try blank.json()["reason"] as? String ?? ""
                #expect(blank.status == .unprocessableEntity && reason.contains("actor"))
                let nowhere = try await bob.post("/api/v1/communities/tisserands/federation/following", ["actor": "@secret@\(hostA)"])
                #expect(nowhere.status == .unprocessableEntity)

                // A Follow sent straight to the members-only community's inbox is refused with a Reject.
                let ctxB = b.context()
                let tisserands = try #require(try await FederatedCommunity.find("tisserands", ctxB.db))
                let fedB = try ctxB.federation()
                let secretFollow = fedB.communityIRI("tisserands") + "/follows/secret-1"
                try await ctxB.write { db in
                    try await Delivery.enqueue(db, ctxB, owner: tisserands.keyOwner, actorIRI: fedB.communityIRI("tisserands"),
                                               inbox: "http://\(hostA)/ap/communities/secret/inbox", activity: [
                                                   "@context": Federation.context, "id": secretFollow, "type": "Follow",
                                                   "actor": fedB.communityIRI("tisserands"), "object": "http://\(hostA)/ap/communities/secret"])
                }
                _ = try await eventually {
                    try await count(b, "SELECT COUNT(*) AS n FROM inbox_activities WHERE kind = 'Reject'") == 1 ? true : nil
                }
                // A community that does not exist answers the same: neither the inbox nor the answer tells them apart.
                try await ctxB.write { db in
                    try await Delivery.enqueue(db, ctxB, owner: tisserands.keyOwner, actorIRI: fedB.communityIRI("tisserands"),
                                               inbox: "http://\(hostA)/ap/communities/nowhere/inbox", activity: [
                                                   "@context": Federation.context, "id": secretFollow + "-nowhere", "type": "Follow",
                                                   "actor": fedB.communityIRI("tisserands"), "object": "http://\(hostA)/ap/communities/nowhere"])
                }
                _ = try await eventually {
                    try await count(b, "SELECT COUNT(*) AS n FROM inbox_activities WHERE kind = 'Reject'") == 2 ? true : nil
                }
                for slug in ["secret", "nowhere"] {
                    let unsigned = try await a.client.post(URI(string: "http://\(hostA)/ap/communities/\(slug)/inbox"),
                                                           headers: ["Content-Type": Federation.activityJSON]) { $0.body = ByteBuffer(string: "{}") }
                    #expect(unsigned.status == .unauthorized, "\(slug)")
                }
                #expect(try await count(a, "SELECT COUNT(*) AS n FROM federation_followers") == 1)

                // Undo: A forgets its follower.
                let follow = try #require(try await (ctxB.db as! any SQLDatabase).raw("SELECT follow_id FROM federation_following")
                    .first(decoding: FollowRow.self))
                try await ctxB.write { db in
                    try await Delivery.enqueue(db, ctxB, owner: tisserands.keyOwner, actorIRI: fedB.communityIRI("tisserands"),
                                               inbox: "http://\(hostA)/ap/inbox", activity: [
                                                   "@context": Federation.context, "id": fedB.communityIRI("tisserands") + "/undo/1", "type": "Undo",
                                                   "actor": fedB.communityIRI("tisserands"),
                                                   "object": ["id": follow.follow_id, "type": "Follow", "actor": fedB.communityIRI("tisserands"),
                                                              "object": "http://\(hostA)/ap/communities/ateliers"]])
                }
                _ = try await eventually { try await followers(a, hostA, "ateliers") == 0 ? true : nil }
            }
        }
    }

    @Test(arguments: TestDatabase.all)
    func anInboxTakesOnlyWhatItCanVerifyOnce(_ db: TestDatabase) async throws {
        try await withInstance(db) { a, portA in
            try await withInstance(db) { b, portB in
                let hostA = "127.0.0.1:\(portA)"
                _ = try await ateliersAndTisserands(a, b)
                let ctxB = b.context()
                let fedB = try ctxB.federation()
                let tisserands = try #require(try await FederatedCommunity.find("tisserands", ctxB.db))
                let key = try await ActorKey.of(tisserands.keyOwner, ctxB)
                let me = fedB.communityIRI("tisserands")
                let inbox = "http://\(hostA)/ap/communities/ateliers/inbox"
                func follow(_ id: String, actor: String? = nil) -> Data {
                    try! JSONSerialization.data(withJSONObject: ["@context": Federation.context, "id": me + "/follows/" + id, "type": "Follow",
                                                                 "actor": actor ?? me, "object": "http://\(hostA)/ap/communities/ateliers"])
                }
                func signed(_ body: Data, sent: Data? = nil, at: Date = Date()) async throws -> ClientResponse {
                    var headers = try HTTPSignatures.headers(method: .POST, url: URLParts(inbox)!, body: body, keyId: me + "#main-key", key: key, now: at)
                    headers.add(name: .contentType, value: Federation.activityJSON)
                    return try await a.client.post(URI(string: inbox), headers: headers) { $0.body = ByteBuffer(data: sent ?? body) }
                }
                let unsigned = try await a.client.post(URI(string: inbox), headers: ["Content-Type": Federation.activityJSON]) {
                    $0.body = ByteBuffer(data: follow("1"))
                }
                #expect(unsigned.status == .unauthorized)
                #expect(try await signed(follow("2"), sent: follow("2-altered")).status == .unauthorized)
                #expect(try await signed(follow("3"), at: Date().addingTimeInterval(-7_200)).status == .unauthorized)
                // The signer speaks only for its own server's actors.
                #expect(try await signed(follow("4", actor: "http://127.0.0.1:9/ap/communities/x")).status == .unauthorized)
                #expect(try await count(a, "SELECT COUNT(*) AS n FROM inbox_activities") == 0)
                // The same activity twice: acknowledged twice, kept and processed once.
                #expect(try await signed(follow("5")).status == .accepted)
                #expect(try await signed(follow("5")).status == .accepted)
                #expect(try await count(a, "SELECT COUNT(*) AS n FROM inbox_activities") == 1)
                _ = try await eventually { try await followers(a, hostA, "ateliers") == 1 ? true : nil }
                // Oversized: refused before it is read.
                let big = Data(repeating: UInt8(ascii: " "), count: FederationRules.maxActivityBytes + 1)
                #expect(try await signed(big).status == .payloadTooLarge)
                // Not an activity once verified: 400, nothing kept.
                #expect(try await signed(Data("[1]".utf8)).status == .badRequest)
                #expect(try await count(a, "SELECT COUNT(*) AS n FROM inbox_activities") == 1)
            }
        }
    }

    @Test func withoutAPublicAddressNothingFederates() async throws {
        try await withEnjeu(.sqlite) { app in
            let api = APIClient(app: app)
            let finger = try await api.get("/.well-known/webfinger?resource=acct:x@localhost")
            let actor = try await api.get("/ap/actor")
            let inbox = try await api.post("/ap/inbox", ["type": "Follow"])
            #expect(finger.status == .notFound && actor.status == .notFound && inbox.status == .notFound)
        }
    }

    // MARK: Support

    struct FollowRow: Decodable { let follow_id: String }

    /// Ana's public « ateliers » on A, Bob's public « tisserands » on B: their stewards' clients.
    func ateliersAndTisserands(_ a: Application, _ b: Application) async throws -> (APIClient, APIClient) {
        let ana = try await APIClient(app: a).person("ana_a")
        #expect(try await ana.post("/api/v1/communities", communityBody("ateliers", visibility: "public")).status == .created)
        let bob = try await APIClient(app: b).person("bob_b")
        #expect(try await bob.post("/api/v1/communities", communityBody("tisserands", visibility: "public")).status == .created)
        return (ana, bob)
    }

    /// An instance serving on a loopback port its public address names, with its job queue running fast.
    func withInstance(_ db: TestDatabase, _ body: (Application, Int) async throws -> Void) async throws {
        let port = try freePort()
        try await withEnjeu(db, tweak: { $0.publicURL = URLParts("http://127.0.0.1:\(port)") }) { app in
            app.http.server.configuration.port = port
            try app.server.start()
            let runner = JobRunner(scheduled: [], queue: JobQueue(handlers: JobQueue.handlers, retry: RetryPolicy(base: 0.1, cap: 0.5)),
                                   workers: 2, poll: 0.05)
            try await runner.didBootAsync(app)
            do { try await body(app, port) } catch {
                await runner.shutdownAsync(app)
                await app.server.shutdown()
                throw error
            }
            await runner.shutdownAsync(app)
            await app.server.shutdown()
        }
    }

    func get(_ app: Application, _ url: String, accept: String = "application/json") async throws -> ClientResponse {
        try await app.client.get(URI(string: url), headers: ["Accept": accept])
    }

    func followers(_ app: Application, _ host: String, _ slug: String) async throws -> Int {
        try await get(app, "http://\(host)/ap/communities/\(slug)/followers", accept: "application/activity+json")
            .content.decode(Total.self, using: JSONDecoder()).totalItems
    }
    struct Total: Decodable { let totalItems: Int }

    func count(_ app: Application, _ query: String) async throws -> Int {
        try await app.db.count(SQLQueryString(query))
    }

    /// Polls until `check` gives a value (10 s at most): what crosses servers arrives through their job queues.
    func eventually<T>(_ check: () async throws -> T?) async throws -> T {
        for _ in 0..<200 {
            if let v = try await check() { return v }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw Abort(.gatewayTimeout, reason: "not arrived within 10 s")
    }

    /// A port free a moment ago: the public address must name it before the server starts.
    func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &addr) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) == 0 && getsockname(fd, $0, &len) == 0 }
        }
        guard bound else { throw Abort(.internalServerError, reason: "no free port") }
        return Int(UInt16(bigEndian: addr.sin_port))
    }
}

extension ClientResponse {
    func json() throws -> [String: Any] {
        guard var body, let data = body.readData(length: body.readableBytes),
              let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw Abort(.internalServerError, reason: "not a JSON object")
        }
        return object
    }
}
