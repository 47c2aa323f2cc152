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
                // A members-only community's post, fetched by its would-be address: nothing.
                let secretPost = try await ana.post("/api/v1/communities/secret/posts", ["body": "Entre nous"])
                let secretID = try #require(try secretPost.json()["id"] as? String)
                #expect(try await get(a, "http://\(hostA)/ap/communities/secret/posts/\(secretID)", accept: "application/activity+json").status == .notFound)
                #expect(try await get(a, "http://\(hostA)/ap/communities/secret/outbox?page=1", accept: "application/activity+json").status == .notFound)
                #expect(try await get(a, "http://\(hostA)/.well-known/webfinger").status == .badRequest)
                // An organisation is an Organization, found by WebFinger too; a Follow of it is refused for now.
                #expect(try await ana.post("/api/v1/organisations", organisationBody("coop-bois")).status == .created)
                let orgFinger = try await get(a, "http://\(hostA)/.well-known/webfinger?resource=acct:coop-bois@\(hostA)").json()
                #expect((orgFinger["links"] as? [[String: Any]])?.first?["href"] as? String == "http://\(hostA)/ap/organisations/coop-bois")
                let org = try await get(a, "http://\(hostA)/ap/organisations/coop-bois", accept: "application/activity+json").json()
                #expect(org["type"] as? String == "Organization" && org["inbox"] as? String == "http://\(hostA)/ap/organisations/coop-bois/inbox")
                #expect(try await get(a, "http://\(hostA)/ap/organisations/nobody", accept: "application/activity+json").status == .notFound)
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
                // The signer speaks only for itself: not for another server's actor, nor for another actor of its own server.
                #expect(try await signed(follow("4", actor: "http://127.0.0.1:9/ap/communities/x")).status == .unauthorized)
                #expect(try await signed(follow("4b", actor: fedB.instanceIRI)).status == .unauthorized)
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

    @Test(arguments: TestDatabase.all)
    func whatACommunityPublishesReachesItsFollowersOnAnotherInstance(_ db: TestDatabase) async throws {
        try await withInstance(db) { a, portA in
            try await withInstance(db) { b, portB in
                let hostA = "127.0.0.1:\(portA)"
                let (ana, bob) = try await ateliersAndTisserands(a, b)
                let ateliers = "http://\(hostA)/ap/communities/ateliers"
                #expect(try await bob.post("/api/v1/communities/tisserands/federation/following", ["actor": "@ateliers@\(hostA)"]).status == .accepted)
                _ = try await eventually {
                    try await bob.get("/api/v1/communities/tisserands/federation/following").items().first?["state"] as? String == "accepted" ? true : nil
                }
                func received() async throws -> [[String: Any]] { try await bob.get("/api/v1/communities/tisserands/federation/received").items() }

                // A member's post: a Note, attributed to the community, in A's outbox and in B's received items.
                let posted = try await ana.post("/api/v1/communities/ateliers/posts", ["body": "Bonjour le fédivers <b>!</b>\n\nDeuxième paragraphe"])
                #expect(posted.status == .created, "\(posted.body.string)")
                let postID = try #require(try posted.json()["id"] as? String)
                let item = try await eventually { try await received().first }
                #expect(item["kind"] as? String == "Note" && item["actor"] as? String == ateliers)
                let content = item["content"] as? String ?? ""
                #expect(content.contains("Bonjour le fédivers <b>!</b>") && content.contains("Deuxième paragraphe"), "\(content)")
                let noteIRI = try #require(item["object"] as? String)
                #expect(noteIRI == "\(ateliers)/posts/\(postID.uppercased())")
                let note = try await get(a, noteIRI, accept: "application/activity+json")
                #expect(note.status == .ok && note.headers.first(name: "Vary") == "Accept")
                let noteDoc = try note.json()
                #expect(noteDoc["type"] as? String == "Note" && noteDoc["attributedTo"] as? String == ateliers)
                #expect((noteDoc["cc"] as? [String]) == [ateliers + "/followers"])
                let page = try await a.testing().sendRequest(.GET, "/ap/communities/ateliers/posts/\(postID)", headers: ["Accept": "text/html"])
                #expect(page.status == .seeOther && page.headers.first(name: .location) == "/communities/ateliers/posts/\(postID.uppercased())")

                // The outbox pages the Creates, newest first.
                let outbox = try await get(a, "\(ateliers)/outbox", accept: "application/activity+json").json()
                let first = try #require(outbox["first"] as? String)
                let outboxPage = try await get(a, first, accept: "application/activity+json").json()
                let created = try #require((outboxPage["orderedItems"] as? [[String: Any]])?.first)
                #expect(created["type"] as? String == "Create" && (created["object"] as? [String: Any])?["id"] as? String == noteIRI)

                // A reply from B (its community speaks; B has no people as actors) is a comment on A, by its remote author;
                // one whose author is not the signer is dropped, and the author's Delete erases it.
                let ctxB = b.context()
                let fedB = try ctxB.federation()
                let tisserands = try #require(try await FederatedCommunity.find("tisserands", ctxB.db))
                let me = fedB.communityIRI("tisserands")
                func send(_ activity: [String: Any]) async throws {
                    let payload = try Delivery.payload(owner: tisserands.keyOwner, actorIRI: me, inbox: "http://\(hostA)/ap/inbox", body: Federation.json(activity))
                    try await ctxB.write { db in try await JobQueue.enqueue(db, id: ctxB.newID(), kind: Delivery.kind, payload: payload, now: ctxB.now) }
                }
                func reply(_ n: Int, by author: String) -> [String: Any] {
                    ["@context": Federation.context, "id": me + "/replies/\(n)#create", "type": "Create", "actor": me,
                     "object": ["id": me + "/replies/\(n)", "type": "Note", "attributedTo": author, "inReplyTo": noteIRI,
                                "content": "<p>Merci <em>beaucoup</em> !</p>", "to": [PublishedObjects.publicAddress]]]
                }
                try await send(reply(2, by: "http://\(hostA)/ap/communities/ateliers"))
                var privately = reply(3, by: me)
                privately["object"] = (privately["object"] as! [String: Any]).merging(["to": [me + "/followers"]]) { _, b in b }
                try await send(privately)
                try await send(reply(1, by: me))
                func comments() async throws -> [[String: Any]] {
                    try await ana.get("/api/v1/communities/ateliers/posts/\(postID)").json()["comments"] as? [[String: Any]] ?? []
                }
                let remote = try await eventually { try await comments().first }
                #expect(remote["author"] as? String == "tisserands@127.0.0.1:\(portB)" && remote["authorURL"] as? String == me)
                #expect(remote["body"] as? String == "Merci beaucoup !")
                #expect(try await comments().count == 1)  // neither the one attributed to A nor the followers-only one
                let html = try await ana.get("/communities/ateliers/posts/\(postID)").body.string
                #expect(html.contains("tisserands@127.0.0.1:\(portB)"))
                try await send(["@context": Federation.context, "id": me + "/replies/1#delete", "type": "Delete", "actor": me, "object": me + "/replies/1"])
                _ = try await eventually { try await comments().first?["deleted"] as? Bool == true ? true : nil }

                // Hidden by A's moderators: gone from B, from the outbox and from its address; shown again, it is back.
                let ctxA = a.context()
                func hide(_ at: Date?) async throws {
                    try await ctxA.write { db in
                        _ = try await ReportedItems.setHidden(db, .post, UUID(uuidString: postID)!, at: at, reason: at == nil ? nil : "Hors sujet", app: a)
                    }
                }
                try await hide(Date())
                _ = try await eventually { try await received().isEmpty ? true : nil }
                #expect(try await get(a, noteIRI, accept: "application/activity+json").status == .gone)
                let hiddenPage = try await get(a, first, accept: "application/activity+json").json()
                #expect((hiddenPage["orderedItems"] as? [Any])?.isEmpty == true)
                try await hide(nil)
                _ = try await eventually { try await received().first?["object"] as? String == noteIRI ? true : nil }

                // Edited: an Update replaces B's copy. Deleted: B forgets it, A answers 410 with a Tombstone.
                #expect(try await ana.send(.PATCH, "/api/v1/communities/ateliers/posts/\(postID)", json: ["body": "Bonjour, corrigé"]).status == .ok)
                _ = try await eventually { (try await received().first?["content"] as? String)?.hasSuffix("Bonjour, corrigé") == true ? true : nil }
                #expect(try await ana.send(.DELETE, "/api/v1/communities/ateliers/posts/\(postID)").status == .ok)
                _ = try await eventually { try await received().isEmpty ? true : nil }
                let gone = try await get(a, noteIRI, accept: "application/activity+json")
                #expect(try gone.status == .gone && (gone.json()["type"] as? String) == "Tombstone")

                // An adopted revision of the #CodeSocial: an Article with its summary and a link, and A's featured code.
                let amended = try await ana.post("/api/v1/communities/ateliers/code/amendments", [
                    "baseRevision": 0, "summary": "Notre raison d'être", "reason": "Pour commencer",
                    "changes": [["section": "raison-d-etre", "body": "Faire ensemble."]],
                ])
                #expect(amended.status == .created, "\(amended.body.string)")
                let amendment = try #require(try amended.json()["id"] as? String)
                #expect(try await ana.post("/api/v1/communities/ateliers/code/amendments/\(amendment)/positions", ["position": "consent"]).status == .ok)
                let decided = try await ana.post("/api/v1/communities/ateliers/code/amendments/\(amendment)/decide")
                #expect(try decided.json()["revision"] as? Int == 1, "\(decided.body.string)")
                let article = try await eventually { try await received().first(where: { $0["kind"] as? String == "Article" }) }
                #expect(article["object"] as? String == "\(ateliers)/code/1")
                #expect((article["content"] as? String ?? "").contains("Notre raison d'être"))
                // An offer of the catalogue: an FEP-0837 Proposal whose primary Intent is the service; hidden, it is deleted.
                let offered = try await ana.post("/api/v1/communities/ateliers/offers", [
                    "kind": "service", "title": "Réparation de vélos", "description": "Je répare freins et dérailleurs.",
                    "terms": "Contre un repas", "tags": ["vélo", "réparation"], "place": "Lyon",
                ])
                #expect(offered.status == .created, "\(offered.body.string)")
                let offerID = try #require(try offered.json()["id"] as? String)
                let proposalIRI = "\(ateliers)/offers/\(offerID.uppercased())"
                let proposalItem = try await eventually { try await received().first(where: { $0["kind"] as? String == "Proposal" }) }
                #expect(proposalItem["object"] as? String == proposalIRI && proposalItem["name"] as? String == "Réparation de vélos")
                let proposal = try await get(a, proposalIRI, accept: "application/activity+json").json()
                let intent = try #require(proposal["publishes"] as? [String: Any])
                #expect(proposal["type"] as? String == "Proposal" && proposal["purpose"] as? String == "offer")
                #expect(intent["id"] as? String == proposalIRI + "#primary" && intent["action"] as? String == "deliverService")
                #expect((intent["resourceQuantity"] as? [String: Any])?["hasUnit"] as? String == "one")
                try await ctxA.write { db in
                    _ = try await ReportedItems.setHidden(db, .offer, UUID(uuidString: offerID)!, at: Date(), reason: "Doublon", app: a)
                }
                _ = try await eventually { try await received().contains(where: { $0["kind"] as? String == "Proposal" }) ? nil : true }
                #expect(try await get(a, proposalIRI, accept: "application/activity+json").status == .gone)

                // Its FEP-8b32 proof verifies with the key the community's actor names in assertionMethod.
                let signedArticle = try await get(a, "\(ateliers)/code/1", accept: "application/activity+json").json()
                let group = try await get(a, ateliers, accept: "application/activity+json").json()
                let multikey = try #require((group["assertionMethod"] as? [[String: Any]])?.first?["publicKeyMultibase"] as? String)
                #expect(((signedArticle["proof"] as? [String: Any])?["verificationMethod"] as? String) == ateliers + "#ed25519-key")
                #expect(IntegrityProof.verifies(signedArticle, publicKeyMultibase: multikey))
                var forged = signedArticle
                forged["summary"] = "Autre chose"
                #expect(!IntegrityProof.verifies(forged, publicKeyMultibase: multikey))
                let featured = try await get(a, "\(ateliers)/featured", accept: "application/activity+json").json()
                #expect(((featured["orderedItems"] as? [[String: Any]])?.first?["id"] as? String) == "\(ateliers)/code/1")
                let revisionPage = try await a.testing().sendRequest(.GET, "/ap/communities/ateliers/code/1", headers: ["Accept": "text/html"])
                #expect(revisionPage.headers.first(name: .location) == "/communities/ateliers/code/revisions/1")
                #expect(try await get(a, "\(ateliers)/code/2", accept: "application/activity+json").status == .notFound)

                // The « Fédivers » page, without JavaScript: the handle, what B's community follows and received, the forms.
                let browser = WebClient(app: b)
                #expect(try await browser.post("/signin", ["email": "bob_b@example.org", "password": "correct horse battery"]).status == .seeOther)
                let fediverse = try await browser.get("/communities/tisserands/federation")
                #expect(fediverse.status == .ok)
                let pageHTML = fediverse.body.string
                #expect(pageHTML.contains("@tisserands@127.0.0.1:\(portB)") && pageHTML.contains(ateliers) && pageHTML.contains("Notre raison"))
                #expect(pageHTML.contains("name=\"publish\"") && pageHTML.contains("name=\"actor\"") && pageHTML.contains("remis"))
                let badFollow = try await browser.post("/communities/tisserands/federation/following", ["actor": "pas un compte"])
                #expect(badFollow.status == .unprocessableEntity && badFollow.body.string.contains("actor"))
                #expect(try await browser.post("/communities/tisserands/federation/publish", ["publish": "false"]).status == .seeOther)
                #expect(try await bob.get("/api/v1/communities/tisserands/federation").json()["publish"] as? Bool == false)
                #expect(try await browser.post("/communities/tisserands/federation/publish", ["publish": "true"]).status == .seeOther)
                let outsider = try await APIClient(app: b).get("/communities/tisserands/federation")
                #expect(outsider.status == .ok && !outsider.body.string.contains("name=\"publish\""))

                // The stewards' switch: off, the community is no actor any more and publishes nothing; bad input names the field.
                let settings = try await ana.get("/api/v1/communities/ateliers/federation").json()
                #expect(settings["federates"] as? Bool == true && settings["handle"] as? String == "@ateliers@\(hostA)" && settings["followers"] as? Int == 1)
                let blank = try await ana.send(.PUT, "/api/v1/communities/ateliers/federation", json: [String: String]())
                #expect(try blank.status == .unprocessableEntity && (blank.json()["reason"] as? String ?? "").contains("publish"))
                let member = try await APIClient(app: a).person("carl_a")
                #expect(try await member.send(.PUT, "/api/v1/communities/ateliers/federation", json: ["publish": false]).status == .forbidden)
                let off = try await ana.send(.PUT, "/api/v1/communities/ateliers/federation", json: ["publish": false])
                #expect(try off.status == .ok && (off.json()["federates"] as? Bool) == false)
                #expect(try await get(a, ateliers, accept: "application/activity+json").status == .notFound)
                #expect(try await get(a, "\(ateliers)/code/1", accept: "application/activity+json").status == .notFound)
                let publishJobs = try await count(a, "SELECT COUNT(*) AS n FROM jobs WHERE kind = 'ap.publish'")
                #expect(try await ana.post("/api/v1/communities/ateliers/posts", ["body": "Pas pour le fédivers"]).status == .created)
                #expect(try await count(a, "SELECT COUNT(*) AS n FROM jobs WHERE kind = 'ap.publish'") == publishJobs)
            }
        }
    }

    @Test(arguments: TestDatabase.all)
    func aFlowBetweenCommunitiesOfTwoInstancesStandsInBothLedgers(_ db: TestDatabase) async throws {
        try await withInstance(db) { a, portA in
            try await withInstance(db) { b, portB in
                let (hostA, hostB) = ("127.0.0.1:\(portA)", "127.0.0.1:\(portB)")
                let (ana, bob) = try await ateliersAndTisserands(a, b)
                let (ateliers, tisserands) = ("http://\(hostA)/ap/communities/ateliers", "http://\(hostB)/ap/communities/tisserands")
                let wool: [String: Any] = ["from": "community", "to": "@tisserands@\(hostB)", "nature": "material", "measure": "quantitative",
                                           "quantity": 12.5, "unit": "€", "description": "Laine cardée", "date": "2026-11-30"]

                // Recorded on A, it awaits B's community, named by its actor.
                let made = try await ana.post("/api/v1/communities/ateliers/flows", wool)
                #expect(made.status == .created, "\(made.body.string)")
                let flow = try made.json()
                let id = try #require(flow["id"] as? String)
                #expect(flow["status"] as? String == "pending" && flow["to"] as? String == "remote:" + tisserands)
                #expect(flow["awaiting"] as? String == "remote:" + tisserands)
                #expect(try await ana.get("/api/v1/communities/ateliers/flows/pending").items().isEmpty, "not A's to decide")
                #expect(try await ana.post("/api/v1/communities/ateliers/flows/\(id)/confirm").status == .forbidden)
                let page = try await ana.get("/communities/ateliers/economy/flows").body.string
                #expect(page.contains("@tisserands@\(hostB)"))

                // B's stewards find it in their ledger, from A's community, under A's IRI; they confirm it.
                let eventIRI = "http://\(hostA)/ap/flows/\(id.uppercased())"
                let copy = try await eventually { try await bob.get("/api/v1/communities/tisserands/flows/pending").items().first }
                #expect(copy["iri"] as? String == eventIRI && copy["from"] as? String == "remote:" + ateliers && copy["to"] as? String == "community")
                #expect(copy["quantity"] as? Double == 12.5 && copy["unit"] as? String == "€" && copy["description"] as? String == "Laine cardée")
                let copyID = try #require(copy["id"] as? String)
                let member = try await APIClient(app: b).person("carl_b")
                #expect(try await member.post("/api/v1/communities/tisserands/flows/\(copyID)/confirm").status != .ok)
                let confirmed = try await bob.post("/api/v1/communities/tisserands/flows/\(copyID)/confirm")
                #expect(try confirmed.json()["status"] as? String == "confirmed", "\(confirmed.body.string)")

                // A hears it: confirmed there too, counted in its sums; one event, one IRI, in both ledgers.
                _ = try await eventually {
                    try await ana.get("/api/v1/communities/ateliers/flows").items().first?["status"] as? String == "confirmed" ? true : nil
                }
                let matrixA = try await ana.get("/api/v1/communities/ateliers/flows/matrix").body.string
                #expect(matrixA.contains("12.5"), "\(matrixA)")
                func exported(_ client: APIClient, _ slug: String) async throws -> [[String: Any]] {
                    try await client.get("/api/v1/communities/\(slug)/flows.jsonld").json()["@graph"] as? [[String: Any]] ?? []
                }
                let atA = try #require(try await exported(ana, "ateliers").first)
                let atB = try #require(try await exported(bob, "tisserands").first)
                #expect(atA["@id"] as? String == eventIRI && atB["@id"] as? String == eventIRI)
                #expect(atA["receiver"] as? String == tisserands && atB["provider"] as? String == ateliers && atB["receiver"] as? String == tisserands)
                // Its address answers with the event and A's FEP-8b32 proof; B's copy sends there.
                let event = try await get(a, eventIRI, accept: "application/ld+json").json()
                let group = try await get(a, ateliers, accept: "application/activity+json").json()
                let multikey = try #require((group["assertionMethod"] as? [[String: Any]])?.first?["publicKeyMultibase"] as? String)
                #expect(event["status"] as? String == "confirmed" && IntegrityProof.verifies(event, publicKeyMultibase: multikey))
                var forged = event
                forged["note"] = "Autre chose"
                #expect(!IntegrityProof.verifies(forged, publicKeyMultibase: multikey))
                let viaB = try await b.testing().sendRequest(.GET, "/ap/flows/\(copyID)", headers: ["Accept": "application/activity+json"])
                #expect(viaB.status == .seeOther && viaB.headers.first(name: .location) == eventIRI)

                // The agents the export names answer too: the stewards as moderators, an outside party while the ledger names it.
                let moderators = try await get(a, ateliers + "/moderators", accept: "application/activity+json").json()
                #expect((moderators["orderedItems"] as? [[String: Any]])?.map { $0["preferredUsername"] as? String } == ["ana_a"])
                #expect(try await get(a, ateliers, accept: "application/activity+json").json()["attributedTo"] as? String == ateliers + "/moderators")
                // People answer at the address the exports name them by, as the public pages show them; others are nowhere.
                let anaIRI = "http://\(hostA)/ap/people/ana_a"
                #expect((moderators["orderedItems"] as? [[String: Any]])?.first?["id"] as? String == anaIRI)
                let person = try await get(a, anaIRI, accept: "application/activity+json").json()
                #expect(person["type"] as? String == "Person" && person["preferredUsername"] as? String == "ana_a" && person["inbox"] == nil)
                _ = try await APIClient(app: a).person("eve_a")
                #expect(try await get(a, "http://\(hostA)/ap/people/eve_a", accept: "application/activity+json").status == .notFound)
                var café = wool
                café["to"] = "outside:Café des Tilleuls"
                #expect(try await ana.post("/api/v1/communities/ateliers/flows", café).status == .created)
                let outside = try await get(a, ateliers + "/outside/Caf%C3%A9%20des%20Tilleuls", accept: "application/ld+json")
                #expect(try outside.status == .ok && outside.json()["name"] as? String == "Café des Tilleuls", "\(outside.status)")
                #expect(try await get(a, ateliers + "/outside/Personne", accept: "application/ld+json").status == .notFound)

                // Declined on B: declined on A, counted nowhere.
                var hours = wool
                (hours["quantity"], hours["unit"], hours["nature"], hours["description"]) = (3, "h", "immaterial", "Atelier de teinture")
                let second = try #require(try await ana.post("/api/v1/communities/ateliers/flows", hours).json()["id"] as? String)
                let copy2 = try await eventually {
                    try await bob.get("/api/v1/communities/tisserands/flows/pending").items().first { $0["description"] as? String == "Atelier de teinture" }
                }
                #expect(try await bob.post("/api/v1/communities/tisserands/flows/\(copy2["id"] as! String)/decline").json()["status"] as? String == "declined")
                _ = try await eventually {
                    try await ana.get("/api/v1/communities/ateliers/flows").items().first { $0["id"] as? String == second }?["status"] as? String == "declined" ? true : nil
                }

                // Bad input names its field; a member does not speak for the community; an answer from anyone else changes nothing.
                var nowhere = wool
                nowhere["to"] = "@personne@127.0.0.1:9"
                let refused = try await ana.post("/api/v1/communities/ateliers/flows", nowhere)
                let refusedReason = try refused.json()["reason"] as? String ?? ""
                #expect(refused.status == .unprocessableEntity && refusedReason.contains("À (qui reçoit)"), "\(refused.body.string)")
                var both = wool
                both["from"] = "@tisserands@\(hostB)"
                #expect(try await ana.post("/api/v1/communities/ateliers/flows", both).status == .unprocessableEntity)
                let carl = try await APIClient(app: a).person("carl_a")
                #expect(try await carl.post("/api/v1/communities/ateliers/flows", wool).status != .created)
                let third = try #require(try await ana.post("/api/v1/communities/ateliers/flows", wool).json()["id"] as? String)
                _ = try await eventually { try await bob.get("/api/v1/communities/tisserands/flows/pending").items().count == 1 ? true : nil }
                let ctxB = b.context()
                let fedB = try ctxB.federation()
                try await ctxB.write { db in  // B's instance actor is not the community the entry awaits
                    try await Delivery.enqueue(db, ctxB, owner: "instance", actorIRI: fedB.instanceIRI, inbox: "http://\(hostA)/ap/inbox", activity: [
                        "@context": Federation.context, "id": fedB.instanceIRI + "/accepts/forged", "type": "Accept", "actor": fedB.instanceIRI,
                        "object": "http://\(hostA)/ap/flows/\(third.uppercased())#offer"])
                }
                _ = try await eventually {
                    try await count(a, "SELECT COUNT(*) AS n FROM inbox_activities WHERE activity_id LIKE '%/accepts/forged'") == 1 ? true : nil
                }
                try await Task.sleep(for: .milliseconds(300))
                #expect(try await ana.get("/api/v1/communities/ateliers/flows").items().first { $0["id"] as? String == third }?["status"] as? String == "pending")
            }
        }
    }

    @Test(arguments: TestDatabase.all)
    func aCommunityOfAnotherInstanceJoinsANetwork(_ db: TestDatabase) async throws {
        try await withInstance(db) { a, portA in
            try await withInstance(db) { b, portB in
                let (hostA, hostB) = ("127.0.0.1:\(portA)", "127.0.0.1:\(portB)")
                let (ana, bob) = try await ateliersAndTisserands(a, b)
                let tisserands = "http://\(hostB)/ap/communities/tisserands"

                // B's stewards propose; bad input names the field, a second live proposal clashes, a member cannot.
                let proposed = try await bob.post("/api/v1/communities/tisserands/links", ["target": "@ateliers@\(hostA)", "kind": "member-of"])
                #expect(proposed.status == .created, "\(proposed.body.string)")
                let ownID = try #require(try proposed.json()["id"] as? String)
                #expect(try await bob.post("/api/v1/communities/tisserands/links", ["target": "@ateliers@\(hostA)", "kind": "member-of"]).status == .conflict)
                let nowhere = try await bob.post("/api/v1/communities/tisserands/links", ["target": "@personne@127.0.0.1:9", "kind": "member-of"])
                let nowhereReason = try nowhere.json()["reason"] as? String ?? ""
                #expect(nowhere.status == .unprocessableEntity && nowhereReason.contains("Communauté liée"), "\(nowhere.body.string)")
                let carl = try await APIClient(app: b).person("carl_b")
                #expect(try await carl.post("/api/v1/communities/tisserands/links", ["target": "@ateliers@\(hostA)", "kind": "partner"]).status != .created)

                // A's stewards find it, named by its handle and actor, and accept it; B hears the answer.
                let incoming = try await eventually { try await ana.get("/api/v1/communities/ateliers/links").items().first }
                let source = try #require(incoming["source"] as? [String: Any])
                #expect(incoming["status"] as? String == "proposed" && incoming["kind"] as? String == "member-of")
                #expect(source["slug"] as? String == "@tisserands@\(hostB)" && source["url"] as? String == tisserands)
                let linkID = try #require(incoming["id"] as? String)
                let outsider = try await APIClient(app: a).person("dan_a")
                #expect(try await outsider.get("/api/v1/communities/ateliers/links").items().isEmpty, "a proposal is the stewards'")
                let accepted = try await ana.post("/api/v1/communities/ateliers/links/\(linkID)/accept")
                #expect(try accepted.json()["status"] as? String == "accepted", "\(accepted.body.string)")
                #expect(try await ana.post("/api/v1/communities/ateliers/links/\(linkID)/accept").status == .conflict)
                _ = try await eventually {
                    try await bob.get("/api/v1/communities/tisserands/links").items().first?["status"] as? String == "accepted" ? true : nil
                }
                #expect(try await outsider.get("/api/v1/communities/ateliers/links").items().count == 1)

                // The network shows its member, and what the member publishes reaches it (the network follows it).
                _ = try await eventually { try await followers(b, hostB, "tisserands") == 1 ? true : nil }
                #expect(try await bob.post("/api/v1/communities/tisserands/posts", ["body": "Nouvelle teinture disponible"]).status == .created)
                let member = try await eventually {
                    let remote = try await ana.get("/api/v1/communities/ateliers/network").json()["remoteMembers"] as? [[String: Any]]
                    return (remote?.first?["shared"] as? [Any])?.isEmpty == false ? remote?.first : nil
                }
                #expect(member["handle"] as? String == "@tisserands@\(hostB)" && member["url"] as? String == tisserands)
                let networkPage = try await ana.get("/communities/ateliers/network").body.string
                #expect(networkPage.contains("@tisserands@\(hostB)") && networkPage.contains("Nouvelle teinture"))
                let linksPage = try await ana.get("/communities/ateliers/links").body.string
                #expect(linksPage.contains("href=\"\(tisserands)\""))

                // Either side ends it: B withdraws, and A's side ends too.
                let ended = try await bob.send(.DELETE, "/api/v1/communities/tisserands/links/\(ownID)")
                #expect(ended.status == .ok, "\(ended.body.string)")
                _ = try await eventually {
                    try await ana.get("/api/v1/communities/ateliers/links").items().first?["status"] as? String == "ended" ? true : nil
                }
                let after = try await ana.get("/api/v1/communities/ateliers/network").json()["remoteMembers"] as? [Any]
                #expect(after?.isEmpty == true)
            }
        }
    }

    @Test(arguments: TestDatabase.all)
    func aCommunityOfAnotherInstanceSolicitsAnOfferAndConfirmsWhatItGot(_ db: TestDatabase) async throws {
        try await withInstance(db) { a, portA in
            try await withInstance(db) { b, portB in
                let hostA = "127.0.0.1:\(portA)"
                let (ana, bob) = try await ateliersAndTisserands(a, b)
                #expect(try await bob.post("/api/v1/communities/tisserands/federation/following", ["actor": "@ateliers@\(hostA)"]).status == .accepted)
                _ = try await eventually {
                    try await bob.get("/api/v1/communities/tisserands/federation/following").items().first?["state"] as? String == "accepted" ? true : nil
                }
                let offered = try await ana.post("/api/v1/communities/ateliers/offers", [
                    "kind": "service", "title": "Teinture végétale", "description": "Des couleurs de garance.", "terms": "Échange",
                    "tags": ["teinture"], "place": "Lyon",
                ])
                let offerID = try #require(try offered.json()["id"] as? String)
                let proposal = try await eventually {
                    try await bob.get("/api/v1/communities/tisserands/federation/received").items().first { $0["kind"] as? String == "Proposal" }
                }
                let proposalIRI = try #require(proposal["object"] as? String)

                // Without JavaScript: B's stewards see the offer with its form; a message too short is refused, said above.
                let browser = WebClient(app: b)
                #expect(try await browser.post("/signin", ["email": "bob_b@example.org", "password": "correct horse battery"]).status == .seeOther)
                let page = try await browser.get("/communities/tisserands/federation").body.string
                #expect(page.contains("action=\"/communities/tisserands/federation/solicitations\"") && page.contains(proposalIRI))
                let short = try await browser.post("/communities/tisserands/federation/solicitations", ["proposal": proposalIRI, "message": "a"])
                #expect(short.status == .unprocessableEntity && short.body.string.contains("error-summary"))
                let nowhere = try await bob.post("/api/v1/communities/tisserands/federation/solicitations",
                                                 ["proposal": "http://127.0.0.1:9/offers/x", "message": "Bonjour"])
                #expect(nowhere.status == .unprocessableEntity)

                // B solicits; A's owner finds it beside the offer's solicitations, from B's community, and takes it up.
                let sent = try await bob.post("/api/v1/communities/tisserands/federation/solicitations",
                                              ["proposal": proposalIRI, "message": "Nous aimerions teindre notre laine."])
                #expect(sent.status == .accepted, "\(sent.body.string)")
                let solicitation = try await eventually {
                    try await ana.get("/api/v1/communities/ateliers/offers/\(offerID)/referrals").items().first
                }
                #expect((solicitation["beneficiary"] as? String ?? "").contains("@tisserands@127.0.0.1:\(portB)"))
                #expect(solicitation["note"] as? String == "Nous aimerions teindre notre laine." && solicitation["kind"] as? String == "solicitation")
                let referralID = try #require(solicitation["id"] as? String)
                let acceptsBefore = try await count(b, "SELECT COUNT(*) AS n FROM inbox_activities WHERE kind = 'Accept'")
                #expect(try await ana.post("/api/v1/communities/ateliers/referrals/\(referralID)/status", ["status": "taken-up"]).status == .ok)
                _ = try await eventually {
                    try await count(b, "SELECT COUNT(*) AS n FROM inbox_activities WHERE kind = 'Accept'") > acceptsBefore ? true : nil
                }

                // Completed: the flow awaits B, which confirms what it received; then it counts on both sides.
                #expect(try await ana.post("/api/v1/communities/ateliers/referrals/\(referralID)/status", ["status": "completed"]).status == .ok)
                let flow = try #require(try await ana.get("/api/v1/communities/ateliers/flows").items().first)
                #expect(flow["status"] as? String == "pending" && flow["to"] as? String == "remote:http://127.0.0.1:\(portB)/ap/communities/tisserands")
                let copy = try await eventually { try await bob.get("/api/v1/communities/tisserands/flows/pending").items().first }
                #expect(copy["description"] as? String == "Teinture végétale")
                #expect(try await bob.post("/api/v1/communities/tisserands/flows/\(copy["id"] as! String)/confirm").status == .ok)
                _ = try await eventually {
                    try await ana.get("/api/v1/communities/ateliers/flows").items().first?["status"] as? String == "confirmed" ? true : nil
                }
            }
        }
    }

    /// A dead server is probed once per backoff step: its other deliveries wait for the probe instead of each failing
    /// (the queue here retries after 0.1 s, so without the server's own backoff each would be tried several times).
    @Test(arguments: TestDatabase.all)
    func aDeadServerIsProbedOnceItsOtherDeliveriesWait(_ db: TestDatabase) async throws {
        try await withInstance(db) { a, _ in
            let ctx = a.context()
            let f = try ctx.federation()
            try await ctx.write { db in
                for n in 0..<4 {
                    try await Delivery.enqueue(db, ctx, owner: "instance", actorIRI: f.instanceIRI, inbox: "http://127.0.0.1:9/inbox", activity: [
                        "@context": Federation.context, "id": f.instanceIRI + "/notes/\(n)", "type": "Create", "actor": f.instanceIRI])
                }
            }
            _ = try await eventually { try await count(a, "SELECT COUNT(*) AS n FROM delivery_domains WHERE domain = '127.0.0.1:9'") == 1 ? true : nil }
            try await Task.sleep(for: .milliseconds(1_200))
            // Within the server's first wait (2 s at least): each delivery tried once at most, none given up, all waiting.
            let tries = try await count(a, "SELECT CAST(COALESCE(SUM(attempts), 0) AS BIGINT) AS n FROM jobs WHERE kind = 'ap.deliver'")
            #expect(tries <= 4, "\(tries) tries of 4 deliveries to a dead server within its first wait")
            // (One may be taken at this instant, to be put back: waiting either way, none given up.)
            #expect(try await count(a, "SELECT COUNT(*) AS n FROM jobs WHERE kind = 'ap.deliver' AND state IN ('queued', 'running')") == 4)
            #expect(try await count(a, "SELECT COUNT(*) AS n FROM delivery_domains WHERE failures = 1") == 1)
        }
    }

    /// An instance with a public address never fetches a key (nor delivers) behind its firewall: here B, on loopback,
    /// plays the service a forged `keyId` points at.
    @Test func aPublicInstanceFetchesNoKeyOnItsOwnNetwork() async throws {
        try await withInstance(.sqlite) { b, portB in
            _ = try await APIClient(app: b).person("bob_b").post("/api/v1/communities", communityBody("tisserands", visibility: "public"))
            try await withEnjeu(.sqlite, tweak: { $0.publicURL = URLParts("https://enjeu.example.org") }) { c in
                let ctxB = b.context()
                let tisserands = try #require(try await FederatedCommunity.find("tisserands", ctxB.db))
                let me = try ctxB.federation().communityIRI("tisserands")
                let body = try JSONSerialization.data(withJSONObject: ["@context": Federation.context, "id": me + "/follows/1", "type": "Follow",
                                                                       "actor": me, "object": "https://enjeu.example.org/ap/communities/x"])
                var headers = try HTTPSignatures.headers(method: .POST, url: URLParts("https://enjeu.example.org/ap/inbox")!, body: body,
                                                         keyId: me + "#main-key", key: try await ActorKey.of(tisserands.keyOwner, ctxB), now: Date())
                headers.add(name: .contentType, value: Federation.activityJSON)
                headers.replaceOrAdd(name: .host, value: "enjeu.example.org")
                let refused = try await c.testing().sendRequest(.POST, "/ap/inbox", headers: headers, body: ByteBuffer(data: body))
                #expect(refused.status == .unauthorized, "\(refused.body.string)")
                #expect(try await c.db.count(SQLQueryString("SELECT COUNT(*) AS n FROM remote_actors")) == 0)
                _ = portB
            }
        }
    }

    @Test func aBlockedServerIsNeitherHeardNorFollowed() async throws {
        try await withInstance(.sqlite) { b, portB in
            try await withInstance(.sqlite, blocked: ["127.0.0.1:\(portB)"]) { a, portA in
                let (ana, bob) = try await ateliersAndTisserands(a, b)
                // B's Follow reaches A's inbox, which refuses it (403) before fetching B's key: nothing kept, nobody follows.
                #expect(try await bob.post("/api/v1/communities/tisserands/federation/following", ["actor": "@ateliers@127.0.0.1:\(portA)"]).status == .accepted)
                _ = try await eventually {
                    try await count(b, "SELECT COUNT(*) AS n FROM jobs WHERE kind = 'ap.deliver' AND state = 'done'") == 1 ? true : nil
                }
                #expect(try await count(a, "SELECT COUNT(*) AS n FROM inbox_activities") == 0)
                #expect(try await count(a, "SELECT COUNT(*) AS n FROM remote_actors") == 0)
                #expect(try await followers(a, "127.0.0.1:\(portA)", "ateliers") == 0)
                // And A follows nobody there.
                let refused = try await ana.post("/api/v1/communities/ateliers/federation/following", ["actor": "@tisserands@127.0.0.1:\(portB)"])
                #expect(try refused.status == .unprocessableEntity && (refused.json()["reason"] as? String ?? "").contains("bloqué"))
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
    func withInstance(_ db: TestDatabase, blocked: Set<String> = [], _ body: (Application, Int) async throws -> Void) async throws {
        let port = try freePort()
        try await withEnjeu(db, tweak: { $0.publicURL = URLParts("http://127.0.0.1:\(port)"); $0.blockedDomains = blocked }) { app in
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
    func eventually<T>(line: Int = #line, _ check: () async throws -> T?) async throws -> T {
        for _ in 0..<200 {
            if let v = try await check() { return v }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw Abort(.gatewayTimeout, reason: "not arrived within 10 s (FederationTests.swift:\(line))")
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
