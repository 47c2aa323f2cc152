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
}
