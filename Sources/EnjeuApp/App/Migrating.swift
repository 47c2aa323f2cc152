import FluentPostgresDriver
import PostgresNIO
import Vapor

extension Application {
    /// Fluent's `autoMigrate`, one instance at a time: instances started together on an empty PostgreSQL would race to
    /// create the same tables, and all but one would stop. The turn is a session advisory lock, per schema, taken on a
    /// connection of its own to PostgreSQL itself (`DATABASE_LISTEN_URL` when set: through PgBouncer in transaction mode
    /// a session's lock could be held by a server connection the pool hands to someone else); closing it releases the lock.
    /// An unreachable `DATABASE_LISTEN_URL` stops the start here, with its name, rather than leave live events silent.
    func migrateOnce() async throws {
        guard case let .postgres(url, searchPath) = enjeu.database else { return try await autoMigrate() }
        let direct = enjeu.listenURL ?? url
        let connection: PostgresConnection
        do {
            let config = try SQLPostgresConfiguration(url: direct)
            connection = try await PostgresConnection.connect(configuration: config.coreConfiguration, id: 2, logger: logger)
        } catch {
            let name = enjeu.listenURL == nil ? "DATABASE_URL" : "DATABASE_LISTEN_URL"
            throw EnjeuConfig.Invalid(description: "\(name): cannot connect to PostgreSQL (\(String(reflecting: error)))")
        }
        do {
            let schema = searchPath?.first ?? "public"
            // Read to the end: the statement has returned once the lock is ours.
            _ = try await connection.query("SELECT pg_advisory_lock(7340573, hashtext(\(schema)))", logger: logger).collect()
            try await autoMigrate()
        } catch {
            try? await connection.close()
            throw error
        }
        try await connection.close()
    }
}
