import NIOConcurrencyHelpers
import NIOCore
import Vapor

/// A request body read chunk by chunk, for routes registered with `streamBody`: the next chunk is read from the socket
/// only once the previous one is handled (`next()` is called again), so memory holds one chunk whatever the body's size.
/// Works for a streamed, an already collected (it came in one read) and an empty body — Vapor's own `for try await`
/// on `req.body` traps on the last. Stopping early (an error, a limit) lets the rest be read and dropped.
struct BodyChunks {
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
        self.pending = pending
        iterator = stream.makeAsyncIterator()
    }

    /// The next chunk, nil at the end; the one returned before is released first.
    mutating func next() async throws -> ByteBuffer? {
        if delivered { pending.withLockedValue { $0.take() }?.succeed() }
        delivered = true
        return try await iterator.next()
    }
}
