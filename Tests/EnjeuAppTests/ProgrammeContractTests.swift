import Foundation
import Testing
import Vapor
import VaporTesting
@testable import EnjeuApp
import EnjeuWeb

/// Every programme route answers with the shape its OpenAPI declaration gives (`DocumentedShapes`, APIContractTests).
@Suite struct ProgrammeContractTests {
    let p = ProgrammeTests()

    @Test(arguments: TestDatabase.all)
    func everyProgrammeAnswerHasItsDocumentedShape(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let shapes = try DocumentedShapes(try await APIClient(app: app).get("/api/v1/openapi.json").json())
            var checked = Set<String>()
            @discardableResult
            func check(_ client: APIClient, _ method: HTTPMethod, _ path: String, _ body: [String: Any]? = nil,
                       _ status: HTTPResponseStatus = .ok) async throws -> [String: Any] {
                let res = try await client.send(method, path, json: body)
                #expect(res.status == status, "\(method) \(path): \(res.body.string.prefix(300))")
                let problems = try shapes.problems(method, path, status: Int(res.status.code), body: Data(res.body.readableBytesView))
                #expect(problems.isEmpty, "\(method) \(path): \(problems) \(res.body.string.prefix(300))")
                if let t = shapes.template(method, path) { checked.insert("\(method.rawValue) \(t)") }
                return (try? res.json()) ?? [:]
            }
            func id(_ json: [String: Any]) -> String { json["id"] as? String ?? "" }

            let w = try await p.world(app, "pgshape")
            let (f, base) = (w.founder, w.base)
            try await check(f, .GET, base)
            try await check(APIClient(app: app), .GET, base)
            try await check(f, .GET, "\(base)/charter")
            let asked = try await check(w.a.steward, .POST, "\(base)/join-requests", ["community": w.a.slug], .created)
            try await check(f, .GET, "\(base)/communities")
            try await check(f, .POST, "\(base)/join-requests/\(id(asked))/approve")
            let bAsked = try await check(w.b.steward, .POST, "\(base)/join-requests", ["community": w.b.slug], .created)
            try await check(f, .POST, "\(base)/join-requests/\(id(bAsked))/decline", ["reason": "Pas cette fois"])
            try await check(w.a.member, .POST, "\(base)/charter/accept", ["version": 1])
            try await check(w.aOthers[0], .POST, "\(base)/charter/accept", ["version": 1])
            try await check(w.b.outsider, .POST, "\(base)/join-requests", ["message": "Bonjour"], .created)
            try await check(f, .GET, "\(base)/join-requests")
            let created = try await check(w.a.member, .POST, "\(base)/indicators", [
                "name": "Tarif horaire d'un tisserand", "definition": "Le tarif horaire hors taxes pratiqué en atelier.", "unit": "€ (k)",
                "period": "2026-q3", "place": "Lyon",
            ], .created)
            let ind = id(created)
            try await check(w.a.member, .GET, "\(base)/indicators")
            let given = try await check(w.a.member, .POST, "\(base)/indicators/\(ind)/contributions",
                                        ["value": 40, "source": "https://exemple.org/a", "observedOn": "2026-07-15"], .created)
            try await check(w.aOthers[0], .POST, "\(base)/indicators/\(ind)/contributions",
                            ["value": 41, "source": "https://exemple.org/b", "observedOn": "2026-07-15"], .created)
            try await check(w.a.member, .GET, "\(base)/indicators/\(ind)")
            try await check(w.aOthers[0], .POST, "\(base)/contributions/\(id(given))/flags", ["reason": "Ce relevé date de l'an dernier"], .created)
            try await check(w.a.member, .GET, "\(base)/credits")
            try await check(w.a.member, .GET, "\(base)/figures/rules")
            try await check(f, .PUT, "\(base)/figures/rules", ["allowance": 5, "readCost": 1, "earn": 2, "halfLifeDays": 180])
            try await check(f, .POST, "\(base)/figures/refresh")
            let own = try await p.figures.indicator(w.a.steward, w.a.slug)
            let merge = try await check(w.a.steward, .POST, "/api/v1/communities/\(w.a.slug)/indicators/\(own)/merge", ["into": ind], .created)
            try await check(f, .GET, "\(base)/merges")
            try await check(f, .POST, "\(base)/merges/\(id(merge))/accept")
            try await check(w.b.steward, .POST, "/api/v1/programmes", [
                "slug": "pgshape-second", "name": "Un second programme", "purpose": "Les chiffres des teinturiers de la vallée",
                "charter": "Je donne mes chiffres autant que j'en reçois.", "visibility": "members",
            ], .created)
            let declared = Set(ProgrammeAPIEndpoints.all.map { "\($0.method.rawValue) \($0.path)" })
            #expect(declared.subtracting(checked).isEmpty, "not checked: \(declared.subtracting(checked).sorted())")
        }
    }
}
