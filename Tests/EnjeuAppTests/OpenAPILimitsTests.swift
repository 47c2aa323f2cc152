import Foundation
import Testing
import Vapor
import VaporTesting
@testable import EnjeuApp
import EnjeuCore

/// The OpenAPI document states the limits the server enforces: for every length it declares, one character over the
/// maximum (or under the minimum) is refused with a 422 naming the field, and the limit itself is accepted.
/// Every schema with declared lengths needs a fixture here, so a limit cannot be documented without being checked.
@Suite struct OpenAPILimitsTests {
    /// How to send one schema: who, where, and a valid body with `field` set to `value`.
    struct Fixture {
        let client: APIClient
        let method: HTTPMethod
        let path: () async throws -> String
        let body: (_ field: String, _ value: String, _ attempt: Int) async throws -> [String: Any]
    }

    @Test(arguments: TestDatabase.all)
    func everyDocumentedLengthIsEnforced(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let cast = try await Cast.make(app, visibility: "public", prefix: "lim")
            let (s, m) = (cast.steward, cast.member)
            let c = "/api/v1/communities/\(cast.slug)"
            #expect(try await s.post(c + "/journey/start", ["template": "free"]).status == .created)
            let post = try await m.post(c + "/posts", ["body": "Un premier message"]).json()["id"] as! String
            let indicator = try await s.post(c + "/indicators", ["name": "Tarif horaire", "definition": "Le tarif horaire moyen d'un tisserand",
                                                                "unit": "€", "period": "2026"]).json()["id"] as! String
            /// The charter fixture publishes new versions; figures then wait for the member to accept the current one.
            func reaccept() async throws {
                let version = try await s.get(c + "/charter").json()["version"] as? Int ?? 1
                _ = try await m.post(c + "/charter/accept", ["version": version])
            }
            func contribution() async throws -> String {
                try await reaccept()
                let r = try await m.post(c + "/indicators/\(indicator)/contributions",
                                         ["value": Double.random(in: 10...20), "source": "observation personnelle", "observedOn": "2026-01-02"])
                return try #require(try r.json()["id"] as? String, "contribution: \(r.body.string)")
            }
            func revision() async throws -> Int {
                let code = try await s.get(c + "/code").json()
                return (code["revision"] as? [String: Any])?["number"] as? Int ?? 1
            }
            func version() async throws -> Int { try await s.get(c).json()["version"] as? Int ?? 1 }
            func merge(_ base: [String: Any], _ field: String, _ value: String) -> [String: Any] {
                base.merging([field: value]) { _, b in b }
            }
            let anonymous = APIClient(app: app)
            let fixtures: [String: Fixture] = [
                "NewAccount": Fixture(client: anonymous, method: .POST, path: { "/api/v1/accounts" }) { f, v, n in
                    merge(["handle": "lim_new\(n)", "displayName": "Nouvelle", "email": "new\(n)@example.org", "password": "correct horse battery"], f, v)
                },
                "ProfileUpdate": Fixture(client: m, method: .PATCH, path: { "/api/v1/me" }) { f, v, _ in merge(["displayName": "Membre"], f, v) },
                "NewCommunity": Fixture(client: s, method: .POST, path: { "/api/v1/communities" }) { f, v, n in
                    merge(communityBody("lim-new-\(n)"), f, v)
                },
                "CommunityUpdate": Fixture(client: s, method: .PATCH, path: { c }) { f, v, _ in
                    merge(["name": "Club", "purpose": "Agir ensemble pour le quartier", "stage": "growing", "visibility": "public",
                           "version": try await version()], f, v)
                },
                "NewCharter": Fixture(client: s, method: .POST, path: { c + "/charter" }) { f, v, _ in
                    let version = try await s.get(c + "/charter").json()["version"] as? Int ?? 1
                    return merge(["text": "Je donne autant que je reçois.", "version": version], f, v)
                },
                "BodyIn": Fixture(client: m, method: .POST, path: { c + "/posts" }) { f, v, _ in [f: v] },
                "CommentBodyIn": Fixture(client: m, method: .POST, path: { c + "/posts/\(post)/comments" }) { f, v, _ in [f: v] },
                "EndorsementIn": Fixture(client: s, method: .POST, path: { c + "/endorsements" }) { f, v, n in
                    merge(["to": "lim_member", "topic": "sujet" + String(repeating: "a", count: n)], f, v)
                },
                "NewOffer": Fixture(client: m, method: .POST, path: { c + "/offers" }) { f, v, _ in
                    merge(["kind": "service", "title": "Cours de tissage", "description": "Un atelier d'initiation au métier à tisser"], f, v)
                },
                "NewFlow": Fixture(client: m, method: .POST, path: { c + "/flows" }) { f, v, _ in
                    merge(["from": "@lim_member", "to": "outside:Atelier", "nature": "material", "measure": "quantitative", "quantity": 3,
                           "unit": "€", "date": "2026-01-02"], f, v)
                },
                "NewIndicator": Fixture(client: s, method: .POST, path: { c + "/indicators" }) { f, v, n in
                    merge(["name": "Indicateur \(n)", "definition": "Une définition assez longue", "unit": "€", "period": "2026"], f, v)
                },
                "NewContribution": Fixture(client: m, method: .POST, path: { try await reaccept(); return c + "/indicators/\(indicator)/contributions" }) { f, v, _ in
                    merge(["value": 12, "source": "observation personnelle", "observedOn": "2026-01-02"], f, v)
                },
                "NewFlag": Fixture(client: s, method: .POST, path: { c + "/contributions/\(try await contribution())/flags" }) { f, v, _ in
                    merge(["reason": "Cette valeur me paraît fausse"], f, v)
                },
                "NewAmendment": Fixture(client: s, method: .POST, path: { c + "/code/amendments" }) { f, v, n in
                    merge(["baseRevision": try await revision(), "summary": "Préciser", "reason": "",
                           "changes": [["section": "raison-d-etre", "body": "Version \(n)"]]], f, v)
                },
                "Change": Fixture(client: s, method: .POST, path: { c + "/code/amendments" }) { f, v, _ in
                    ["baseRevision": try await revision(), "summary": "Préciser", "changes": [["section": "history", f: v]]]
                },
                "NewProposal": Fixture(client: m, method: .POST, path: { c + "/journey/proposals" }) { f, v, _ in
                    merge(["kind": "value", "title": "Coopération", "body": "Nous coopérons plutôt que de rivaliser."], f, v)
                },
                "NewAction": Fixture(client: s, method: .POST, path: { c + "/actions" }) { f, v, _ in merge(["title": "Atelier ouvert"], f, v) },
            ]
            #expect(Set(OpenAPIDocument.lengths.keys).subtracting(fixtures.keys).isEmpty,
                    "documented lengths without a fixture: \(Set(OpenAPIDocument.lengths.keys).subtracting(fixtures.keys).sorted())")

            let doc = try await anonymous.get("/api/v1/openapi.json").json()
            let schemas = try #require((doc["components"] as? [String: Any])?["schemas"] as? [String: Any])
            var attempt = 0
            for (schema, fields) in OpenAPIDocument.lengths.sorted(by: { $0.key < $1.key }) {
                let fixture = try #require(fixtures[schema])
                let props = (schemas[schema] as? [String: Any])?["properties"] as? [String: Any]
                for (field, limit) in fields.sorted(by: { $0.key < $1.key }) {
                    let stated = props?[field] as? [String: Any]
                    #expect(stated?["maxLength"] as? Int == limit.max && stated?["minLength"] as? Int == limit.min,
                            "\(schema).\(field): the served document states \(String(describing: stated))")
                    func send(_ length: Int) async throws -> TestingHTTPResponse {
                        attempt += 1
                        let body = try await fixture.body(field, String(repeating: "x", count: length), attempt)
                        return try await fixture.client.send(fixture.method, try await fixture.path(), json: body)
                    }
                    if let max = limit.max {
                        let over = try await send(max + 1)
                        #expect(over.status == .unprocessableEntity, "\(schema).\(field) at \(max + 1): \(over.status) \(over.body.string.prefix(200))")
                        let at = try await send(max)
                        #expect(at.status.code < 300, "\(schema).\(field) at its maximum \(max): \(at.status) \(at.body.string.prefix(200))")
                    }
                    if let min = limit.min, min > 0 {
                        let under = try await send(min - 1)
                        #expect(under.status == .unprocessableEntity, "\(schema).\(field) at \(min - 1): \(under.status) \(under.body.string.prefix(200))")
                    }
                }
            }
        }
    }
}
