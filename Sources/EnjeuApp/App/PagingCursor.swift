import Vapor
import SQLKit
import EnjeuCore
import EnjeuWeb

/// Every list pages with `?after=<cursor>` (README). Handlers read that parameter leniently (`try? req.query.get`),
/// which turns a value Vapor cannot decode (bad percent-encoding, bytes that are not UTF-8, a repeated or bracketed
/// `after`, a malformed key elsewhere in the query) into « no cursor »: a silent first page, forever, for a client that
/// follows `next`. So it is checked once here, for every route: an `after` that is present (even empty) must be a
/// cursor this server produced (`Cursor`), else 400 naming the parameter; the first page is asked without it. The shape a list needs beyond that (a
/// numeric key for revisions) is checked where the list decodes it.
struct PagingCursorMiddleware: AsyncMiddleware {
    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        // A key may be percent-encoded (`%61fter`): only a query with neither the name nor an escape skips the check.
        if let query = req.url.query, query.contains("after") || query.contains("%") {
            let values = Self.rawValues(of: "after", in: query)
            if !values.isEmpty {
                guard let value = Self.decodedSingle(values),
                      // What the handlers will read must be exactly this value, or they would fall back to nothing.
                      (try? req.query.get(String.self, at: "after")) == value,
                      Cursor(encoded: value) != nil
                else { throw AppError.badRequest(CommonText.errBadCursor.text) }
            }
        }
        return try await next.respond(to: req)
    }

    /// The raw values of every pair whose key is `name` or `name[…]` (nil for a bracketed key or a bare `name`,
    /// which cannot carry a cursor).
    static func rawValues(of name: String, in query: String) -> [Substring?] {
        query.split(separator: "&").compactMap { pair in
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let key = kv[0].replacingOccurrences(of: "+", with: "%20").removingPercentEncoding,
                  key == name || key.hasPrefix(name + "[") else { return nil }
            return .some(key == name && kv.count == 2 ? kv[1] : nil)
        }
    }

    /// The one value, percent-decoded as a form decoder does (`+` is a space); nil when repeated, bracketed, bare
    /// or not valid UTF-8 once decoded.
    static func decodedSingle(_ values: [Substring?]) -> String? {
        guard values.count == 1, let raw = values[0] else { return nil }
        return raw.replacingOccurrences(of: "+", with: "%20").removingPercentEncoding
    }
}

extension Cursor {
    /// The cursor a list starts after (nil on the first page); one this server did not produce is a clear 400.
    static func after(_ raw: String?) throws -> Cursor? {
        guard let raw, !raw.isEmpty else { return nil }
        guard let cursor = Cursor(encoded: raw) else { throw AppError.badRequest(CommonText.errBadCursor.text) }
        return cursor
    }

    /// `AND` clause of a list ordered by (key, id) ascending: the rows after this one. Columns are code, never input.
    func rowsAfter(key: String, id: String) -> SQLQueryString {
        " AND (\(unsafeRaw: key) > \(bind: self.key) OR (\(unsafeRaw: key) = \(bind: self.key) AND \(unsafeRaw: id) > \(bind: self.id)))"
    }
}

// Served as JSON by the API routes.
extension KeysetPage: RequestDecodable, ResponseEncodable, AsyncRequestDecodable, AsyncResponseEncodable, Content where Item: Content {}

extension Request {
    /// The `after` cursor of a list, already checked by `PagingCursorMiddleware`; nil on the first page.
    var after: String? { try? query.get(String.self, at: "after") }

    /// An optional query parameter read leniently: absent and undecodable are both « not given ».
    func optionalQuery<T: Decodable>(_ key: String, as type: T.Type) -> T? { try? query.get(T.self, at: key) }
    func optionalQuery(_ key: String) -> String? { optionalQuery(key, as: String.self) }
}
