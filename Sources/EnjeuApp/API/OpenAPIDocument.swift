import Foundation

/// The OpenAPI 3.1 description of /api/v1, served at /api/v1/openapi.json.
/// `OpenAPITests` fails when a registered API route is missing here (or described but not registered).
enum OpenAPIDocument {
    struct Operation {
        let method: String
        let path: String
        let summary: String
        let auth: Bool
        let body: String?
        let response: (status: String, schema: String?)
    }

    nonisolated(unsafe) static let operations: [Operation] = [
        .init(method: "get", path: "/openapi.json", summary: "This document", auth: false, body: nil, response: ("200", nil)),
        .init(method: "post", path: "/accounts", summary: "Create an account", auth: false, body: "NewAccount", response: ("201", "AccountCreated")),
        .init(method: "post", path: "/tokens", summary: "Create a personal access token from e-mail and password", auth: false, body: "Credentials", response: ("201", "TokenCreated")),
        .init(method: "get", path: "/tokens", summary: "List my active tokens", auth: true, body: nil, response: ("200", "TokenPage")),
        .init(method: "delete", path: "/tokens/{id}", summary: "Revoke a token", auth: true, body: nil, response: ("204", nil)),
        .init(method: "get", path: "/me", summary: "Who I am", auth: true, body: nil, response: ("200", "Me")),
        .init(method: "patch", path: "/me", summary: "Update my profile (« qui je suis »)", auth: true, body: "ProfileUpdate", response: ("200", "Me")),
        .init(method: "get", path: "/users/{handle}", summary: "A person's profile", auth: true, body: nil, response: ("200", "Me")),
        .init(method: "get", path: "/communities", summary: "Browse and search community cards (keyset pages)", auth: false, body: nil, response: ("200", "CardPage")),
        .init(method: "post", path: "/communities", summary: "Create a community; the creator is its founder", auth: true, body: "NewCommunity", response: ("201", "Card")),
        .init(method: "get", path: "/communities/{slug}", summary: "A community's card and my relation to it", auth: false, body: nil, response: ("200", "CommunityDetail")),
        .init(method: "patch", path: "/communities/{slug}", summary: "Edit the profile (stewards; optimistic version)", auth: true, body: "CommunityUpdate", response: ("200", "CommunityDetail")),
        .init(method: "get", path: "/communities/{slug}/members", summary: "Members (404 to non-members of a members-only community)", auth: false, body: nil, response: ("200", "MemberPage")),
        .init(method: "get", path: "/communities/{slug}/join-requests", summary: "Pending join requests (stewards)", auth: true, body: nil, response: ("200", "RequestPage")),
        .init(method: "post", path: "/communities/{slug}/join-requests", summary: "Ask to join", auth: true, body: "JoinBody", response: ("201", "JoinStatus")),
        .init(method: "post", path: "/communities/{slug}/join-requests/{id}/approve", summary: "Approve a request (stewards)", auth: true, body: nil, response: ("200", "JoinStatus")),
        .init(method: "post", path: "/communities/{slug}/join-requests/{id}/decline", summary: "Decline a request with a reason (stewards)", auth: true, body: "ReasonBody", response: ("200", "JoinStatus")),
        .init(method: "post", path: "/communities/{slug}/withdraw", summary: "Withdraw my pending request", auth: true, body: nil, response: ("200", "Status")),
        .init(method: "get", path: "/communities/{slug}/charter", summary: "The current reciprocity charter", auth: false, body: nil, response: ("200", "Charter")),
        .init(method: "post", path: "/communities/{slug}/charter", summary: "Publish a new charter version (stewards)", auth: true, body: "NewCharter", response: ("201", "Charter")),
        .init(method: "post", path: "/communities/{slug}/charter/accept", summary: "Accept the current charter; an approved person becomes active", auth: true, body: "VersionBody", response: ("200", "Status")),
        .init(method: "post", path: "/communities/{slug}/leave", summary: "Leave the community", auth: true, body: nil, response: ("200", "Status")),
        .init(method: "post", path: "/communities/{slug}/members/{handle}/{change}", summary: "suspend, reinstate, promote or demote a member (stewards)", auth: true, body: nil, response: ("200", "Status")),
    ]

    static func obj(_ props: [String: Any], required: [String] = []) -> [String: Any] {
        ["type": "object", "properties": props, "required": required]
    }
    nonisolated(unsafe) static let str: [String: Any] = ["type": "string"]
    nonisolated(unsafe) static let int: [String: Any] = ["type": "integer"]
    nonisolated(unsafe) static let uuid: [String: Any] = ["type": "string", "format": "uuid"]
    nonisolated(unsafe) static let date: [String: Any] = ["type": "string", "format": "date-time"]
    static func ref(_ n: String) -> [String: Any] { ["$ref": "#/components/schemas/" + n] }
    static func page(_ item: String) -> [String: Any] {
        obj(["items": ["type": "array", "items": ref(item)], "next": ["type": ["string", "null"]]], required: ["items", "next"])
    }

    nonisolated(unsafe) static let cardProps: [String: Any] = [
        "slug": ["type": "string", "pattern": "^[a-z0-9-]{3,60}$"], "name": str, "purpose": str, "perimeter": str, "rhythm": str,
        "stage": ["type": "string", "enum": ["emerging", "growing", "mature", "dormant", "closed"]],
        "visibility": ["type": "string", "enum": ["public", "members"]], "charterVersion": int,
        "memberCount": ["type": "integer", "description": "Absent when the reader may not see inside"],
    ]

    nonisolated(unsafe) static let schemas: [String: Any] = [
        "Error": obj(["error": ["type": "boolean", "const": true], "reason": str], required: ["error", "reason"]),
        "NewAccount": obj(["handle": str, "displayName": str, "email": str, "password": ["type": "string", "minLength": 10]],
                          required: ["handle", "displayName", "email", "password"]),
        "AccountCreated": obj(["id": uuid, "handle": str], required: ["id", "handle"]),
        "Credentials": obj(["email": str, "password": str, "name": str], required: ["email", "password"]),
        "TokenCreated": obj(["id": uuid, "token": str], required: ["id", "token"]),
        "Token": obj(["id": uuid, "name": str, "createdAt": date]),
        "TokenPage": page("Token"),
        "Me": obj(["id": uuid, "handle": str, "displayName": str, "email": str, "bio": str,
                   "values": ["type": "array", "items": str], "skills": ["type": "array", "items": str], "lang": str], required: ["id", "handle"]),
        "ProfileUpdate": obj(["displayName": str, "bio": str, "values": str, "skills": str, "lang": ["type": "string", "enum": ["fr", "en"]]]),
        "NewCommunity": obj(cardProps.filter { ["slug", "name", "purpose", "perimeter", "rhythm", "stage", "visibility"].contains($0.key) }
                            .merging(["charter": str]) { a, _ in a },
                            required: ["slug", "name", "purpose", "stage", "visibility", "charter"]),
        "CommunityUpdate": obj(cardProps.filter { ["name", "purpose", "perimeter", "rhythm", "stage", "visibility"].contains($0.key) }
                               .merging(["version": int]) { a, _ in a },
                               required: ["name", "purpose", "stage", "visibility", "version"]),
        "Card": obj(cardProps, required: ["slug", "name", "purpose", "stage", "visibility", "charterVersion"]),
        "CardPage": page("Card"),
        "CommunityDetail": obj(cardProps.merging([
            "relation": ["type": "string", "enum": ["anonymous", "outsider", "pending", "approved", "active", "suspended", "left"]],
            "role": ["type": "string", "enum": ["founder", "steward", "member"]], "charterCurrent": ["type": "boolean"],
            "version": int]) { a, _ in a }, required: ["slug", "name", "relation"]),
        "Member": obj(["handle": str, "displayName": str, "role": ["type": "string", "enum": ["founder", "steward", "member"]],
                       "status": str, "charterCurrent": ["type": "boolean"], "joinedAt": date], required: ["handle", "role"]),
        "MemberPage": page("Member"),
        "JoinRequest": obj(["id": uuid, "handle": str, "displayName": str, "message": str, "status": str, "reason": str, "createdAt": date]),
        "RequestPage": page("JoinRequest"),
        "JoinBody": obj(["message": ["type": "string", "maxLength": 2000]]),
        "JoinStatus": obj(["id": uuid, "status": ["type": "string", "enum": ["pending", "approved", "declined", "withdrawn"]]], required: ["id", "status"]),
        "ReasonBody": obj(["reason": ["type": "string", "minLength": 1, "maxLength": 2000]], required: ["reason"]),
        "VersionBody": obj(["version": int], required: ["version"]),
        "NewCharter": obj(["text": ["type": "string", "minLength": 10], "version": ["type": "integer", "description": "The current version, for optimistic concurrency"]], required: ["text", "version"]),
        "Charter": obj(["version": int, "text": str, "createdAt": date], required: ["version", "text"]),
        "Status": obj(["status": str], required: ["status"]),
    ]

    nonisolated(unsafe) static let document: [String: Any] = {
        var paths: [String: [String: Any]] = [:]
        for op in operations {
            var o: [String: Any] = ["summary": op.summary, "operationId": op.method + op.path.replacingOccurrences(of: "/", with: "_")
                .replacingOccurrences(of: "{", with: "").replacingOccurrences(of: "}", with: "")]
            let params = op.path.split(separator: "/").filter { $0.hasPrefix("{") }.map { p -> [String: Any] in
                ["name": String(p.dropFirst().dropLast()), "in": "path", "required": true, "schema": str]
            }
            var query: [[String: Any]] = []
            if op.method == "get" && (op.response.schema?.hasSuffix("Page") ?? false) {
                query.append(["name": "after", "in": "query", "required": false, "schema": str, "description": "Cursor from the previous page's `next`"])
                if op.path == "/communities" { query.append(["name": "q", "in": "query", "required": false, "schema": str]) }
            }
            if !(params + query).isEmpty { o["parameters"] = params + query }
            if let body = op.body { o["requestBody"] = ["required": true, "content": ["application/json": ["schema": ref(body)]]] }
            var responses: [String: Any] = [:]
            var ok: [String: Any] = ["description": "Success"]
            if let s = op.response.schema { ok["content"] = ["application/json": ["schema": ref(s)]] }
            responses[op.response.status] = ok
            let err: [String: Any] = ["content": ["application/json": ["schema": ref("Error")]]]
            responses["4XX"] = err.merging(["description": "Invalid input, unknown or hidden resource (404), conflict"]) { a, _ in a }
            o["responses"] = responses
            if op.auth { o["security"] = [["bearer": [String]()]] }
            paths[op.path, default: [:]][op.method] = o
        }
        return [
            "openapi": "3.1.0",
            "info": ["title": "Enjeu API", "version": "1.0.0",
                     "description": "Communities of stakes. Errors are {\"error\": true, \"reason\": …}; lists are keyset-paged with `next`."],
            "servers": [["url": "/api/v1"]],
            "paths": paths,
            "components": ["schemas": schemas, "securitySchemes": ["bearer": ["type": "http", "scheme": "bearer"]]],
        ]
    }()

    nonisolated(unsafe) static let json: Data = (try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .prettyPrinted])) ?? Data()
}
