import Fluent
import Foundation
import SQLKit
import Vapor
import EnjeuCore

/// Each actor's delivery counts, read at most once per `Delivery.countsFreshFor` seconds on each instance: while a
/// community publishes to thousands of servers its jobs table is written all the time, and counting it on every view
/// of its stewards' page made that page the slowest of the instance (measured: 66 req/s while publishing). The
/// numbers are for information; a few seconds late they say the same.
actor DeliveryCounts {
    private var kept: [String: (at: Date, counts: Delivery.Counts)] = [:]

    func counts(owner: String, _ ctx: ServiceContext) async throws -> Delivery.Counts {
        let now = ctx.now
        if let k = kept[owner], now.timeIntervalSince(k.at) < Delivery.countsFreshFor { return k.counts }
        let counts = try await Delivery.counts(owner: owner, ctx.db)
        if kept.count > 10_000 { kept.removeAll() }
        kept[owner] = (now, counts)
        return counts
    }
}

extension Application {
    private struct DeliveryCountsKey: StorageKey { typealias Value = DeliveryCounts }

    /// Set once while the application is configured (storage is not for writing while requests run).
    var deliveryCounts: DeliveryCounts {
        get { storage[DeliveryCountsKey.self]! }
        set { storage[DeliveryCountsKey.self] = newValue }
    }
}

/// Sending activities to other servers: one queued job per activity and inbox (`ap.deliver`), enqueued in the
/// transaction of the write that calls for it, signed when it runs (the key never sits in the queue). A server that
/// does not answer is probed with a backoff of its own (`DomainHealth`), its other deliveries waiting for the probe,
/// for a day and a half; a page never waits for another server.
enum Delivery {
    static let kind = "ap.deliver"

    struct Job: Codable, Sendable {
        /// Whose key signs (`ActorKey` owner), and the key's id.
        let owner: String
        let keyId: String
        let inbox: String
        /// The activity's JSON, as sent.
        let body: String
    }

    static func enqueue(_ db: any Database, _ ctx: ServiceContext, owner: String, actorIRI: String, inbox: String,
                        activity: [String: Any]) async throws {
        let payload = try payload(owner: owner, actorIRI: actorIRI, inbox: inbox, body: try Federation.json(activity))
        try await JobQueue.enqueue(db, id: ctx.newID(), kind: kind, payload: payload, now: ctx.now, maxAttempts: FederationRules.deliveryAttempts,
                                   topic: owner, domain: URLParts(inbox)?.authority.lowercased())
    }

    /// A delivery job's payload: who signs, where to, what.
    static func payload(owner: String, actorIRI: String, inbox: String, body: String) throws -> String {
        String(decoding: try JSONEncoder().encode(Job(owner: owner, keyId: actorIRI + "#main-key", inbox: inbox, body: body)), as: UTF8.self)
    }

    /// Posts the activity, signed. A 2xx is done; a refusal that another try cannot change (4xx but 408 and 429) is
    /// logged and dropped; anything else throws, and the queue tries again later.
    static func run(_ ctx: ServiceContext, _ payload: String) async throws {
        let job = try JSONDecoder().decode(Job.self, from: Data(payload.utf8))
        // An inbox behind the instance's firewall (loopback, private ranges) is never posted to, unless the instance is itself.
        guard let url = URLParts(job.inbox), FederationRules.mayReach(url, from: try ctx.federation().base) else { return }
        if try await withdrawn(job, ctx) { return }
        let domain = url.authority.lowercased()
        let admitted = try await DomainHealth.admit(domain, ctx)
        switch admitted {
        case let .wait(until): throw JobQueue.Deferred(until: until)
        case .givenUp: throw JobQueue.GivenUp(description: "\(domain) has failed for more than \(Int(FederationRules.deliveryGiveUp / 3_600)) h")
        case .healthy, .probe: break
        }
        let key = try await ActorKey.of(job.owner, ctx)
        let body = Data(job.body.utf8)
        var headers = try HTTPSignatures.headers(method: .POST, url: url, body: body, keyId: job.keyId, key: key, now: ctx.now)
        headers.add(name: .contentType, value: Federation.ldJSON)
        headers.add(name: .userAgent, value: "Enjeu/\(Federation.softwareVersion)")
        let response: ClientResponse
        do {
            response = try await ctx.app.client.post(URI(string: job.inbox), headers: headers) { req in
                req.body = ByteBuffer(data: body)
                req.timeout = .seconds(15)
            }
        } catch {
            try? await DomainHealth.failed(domain, admitted: admitted, ctx)
            throw error
        }
        switch response.status.code {
        case 200..<300: try? await DomainHealth.answered(domain, admitted: admitted, ctx)
        case 408, 429, 500...:
            try? await DomainHealth.failed(domain, admitted: admitted, ctx)
            throw Abort(response.status, reason: "\(job.inbox) answered \(response.status.code)")
        default:
            try? await DomainHealth.answered(domain, admitted: admitted, ctx)
            ctx.logger.warning("delivery refused", metadata: ["inbox": "\(job.inbox)", "status": "\(response.status.code)"])
        }
    }

    /// What a community published, still queued when it stopped publishing (the switch off, made members-only): not sent.
    /// Deletions, answers to follows and the like still go.
    static func withdrawn(_ job: Job, _ ctx: ServiceContext) async throws -> Bool {
        guard job.owner.hasPrefix("community:"), let id = UUID(uuidString: String(job.owner.dropFirst("community:".count))) else { return false }
        struct Head: Decodable { let type: String? }
        guard let type = try? JSONDecoder().decode(Head.self, from: Data(job.body.utf8)).type, type == "Create" || type == "Update" else { return false }
        return !(try await FederatedCommunity.find(id: id, ctx.db)?.federates ?? false)
    }

    /// A local actor's deliveries by where they stand (its stewards' page): waiting for a first try, being retried after
    /// a failure, delivered, given up.
    struct Counts: Sendable { var waiting = 0, retrying = 0, delivered = 0, failed = 0 }

    /// Each count stops at `countCap + 1` rows (one short index range each): a community whose deliveries run to
    /// thousands reads « 1000+ », and its stewards' page costs the same however many there are.
    static let countCap = 1_000

    static func counts(owner: String, _ db: any Database) async throws -> Counts {
        func count(_ state: JobState, _ more: SQLQueryString = "") async throws -> Int {
            try await db.count("""
                SELECT COUNT(*) AS n FROM (SELECT 1 FROM jobs WHERE topic = \(bind: owner) AND state = \(bind: state.rawValue)\(more)
                  LIMIT \(literal: countCap + 1)) AS capped
                """)
        }
        // A queued job tried already is being retried; a running one is under way, counted as waiting.
        let retrying = try await count(.queued, " AND attempts > 0")
        let waiting = min(countCap + 1, try await count(.queued, " AND attempts = 0") + (try await count(.running)))
        return Counts(waiting: waiting, retrying: retrying, delivered: try await count(.done), failed: try await count(.dead))
    }

    /// The counts a stewards' page shows, kept a few seconds per actor (`DeliveryCounts`).
    static let countsFreshFor: Double = 5

    static let jobHandlers: [String: JobQueue.Handler] = [kind: run, Inbox.kind: Inbox.process, Publishing.kind: Publishing.run]
}
