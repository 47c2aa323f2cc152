import Fluent
import Vapor
import EnjeuCore
import EnjeuWeb

/// What a service, a query or a loader needs, and nothing of HTTP: a route builds it from its request
/// (`req.context`), a job from the application (`app.context()`), a test either way.
struct ServiceContext: Sendable {
    let app: Application
    let db: any Database
    /// The person acting, if any (jobs act as nobody).
    let viewer: Viewer?
    /// The language of texts a service writes for the person acting (notifications, errors).
    let lang: Lang
    let logger: Logger
    /// What the community gate let the request do, re-checked inside each write (App/Writes.swift); nil for jobs.
    var gateCheck: GateCheck? = nil

    var config: EnjeuConfig { app.enjeu }
    var now: Date { app.enjeu.now() }
    func newID() -> UUID { app.enjeu.ids.next() }

    /// One write transaction, all or nothing, through the one write path (the SQLite write queue or a PostgreSQL transaction).
    func write<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        try await app.write(on: db, rechecked(body))
    }

    /// `body`, preceded inside its transaction by the gate's re-check when there is one.
    func rechecked<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) -> @Sendable (any Database) async throws -> T {
        guard let check = gateCheck else { return body }
        return { db in
            try await check.verify(db)
            return try await body(db)
        }
    }
}

extension Request {
    var context: ServiceContext {
        ServiceContext(app: application, db: db, viewer: viewer, lang: lang, logger: logger, gateCheck: gateCheck)
    }
}

extension Application {
    /// The context of background work: no viewer, the instance's own logger.
    func context(lang: Lang = .fr) -> ServiceContext { ServiceContext(app: self, db: db, viewer: nil, lang: lang, logger: logger) }
}
