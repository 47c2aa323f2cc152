import Vapor

extension Response {
    /// A 200 whose body `produce` writes chunk by chunk, each write waiting for the socket: exports of any size hold
    /// one page in memory. An error midway aborts the response (the reader sees a broken download, never a
    /// well-formed partial file) and is logged.
    static func streamed(_ type: HTTPMediaType, filename: String?, logger: Logger,
                         _ produce: @escaping @Sendable (_ emit: (ByteBuffer) async throws -> Void) async throws -> Void) -> Response {
        let res = Response(status: .ok)
        res.headers.contentType = type
        if let filename { res.headers.contentDisposition = .init(.attachment, filename: filename) }
        res.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        res.body = .init(asyncStream: { writer in
            do {
                try await produce { chunk in try await writer.write(.buffer(chunk)) }
                try await writer.write(.end)
            } catch {
                logger.warning("export stopped midway: \(String(reflecting: error))")
                try? await writer.write(.error(error))
            }
        })
        return res
    }
}

/// The elements of a streamed JSON array, a page at a time: a comma before every element but the very first.
struct JSONElements {
    private var first = true

    mutating func page<Item>(_ items: [Item], _ write: (Item, inout ByteBuffer) throws -> Void) rethrows -> ByteBuffer {
        var out = ByteBuffer()
        for item in items {
            if !first { out.writeString(",") }
            first = false
            try write(item, &out)
        }
        return out
    }
}
