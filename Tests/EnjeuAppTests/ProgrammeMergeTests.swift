import Foundation
import Testing
import Vapor
import SQLKit
import VaporTesting
@testable import EnjeuApp
import EnjeuWeb

/// What a merge must not break: credits stay in the ledger they were earned in, a contribution racing a merge is moved or
/// refused (never left behind), a suspension survives asking again, taking part in a programme shows nobody's profile to
/// its other participants, and reverting M035 removes programmes instead of turning them into communities.
@Suite struct ProgrammeMergeTests {
    let p = ProgrammeTests()

    private struct Entry: Decodable { let kind: String; let slug: String }
    /// A person's credit entries as "kind@ledger's slug".
    func ledger(_ app: Application, _ handle: String) async throws -> [String] {
        try await app.db.rows("""
            SELECT e.kind, c.slug FROM credit_entries e JOIN users u ON u.id = e.user_id JOIN communities c ON c.id = e.community_id
            WHERE u.handle = \(bind: handle)
            """, as: Entry.self).map { "\($0.kind)@\($0.slug)" }
    }

    /// Community a's steward asks to merge `indicator` into the programme's `target`; the founder accepts.
    func merge(_ w: ProgrammeTests.World, _ indicator: String, into target: String) async throws {
        let asked = try await w.a.steward.post("/api/v1/communities/\(w.a.slug)/indicators/\(indicator)/merge", ["into": target])
        #expect(asked.status == .created, "\(asked.body.string)")
        let accepted = try await w.founder.post("\(w.base)/merges/\(try asked.json()["id"] as? String ?? "")/accept")
        #expect(accepted.status == .ok, "\(accepted.body.string)")
    }

    @Test(arguments: TestDatabase.all)
    func aMergedValuesCreditIsTakenBackWhereItWasEarnedAndOutsidersEarnNothingInTheProgramme(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let w = try await p.joined(app, "pgclaw") { w in [w.a.steward, w.b.member, w.bOthers[0], w.bOthers[1]] }
            // In the community: two values corroborate each other and are credited there; another indicator's lone value waits.
            let own = try await p.figures.indicator(w.a.member, w.a.slug)
            let flagged = try await p.figures.contribute(w.a.member, w.a.slug, own, 40)["id"] as? String ?? ""
            try await p.figures.contribute(w.aOthers[0], w.a.slug, own, 41, source: "https://autre.example.org/releve")
            #expect(try await ledger(app, "pgclawa_member").contains("earn@\(w.a.slug)"))
            let lone = try await p.figures.indicator(w.a.member, w.a.slug, name: "Tarif horaire d'une fileuse")
            try await p.figures.contribute(w.aOthers[1], w.a.slug, lone, 30)
            // The programme's values, far from the community's: merged, those are out of line there.
            let target = try await p.indicator(w, w.b.member)
            for (i, who) in [w.b.member, w.bOthers[0], w.bOthers[1]].enumerated() {
                try await p.contribute(w, who, target, 80 + Double(i), source: "https://programme.example.org/\(i)")
            }
            let second = try await p.indicator(w, w.b.member, name: "Tarif horaire d'une fileuse")
            try await p.contribute(w, w.b.member, second, 31)
            try await merge(w, own, into: target)
            try await merge(w, lone, into: second)
            // Relearning reads the merged values in the programme, and no longer in the community they left.
            try await DemoDerivations.sameAfterRebuild(app, DemoDerivations.claimTables) { db in try await FigureClaims.rebuild(db) }
            // The lone value is corroborated in the programme now, but its author never accepted the programme's charter.
            #expect(try await ledger(app, "pgclawa_b").filter { $0.hasSuffix("@\(w.slug)") }.isEmpty)
            #expect(try await ledger(app, "pgclawb_member").contains("earn@\(w.slug)"), "a participant's value earns there")
            // A participant flags the merged value: out of line, it is deprecated, and twice its credit is taken back from the
            // community's ledger, where it was earned — the programme's owes nothing.
            let flag = try await w.bOthers[0].post("\(w.base)/contributions/\(flagged)/flags", ["reason": "Bien loin des relevés du programme"])
            #expect(flag.status == .created, "\(flag.body.string)")
            #expect(try flag.json()["contribution"] as? String == "deprecated")
            let entries = try await ledger(app, "pgclawa_member")
            #expect(entries.contains("clawback@\(w.a.slug)") && !entries.contains { $0.hasSuffix("@\(w.slug)") }, "\(entries)")
        }
    }

    private struct Count: Decodable { let n: Int }

    @Test(arguments: TestDatabase.all)
    func aContributionRacingAMergeIsMovedOrRefusedNeverLeftBehind(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let w = try await p.world(app, "pgmrace")
            try await p.join(w, w.a)
            let target = try await p.indicator(w, w.founder)
            let (founder, base, slug) = (w.founder, w.base, w.a.slug)
            for round in 0..<3 {
                let own = try await p.figures.indicator(w.a.member, slug, name: "Tarif horaire d'un tisserand \(round)")
                try await p.figures.contribute(w.a.member, slug, own, 40)
                let asked = try await w.a.steward.post("/api/v1/communities/\(slug)/indicators/\(own)/merge", ["into": target])
                let merge = try asked.json()["id"] as? String ?? ""
                let statuses = try await withThrowingTaskGroup(of: (Bool, HTTPResponseStatus).self) { group in
                    group.addTask { (true, try await founder.post("\(base)/merges/\(merge)/accept").status) }
                    for (i, who) in [w.aOthers[0], w.aOthers[1], w.a.steward].enumerated() {
                        group.addTask {
                            (false, try await who.post("/api/v1/communities/\(slug)/indicators/\(own)/contributions", [
                                "value": 41 + i, "source": "https://exemple.org/course/\(i)", "observedOn": "2026-07-15",
                            ]).status)
                        }
                    }
                    var all: [(Bool, HTTPResponseStatus)] = []
                    for try await s in group { all.append(s) }
                    return all
                }
                #expect(statuses.filter { $0.0 }.map { $0.1 } == [.ok])
                // Given before the merge (moved with it), or refused after: the indicator merged (409) or gone from the community (404).
                #expect(statuses.filter { !$0.0 }.allSatisfy { [.created, .conflict, .notFound].contains($0.1) }, "\(statuses.map { $0.1.code })")
                let left = try await app.db.row("SELECT COUNT(*) AS n FROM figure_contributions WHERE indicator_id = \(bind: UUID(uuidString: own)!)",
                                                as: Count.self)?.n
                #expect(left == 0, "no value stays on the merged indicator")
            }
        }
    }

    @Test(arguments: TestDatabase.all)
    func aSuspendedParticipantStaysSuspendedWhenTheyAskAgainForThemselves(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let w = try await p.world(app, "pgsusp")
            try await p.join(w, w.a)
            try await p.enter(w, w.a.member)
            try await sql(app.db).raw("""
                UPDATE memberships SET status = 'suspended' WHERE user_id = (SELECT id FROM users WHERE handle = 'pgsuspa_member')
                  AND community_id = (SELECT id FROM communities WHERE slug = \(bind: w.slug))
                """).run()
            #expect(try await w.a.member.get(w.base).json()["relation"] as? String == "suspended")
            // Leaving the community they came through, they may ask for themselves; approved, the suspension holds.
            #expect(try await w.a.member.post("/api/v1/communities/\(w.a.slug)/leave").status == .ok)
            let asked = try await w.a.member.post("\(w.base)/join-requests", ["message": "Je reviens"])
            #expect(asked.status == .created, "\(asked.body.string)")
            #expect(try await w.founder.post("\(w.base)/join-requests/\(try asked.json()["id"] as? String ?? "")/approve").status == .ok)
            #expect(try await w.a.member.get(w.base).json()["relation"] as? String == "suspended")
            try await p.contribute(w, w.a.member, try await p.indicator(w, w.founder), 40, status: .forbidden)
        }
    }

    @Test(arguments: TestDatabase.all)
    func takingPartInAProgrammeShowsNobodysProfileToItsOtherParticipants(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let w = try await p.joined(app, "pgmatch") { w in [w.a.member, w.b.member] }
            for who in [w.a.member, w.aOthers[0], w.b.member] {
                #expect(try await who.send(.PATCH, "/api/v1/me", json: ["values": "Réciprocité, Transparence"]).status == .ok)
            }
            let members = try await w.a.member.get("/api/v1/matches").json()["members"] as? [[String: Any]] ?? []
            let keys = members.compactMap { $0["key"] as? String }
            #expect(keys.contains("pgmatcha_a"), "a member of the same public community matches: \(keys)")
            #expect(!keys.contains("pgmatchb_member"), "a member of a members-only community, met only in the programme, does not")
        }
    }

    @Test(arguments: TestDatabase.all)
    func revertingProgrammesRemovesThemRatherThanTurningThemIntoCommunities(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let w = try await p.world(app, "pgrevert")
            try await p.join(w, w.a)
            try await p.enter(w, w.a.member)
            try await p.contribute(w, w.a.member, try await p.indicator(w, w.founder), 40)
            try await app.db.withConnection { db in
                try await M035CreateProgrammes().revert(on: db)
                struct Slug: Decodable { let slug: String }
                let left = try await db.rows("SELECT slug FROM communities WHERE slug IN (\(binds: [w.slug, w.a.slug]))", as: Slug.self)
                #expect(Set(left.map(\.slug)) == [w.a.slug], "the programme is gone, the community stays")
                try await M035CreateProgrammes().prepare(on: db)
            }
        }
    }

    @Test(arguments: TestDatabase.all)
    func theProgrammesStewardsAreToldOfCommunitiesRequestsAndListPendingMerges(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let w = try await p.world(app, "pgtold")
            func told() async throws -> [String] {
                try await w.founder.get("/api/v1/notifications").items().compactMap { n in
                    (n["link"] as? String).map { "\(n["actor"] ?? "")→\($0)" }
                }
            }
            try await p.join(w, w.a)
            let home = "/programmes/\(w.slug)"
            #expect(try await told() == ["pgtolda_steward→\(home)"], "a community's request to join")
            let target = try await p.indicator(w, w.founder)
            let own = try await p.figures.indicator(w.a.member, w.a.slug)
            let asked = try await w.a.steward.post("/api/v1/communities/\(w.a.slug)/indicators/\(own)/merge", ["into": target])
            #expect(asked.status == .created)
            #expect(try await told() == ["pgtolda_steward→\(home)", "pgtolda_steward→\(home)"], "and to merge an indicator")
            // The stewards list what awaits them; nobody else does.
            let pending = try await w.founder.get("\(w.base)/merges").items()
            #expect(pending.map { "\($0["community"] ?? "")/\($0["indicator"] ?? "")→\($0["into"] ?? "")" } == ["\(w.a.slug)/\(own)→\(target)"])
            #expect(pending.first?["requestedBy"] as? String == "pgtolda_steward")
            for who in [w.a.steward, w.a.member] { #expect(try await who.get("\(w.base)/merges").status == .forbidden) }
            #expect(try await w.founder.post("\(w.base)/merges/\(try asked.json()["id"] as? String ?? "")/accept").status == .ok)
            #expect(try await w.founder.get("\(w.base)/merges").items().isEmpty, "an accepted merge awaits nobody")
        }
    }
}
