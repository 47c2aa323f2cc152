import Foundation
import Testing
import Vapor
import Fluent
import VaporTesting
@testable import EnjeuApp
import EnjeuWeb

/// Give to get, hardened: values are shown only when already paid for (or free), spending takes an explicit POST
/// (never a page GET, an export link or a form error), and concurrent reads never spend more than the balance.
@Suite struct FiguresCreditsTests {
    let figures = FiguresTests()
    static let secretSource = "https://exemple.org/releve-confidentiel"

    /// A member who uses the pages (a cookie session), joined and charter accepted.
    func webMember(_ app: Application, _ cast: Cast, _ handle: String) async throws -> WebClient {
        let web = WebClient(app: app)
        try await web.signUp(handle)
        #expect(try await web.post("/communities/\(cast.slug)/join", ["message": "Bonjour"]).status == .seeOther)
        let request = try await cast.steward.get("/api/v1/communities/\(cast.slug)/join-requests").items()
            .first { $0["handle"] as? String == handle }?["id"] as? String ?? ""
        #expect(try await cast.steward.post("/api/v1/communities/\(cast.slug)/join-requests/\(request)/approve").status == .ok)
        #expect(try await web.post("/communities/\(cast.slug)/charter/accept", ["version": "1"]).status == .seeOther)
        return web
    }

    private struct Count: Decodable { let n: Int }

    /// Read charges recorded for a member, straight from the ledger.
    func spent(_ app: Application, _ handle: String) async throws -> Int {
        try await app.db.row("""
            SELECT COUNT(*) AS n FROM credit_entries e JOIN users u ON u.id = e.user_id WHERE u.handle = \(bind: handle) AND e.kind = 'spend'
            """, as: Count.self)?.n ?? 0
    }

    /// An indicator with two values from others (one with a recognisable source) and its estimate as a page prints it.
    func paidIndicator(_ cast: Cast, _ others: [APIClient], name: String = "Tarif horaire d'un tisserand",
                       dataset: String? = nil) async throws -> (id: String, contribution: String, estimate: String) {
        let id = try await figures.indicator(cast.member, cast.slug, name: name, dataset: dataset)
        let contribution = try await figures.contribute(cast.member, cast.slug, id, 40.25, source: Self.secretSource)["id"] as? String ?? ""
        let created = try await figures.contribute(others[0], cast.slug, id, 41.75)
        let value = (created["estimate"] as? [String: Any])?["value"] as? Double ?? 0
        return (id, contribution, NumberFormat.number(value))
    }

    func expectNoValues(_ html: String, _ estimate: String, _ what: String) {
        for secret in ["40.25", "41.75", estimate, Self.secretSource, "chart strip", "table class=\"contributions\""] {
            #expect(!html.contains(secret), "\(what) shows \(secret) unpaid")
        }
    }

    @Test(arguments: TestDatabase.all)
    func formErrorsAndPageViewsNeverRevealOrSpend(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let (cast, others) = try await figures.cast(app, "figlock")
            let slug = cast.slug
            let (id, contribution, estimate) = try await paidIndicator(cast, others)
            let web = try await webMember(app, cast, "figlock_web")
            let page = "/communities/\(slug)/figures/\(id)"

            // The empty contribution form: the errors and the form, the indicator locked, nothing spent.
            let empty = try await web.post(page + "/contribute", [:])
            #expect(empty.status == .unprocessableEntity)
            #expect(empty.body.string.contains("error-summary"))
            #expect(empty.body.string.contains("Lire pour 1 crédit(s)"))
            expectNoValues(empty.body.string, estimate, "the contribution form's error page")
            #expect(try await spent(app, "figlock_web") == 0)

            // The flag page and its error page: locked the same way, nothing spent.
            let flag = "/communities/\(slug)/figures/contributions/\(contribution)/flag"
            let flagPage = try await web.get(flag)
            #expect(flagPage.status == .ok)
            expectNoValues(flagPage.body.string, estimate, "the flag page")
            let flagError = try await web.post(flag, ["reason": ""])
            #expect(flagError.status == .unprocessableEntity)
            #expect(flagError.body.string.contains("error-summary"))
            expectNoValues(flagError.body.string, estimate, "the flag form's error page")
            #expect(try await spent(app, "figlock_web") == 0)

            // A page GET (what a cross-site link triggers) shows the locked view with the read button, and spends nothing.
            let locked = try await web.get(page)
            #expect(locked.status == .ok)
            #expect(locked.body.string.contains("action=\"\(page)/read\""))
            #expect(locked.body.string.contains("Lire pour 1 crédit(s)"))
            expectNoValues(locked.body.string, estimate, "the indicator page")
            #expect(try await spent(app, "figlock_web") == 0)

            // A forged form (no CSRF token) spends nothing.
            #expect(try await web.post(page + "/read", [:], csrf: false).status == .forbidden)
            #expect(try await spent(app, "figlock_web") == 0)

            // The button spends once and comes back to the page, which then shows the values.
            let read = try await web.post(page + "/read", [:])
            #expect(read.status == .seeOther)
            #expect(read.headers.first(name: .location) == page)
            #expect(try await spent(app, "figlock_web") == 1)
            let open = try await web.get(page)
            #expect(open.status == .ok)
            #expect(open.body.string.contains(Self.secretSource))
            #expect(open.body.string.contains(estimate))
            #expect(!open.body.string.contains("Lire pour 1 crédit(s)"))
            // Reading again, the flag page, a second click: all paid already.
            #expect(try await web.post(page + "/read", [:]).status == .seeOther)
            #expect(try await web.get(flag).body.string.contains(Self.secretSource))
            #expect(try await web.post(page + "/contribute", [:]).body.string.contains(Self.secretSource))
            #expect(try await spent(app, "figlock_web") == 1)

            // From the flag page, the button comes back to the flag page.
            let (other, otherContribution, _) = try await paidIndicator(cast, others, name: "Prix du mètre de lin brut")
            let back = try await web.post("/communities/\(slug)/figures/\(other)/read", ["back": otherContribution])
            #expect(back.headers.first(name: .location) == "/communities/\(slug)/figures/contributions/\(otherContribution)/flag")
            #expect(try await spent(app, "figlock_web") == 2)

            // Out of credits: the button's POST is a 402 with how to earn, and the page still spends nothing.
            try await setGiveToGet(app, slug, allowance: 2, readCost: 1)
            let (third, _, thirdEstimate) = try await paidIndicator(cast, others, name: "Prix de la laine cardée")
            let broke = try await web.post("/communities/\(slug)/figures/\(third)/read", [:])
            #expect(broke.status == .paymentRequired)
            #expect(broke.body.string.contains("Crédits insuffisants"))
            expectNoValues(broke.body.string, thirdEstimate, "the refused read")
            #expect(try await web.get("/communities/\(slug)/figures/\(third)").status == .paymentRequired)
            #expect(try await spent(app, "figlock_web") == 2)
        }
    }

    @Test(arguments: TestDatabase.all)
    func datasetExportLinksNeverSpendAndUnlockIsAllOrNothing(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let (cast, others) = try await figures.cast(app, "figdsl")
            let slug = cast.slug
            let ds = try await cast.member.post("/api/v1/communities/\(slug)/datasets", ["name": "Tarifs du textile", "description": ""])
            let dsid = try ds.json()["id"] as? String ?? ""
            let (_, _, estimate) = try await paidIndicator(cast, others, dataset: dsid)
            _ = try await paidIndicator(cast, others, name: "Prix du mètre de lin brut", dataset: dsid)
            let web = try await webMember(app, cast, "figdsl_web")
            let datasetPage = "/communities/\(slug)/figures/datasets/\(dsid)"

            // An export link followed without paying: the file marks both indicators locked, without values, and nothing is spent.
            let csv = try await web.get(datasetPage + "/export.csv")
            #expect(csv.status == .ok)
            let lines = csv.body.string.split(separator: "\r\n")
            #expect(lines.count == 3)
            #expect(lines.dropFirst().allSatisfy { $0.contains("locked") }, "\(lines)")
            #expect(!csv.body.string.contains(estimate))
            #expect(try await spent(app, "figdsl_web") == 0)

            // The dataset page offers to unlock them all; not enough credits for both: nothing is spent at all.
            let page = try await web.get(datasetPage)
            #expect(page.body.string.contains("action=\"\(datasetPage)/unlock\""))
            #expect(page.body.string.contains("Lire pour 2 crédit(s)"))
            try await setGiveToGet(app, slug, allowance: 5, readCost: 3)
            let refused = try await web.post(datasetPage + "/unlock", [:])
            #expect(refused.status == .paymentRequired)
            #expect(refused.body.string.contains("Crédits insuffisants"))
            #expect(try await spent(app, "figdsl_web") == 0, "all or nothing")

            // Affordable: one POST pays for both, and the export then holds the values.
            try await setGiveToGet(app, slug, allowance: 5, readCost: 1)
            let unlocked = try await web.post(datasetPage + "/unlock", [:])
            #expect(unlocked.status == .seeOther)
            #expect(unlocked.headers.first(name: .location) == datasetPage)
            #expect(try await spent(app, "figdsl_web") == 2)
            let paid = try await web.get(datasetPage + "/export.csv")
            #expect(!paid.body.string.contains("locked"))
            #expect(paid.body.string.contains(estimate))
            #expect(!(try await web.get(datasetPage)).body.string.contains("/unlock\""))
            #expect(try await spent(app, "figdsl_web") == 2)
        }
    }

    /// An indicator whose every value was set aside (deprecated by flags) still has them, and its past estimates, to
    /// read: « nothing current » is not « nothing to read », so it stays locked until paid.
    @Test(arguments: TestDatabase.all)
    func valuesSetAsideStillCostTheirRead(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let (cast, others) = try await figures.cast(app, "figaside")
            let (id, _, estimate) = try await paidIndicator(cast, others)
            let web = try await webMember(app, cast, "figaside_web")
            // What flags do to every value at once, done directly: deprecated, and the estimate back to « none ».
            try await sql(app.db).raw("UPDATE figure_contributions SET status = 'deprecated' WHERE indicator_id = \(bind: UUID(uuidString: id)!)").run()
            try await sql(app.db).raw("UPDATE indicators SET est_kind = 'none' WHERE id = \(bind: UUID(uuidString: id)!)").run()
            let html = try await web.get("/communities/\(cast.slug)/figures/\(id)").body.string
            expectNoValues(html, estimate, "an indicator whose values were all set aside")
            #expect(try await spent(app, "figaside_web") == 0)
        }
    }

    @Test(arguments: TestDatabase.all)
    func concurrentReadsNeverSpendMoreThanTheBalance(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let (cast, others) = try await figures.cast(app, "figrace")
            let slug = cast.slug
            try await setGiveToGet(app, slug, allowance: 3, readCost: 1)
            var ids: [String] = []
            for i in 0..<20 {
                let id = try await figures.indicator(cast.member, slug, name: "Indicateur de charge numéro \(i)")
                try await figures.contribute(cast.member, slug, id, 40 + Double(i))
                ids.append(id)
            }
            let reader = others[0]
            let statuses = try await withThrowingTaskGroup(of: HTTPResponseStatus.self) { group in
                for id in ids { group.addTask { try await reader.get("/api/v1/communities/\(slug)/indicators/\(id)").status } }
                var all: [HTTPResponseStatus] = []
                for try await s in group { all.append(s) }
                return all
            }
            #expect(statuses.filter { $0 == .ok }.count == 3, "\(statuses.map(\.code))")
            #expect(statuses.filter { $0 == .paymentRequired }.count == 17)
            let credits = try await reader.get("/api/v1/communities/\(slug)/credits").json()
            let spends = (credits["entries"] as? [[String: Any]] ?? []).filter { $0["kind"] as? String == "spend" }
            #expect(spends.count == 3)
            #expect(credits["balance"] as? Double == 0, "never below zero: \(credits["balance"] ?? "")")
        }
    }
}
