import Foundation
import Testing
import Vapor
import SQLKit
@testable import EnjeuApp
import EnjeuCore
import EnjeuWeb

/// The demo's network of third places (issue 16, part 6), as its view shows it to a signed-in member of one member
/// community: the other communities and two organisations, a catalogue across them, the matrix of the flows between
/// parties (confirmed ones; others pending), and derived sums equal to a rebuild.
extension DemoTests {
    static let partyFlowColumns: DemoDerivations.Columns = [("from_party", .text), ("to_party", .text), ("unit", .text), ("flows", .int),
                                                            ("qualitative", .int), ("total", .double)]

    static func signedIn(_ app: Application, _ handle: String) async throws -> APIClient {
        let token = try await APIClient(app: app).post("/api/v1/tokens", ["email": "\(handle)@demo.enjeu.local", "password": DemoCommand.password])
        #expect(token.status == .created, "\(handle) signs in")
        return APIClient(app: app, token: try token.json()["token"] as? String)
    }

    static func checkNetwork(_ app: Application, _ world: DemoWorld) async throws {
        let network = world.network
        let path = "/api/v1/communities/\(network.community)/network"
        // Camille stewards the weavers; the two members-only communities are named because they share something.
        let camille = try await signedIn(app, "camille")
        let view = try await camille.get(path)
        #expect(view.status == .ok, "\(view.body.string)")
        let members = try #require(try view.json()["members"] as? [[String: Any]])
        #expect(Set(members.compactMap { $0["slug"] as? String }) == Set(network.links.map(\.member)))
        let organisations = try #require(try view.json()["organisations"] as? [[String: Any]])
        #expect(Set(organisations.compactMap { $0["slug"] as? String }) == Set(network.organisations.map(\.slug)))

        // One catalogue: offers of the network and of its members, the members-only ones included since they share it.
        var communities = Set<String>(), after: String? = nil
        repeat {
            let page = try await camille.get("\(path)/offers" + (after.map { "?after=" + ($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? $0) } ?? ""))
            #expect(page.status == .ok)
            for o in try page.items() { if let slug = (o["community"] as? [String: Any])?["slug"] as? String { communities.insert(slug) } }
            after = try page.json()["next"] as? String
        } while after != nil
        #expect(communities == Set([network.community] + network.links.map(\.member)), "\(communities.sorted())")
        let page = try await camille.get("/communities/\(network.community)/network")
        #expect(page.status == .ok)
        for o in network.organisations { #expect(page.body.string.contains(EnjeuWeb.escape(o.name)), "the page names \(o.slug)") }
        #expect(!page.body.string.contains(NetworkText.noFigures.text.fr), "figures side by side")

        // The matrix: every community and organisation with a confirmed flow, named.
        let matrix = try await camille.get("\(path)/matrix")
        #expect(matrix.status == .ok)
        let cells = try #require((try matrix.json()["matrix"] as? [String: Any])?["cells"] as? [[String: Any]])
        #expect(!cells.isEmpty)
        let named = Set((try matrix.json()["names"] as? [String: String] ?? [:]).keys)
        let parties = Set(network.flows.filter { $0.flow.confirmedBy != nil }.flatMap { f in
            [f.flow.from, f.flow.to].map { $0 == "community" ? "community:" + f.home : $0 }
        })
        #expect(named == parties, "\(named.sorted())")

        // Flows between parties: those with a `confirmedBy` count, the others wait.
        struct N: Decodable { let n: Int }
        func n(_ status: String) async throws -> Int {
            try await app.db.row("SELECT COUNT(*) AS n FROM flows WHERE from_party IS NOT NULL AND status = \(bind: status)", as: N.self)?.n ?? 0
        }
        let confirmed = try await n("confirmed"), pending = try await n("pending")
        #expect(confirmed == network.flows.filter { $0.flow.confirmedBy != nil }.count, "\(confirmed) confirmed")
        #expect(pending == network.flows.filter { $0.flow.confirmedBy == nil }.count, "\(pending) pending")
        try await DemoDerivations.sameAfterRebuild(app, DemoDerivations.economyTables + [("party_flows", partyFlowColumns)]) { db in
            try await EconomyIndex.rebuild(db)
        }
    }
}
