import Foundation
import Vapor
import EnjeuCore
import EnjeuWeb

/// The OpenAPI 3.1 description of /api/v1, served at /api/v1/openapi.json, built from the API's route declarations
/// (`…APIEndpoints`) and the Codable types they name (`SchemaProbe`), with the limits and notes the types cannot carry
/// (`OpenAPILimits`, `OpenAPINotes`). `APIContractTests` checks it against the routes actually served.
enum OpenAPIDocument {
    static let operations: [APIDoc] = CommunityAPIEndpoints.all + CodeAPIEndpoints.all + GovernanceAPIEndpoints.all + FiguresAPIEndpoints.all + JourneyAPIEndpoints.all
        + EconomyAPIEndpoints.all + SocialAPIEndpoints.all + OrganisationAPIEndpoints.all + NetworkAPIEndpoints.all + ProgrammeAPIEndpoints.all + ContributionAPIEndpoints.all + MyDataAPIEndpoints.all
        + StageAPIEndpoints.all + CharterAPIEndpoints.all + FederationAPIEndpoints.all
        + OpenDataAPIEndpoints.all + TradeAPIEndpoints.all + ModerationAPIEndpoints.all

    /// Built once, on first use; a declaration the builder cannot read is a 500 here and a failing contract test.
    static let served: Result<Data, any Error> = Result { try build(operations).data() }

    static func response() throws -> Response {
        let res = Response(status: .ok, body: .init(data: try served.get()))
        res.headers.contentType = .json
        return res
    }

    static func build(_ operations: [APIDoc]) throws -> JSONValue {
        var paths: [String: JSONValue] = [:]
        for op in operations {
            paths[op.path, default: [:]][op.method.rawValue.lowercased()] = operation(op)
        }
        return [
            "openapi": "3.1.0",
            "info": ["title": "Enjeu API", "version": "1.0.0",
                     "description": "Communities of stakes. Errors are {\"error\": true, \"reason\": …}; lists are keyset-paged with `next`."],
            "servers": [["url": .string(APIDoc.prefix)]],
            "paths": .object(paths),
            "components": ["schemas": .object(try schemas(operations)), "securitySchemes": ["bearer": ["type": "http", "scheme": "bearer"]]],
        ]
    }

    static func ref(_ name: String) -> JSONValue { ["$ref": .string("#/components/schemas/" + name)] }

    static func operation(_ op: APIDoc) -> JSONValue {
        var o: JSONValue = ["summary": .string(op.summary), "operationId": .string(op.name)]
        var parameters: [JSONValue] = zip(op.parameters, op.parameterTypes).map { name, schema in
            ["name": .string(name), "in": "path", "required": true, "schema": schema]
        }
        var query = op.query
        if op.method == .GET, op.response.schema?.paged == true, !query.contains(where: { $0.name == APIQuery.after.name }) {
            query.insert(.after, at: 0)
        }
        for q in query {
            var p: JSONValue = ["name": .string(q.name), "in": "query", "required": .bool(q.required), "schema": q.schema]
            if let d = q.description { p["description"] = .string(d) }
            parameters.append(p)
        }
        if !parameters.isEmpty { o["parameters"] = .array(parameters) }
        switch op.body {
        case let .json(schema)?:
            o["requestBody"] = ["required": true, "content": ["application/json": ["schema": ref(schema.name)]],
                                "description": .string("At most \(op.maxBody >> 20) MiB (413 beyond, refused before it is read)")]
        case let .raw(mediaType, description, _, extensions)?:
            o["requestBody"] = .object(["required": true, "description": .string(description),
                                        "content": [mediaType: ["schema": ["type": "string"]]]].merging(extensions) { a, _ in a })
        case nil: break
        }
        if op.body != nil { o["x-max-body-bytes"] = .int(op.maxBody) }

        var success: JSONValue = ["description": "Success"]
        if let s = op.response.schema { success["content"] = ["application/json": ["schema": ref(s.name)]] }
        func error(_ description: String) -> JSONValue {
            ["description": .string(description), "content": ["application/json": ["schema": ref(errorSchema.name)]]]
        }
        var responses: [String: JSONValue] = [String(op.response.status): success,
                                              "4XX": error("Invalid input, unknown or hidden resource (404), conflict")]
        if op.method != .GET {
            responses["413"] = error("Body over \(op.maxBody) bytes")
            responses["429"] = error(op.token
                ? "Over the writes allowed per account and minute (ENJEU_WRITE_RATE_LIMIT); see Retry-After"
                : "Over the attempts allowed per address and account and minute (ENJEU_AUTH_RATE_LIMIT); see Retry-After")
        }
        o["responses"] = .object(responses)
        if op.token { o["security"] = [["bearer": []]] }
        return o
    }

    static let errorSchema = APISchema(ErrorBody.self, "Error")

    /// Every schema the operations name, derived from its type, then annotated.
    static func schemas(_ operations: [APIDoc]) throws -> [String: JSONValue] {
        var declared: [APISchema] = [errorSchema]
        func add(_ s: APISchema) { declared.append(s); s.components.forEach(add) }
        for op in operations {
            if case let .json(s)? = op.body { add(s) }
            op.response.schema.map(add)
        }
        var named: [ObjectIdentifier: String] = [:]
        for s in declared where named[ObjectIdentifier(s.type)] == nil { named[ObjectIdentifier(s.type)] = s.name }
        let probe = SchemaProbe(named: named)

        var out: [String: JSONValue] = [:]
        for s in declared {
            let schema = try probe.schema(of: s.type)
            if let earlier = out[s.name], earlier != schema {
                throw ProbeError(type: "\(s.type)", problem: "named \(s.name) like another type of another shape")
            }
            out[s.name] = schema
        }
        // `KeysetPage` always writes `next`, null on the last page, though it reads it as optional.
        for s in declared where s.paged { out[s.name]?["required"] = ["items", "next"] }
        for (name, fields) in validatorRequires {
            guard var schema = out[name], fields.allSatisfy({ schema["properties"]?[$0] != nil }) else {
                throw ProbeError(type: name, problem: "no fields \(fields) to require")
            }
            let list: [JSONValue] = if case let .array(l)? = schema["required"] { l } else { [] }
            schema["required"] = .array(list + fields.map { .string($0) })
            out[name] = schema
        }
        for (name, fields) in notes.merging(limits) { $0 + $1 } {
            for (field, note) in fields { try annotate(&out, name, field) { $0 = $0 + note } }
        }
        for (name, fields) in lengths {
            for (field, limit) in fields {
                try annotate(&out, name, field) { $0 = $0 + lengthKeywords(limit, description: $0["description"]?.string) }
            }
        }
        return out
    }

    /// Changes one property of a schema, at a dotted path that goes into nested objects and through arrays' items.
    static func annotate(_ schemas: inout [String: JSONValue], _ name: String, _ field: String, _ change: (inout JSONValue) -> Void) throws {
        guard var schema = schemas[name] else { throw ProbeError(type: name, problem: "no such schema to annotate") }
        func apply(_ node: inout JSONValue, _ path: ArraySlice<Substring>) -> Bool {
            if var items = node["items"] {
                defer { node["items"] = items }
                return apply(&items, path)
            }
            guard let key = path.first.map(String.init), var props = node["properties"]?.objectValue, var prop = props[key] else { return false }
            if path.count == 1 { change(&prop) } else if !apply(&prop, path.dropFirst()) { return false }
            props[key] = prop
            node["properties"] = .object(props)
            return true
        }
        guard apply(&schema, field.split(separator: ".")[...]) else { throw ProbeError(type: name, problem: "no field \(field) to annotate") }
        schemas[name] = schema
    }
}
