import Fluent
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// A community's life stage, living: once a day each open community's vitality is measured; when the measures cross a
/// threshold (`StageRule`), Enjeu opens a `stage` proposal that the community decides like any other (one open at a
/// time); a dormant community's members and stewards are called back (a `revival` notification, which the e-mail
/// digest carries) when it falls dormant and every 30 days while it sleeps. A closed community is an archive
/// (`AccessPolicy.writable`).
struct StageService {
    let context: ServiceContext
    init(_ context: ServiceContext) { self.context = context }

    static let revivalEveryDays = 30
    /// After the community rejects a stage proposal, Enjeu proposes none for this many days.
    static let cooldownDays = 30
    static let batch = 200

    /// One run of the daily review; returns how many things it did (proposals opened, revivals sent).
    func review() async throws -> Int {
        var done = 0
        var after: UUID?
        while true {
            var q: SQLQueryString = """
                SELECT \(Community.columns) FROM communities c WHERE c.kind = \(bind: CommunityKind.community.rawValue)
                  AND c.stage <> \(bind: LifeStage.closed.rawValue)
                """
            if let after { q = q + " AND c.id > \(bind: after)" }
            let rows = try await context.db.rows(q + " ORDER BY c.id LIMIT \(literal: Self.batch)", as: Community.Row.self)
            for row in rows {
                let c = Community(row: row)
                do {
                    done += try await review(c)
                } catch {
                    context.logger.warning("stage review failed", metadata: ["community": "\(row.id)", "error": "\(error)"])
                }
            }
            guard rows.count == Self.batch, let last = rows.last else { return done }
            after = last.id
        }
    }

    /// One community: a stage proposal when the measures suggest another stage, a revival notice when one is due.
    func review(_ c: Community) async throws -> Int {
        let now = context.now
        let v = try await VitalityQueries(context).vitality(of: c, now: now)
        var done = 0
        let suggested = StageRule.suggested(v, current: c.stage)
        if suggested != c.stage, try await proposeStage(c, to: suggested) { done += 1 }
        if c.stage == .dormant, try await revive(c) { done += 1 }
        return done
    }

    /// Calls a dormant community's active members (stewards included) back, at most once every 30 days: the conditional
    /// update decides, so two instances never send it twice.
    @discardableResult
    func revive(_ c: Community) async throws -> Bool {
        let now = context.now
        let due = now.addingTimeInterval(-Double(Self.revivalEveryDays) * 86_400)
        let app = context.app
        return try await context.writeAnnouncing { db in
            let claimed = try await sql(db).raw("""
                UPDATE communities SET revival_sent_at = \(bind: now)
                WHERE id = \(bind: c.id!) AND stage = \(bind: LifeStage.dormant.rawValue)
                  AND (revival_sent_at IS NULL OR revival_sent_at < \(bind: due)) RETURNING id
                """).first() != nil
            guard claimed else { return false }
            try await Notify.everyone(db, app: app, community: c.id!, kind: .revival, actor: "", actorID: nil, subject: c.name,
                                      link: CommunityEndpoints.community.path(c.slug) + "#vitality", now: now)
            return true
        }
    }
}

extension StageService {
    /// Opens a `stage` proposal towards `stage` in Enjeu's name, unless one is open already (checked in the transaction
    /// that opens it). A proposal needs a person to stand for it: the founder, while its reason says Enjeu proposed it
    /// from the measures. Everyone is asked for a position, the founder too.
    func proposeStage(_ c: Community, to stage: LifeStage) async throws -> Bool {
        struct Founder: Decodable { let userId: UUID; enum CodingKeys: String, CodingKey { case userId = "user_id" } }
        guard let founder = try await context.db.row("""
            SELECT user_id FROM memberships WHERE community_id = \(bind: c.id!) AND role = \(bind: Role.founder.rawValue) ORDER BY joined_at LIMIT 1
            """, as: Founder.self) else { return false }
        let cid = c.id!
        let p = StageProposal(from: c.stage, to: stage)
        let cooled = context.now.addingTimeInterval(-Double(Self.cooldownDays) * 86_400)
        do {
            // Stored neutral (the stages' own names), said in each reader's language from the payload
            // (`GovernanceViews.describe`); its why too, since Enjeu proposed it.
            _ = try await ProposalService(context).open(c, author: founder.userId, actor: "", actorID: nil, kind: .stage,
                                                        summary: c.stage.rawValue + " → " + stage.rawValue,
                                                        reason: "", payload: ProposalPayload.encode(p)) { db in
                struct Open: Decodable { let id: UUID }
                // One open at a time, and none again for 30 days after the community said no.
                if try await db.row("""
                    SELECT id FROM amendments WHERE community_id = \(bind: cid) AND kind = \(bind: GovernanceKind.stage.rawValue)
                      AND (status = \(bind: AmendmentStatus.open.rawValue)
                           OR (status = \(bind: AmendmentStatus.rejected.rawValue) AND decided_at >= \(bind: cooled)))
                    LIMIT 1
                    """, as: Open.self) != nil { throw AlreadyOpen() }
            }
            return true
        } catch is AlreadyOpen {
            return false
        }
    }

    private struct AlreadyOpen: Error {}
}
