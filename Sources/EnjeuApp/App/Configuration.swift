import Foundation
import Vapor

/// All configuration, read from the environment in one place; a bad value stops start-up with a clear message.
public struct EnjeuConfig: Sendable {
    public enum Database: Sendable {
        case sqlite(path: String)
        case postgres(url: String, searchPath: [String]?)

        public var kind: String {
            if case .postgres = self { return "postgres" }
            return "sqlite"
        }
    }

    public var database: Database
    public var host: String
    public var port: Int
    /// Mark cookies `Secure` (behind TLS).
    public var secureCookies: Bool
    /// bcrypt cost; tests lower it to keep the suite fast.
    public var bcryptCost: Int
    public var logFormat: LogFormat
    public var logLevel: Logger.Level
    /// Sign-in, sign-up and token attempts per minute, per client address and per account tried.
    public var authRateLimit: Int
    /// Writes per minute and signed-in account (every method but GET and HEAD).
    public var writeRateLimit: Int = 120
    /// Reverse proxies whose `X-Forwarded-For` is believed (none by default: the socket address counts).
    public var trustedProxies = TrustedProxies()
    /// SQLite's `synchronous` setting for write transactions: FULL survives a power cut, NORMAL may lose the last commits.
    public var sqliteSynchronous: SQLiteSynchronous = .full
    /// How often contributors' reliability is relearned for communities whose figures changed (0: never in the background).
    public var figuresRefreshSeconds: Int = 300
    /// How often credibility is recomputed for communities whose endorsements or results changed (0: never in the background).
    public var credibilityRefreshSeconds: Int = 60
    /// The comment that keeps an event stream open, and notices a client that has gone.
    public var sseHeartbeatSeconds: Double = 20
    /// Open event streams at most, on this instance (each holds a socket) and per account.
    public var sseMaxStreams: Int = 2_000
    public var sseMaxPerAccount: Int = 5
    /// How many of the newest visible matches a catalogue search ranks (tests lower it).
    public var searchRankedMatches: Int = 500
    /// `smtp://[user:password@]host[:port]?from=address`: where e-mail digests of unread notifications go. Unset: none is sent.
    public var smtpURL: String?
    /// How often the e-mail digest runs.
    public var digestSeconds: Int = 3_600
    /// Whether this instance runs scheduled jobs and takes queued ones (`ENJEU_JOBS=0` for web-only instances).
    public var runJobs = true
    /// How many queued jobs this instance runs at once.
    public var jobWorkers = 2
    /// Whether `/metrics` (Prometheus text format) is served; off by default (`ENJEU_METRICS=1`), and then 404.
    public var metrics = false
    /// Memory for community pages rendered once per state of the community (App/PageCache.swift), in MiB;
    /// `ENJEU_PAGE_CACHE_MB=0` turns it off.
    public var pageCacheMB = 64
    /// Where my-data exports (ZIP files, kept 24 h) are written: `ENJEU_EXPORT_DIR`, else `exports` beside the SQLite
    /// file, else `./data/exports`. Several instances on one PostgreSQL must share it (the job runs on any of them).
    public var exportDirectory: String?
    public var exportsPath: String {
        if let exportDirectory { return exportDirectory }
        if case let .sqlite(path) = database { return (path as NSString).deletingLastPathComponent + "/exports" }
        return "./data/exports"
    }
    /// PostgreSQL for live events' LISTEN, which needs one session of its own: behind PgBouncer in transaction mode,
    /// `DATABASE_URL` names the pooler and this the server itself. Unset: `DATABASE_URL`.
    public var listenURL: String?
    /// The instance's operators (`ENJEU_ADMINS`, comma-separated handles): they read every community's journal
    /// (`GET /api/v1/admin/journal`); `enjeu admin` needs none (it runs on the server).
    public var admins: Set<String> = []
    /// `ENJEU_PUBLIC_URL`: the instance's public base address (`https://enjeu.example.org`). Actor ids, WebFinger and
    /// signatures use it; without it the instance does not federate (the federation routes answer 404).
    public var publicURL: URLParts?
    /// `ENJEU_BLOCKED_DOMAINS`: servers this instance neither hears (their inbox posts are refused before any key is
    /// fetched) nor speaks to (no follow, no delivery); a domain blocks its subdomains.
    public var blockedDomains: Set<String> = []
    /// `ENJEU_DELIVERY_WORKERS`: deliveries to other servers made at once, beside the job workers (they wait on the
    /// network, not on this machine).
    public var deliveryWorkers = 16
    public var ids: EnjeuCore.IDGenerator
    public var now: @Sendable () -> Date

    public enum LogFormat: String, Sendable { case text, json }
    public enum SQLiteSynchronous: String, Sendable, CaseIterable { case off = "OFF", normal = "NORMAL", full = "FULL", extra = "EXTRA" }

    public init(database: Database, host: String = "127.0.0.1", port: Int = 8080, secureCookies: Bool = false,
                bcryptCost: Int = 12, logFormat: LogFormat = .text, authRateLimit: Int = 20, logLevel: Logger.Level = .info, ids: EnjeuCore.IDGenerator = .init(),
                now: @escaping @Sendable () -> Date = Date.init) {
        self.database = database
        self.host = host
        self.port = port
        self.secureCookies = secureCookies
        self.bcryptCost = bcryptCost
        self.logFormat = logFormat
        self.logLevel = logLevel
        self.authRateLimit = authRateLimit
        self.ids = ids
        self.now = now
    }

    public struct Invalid: Error, CustomStringConvertible {
        public let description: String
    }

    /// Variables: DATABASE_URL, DATABASE_LISTEN_URL, ENJEU_DATA_DIR, ENJEU_HOST, ENJEU_PORT, ENJEU_SECURE_COOKIES, ENJEU_BCRYPT_COST, ENJEU_LOG_FORMAT, ENJEU_AUTH_RATE_LIMIT,
    /// ENJEU_FIGURES_REFRESH_SECONDS, ENJEU_CREDIBILITY_REFRESH_SECONDS, ENJEU_SSE_HEARTBEAT_SECONDS, ENJEU_SSE_MAX_STREAMS, ENJEU_SSE_MAX_PER_ACCOUNT, ENJEU_SMTP_URL,
    /// ENJEU_DIGEST_SECONDS, ENJEU_WRITE_RATE_LIMIT, ENJEU_TRUSTED_PROXIES, ENJEU_SQLITE_SYNCHRONOUS, ENJEU_METRICS, ENJEU_ADMINS, ENJEU_EXPORT_DIR, ENJEU_PUBLIC_URL, ENJEU_BLOCKED_DOMAINS, ENJEU_DELIVERY_WORKERS, LOG_LEVEL.
    public static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) throws -> EnjeuConfig {
        let database: Database
        if let url = env["DATABASE_URL"], !url.isEmpty {
            guard url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") else {
                throw Invalid(description: "DATABASE_URL must start with postgres:// (got \(url.prefix(12))…)")
            }
            database = .postgres(url: url, searchPath: nil)
        } else {
            let dir = env["ENJEU_DATA_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "./data"
            database = .sqlite(path: dir + "/enjeu.sqlite")
        }
        let port = try env["ENJEU_PORT"].map { raw -> Int in
            guard let p = Int(raw), (1...65535).contains(p) else { throw Invalid(description: "ENJEU_PORT must be a port number, got \(raw)") }
            return p
        } ?? 8080
        let cost = try env["ENJEU_BCRYPT_COST"].map { raw -> Int in
            guard let c = Int(raw), (4...31).contains(c) else { throw Invalid(description: "ENJEU_BCRYPT_COST must be between 4 and 31, got \(raw)") }
            return c
        } ?? 12
        let format = try env["ENJEU_LOG_FORMAT"].map { raw -> LogFormat in
            guard let f = LogFormat(rawValue: raw) else { throw Invalid(description: "ENJEU_LOG_FORMAT must be text or json, got \(raw)") }
            return f
        } ?? .text
        let rate = try env["ENJEU_AUTH_RATE_LIMIT"].map { raw -> Int in
            guard let r = Int(raw), r > 0 else { throw Invalid(description: "ENJEU_AUTH_RATE_LIMIT must be a positive number, got \(raw)") }
            return r
        } ?? 20
        let secure = try env["ENJEU_SECURE_COOKIES"].map { raw -> Bool in
            switch raw.lowercased() {
            case "1", "true", "yes", "on": return true
            case "0", "false", "no", "off", "": return false
            default: throw Invalid(description: "ENJEU_SECURE_COOKIES must be 1/true/yes/on or 0/false/no/off, got \(raw)")
            }
        } ?? false
        let logLevel = try env["LOG_LEVEL"].map { raw -> Logger.Level in
            guard let level = Logger.Level(rawValue: raw.lowercased()) else {
                throw Invalid(description: "LOG_LEVEL must be trace, debug, info, notice, warning, error or critical, got \(raw)")
            }
            return level
        } ?? .info
        var config = EnjeuConfig(database: database, host: env["ENJEU_HOST"] ?? "127.0.0.1", port: port,
                                 secureCookies: secure,
                                 bcryptCost: cost, logFormat: format, authRateLimit: rate, logLevel: logLevel)
        config.figuresRefreshSeconds = try seconds(env, "ENJEU_FIGURES_REFRESH_SECONDS", 300)
        config.credibilityRefreshSeconds = try seconds(env, "ENJEU_CREDIBILITY_REFRESH_SECONDS", 60)
        config.digestSeconds = try seconds(env, "ENJEU_DIGEST_SECONDS", 3_600)
        if let raw = env["ENJEU_JOBS"] {
            guard ["0", "1"].contains(raw) else { throw Invalid(description: "ENJEU_JOBS must be 0 or 1, got \(raw)") }
            config.runJobs = raw == "1"
        }
        if let raw = env["ENJEU_METRICS"] {
            guard ["0", "1"].contains(raw) else { throw Invalid(description: "ENJEU_METRICS must be 0 or 1, got \(raw)") }
            config.metrics = raw == "1"
        }
        if let raw = env["ENJEU_PAGE_CACHE_MB"] {
            guard let n = Int(raw), (0...4096).contains(n) else { throw Invalid(description: "ENJEU_PAGE_CACHE_MB must be between 0 and 4096, got \(raw)") }
            config.pageCacheMB = n
        }
        if let raw = env["ENJEU_EXPORT_DIR"], !raw.isEmpty { config.exportDirectory = raw }
        if let raw = env["ENJEU_PUBLIC_URL"], !raw.isEmpty {
            switch FederationRules.publicURL(raw) {
            case let .success(url): config.publicURL = url
            case .failure(.plainHTTP):
                throw Invalid(description: "ENJEU_PUBLIC_URL must use https:// (http:// only for localhost, 127.x and *.test), got \(raw)")
            case .failure(.malformed):
                throw Invalid(description: "ENJEU_PUBLIC_URL must be a base address like https://enjeu.example.org (no path), got \(raw)")
            }
        }
        if let raw = env["ENJEU_BLOCKED_DOMAINS"] {
            switch FederationRules.blockedDomains(raw) {
            case let .success(domains): config.blockedDomains = domains
            case let .failure(bad):
                throw Invalid(description: "ENJEU_BLOCKED_DOMAINS must list domains (spam.example, *.bad.example), got \(bad.entry)")
            }
        }
        if let raw = env["DATABASE_LISTEN_URL"], !raw.isEmpty {
            guard case .postgres = database, raw.hasPrefix("postgres://") || raw.hasPrefix("postgresql://") else {
                throw Invalid(description: "DATABASE_LISTEN_URL must start with postgres://, and goes with a PostgreSQL DATABASE_URL (got \(raw.prefix(12))…)")
            }
            config.listenURL = raw
        }
        if let raw = env["ENJEU_JOB_WORKERS"] {
            guard let n = Int(raw), (0...64).contains(n) else { throw Invalid(description: "ENJEU_JOB_WORKERS must be between 0 and 64, got \(raw)") }
            config.jobWorkers = n
        }
        if let raw = env["ENJEU_DELIVERY_WORKERS"] {
            guard let n = Int(raw), (1...256).contains(n) else { throw Invalid(description: "ENJEU_DELIVERY_WORKERS must be between 1 and 256, got \(raw)") }
            config.deliveryWorkers = n
        }
        if let raw = env["ENJEU_SSE_HEARTBEAT_SECONDS"] {
            guard let h = Double(raw), h >= 0.05, h <= 300 else { throw Invalid(description: "ENJEU_SSE_HEARTBEAT_SECONDS must be between 0.05 and 300, got \(raw)") }
            config.sseHeartbeatSeconds = h
        }
        if let raw = env["ENJEU_SSE_MAX_STREAMS"] {
            guard let n = Int(raw), (1...1_000_000).contains(n) else { throw Invalid(description: "ENJEU_SSE_MAX_STREAMS must be between 1 and 1000000, got \(raw)") }
            config.sseMaxStreams = n
        }
        if let raw = env["ENJEU_SSE_MAX_PER_ACCOUNT"] {
            guard let n = Int(raw), (1...10_000).contains(n) else { throw Invalid(description: "ENJEU_SSE_MAX_PER_ACCOUNT must be between 1 and 10000, got \(raw)") }
            config.sseMaxPerAccount = n
        }
        if let raw = env["ENJEU_WRITE_RATE_LIMIT"] {
            guard let r = Int(raw), r > 0 else { throw Invalid(description: "ENJEU_WRITE_RATE_LIMIT must be a positive number, got \(raw)") }
            config.writeRateLimit = r
        }
        if let raw = env["ENJEU_TRUSTED_PROXIES"] {
            switch TrustedProxies.parse(raw) {
            case let .success(p): config.trustedProxies = p
            case let .failure(e):
                throw Invalid(description: "ENJEU_TRUSTED_PROXIES must list addresses or CIDR ranges (127.0.0.1, 10.0.0.0/8, ::1), got \(e.entry)")
            }
        }
        if let raw = env["ENJEU_SQLITE_SYNCHRONOUS"] {
            guard let s = SQLiteSynchronous(rawValue: raw.uppercased()) else {
                throw Invalid(description: "ENJEU_SQLITE_SYNCHRONOUS must be FULL, NORMAL, EXTRA or OFF, got \(raw)")
            }
            config.sqliteSynchronous = s
        }
        if let raw = env["ENJEU_ADMINS"] {
            let handles = raw.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
            if let bad = handles.first(where: { h in
                !(3...30).contains(h.count) || !(h.first?.isLetter ?? false) || !h.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" })
            }) {
                throw Invalid(description: "ENJEU_ADMINS must list handles separated by commas, got \(bad)")
            }
            config.admins = Set(handles)
        }
        if let raw = env["ENJEU_SMTP_URL"], !raw.isEmpty {
            if case let .failure(why) = SMTPSettings.parse(raw) {
                throw Invalid(description: "\(why) (e.g. smtps://user:password@mail.example.org?from=enjeu@example.org)")
            }
            config.smtpURL = raw
        }
        return config
    }
}

private func seconds(_ env: [String: String], _ name: String, _ fallback: Int) throws -> Int {
    guard let raw = env[name] else { return fallback }
    guard let r = Int(raw), (0...86_400).contains(r) else { throw EnjeuConfig.Invalid(description: "\(name) must be between 0 and 86400, got \(raw)") }
    return r
}

extension Application {
    private struct ConfigKey: StorageKey { typealias Value = EnjeuConfig }
    public var enjeu: EnjeuConfig {
        get {
            guard let c = storage[ConfigKey.self] else { fatalError("configure(_:config:) was not called") }
            return c
        }
        set { storage[ConfigKey.self] = newValue }
    }
}

import EnjeuCore
import EnjeuWeb
