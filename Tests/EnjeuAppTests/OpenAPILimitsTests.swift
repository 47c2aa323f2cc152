import Foundation
import Testing
import Vapor
import VaporTesting
@testable import EnjeuApp
import EnjeuCore
import EnjeuWeb

/// The OpenAPI document states the limits the server enforces, and each is checked against the running server:
/// - every length of `OpenAPIDocument.lengths` (one character over the maximum, or under the minimum, is a 422; the
///   maximum itself is accepted; a maximum in UTF-8 bytes is tried with « é », two bytes each);
/// - every `minimum`/`maximum`, `minItems`/`maxItems`, `x-max-entries` and `pattern` the request schemas state
///   (one past the bound is a 422, the bound itself is accepted).
/// A request schema that states a limit needs a fixture (`OpenAPILimitsFixtures.swift`), so no limit goes unchecked.
@Suite struct OpenAPILimitsTests {
    /// One request: `value` in `field` of `schema`, expected accepted (2xx) or refused (422).
    struct Case {
        let schema: String, field: String, what: String, value: Any, accepted: Bool
    }

    /// Values the patterns must refuse or accept.
    static let patternCases: [String: [(String, Bool)]] = [
        "NewAccount.handle": [("9abc", false), ("ab", false), ("ab-c", false), ("a" + String(repeating: "b", count: 30), false),
                              ("a" + String(repeating: "b", count: 29), true)],
        "NewCommunity.slug": [("ab", false), ("a_b", false), (String(repeating: "a", count: 61), false), (String(repeating: "a", count: 60), true)],
    ]

    /// Request schemas: the operations' bodies and the schemas they refer to.
    static func requestSchemas(_ schemas: [String: Any]) -> [String] {
        var names = Set(OpenAPIDocument.operations.compactMap { op -> String? in if case let .json(s)? = op.body { s.name } else { nil } })
        var queue = Array(names)
        while let name = queue.popLast() {
            let props = (schemas[name] as? [String: Any])?["properties"] as? [String: Any] ?? [:]
            for case let prop as [String: Any] in props.values {
                for r in [prop["$ref"], (prop["items"] as? [String: Any])?["$ref"]] {
                    guard let r = r as? String, let n = r.split(separator: "/").last.map(String.init), names.insert(n).inserted else { continue }
                    queue.append(n)
                }
            }
        }
        return names.sorted()
    }

    /// Every property of a schema, nested objects' as dotted paths.
    static func properties(_ schema: [String: Any]?, prefix: String = "") -> [(String, [String: Any])] {
        let props = schema?["properties"] as? [String: Any] ?? [:]
        return props.keys.sorted().flatMap { key -> [(String, [String: Any])] in
            let prop = props[key] as? [String: Any] ?? [:]
            return [(prefix + key, prop)] + (prop["properties"] != nil ? properties(prop, prefix: prefix + key + ".") : [])
        }
    }

    static func number(_ any: Any?) -> Double? { (any as? Double) ?? (any as? Int).map(Double.init) }

    /// What the served document states, as requests to try.
    static func cases(_ schemas: [String: Any]) -> [Case] {
        var out: [Case] = []
        for (schema, fields) in OpenAPIDocument.lengths {
            for (field, limit) in fields {
                func add(_ what: String, _ value: String, _ accepted: Bool) { out.append(Case(schema: schema, field: field, what: what, value: value, accepted: accepted)) }
                if let max = limit.max, limit.bytes {
                    add("\(max / 2 + 1) « é » (\(max + 2) bytes)", String(repeating: "é", count: max / 2 + 1), false)
                    add("\(max / 2) « é » (\(max) bytes)", String(repeating: "é", count: max / 2), true)
                } else if let max = limit.max {
                    add("\(max + 1) characters", String(repeating: "x", count: max + 1), false)
                    add("\(max) characters", String(repeating: "x", count: max), true)
                }
                if let min = limit.min, min > 0 { add("\(min - 1) characters", String(repeating: "x", count: min - 1), false) }
            }
        }
        for schema in requestSchemas(schemas) {
            for (field, prop) in properties(schemas[schema] as? [String: Any]) {
                func add(_ what: String, _ value: Any, _ accepted: Bool) { out.append(Case(schema: schema, field: field, what: what, value: value, accepted: accepted)) }
                // An optional field may also be null: `["integer", "null"]`.
                let integer = ((prop["type"] as? String).map { [$0] } ?? prop["type"] as? [String] ?? []).contains("integer")
                func value(_ x: Double) -> Any { integer ? Int(x) : x }
                if let max = number(prop["maximum"]) { add("\(max + 1)", value(max + 1), false); add("\(max)", value(max), true) }
                if let min = number(prop["minimum"]) { add("\(min - 1)", value(min - 1), false); add("\(min)", value(min), true) }
                let items = prop["items"] as? [String: Any]
                func list(_ n: Int) -> [Any] {
                    (0..<n).map { i -> Any in
                        if items?["format"] as? String == "uuid" { return UUID().uuidString }
                        if items?["$ref"] as? String == "#/components/schemas/Change" { return ["section": "raison-d-etre", "body": "Liste \(i) \(UUID())"] }
                        return "étiquette \(i)"
                    }
                }
                if let max = prop["maxItems"] as? Int { add("\(max + 1) items", list(max + 1), false); add("\(max) items", list(max), true) }
                if let min = prop["minItems"] as? Int {
                    if min > 0 { add("\(min - 1) items", list(min - 1), false) }
                    add("\(min) items", list(min), true)
                }
                if let max = prop["x-max-entries"] as? Int {
                    func entries(_ n: Int) -> String { (1...n).map { "valeur \($0)" }.joined(separator: ", ") }
                    add("\(max + 1) entries", entries(max + 1), false); add("\(max) entries", entries(max), true)
                }
                if prop["pattern"] != nil {
                    for (v, ok) in patternCases[schema + "." + field] ?? [] { add("« \(v.prefix(12)) » (\(v.count))", v, ok) }
                }
            }
        }
        return out
    }

    @Test(arguments: TestDatabase.all)
    func everyDocumentedLimitIsEnforced(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let fixtures = try await Self.fixtures(app)
            let doc = try await APIClient(app: app).get("/api/v1/openapi.json").json()
            let schemas = try #require((doc["components"] as? [String: Any])?["schemas"] as? [String: Any])
            let requestSchemas = Self.requestSchemas(schemas)

            // The table and the served document agree, and no length is stated outside the table.
            for schema in requestSchemas {
                for (field, stated) in Self.properties(schemas[schema] as? [String: Any]) {
                    let limit = OpenAPIDocument.lengths[schema]?[field]
                    let max = limit?.max
                    #expect(stated["minLength"] as? Int == limit?.min, "\(schema).\(field): minLength \(String(describing: stated["minLength"]))")
                    #expect(stated["maxLength"] as? Int == (limit?.bytes == true ? nil : max), "\(schema).\(field): maxLength \(String(describing: stated["maxLength"]))")
                    #expect(stated["x-max-utf8-bytes"] as? Int == (limit?.bytes == true ? max : nil), "\(schema).\(field): x-max-utf8-bytes")
                    if limit?.bytes == true { #expect((stated["description"] as? String ?? "").contains("\(max ?? 0) bytes"), "\(schema).\(field): \(stated)") }
                    if stated["pattern"] != nil { #expect(Self.patternCases[schema + "." + field] != nil, "\(schema).\(field): a pattern without cases") }
                }
            }
            for (schema, fields) in OpenAPIDocument.lengths {
                #expect(requestSchemas.contains(schema), "\(schema) is not a request schema")
                for field in fields.keys {
                    #expect(((schemas[schema] as? [String: Any])?["properties"] as? [String: Any])?[field] != nil, "\(schema).\(field) is not stated")
                }
            }

            let cases = Self.cases(schemas)
            let unfixtured = Set(cases.map(\.schema)).subtracting(fixtures.keys)
            #expect(unfixtured.isEmpty, "schemas stating limits without a fixture: \(unfixtured.sorted())")
            var attempt = 0
            // Schema by schema, each field's cases in the order they were made.
            for (_, c) in cases.enumerated().sorted(by: { ($0.element.schema, $0.element.field, $0.offset) < ($1.element.schema, $1.element.field, $1.offset) }) {
                guard let fixture = fixtures[c.schema] else { continue }
                attempt += 1
                let body = try await fixture.body(c.field, c.value, attempt)
                let res = try await fixture.client.send(fixture.method, try await fixture.path(), json: body)
                if c.accepted {
                    #expect(res.status.code < 300, "\(c.schema).\(c.field) at \(c.what): \(res.status) \(res.body.string.prefix(200))")
                } else {
                    #expect(res.status == .unprocessableEntity, "\(c.schema).\(c.field) at \(c.what): \(res.status) \(res.body.string.prefix(200))")
                }
            }
        }
    }

    /// Every body limit stated is the route's own, and the CSV import's stated limits hold.
    @Test(arguments: TestDatabase.all)
    func bodyLimitsAreTheRoutes(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let doc = try await APIClient(app: app).get("/api/v1/openapi.json").json()
            let paths = try #require(doc["paths"] as? [String: [String: Any]])
            var routes: [String: Route] = [:]
            for route in app.routes.all {
                let parts = route.path.map { component -> String in
                    if case let .parameter(p) = component { return "{\(p)}" }
                    return component.description
                }
                guard parts.starts(with: ["api", "v1"]) else { continue }
                routes[route.method.rawValue.lowercased() + " /" + parts.dropFirst(2).joined(separator: "/")] = route
            }
            for (path, ops) in paths {
                for (method, any) in ops {
                    guard let op = any as? [String: Any], op["requestBody"] != nil, let route = routes[method + " " + path] else { continue }
                    let limit = route.maxBody ?? app.routes.defaultMaxBodySize.value
                    #expect(op["x-max-body-bytes"] as? Int == limit, "\(method) \(path): states \(String(describing: op["x-max-body-bytes"])), enforces \(limit)")
                }
            }
            let importOp = try #require(paths["/communities/{slug}/flows/import"]?["post"] as? [String: Any])
            let body = try #require(importOp["requestBody"] as? [String: Any], "the import describes its body")
            #expect((body["content"] as? [String: Any])?["text/csv"] != nil)
            let limits = FlowImport.Limits()
            #expect(body["x-max-rows"] as? Int == limits.maxRows && body["x-max-cell-bytes"] as? Int == limits.maxCellBytes)
            let cells = try #require(body["x-max-cells-per-row"] as? Int)

            let cast = try await Cast.make(app, visibility: "public", prefix: "imp")
            func send(_ csv: String) async throws -> TestingHTTPResponse {
                try await cast.member.send(.POST, "/api/v1/communities/\(cast.slug)/flows/import", raw: csv, contentType: "text/csv")
            }
            let header = "from,to,nature,measure,date,note\n"
            let row = "@imp_member,outside:Atelier,immaterial,qualitative,2026-01-02,"
            let longCell = try await send(header + row + String(repeating: "x", count: limits.maxCellBytes + 1) + "\n")
            #expect(longCell.status == .unprocessableEntity && longCell.body.string.contains("\(limits.maxCellBytes) octets"), "\(longCell.body.string.prefix(300))")
            let wide = try await send(header.dropLast() + String(repeating: ",x", count: cells) + "\n")
            #expect(wide.status == .unprocessableEntity && wide.body.string.contains("\(cells) cellules"), "\(wide.body.string.prefix(300))")
        }
    }
}
