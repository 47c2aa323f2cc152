import Foundation
import Testing
import Vapor
import SQLKit
import VaporTesting
@testable import EnjeuApp
import EnjeuCore

/// Test setup: the give-to-get rules as an adopted charter version leaves them. Changing them goes through a charter
/// proposal the community decides (`CharterTests`); tests of credits only need the rules in place.
func setGiveToGet(_ app: Application, _ slug: String, allowance: Int, readCost: Int, earn: Int = 2, halfLifeDays: Int = 180) async throws {
    struct Row: Decodable { let id: UUID }
    let id = try #require(try await app.db.row("SELECT id FROM communities WHERE slug = \(bind: slug)", as: Row.self)).id
    try await FiguresService.ensureSettings(app.db, id)
    try await sql(app.db).raw("""
        UPDATE figure_settings SET allowance = \(bind: allowance), read_cost = \(bind: readCost), earn = \(bind: earn),
          half_life_days = \(bind: halfLifeDays) WHERE community_id = \(bind: id)
        """).run()
}

/// Every voter consents to a governance proposal, then `decider` applies the rule: everyone spoke, so it is adopted.
func adoptCharterProposal(_ id: String, slug: String, voters: [APIClient], decider: APIClient) async throws -> TestingHTTPResponse {
    for v in voters {
        let res = try await v.post("/api/v1/communities/\(slug)/charter/proposals/\(id)/positions", ["position": "consent"])
        #expect(res.status == .ok, "\(res.body.string.prefix(200))")
    }
    return try await decider.post("/api/v1/communities/\(slug)/charter/proposals/\(id)/decide")
}
