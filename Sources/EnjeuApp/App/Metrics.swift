import Fluent
import NIOConcurrencyHelpers
import Prometheus
import SQLKit
import Vapor
import EnjeuWeb

/// `/metrics` in Prometheus text format, served only when `ENJEU_METRICS=1` (otherwise the route does not exist: 404).
/// Each application owns its registry, passed explicitly; the process-wide `MetricsSystem` is never bootstrapped, since
/// that can happen once per process and tests run many applications in one.
/// Requests are labelled by their route's declared name, method and status class, never by the raw path: the number
/// of series is bounded by the route table. Gauges (streams, pool) are read when scraped, so requests pay nothing for them.
final class EnjeuMetrics: Sendable {
    static let endpoint = Endpoint< >(.GET, "/metrics", gate: .anyone, name: "metrics")
    /// Latency buckets, from a cached page to a slow export.
    static let latencyBuckets: [Duration] = ([0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as [Double])
        .map { Duration.seconds($0) }

    let registry = PrometheusCollectorRegistry()
    /// The `application_name` of this instance's pooled PostgreSQL connections, to find them in `pg_stat_activity`.
    let connectionName = "enjeu-" + UUID().uuidString.prefix(8).lowercased()
    private let series = NIOLockedValueBox<[RequestKey: RequestSeries]>([:])
    let inFlight: Gauge

    private struct RequestKey: Hashable {
        let route: ObjectIdentifier?
        let method: String
        let statusClass: UInt
    }

    private struct RequestSeries: Sendable {
        let count: Counter
        let duration: DurationHistogram
    }

    init() {
        inFlight = registry.makeGauge(descriptor: Self.name("http_requests_in_flight", "", "Requests being answered now"))
    }

    private static func name(_ metric: String, _ unit: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "enjeu", metricName: metric, unitName: unit, helpText: help)
    }

    /// Counts one answered request. The lock covers a dictionary lookup (and, the first time, making the series).
    func record(_ req: Request, status: UInt, elapsed: Duration) {
        let route = req.route
        let method = route?.method.rawValue ?? Self.boundedMethod(req.method)
        let key = RequestKey(route: route.map { ObjectIdentifier($0) }, method: method, statusClass: min(max(status / 100, 1), 5))
        let s = series.withLockedValue { all in
            if let s = all[key] { return s }
            let endpoint = route.map { ($0.userInfo[Gate.routeNameKey] as? String) ?? "/" + $0.path.string } ?? "unmatched"
            let labels = [("endpoint", endpoint), ("method", method), ("status", "\(key.statusClass)xx")]
            let made = RequestSeries(
                count: registry.makeCounter(descriptor: Self.name("http_requests", "total", "Requests answered, by endpoint, method and status class"),
                                            labels: labels),
                duration: registry.makeDurationHistogram(
                    descriptor: Self.name("http_request_duration", "seconds", "Time to the response head, by endpoint, method and status class"),
                    labels: labels, buckets: Self.latencyBuckets))
            all[key] = made
            return made
        }
        s.count.increment()
        s.duration.record(elapsed)
    }

    /// Requests no route matched keep the method only if it is a common one: a client cannot invent series.
    private static func boundedMethod(_ m: HTTPMethod) -> String {
        switch m {
        case .GET, .HEAD, .POST, .PUT, .PATCH, .DELETE, .OPTIONS: m.rawValue
        default: "OTHER"
        }
    }

    /// A scheduled job's tick taken by this instance, and whether it failed.
    func scheduledJobRan(_ job: String, failed: Bool) {
        registry.makeCounter(descriptor: Self.name("job_runs", "total", "Scheduled job ticks run by this instance, by outcome"),
                             labels: [("job", job), ("outcome", failed ? "failed" : "ok")]).increment()
    }

    /// A queued job run by this instance: done, failed and queued again (`retry`), or failed for good (`dead`).
    func queuedJobRan(_ kind: String, outcome: String) {
        registry.makeCounter(descriptor: Self.name("queued_job_runs", "total", "Queued jobs run by this instance, by kind and outcome"),
                             labels: [("kind", kind), ("outcome", outcome)]).increment()
    }

    /// The text a scrape gets, with the gauges read now.
    func scrape(_ app: Application) async -> [UInt8] {
        registry.makeGauge(descriptor: Self.name("live_streams", "", "Open live event streams (SSE) on this instance"))
            .set(Double(await app.eventHub.count))
        await readPool(app)
        return registry.emitToBuffer()
    }

    /// Pooled connections in use and idle. AsyncKit's pool does not tell, so on PostgreSQL they are read from
    /// `pg_stat_activity` by this instance's `application_name` (the LISTEN connection and this scrape's own are left out).
    private func readPool(_ app: Application) async {
        let size = Double(app.eventLoopGroup.makeIterator().reduce(0) { n, _ in n + 1 } * DatabasePool.connectionsPerEventLoop(app.enjeu.database))
        registry.makeGauge(descriptor: Self.name("db_pool_max_connections", "", "Database connections this instance's pool may open"))
            .set(size)
        guard case .postgres = app.enjeu.database, let db = app.db as? any SQLDatabase else { return }
        struct Row: Decodable { let inUse: Int; let idle: Int; enum CodingKeys: String, CodingKey { case inUse = "in_use", idle } }
        let row = try? await db.raw("""
            SELECT COUNT(*) FILTER (WHERE state <> 'idle') AS in_use, COUNT(*) FILTER (WHERE state = 'idle') AS idle
            FROM pg_stat_activity WHERE application_name = \(bind: connectionName) AND pid <> pg_backend_pid()
            """).first(decoding: Row.self)
        guard let row else { return }
        let help = "Pooled PostgreSQL connections of this instance, by state (this scrape's own left out)"
        registry.makeGauge(descriptor: Self.name("db_pool_connections", "", help), labels: [("state", "in_use")]).set(Double(row.inUse))
        registry.makeGauge(descriptor: Self.name("db_pool_connections", "", help), labels: [("state", "idle")]).set(Double(row.idle))
    }
}

/// The pool's size per event loop, set in `configure` and reported by `/metrics`.
enum DatabasePool {
    static func connectionsPerEventLoop(_ database: EnjeuConfig.Database) -> Int {
        if case .postgres = database { return 4 }
        return 1  // FluentSQLiteDriver's default
    }
}

/// Times every request, matched or not, from the outside of the middleware chain. A future-based middleware, not an
/// `AsyncMiddleware`: that would start a task per request.
struct MetricsMiddleware: Middleware {
    let metrics: EnjeuMetrics

    func respond(to req: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        let start = ContinuousClock.now
        let metrics = metrics
        metrics.inFlight.increment()
        return next.respond(to: req).always { result in
            metrics.inFlight.decrement()
            let status = switch result {
            case let .success(res): res.status.code
            case let .failure(error): (error as? any AbortError)?.status.code ?? 500
            }
            metrics.record(req, status: status, elapsed: start.duration(to: .now))
        }
    }
}

extension Application {
    private struct MetricsKey: StorageKey { typealias Value = EnjeuMetrics }
    /// Set while configuring when `ENJEU_METRICS=1`, before the database (which names its connections after it); jobs record into it.
    var metrics: EnjeuMetrics? {
        get { storage[MetricsKey.self] }
        set { storage[MetricsKey.self] = newValue }
    }

    /// Times requests and serves `/metrics`; called once, after the middleware and routes are in place.
    func serveMetrics(_ metrics: EnjeuMetrics) {
        middleware.use(MetricsMiddleware(metrics: metrics), at: .beginning)
        open(EnjeuMetrics.endpoint) { req async -> Response in
            let body = await metrics.scrape(req.application)
            var headers = HTTPHeaders()
            headers.replaceOrAdd(name: .contentType, value: "text/plain; version=0.0.4; charset=utf-8")
            headers.replaceOrAdd(name: .cacheControl, value: "no-store")
            return Response(status: .ok, headers: headers, body: .init(buffer: ByteBuffer(bytes: body)))
        }
    }
}
