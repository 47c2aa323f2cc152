import Foundation
import Testing
import Vapor
import Fluent
import VaporTesting
@testable import EnjeuApp
import EnjeuCore
import EnjeuWeb

@Suite struct APIContractTests {
    @Test func everyAPIRouteIsInTheOpenAPIDocument() async throws {
        try await withEnjeu(.sqlite) { app in
            let res = try await APIClient(app: app).get("/api/v1/openapi.json")
            #expect(res.status == .ok)
            let doc = try res.json()
            #expect(doc["openapi"] as? String == "3.1.0")
            let paths = try #require(doc["paths"] as? [String: [String: Any]])
            var documented = Set<String>()
            for (path, ops) in paths { for method in ops.keys { documented.insert(method.uppercased() + " " + path) } }
            var registered = Set<String>()
            for route in app.routes.all {
                let parts = route.path.map { component -> String in
                    switch component {
                    case let .constant(c): c
                    case let .parameter(p): "{\(p)}"
                    default: "*"
                    }
                }
                guard parts.starts(with: ["api", "v1"]) else { continue }
                registered.insert(route.method.rawValue + " /" + parts.dropFirst(2).joined(separator: "/"))
            }
            #expect(registered.subtracting(documented).isEmpty, "missing from openapi.json: \(registered.subtracting(documented).sorted())")
            #expect(documented.subtracting(registered).isEmpty, "documented but not served: \(documented.subtracting(registered).sorted())")
        }
    }

    @Test(arguments: TestDatabase.all)
    func badInputIsA4xxAndWritesNothing(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let camille = try await APIClient(app: app).person("camille")
            #expect(try await camille.post("/api/v1/communities", communityBody("taken-slug")).status == .created)
            func counts() async throws -> [Int] {
                [try await User.query(on: app.db).count(), try await Community.query(on: app.db).count(),
                 try await Membership.query(on: app.db).count(), try await JoinRequest.query(on: app.db).count()]
            }
            let before = try await counts()
            var body = communityBody("x")
            let cases: [(String, HTTPMethod, String, Any?, String?, HTTPStatus)] = [
                ("malformed JSON", .POST, "/api/v1/communities", nil, "{\"slug\": ", .badRequest),
                ("not JSON at all", .POST, "/api/v1/communities", nil, "slug=abc", .badRequest),
                ("wrong type", .POST, "/api/v1/communities", communityBody("ok-slug").merging(["stage": 3]) { _, b in b }, nil, .badRequest),
                ("missing field", .POST, "/api/v1/communities", communityBody("ok-slug").filter { $0.key != "purpose" }, nil, .badRequest),
                ("bad slug", .POST, "/api/v1/communities", communityBody("Not A Slug"), nil, .unprocessableEntity),
                ("short slug", .POST, "/api/v1/communities", communityBody("ab"), nil, .unprocessableEntity),
                ("duplicate slug", .POST, "/api/v1/communities", communityBody("taken-slug"), nil, .conflict),
                ("unknown stage", .POST, "/api/v1/communities", communityBody("ok-slug").merging(["stage": "teen"]) { _, b in b }, nil, .unprocessableEntity),
                ("oversized name", .POST, "/api/v1/communities", communityBody("ok-slug", name: String(repeating: "n", count: 500)), nil, .unprocessableEntity),
                ("oversized message", .POST, "/api/v1/communities/taken-slug/join-requests", ["message": String(repeating: "m", count: 3000)], nil, .conflict),
                ("body over 1 MiB", .POST, "/api/v1/communities", nil, "{\"slug\":\"" + String(repeating: "a", count: 1_100_000) + "\"}", .payloadTooLarge),
                ("unknown slug", .POST, "/api/v1/communities/no-such-slug/join-requests", ["message": "hi"], nil, .notFound),
                ("invalid slug in path", .GET, "/api/v1/communities/%3Cscript%3E", nil, nil, .notFound),
                ("weak password", .POST, "/api/v1/accounts", ["handle": "weak", "displayName": "W", "email": "w@example.org", "password": "short"], nil, .unprocessableEntity),
                ("bad handle", .POST, "/api/v1/accounts", ["handle": "Bad Handle", "displayName": "W", "email": "w@example.org", "password": "0123456789"], nil, .unprocessableEntity),
                ("null field", .POST, "/api/v1/accounts", ["handle": NSNull(), "displayName": "W", "email": "w@example.org", "password": "0123456789"], nil, .badRequest),
                ("NUL in a query", .GET, "/api/v1/communities?q=%00", nil, nil, .badRequest),
                ("NUL in JSON", .POST, "/api/v1/communities", communityBody("nul-slug", name: "Nul\u{0}name"), nil, .badRequest),
                ("NUL in a cursor", .GET, "/api/v1/communities?after=" + Cursor(key: "a\u{0}b", id: UUID()).encoded, nil, nil, .badRequest),
                ("bad id", .POST, "/api/v1/communities/taken-slug/join-requests/not-a-uuid/approve", nil, nil, .notFound),
                ("unknown request", .POST, "/api/v1/communities/taken-slug/join-requests/\(UUID())/approve", nil, nil, .notFound),
                ("version as a string", .PATCH, "/api/v1/communities/taken-slug", ["name": "N", "purpose": "Un objet assez long", "stage": "growing", "visibility": "public", "version": "1"], nil, .badRequest),
            ]
            body["slug"] = "unused"
            for (name, method, path, json, raw, status) in cases {
                let res = try await camille.send(method, path, json: json, raw: raw, contentType: raw?.hasPrefix("{") == true ? "application/json" : "application/x-www-form-urlencoded",
                                                 overNetwork: name == "body over 1 MiB")
                #expect(res.status == status, "\(name): \(res.status) \(res.body.string.prefix(200))")
                #expect(res.status.code >= 400 && res.status.code < 500, "\(name) must be a 4xx")
                let json = try? res.json()
                #expect(json?["error"] as? Bool == true && (json?["reason"] as? String)?.isEmpty == false, "\(name): \(res.body.string.prefix(200))")
            }
            #expect(try await counts() == before, "bad input wrote nothing")
        }
    }

    /// What the server answers has the shape its operation documents: the status, every property it sends is declared
    /// (with its type and, for enums, one of the stated values), every required one is sent. Across every feature, with
    /// lists that are not empty.
    @Test(arguments: TestDatabase.all)
    func liveResponsesHaveTheirDocumentedShape(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let shapes = try DocumentedShapes(try await APIClient(app: app).get("/api/v1/openapi.json").json())
            let cast = try await Cast.make(app, visibility: "public", prefix: "shp")
            let (s, m, c) = (cast.steward, cast.member, "/api/v1/communities/\(cast.slug)")
            var checked = 0
            /// Sends the request and checks its answer; returns it.
            @discardableResult
            func check(_ client: APIClient, _ method: HTTPMethod, _ path: String, _ body: [String: Any]? = nil) async throws -> [String: Any] {
                let res = try await client.send(method, path, json: body)
                let problems = try shapes.problems(method, path, status: Int(res.status.code), body: Data(res.body.readableBytesView))
                #expect(problems.isEmpty, "\(method) \(path): \(problems) \(res.body.string.prefix(300))")
                checked += 1
                return (try? res.json()) ?? [:]
            }
            @discardableResult
            func get(_ client: APIClient, _ path: String) async throws -> [String: Any] { try await check(client, .GET, path) }
            func id(_ json: [String: Any]) -> String { json["id"] as? String ?? "" }

            // Accounts and communities
            try await get(cast.anonymous, "/api/v1/communities")
            try await get(m, c)
            try await get(s, c)
            try await get(m, "/api/v1/me")
            try await check(m, .PATCH, "/api/v1/me", ["displayName": "Membre"])
            try await get(m, "/api/v1/users/shp_steward")
            try await get(m, "/api/v1/tokens")
            try await get(m, c + "/members")
            try await get(s, c + "/join-requests")
            try await get(cast.anonymous, c + "/charter")
            try await check(cast.outsider, .POST, c + "/join-requests", ["message": "Bonjour"])

            // #CodeSocial
            let code = try await get(cast.anonymous, c + "/code")
            let revision = (code["revision"] as? [String: Any])?["number"] as? Int ?? 0
            let amendment = id(try await check(s, .POST, c + "/code/amendments", ["baseRevision": revision, "summary": "Entraide",
                                                                                 "changes": [["section": "social", "body": "Nous nous entraidons."]]]))
            try await check(m, .POST, c + "/code/amendments/\(amendment)/positions", ["position": "consent"])
            try await check(m, .POST, c + "/code/amendments/\(amendment)/comments", ["body": "D'accord"])
            try await get(m, c + "/code/amendments")
            try await get(m, c + "/code/amendments/\(amendment)")
            try await check(s, .POST, c + "/code/amendments/\(amendment)/decide")
            try await get(m, c + "/code/revisions")
            try await get(m, c + "/code/diff?from=0&to=\(revision)")
            try await get(m, c + "/code/blame/social")
            try await check(m, .POST, c + "/code/facts", ["section": "history", "kind": "note", "note": "Un constat", "stance": "supports"])
            try await get(m, c + "/code/facts")

            // #ChiffresEnsemble
            let indicator = id(try await check(s, .POST, c + "/indicators", ["name": "Tarif horaire", "definition": "Le tarif horaire d'un tisserand",
                                                                             "unit": "€", "period": "2026"]))
            try await check(m, .POST, c + "/indicators/\(indicator)/contributions", ["value": 12, "source": "observation personnelle",
                                                                                    "observedOn": "2026-01-02"])
            try await check(s, .POST, c + "/indicators/\(indicator)/contributions", ["value": 13, "source": "https://example.org/tarifs",
                                                                                    "observedOn": "2026-01-03"])
            try await get(m, c + "/indicators")
            try await get(s, c + "/indicators/\(indicator)")
            try await get(m, c + "/credits")
            try await get(m, c + "/figures/rules")
            let dataset = id(try await check(s, .POST, c + "/datasets", ["name": "Jeu de tarifs"]))
            try await get(m, c + "/datasets")
            try await get(m, c + "/datasets/\(dataset)")

            // The journey
            try await check(s, .POST, c + "/journey/start", ["template": "free"])
            try await get(m, c + "/journey")
            try await check(m, .POST, c + "/journey/proposals", ["kind": "value", "title": "Coopération", "body": "Nous coopérons ensemble."])
            try await get(m, c + "/journey/proposals")
            let action = id(try await check(s, .POST, c + "/actions", ["title": "Atelier ouvert"]))
            try await check(m, .POST, c + "/actions/\(action)/volunteer")
            try await get(m, c + "/actions")
            try await get(m, c + "/actions/\(action)")
            try await check(s, .POST, c + "/recognitions", ["to": ["kind": "member", "id": "shp_member"], "message": "Merci pour tout"])
            try await get(m, c + "/recognitions")
            try await get(m, c + "/evaluation")
            try await get(m, c + "/evaluation/members/shp_member")

            // The economy
            let offer = id(try await check(m, .POST, c + "/offers", ["kind": "service", "title": "Cours de tissage",
                                                                    "description": "Un atelier d'initiation au métier à tisser", "tags": ["laine"]]))
            try await check(s, .POST, c + "/offers/\(offer)/referrals", ["beneficiary": "Une voisine"])
            try await get(m, c + "/offers/\(offer)/referrals")
            try await get(m, c + "/offers")
            try await get(cast.anonymous, "/api/v1/offers")
            try await check(m, .POST, c + "/flows", ["from": "@shp_member", "to": "@shp_steward", "nature": "material", "measure": "quantitative",
                                                     "quantity": 3, "unit": "€", "date": "2026-01-02"])
            try await get(m, c + "/flows")
            try await get(s, c + "/flows/pending")
            try await get(m, c + "/flows/matrix")
            try await get(m, c + "/multipliers")
            try await check(m, .POST, c + "/pyramid", ["member": "shp_member", "layer": "creation", "role": "Tisserande"])
            try await get(m, c + "/pyramid")

            // The social space
            let post = id(try await check(m, .POST, c + "/posts", ["body": "Bonjour @shp_steward"]))
            try await check(s, .POST, c + "/posts/\(post)/comments", ["body": "Bienvenue"])
            try await get(m, c + "/posts")
            try await get(m, c + "/posts/\(post)")
            try await get(m, "/api/v1/feed")
            try await get(s, "/api/v1/notifications")
            try await check(s, .POST, "/api/v1/notifications/read", ["all": true])
            try await get(s, "/api/v1/notifications/preferences")
            try await check(s, .POST, c + "/endorsements", ["to": "shp_member", "topic": "tissage"])
            try await check(s, .PUT, c + "/credibility/threshold", ["threshold": 3])
            try await check(s, .POST, c + "/credibility/refresh")
            try await get(m, c + "/credibility")
            try await get(m, c + "/credibility/shp_member")
            try await get(m, c + "/members/shp_member/contribution")
            try await check(m, .PUT, "/api/v1/me/contribution-summary", ["show": true])
            try await get(m, "/api/v1/matches")

            // Editing and deleting one's words; my data
            let comment = id(try await check(m, .POST, c + "/posts/\(post)/comments", ["body": "Merci"]))
            try await check(m, .PATCH, c + "/posts/\(post)", ["body": "Bonjour à tous"])
            try await check(m, .PATCH, c + "/posts/\(post)/comments/\(comment)", ["body": "Merci beaucoup"])
            try await get(s, c + "/posts/\(post)/revisions")
            try await check(s, .DELETE, c + "/posts/\(post)/comments/\(comment)")
            try await check(m, .DELETE, c + "/posts/\(post)")
            let export = id(try await check(m, .POST, "/api/v1/me/export"))
            try await get(m, "/api/v1/me/export/\(export)")
            try await check(cast.outsider, .DELETE, "/api/v1/me", ["password": "correct horse battery"])
            #expect(checked > 60)
        }
    }
}

/// The served OpenAPI document's success responses, to check live answers against.
struct DocumentedShapes {
    let paths: [String: [String: Any]]
    let schemas: [String: Any]

    init(_ doc: [String: Any]) throws {
        paths = try #require(doc["paths"] as? [String: [String: Any]])
        schemas = try #require((doc["components"] as? [String: Any])?["schemas"] as? [String: Any])
    }

    /// The documented path a concrete one matches, constant segments first (`/flows/pending` before `/flows/{id}`).
    func template(_ method: HTTPMethod, _ path: String) -> String? {
        let parts = path.split(separator: "?")[0].split(separator: "/").dropFirst(2)
        let candidates = paths.filter { $0.value[method.rawValue.lowercased()] != nil }.keys.filter { t in
            let tp = t.split(separator: "/")
            return tp.count == parts.count && zip(tp, parts).allSatisfy { $0.hasPrefix("{") || $0 == $1 }
        }
        return candidates.min { $0.filter { $0 == "{" }.count < $1.filter { $0 == "{" }.count }
    }

    func problems(_ method: HTTPMethod, _ path: String, status: Int, body: Data) throws -> [String] {
        guard let t = template(method, path), let op = paths[t]?[method.rawValue.lowercased()] as? [String: Any] else { return ["not documented"] }
        let responses = op["responses"] as? [String: Any] ?? [:]
        guard let documented = responses[String(status)] as? [String: Any] else { return ["status \(status) is not documented: \(responses.keys.sorted())"] }
        guard let schema = ((documented["content"] as? [String: Any])?["application/json"] as? [String: Any])?["schema"] as? [String: Any] else {
            return []
        }
        return problems(try JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed]), schema, at: "$")
    }

    func problems(_ value: Any, _ schema: [String: Any], at loc: String) -> [String] {
        if let ref = schema["$ref"] as? String {
            guard let named = schemas[String(ref.split(separator: "/").last ?? "")] as? [String: Any] else { return ["\(loc): unknown \(ref)"] }
            return problems(value, named, at: loc)
        }
        let types = (schema["type"] as? [String]) ?? (schema["type"] as? String).map { [$0] } ?? []
        switch value {
        case is NSNull:
            return types.isEmpty || types.contains("null") ? [] : ["\(loc): null but \(types)"]
        case let s as String:
            guard types.isEmpty || types.contains("string") else { return ["\(loc): a string but \(types)"] }
            if let allowed = schema["enum"] as? [String], !allowed.contains(s) { return ["\(loc): \(s) is not one of \(allowed)"] }
            return []
        case let items as [Any]:
            guard types.contains("array") else { return ["\(loc): an array but \(types)"] }
            let itemSchema = schema["items"] as? [String: Any] ?? [:]
            return items.enumerated().flatMap { problems($1, itemSchema, at: "\(loc)[\($0)]") }
        case let object as [String: Any]:
            guard types.contains("object") else { return ["\(loc): an object but \(types)"] }
            let props = schema["properties"] as? [String: Any] ?? [:]
            let extra = schema["additionalProperties"] as? [String: Any]
            var out = (schema["required"] as? [String] ?? []).filter { object[$0] == nil }.map { "\(loc).\($0): required but absent" }
            for (key, v) in object {
                if let p = props[key] as? [String: Any] { out += problems(v, p, at: "\(loc).\(key)") }
                else if let extra { out += problems(v, extra, at: "\(loc).\(key)") }
                else { out.append("\(loc).\(key): not documented") }
            }
            return out
        default:
            let numeric = types.contains("number") || types.contains("integer") || types.contains("boolean")
            return numeric ? [] : ["\(loc): \(value) but \(types)"]
        }
    }
}
