import Vapor
import EnjeuCore
import EnjeuWeb

/// Errors a handler may throw; the error middleware turns each into a 4xx page or JSON body.
public enum AppError: Error, Sendable {
    case notFound
    case unauthorized
    case forbidden(Text)
    case conflict(Text)
    case invalid(Violations)
    case badRequest(Text)
    /// Give to get: reading needs credits the member has not earned yet; the text says how to earn them.
    case paymentRequired(Text)
    /// Well-formed but refused as a whole (an import with faulty rows, unknown actors): 422 with the reason.
    case rejected(Text)
}

extension AppError: AbortError {
    public var status: HTTPResponseStatus {
        switch self {
        case .notFound: .notFound
        case .unauthorized: .unauthorized
        case .forbidden: .forbidden
        case .conflict: .conflict
        // A uniqueness clash (handle, e-mail, slug already taken) is a conflict; anything else is invalid input.
        case let .invalid(v): v.all.allSatisfy { $0.problem == .taken } ? .conflict : .unprocessableEntity
        case .badRequest: .badRequest
        case .paymentRequired: .paymentRequired
        case .rejected: .unprocessableEntity
        }
    }

    public var reason: String { message(.en) }

    public func message(_ lang: Lang) -> String {
        switch self {
        case .notFound: lang[.errNotFound]
        case .unauthorized: lang[.errUnauthorized]
        case let .forbidden(t), let .conflict(t), let .badRequest(t), let .paymentRequired(t), let .rejected(t): lang[t]
        case let .invalid(v): v.all.map { lang[Text.describe($0)] }.joined(separator: " ")
        }
    }
}

/// Turns every error into a clear 4xx (or a logged, generic 500): JSON under /api, a friendly page elsewhere.
struct EnjeuErrorMiddleware: AsyncMiddleware {
    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: req)
        } catch {
            return Self.response(for: error, req: req)
        }
    }

    static func response(for error: any Error, req: Request) -> Response {
        let lang = req.lang
        let status: HTTPResponseStatus
        let reason: String
        var headers = HTTPHeaders()
        switch error {
        case let e as AppError:
            status = e.status
            reason = e.message(lang)
        case let e as RateLimited:
            status = .tooManyRequests
            reason = lang[e.reason ?? .errTooMany(seconds: e.retryAfter)]
            headers.replaceOrAdd(name: .retryAfter, value: String(e.retryAfter))
        case let e as BodyTooLarge:
            status = .payloadTooLarge
            reason = lang[.errTooLarge(bytes: e.limit)]
        case let e as DecodingError:
            status = .badRequest
            reason = lang[.errMalformed] + " " + describe(e, lang)
        case let e as any AbortError:
            status = e.status
            headers = e.headers
            reason = status == .payloadTooLarge ? lang[.errTooLarge(bytes: req.route?.maxBody ?? req.application.routes.defaultMaxBodySize.value)]
                : status == .notFound ? lang[.errNotFound]
                : (status.code < 500 ? e.reason : lang[.errServer])
        default:
            status = .internalServerError
            reason = lang[.errServer]
        }
        if status.code >= 500 {
            req.logger.error("request failed", metadata: ["error": "\(String(reflecting: error))"])
        }
        let response: Response
        if req.wantsJSON {
            response = Response(status: status, headers: headers)
            try? response.content.encode(ErrorBody(reason: reason), as: .json)
        } else {
            response = Response(status: status, headers: headers)
            let page = ErrorView.page(status: status.code, reason: reason, lang)
            response.headers.contentType = .html
            response.body = .init(string: Layout.render(req.chrome, title: page.title, main: page.main))
        }
        return response
    }

    private static func describe(_ e: DecodingError, _ l: Lang) -> String {
        func path(_ c: DecodingError.Context) -> String {
            c.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        }
        switch e {
        case let .keyNotFound(key, _): return l[.errMissingField] + " « \(key.stringValue) »"
        case let .typeMismatch(_, c): return l[.errWrongType] + " « \(path(c)) »"
        case let .valueNotFound(_, c): return l[.errMissingValue] + " « \(path(c)) »"
        case .dataCorrupted: return l[.errInvalidJSON]
        @unknown default: return l[.errInvalidJSON]
        }
    }
}

extension Content {
    /// This value as a 201 Created response.
    func created(for req: Request) async throws -> Response {
        let res = try await encodeResponse(for: req)
        res.status = .created
        return res
    }
}

struct ErrorBody: Content {
    var error = true
    let reason: String
}

extension Request {
    /// API paths answer JSON; pages answer HTML.
    /// The API and the fediverse's documents (`/ap/…`, `/.well-known/…`, NodeInfo) answer in JSON, errors included, and
    /// take no CSRF token: other servers post there with signatures, not cookies.
    var wantsJSON: Bool {
        let path = url.path
        return path.hasPrefix("/api/") || path.hasPrefix("/ap/") || path.hasPrefix("/.well-known/") || path.hasPrefix("/nodeinfo/")
    }
}
