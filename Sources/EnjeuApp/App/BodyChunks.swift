import NIOConcurrencyHelpers
import NIOCore
import Vapor

/// A request body read chunk by chunk, for routes registered with `streamBody`: the next chunk is read from the socket
/// only once the previous one is handled (`next()` is called again), so memory holds one chunk whatever the body's size.
/// Works for a streamed, an already collected (it came in one read) and an empty body — Vapor's own `for try await`
/// on `req.body` traps on the last. Stopping early (an error, a limit) lets the rest be read and dropped until the
/// answer closes the connection (`BodyLimitMiddleware`); reading to the end marks the request `bodyReadWhole`.
struct BodyChunks {
    private let req: Request
    private let pending: NIOLockedValueBox<EventLoopPromise<Void>?>
    private var iterator: AsyncThrowingStream<ByteBuffer, any Error>.AsyncIterator
    private var delivered = false

    init(_ req: Request) {
        let pending = NIOLockedValueBox<EventLoopPromise<Void>?>(nil)
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: ByteBuffer.self)
        // The reader is gone: release the chunk waiting, and every later one as it comes.
        continuation.onTermination = { _ in pending.withLockedValue { $0.take() }?.succeed() }
        let loop = req.eventLoop
        req.body.drain { part in
            switch part {
            case let .buffer(buffer):
                let promise = loop.makePromise(of: Void.self)
                pending.withLockedValue { $0 = promise }
                if case .terminated = continuation.yield(buffer) { pending.withLockedValue { $0.take() }?.succeed() }
                return promise.futureResult
            case let .error(error):
                continuation.finish(throwing: error)
                return loop.makeSucceededVoidFuture()
            case .end:
                continuation.finish()
                return loop.makeSucceededVoidFuture()
            }
        }
        self.req = req
        self.pending = pending
        iterator = stream.makeAsyncIterator()
    }

    /// The next chunk, nil at the end; the one returned before is released first.
    mutating func next() async throws -> ByteBuffer? {
        if delivered { pending.withLockedValue { $0.take() }?.succeed() }
        delivered = true
        guard let chunk = try await iterator.next() else {
            req.bodyReadWhole = true
            return nil
        }
        return chunk
    }
}

extension Request {
    private struct BodyReadWholeKey: StorageKey { typealias Value = Bool }

    /// A streamed body the route read to its end (`BodyChunks`).
    fileprivate(set) var bodyReadWhole: Bool {
        get { storage[BodyReadWholeKey.self] ?? false }
        set { storage[BodyReadWholeKey.self] = newValue }
    }

    /// The request has a body whose end the server has not read: neither collected (a body that came in one read is,
    /// and so is every body a `.collect` route got) nor read to its end by the route.
    var bodyLeftUnread: Bool {
        let declared = headers.first(name: .contentLength).flatMap(Int.init).map { $0 > 0 } ?? headers.contains(name: .transferEncoding)
        return declared && body.data == nil && !bodyReadWhole
    }
}

/// Sent as a response body's last word to have Vapor close the connection (`Response.closingConnection`).
private struct ClosingAfterAnswer: Error {}

extension Response {
    /// How long the rest of `req`'s body is still read and dropped after the answer, before the connection is closed:
    /// a client (or a proxy forwarding a buffered body) still sending when the socket closes gets a reset, and may lose
    /// the answer with it. Bounded, so a client cannot keep the connection busy.
    static let lingering: Duration = .milliseconds(500)

    /// This answer to `req`, then the connection closed. Vapor keeps a connection alive when the request asked for it
    /// (a response's own `Connection: close` is sent, with Vapor's `keep-alive` beside it, but not acted upon:
    /// HTTPServerHandler reads the request's keep-alive only). A streamed body that ends in an error is what makes it
    /// close the channel (HTTPServerHandler → NIOCloseOnErrorHandler); the length is declared, so the answer is whole.
    /// A streamed answer (an export) is left as it is. HTTP/1.1, the only protocol the server speaks (behind its proxy).
    func closingConnection(_ req: Request) -> Response {
        guard let bytes = body.buffer ?? (body.count == 0 ? ByteBuffer() : nil) else { return self }
        headers.replaceOrAdd(name: .connection, value: "close")
        // Whoever read the body is done with it (a body nobody read is held back by Vapor, the client blocked): drop the rest.
        let loop = req.eventLoop
        req.body.drain { _ in loop.makeSucceededVoidFuture() }
        body = .init(asyncStream: { writer in
            do {
                if bytes.readableBytes > 0 { try await writer.write(.buffer(bytes)) }
                try await Task.sleep(for: Self.lingering)
            } catch {}
            try? await writer.write(.error(ClosingAfterAnswer()))
        }, count: bytes.readableBytes)
        return self
    }
}
