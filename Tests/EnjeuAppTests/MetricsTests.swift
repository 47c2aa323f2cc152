import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import EnjeuApp
import EnjeuCore

/// `/metrics`: absent unless enabled; when enabled, request, job, stream and pool figures in valid Prometheus text.
@Suite struct MetricsTests {
    @Test(arguments: TestDatabase.all)
    func metricsAreNotServedUnlessEnabled(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let api = APIClient(app: app)
            let metrics = try await api.get("/metrics")
            let unknown = try await api.get("/no-such-route")
            #expect(metrics.status == .notFound)
            #expect(metrics.status == unknown.status)
            #expect(metrics.headers.contentType == unknown.headers.contentType)
            #expect(app.metrics == nil)
        }
    }

    @Test func aBadSwitchStopsStartUpNamingTheVariable() throws {
        #expect(try EnjeuConfig.fromEnvironment(["ENJEU_METRICS": "1"]).metrics)
        #expect(try !EnjeuConfig.fromEnvironment(["ENJEU_METRICS": "0"]).metrics)
        #expect(try !EnjeuConfig.fromEnvironment([:]).metrics)
        let error = #expect(throws: EnjeuConfig.Invalid.self) { try EnjeuConfig.fromEnvironment(["ENJEU_METRICS": "yes"]) }
        #expect(error?.description.contains("ENJEU_METRICS") == true)
    }

    @Test(arguments: TestDatabase.all)
    func requestsJobsStreamsAndPoolAreCounted(_ db: TestDatabase) async throws {
        try await withEnjeu(db, tweak: { $0.metrics = true }) { app in
            let api = APIClient(app: app)
            for _ in 0..<3 { #expect(try await api.get("/").status == .ok) }
            for _ in 0..<2 { #expect(try await api.get("/api/v1/openapi.json").status == .ok) }
            #expect(try await api.get("/api/v1/me").status == .unauthorized)
            #expect(try await api.get("/no-such-route/\(UUID())").status == .notFound)

            let runner = JobRunner(scheduled: [], queue: JobQueue(), workers: 0)
            await runner.runTick(ScheduledJob(name: "test.ok", every: 60) { _ in 1 }, 1, app.context())
            await runner.runTick(ScheduledJob(name: "test.ok", every: 60) { _ in 1 }, 2, app.context())
            await runner.runTick(ScheduledJob(name: "test.broken", every: 60) { _ in throw Abort(.internalServerError) }, 1, app.context())
            let ctx = app.context()
            try await ctx.write { db in
                try await JobQueue.enqueue(db, id: ctx.newID(), kind: "test.mail", payload: "", now: ctx.now, maxAttempts: 1)
            }
            let queue = JobQueue(handlers: ["test.mail": { _, _ in throw Abort(.serviceUnavailable) }])
            for job in try await queue.claim(ctx, holder: runner.holder, limit: 5) { await queue.run(job, ctx, holder: runner.holder) }

            _ = await app.eventHub.subscribe(user: UUID(), lang: .fr, communities: [])

            let res = try await api.get("/metrics")
            #expect(res.status == .ok)
            #expect(res.headers.contentType?.description.hasPrefix("text/plain") == true)
            let text = try PrometheusText(res.body.string)

            let home = #"{endpoint="home",method="GET",status="2xx"}"#
            let openAPI = #"{endpoint="api.openapi",method="GET",status="2xx"}"#
            #expect(text.types["enjeu_http_requests_total"] == "counter")
            #expect(text.types["enjeu_http_request_duration_seconds"] == "histogram")
            #expect(text.samples["enjeu_http_requests_total" + home] == 3)
            #expect(text.samples["enjeu_http_requests_total" + openAPI] == 2)
            #expect(text.samples[#"enjeu_http_requests_total{endpoint="api.me",method="GET",status="4xx"}"#] == 1)
            #expect(text.samples[#"enjeu_http_requests_total{endpoint="unmatched",method="GET",status="4xx"}"#] == 1)
            #expect(text.samples["enjeu_http_request_duration_seconds_count" + home] == 3)
            #expect(text.samples[#"enjeu_http_request_duration_seconds_bucket{endpoint="home",method="GET",status="2xx",le="+Inf"}"#] == 3)
            #expect((text.samples["enjeu_http_request_duration_seconds_sum" + home] ?? 0) > 0)
            // Labelled by route, never by path: the random path left no trace.
            #expect(!res.body.string.contains("no-such-route"))

            #expect(text.types["enjeu_job_runs_total"] == "counter")
            #expect(text.samples[#"enjeu_job_runs_total{job="test.ok",outcome="ok"}"#] == 2)
            #expect(text.samples[#"enjeu_job_runs_total{job="test.broken",outcome="failed"}"#] == 1)
            #expect(text.samples[#"enjeu_queued_job_runs_total{kind="test.mail",outcome="dead"}"#] == 1)

            #expect(text.types["enjeu_live_streams"] == "gauge")
            #expect(text.samples["enjeu_live_streams"] == 1)
            #expect(text.samples["enjeu_http_requests_in_flight"] == 1, "the scrape itself")
            #expect((text.samples["enjeu_db_pool_max_connections"] ?? 0) >= 1)
            if case .postgres = db, let metrics = app.metrics {
                #expect(text.samples[#"enjeu_db_pool_connections{state="idle"}"#] != nil)
                #expect(text.samples[#"enjeu_db_pool_connections{state="in_use"}"#] != nil)
                struct Named: Decodable { let n: Int }
                let named = try await (app.db as! any SQLDatabase).raw("""
                    SELECT COUNT(*) AS n FROM pg_stat_activity WHERE application_name = \(bind: metrics.connectionName)
                    """).first(decoding: Named.self)
                #expect((named?.n ?? 0) >= 1, "the pool's connections carry the instance's name")
            }

            // A second scrape counts the first, and the stream gone is gone from the gauge.
            await app.eventHub.finishAll()
            let again = try PrometheusText(try await api.get("/metrics").body.string)
            #expect(again.samples[#"enjeu_http_requests_total{endpoint="metrics",method="GET",status="2xx"}"#] == 1)
            #expect(again.samples["enjeu_live_streams"] == 0)
        }
    }
}

/// The Prometheus text exposition format, parsed strictly enough to fail on a malformed line.
struct PrometheusText {
    var types: [String: String] = [:]
    /// `name{labels}` exactly as written → value.
    var samples: [String: Double] = [:]

    struct Malformed: Error, CustomStringConvertible { let description: String }

    init(_ text: String) throws {
        let name = #"[a-zA-Z_:][a-zA-Z0-9_:]*"#
        let label = #"[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*""#
        let sample = try Regex(#"^(\#(name)(?:\{\#(label)(?:,\#(label))*\})?) (-?[0-9.eE+-]+|\+Inf|-Inf|NaN)$"#)
        let help = try Regex(#"^# HELP \#(name) .*$"#)
        let type = try Regex(#"^# TYPE (\#(name)) (counter|gauge|histogram|summary|untyped)$"#)
        #expect(text.hasSuffix("\n"))
        for line in text.split(separator: "\n") {
            if let m = try type.wholeMatch(in: line) {
                types[String(m.output[1].substring ?? "")] = String(m.output[2].substring ?? "")
            } else if try help.wholeMatch(in: line) != nil {
                continue
            } else if let m = try sample.wholeMatch(in: line), let key = m.output[1].substring, let raw = m.output[2].substring,
                      let value = Double(raw == "+Inf" ? "inf" : raw == "-Inf" ? "-inf" : String(raw)) {
                guard samples.updateValue(value, forKey: String(key)) == nil else { throw Malformed(description: "repeated: \(line)") }
            } else {
                throw Malformed(description: "not Prometheus text: \(line)")
            }
        }
        // Every sample belongs to a declared family.
        for key in samples.keys {
            let family = String(key.prefix { $0 != "{" })
            let base = ["_bucket", "_sum", "_count"].reduce(family) { f, suffix in
                types[f] == nil && f.hasSuffix(suffix) ? String(f.dropLast(suffix.count)) : f
            }
            if types[base] == nil { throw Malformed(description: "no TYPE for \(key)") }
        }
    }
}
