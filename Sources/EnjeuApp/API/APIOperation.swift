import Foundation
import Vapor
import EnjeuCore
import EnjeuWeb

/// One route of the JSON API, declared once: the endpoint the app registers (method, path, gate, name) and what the
/// OpenAPI document says of it. `OpenAPIDocument` is built from these declarations and the Codable types they name.
struct APIOperation<each P: PathValue>: Sendable {
    let endpoint: Endpoint<repeat each P>
    let doc: APIDoc

    /// `token`: whether a bearer token is needed; by default, as the gate says (see `APIDoc.needsToken`).
    init(_ method: EnjeuWeb.Method, _ pattern: String, gate: Gate, name: String, _ summary: String, token: Bool? = nil,
         body: APIBody? = nil, query: [APIQuery] = [], _ response: APIResponse) {
        precondition(pattern.hasPrefix(APIDoc.prefix + "/"), "API route \(name) outside \(APIDoc.prefix): \(pattern)")
        endpoint = Endpoint<repeat each P>(method, pattern, gate: gate, name: name)
        var types: [JSONValue] = []
        for type in repeat (each P).self { types.append(APIDoc.schema(of: type)) }
        doc = APIDoc(method: method, pattern: pattern, gate: gate, name: name, parameterTypes: types, summary: summary,
                     token: token ?? APIDoc.needsToken(gate), body: body, query: query, response: response)
    }
}

/// What the OpenAPI document says of one operation, without its generic parameter types.
struct APIDoc: Sendable {
    let method: EnjeuWeb.Method
    let pattern: String
    let gate: Gate
    let name: String
    /// The schemas of the pattern's parameters, in order.
    let parameterTypes: [JSONValue]
    let summary: String
    let token: Bool
    let body: APIBody?
    let query: [APIQuery]
    let response: APIResponse

    static let prefix = "/api/v1"

    /// The OpenAPI path, relative to the server's `/api/v1`: `/communities/{slug}`.
    var path: String {
        String(pattern.dropFirst(Self.prefix.count)).split(separator: "/", omittingEmptySubsequences: false)
            .map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }.joined(separator: "/")
    }
    var parameters: [String] { pattern.split(separator: "/").filter { $0.hasPrefix(":") }.map { String($0.dropFirst()) } }

    /// The most a route reads of a body: its own limit, or the application's default (`app.routes.defaultMaxBodySize`).
    var maxBody: Int { body?.maxBytes ?? Self.defaultMaxBody }
    static let defaultMaxBody = 1 << 20

    /// Who needs a token by default: the signed-in, and in a community what an anonymous reader may never do
    /// (seeing a public community's card, inside or code needs none).
    static func needsToken(_ gate: Gate) -> Bool {
        switch gate {
        case .anyone: false
        case .signedIn: true
        case let .community(c): ![.seeCard, .seeInside, .readCode, .readOpenData].contains(c)
        }
    }

    static func schema(of parameter: any PathValue.Type) -> JSONValue {
        switch parameter {
        case is UUID.Type: ["type": "string", "format": "uuid"]
        case is Int.Type: ["type": "integer"]
        default: ["type": "string"]
        }
    }
}

/// A schema the document names as a component: a Codable type, under its own name unless told otherwise (one type
/// may be documented under two names when their limits differ). `components` are types its schema refers to by name.
struct APISchema: @unchecked Sendable {
    // @unchecked: a metatype is immutable.
    let name: String
    let type: any Decodable.Type
    var components: [APISchema] = []
    /// A keyset page: a GET answering with it takes `?after=`.
    var paged = false

    init(_ type: any Decodable.Type, _ name: String? = nil, components: [APISchema] = []) {
        self.type = type
        self.name = name ?? String(describing: type)
        self.components = components
    }

    /// A keyset page of `item` (`{"items", "next"}`), named after it unless told otherwise: `CardPage`.
    static func page<T: Decodable & Sendable>(_ item: T.Type, _ itemName: String? = nil, pageName: String? = nil) -> APISchema {
        let item = APISchema(item, itemName)
        var page = APISchema(KeysetPage<T>.self, pageName ?? item.name + "Page", components: [item])
        page.paged = true
        return page
    }
}

/// A request body: JSON of a schema, or raw bytes (`text/csv`) read as a stream up to `maxBytes`.
enum APIBody: Sendable {
    case json(APISchema)
    case raw(mediaType: String, description: String, maxBytes: Int, extensions: [String: JSONValue])

    static func json(_ type: any Decodable.Type, _ name: String? = nil) -> APIBody { .json(APISchema(type, name)) }

    var maxBytes: Int? { if case let .raw(_, _, max, _) = self { max } else { nil } }
    var streams: Bool { maxBytes != nil }
}

struct APIQuery: Sendable {
    let name: String
    let schema: JSONValue
    var required = false
    var description: String?

    static let after = APIQuery(name: "after", schema: ["type": "string"],
                                description: "Cursor from the previous page's `next`, passed unchanged; one this server did not produce is a 400")
    static let q = APIQuery(name: "q", schema: ["type": "string"])
}

/// The success status and what it carries: JSON of a schema, or something else (a file, a stream) left undescribed.
struct APIResponse: Sendable {
    let status: Int
    let schema: APISchema?

    static func ok(_ type: any Decodable.Type, _ name: String? = nil) -> APIResponse { APIResponse(status: 200, schema: APISchema(type, name)) }
    static func created(_ type: any Decodable.Type, _ name: String? = nil) -> APIResponse { APIResponse(status: 201, schema: APISchema(type, name)) }
    static func ok(_ schema: APISchema) -> APIResponse { APIResponse(status: 200, schema: schema) }
    static let okUndescribed = APIResponse(status: 200, schema: nil)
    static let noContent = APIResponse(status: 204, schema: nil)
}

/// Registration of API operations: the typed overloads of `Gate.swift`, with the body limit the declaration states.
extension RoutesBuilder {
    @discardableResult
    func open<each P, R: AsyncResponseEncodable>(_ op: APIOperation<repeat each P>,
                                                 use handler: @escaping @Sendable (Request) async throws -> R) -> Route {
        open(op.endpoint, use: handler)
    }

    @discardableResult
    func signedIn<each P, R: AsyncResponseEncodable>(_ op: APIOperation<repeat each P>,
                                                     use handler: @escaping @Sendable (Request, Viewer) async throws -> R) -> Route {
        signedIn(op.endpoint, use: handler)
    }

    @discardableResult
    func community<each P, R: AsyncResponseEncodable>(_ op: APIOperation<repeat each P>,
                                                      use handler: @escaping @Sendable (Request, CommunityContext) async throws -> R) -> Route {
        community(op.endpoint, maxBody: op.doc.body?.maxBytes.map { ByteCount(integerLiteral: $0) }, streamBody: op.doc.body?.streams ?? false,
                  use: handler)
    }

    @discardableResult
    func programme<each P, R: AsyncResponseEncodable>(_ op: APIOperation<repeat each P>,
                                                      use handler: @escaping @Sendable (Request, CommunityContext) async throws -> R) -> Route {
        programme(op.endpoint, maxBody: op.doc.body?.maxBytes.map { ByteCount(integerLiteral: $0) }, use: handler)
    }
}
