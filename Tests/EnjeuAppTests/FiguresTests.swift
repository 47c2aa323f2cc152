import Foundation
import Testing
import Vapor
import Fluent
import VaporTesting
@testable import EnjeuApp
import EnjeuWeb

@Suite struct FiguresTests {
    /// A members-only community with a steward and three active members.
    func cast(_ app: Application, _ prefix: String, visibility: String = "members") async throws -> (Cast, [APIClient]) {
        let cast = try await Cast.make(app, visibility: visibility, prefix: prefix)
        var others: [APIClient] = []
        for name in ["a", "b"] {
            let p = try await APIClient(app: app).person(prefix + "_" + name)
            let id = try await p.post("/api/v1/communities/\(cast.slug)/join-requests", ["message": "Bonjour"]).json()["id"] as! String
            #expect(try await cast.steward.post("/api/v1/communities/\(cast.slug)/join-requests/\(id)/approve").status == .ok)
            #expect(try await p.post("/api/v1/communities/\(cast.slug)/charter/accept", ["version": 1]).status == .ok)
            others.append(p)
        }
        return (cast, others)
    }

    func indicator(_ who: APIClient, _ slug: String, name: String = "Tarif horaire d'un tisserand", unit: String = "€ (k)",
                   dataset: String? = nil) async throws -> String {
        var body: [String: Any] = ["name": name, "definition": "Le tarif horaire hors taxes pratiqué en atelier.", "unit": unit,
                                   "period": "2026-q3", "place": "Lyon", "tags": ["tissage", "artisanat"]]
        if let dataset { body["dataset"] = dataset }
        let res = try await who.post("/api/v1/communities/\(slug)/indicators", body)
        #expect(res.status == .created, "\(res.body.string)")
        return try res.json()["id"] as! String
    }

    @discardableResult
    func contribute(_ who: APIClient, _ slug: String, _ id: String, _ value: Any, source: Any = "https://exemple.org/tarifs",
                    unit: String? = nil, status: HTTPResponseStatus = .created) async throws -> [String: Any] {
        var body: [String: Any] = ["value": value, "source": source, "observedOn": "2026-07-15", "comment": "Relevé en atelier"]
        if let unit { body["unit"] = unit }
        let res = try await who.post("/api/v1/communities/\(slug)/indicators/\(id)/contributions", body)
        #expect(res.status == status, "\(res.body.string)")
        return (try? res.json()) ?? [:]
    }

    @Test(arguments: TestDatabase.all)
    func contributeEstimateEarnAndSpend(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let (cast, others) = try await cast(app, "fig")
            let slug = cast.slug
            let id = try await indicator(cast.member, slug)
            let list = try await cast.member.get("/api/v1/communities/\(slug)/indicators")
            #expect(list.status == .ok)
            #expect(try list.items().first?["name"] as? String == "Tarif horaire d'un tisserand")
            #expect(try list.items().first?["period"] as? String == "2026-Q3", "periods are kept in one canonical spelling")
            #expect(try list.items().first?["estimate"] == nil, "the list is free and shows no estimate")

            // One value: a single source, never a consensus.
            let first = try await contribute(cast.member, slug, id, 40)
            #expect((first["estimate"] as? [String: Any])?["kind"] as? String == "single-source")
            // Two values more than 10 % apart: disputed.
            let second = try await contribute(others[0], slug, id, 0.05, unit: "k€")
            #expect((second["estimate"] as? [String: Any])?["kind"] as? String == "disputed")
            let third = try await contribute(others[1], slug, id, 42, source: "observation personnelle")
            let estimate = third["estimate"] as? [String: Any]
            #expect(estimate?["kind"] as? String == "estimate")
            #expect(estimate?["contributors"] as? Int == 3)
            let value = estimate?["value"] as? Double ?? 0
            #expect(value > 40 && value < 50, "the median of 40, 42 and 50 € (0.05 k€ normalised)")
            #expect((estimate?["low"] as? Double ?? .infinity) <= value && value <= (estimate?["high"] as? Double ?? 0))

            // Contributors read free; once corroborated, their values earned credits.
            let detail = try await cast.member.get("/api/v1/communities/\(slug)/indicators/\(id)")
            #expect(detail.status == .ok)
            #expect(try detail.json()["access"] as? String == "free")
            #expect((try detail.json()["contributions"] as? [[String: Any]])?.count == 3)
            let credits = try await cast.member.get("/api/v1/communities/\(slug)/credits").json()
            let earned = (credits["entries"] as? [[String: Any]])?.filter { $0["kind"] as? String == "earn" }
            #expect(earned?.count == 1)
            #expect((credits["balance"] as? Double ?? 0) > 5, "allowance of 5 plus the earned credit")

            // A member who gave nothing pays once, then re-reads free the same month.
            let reader = try await APIClient(app: app).person("fig_reader")
            let rid = try await reader.post("/api/v1/communities/\(slug)/join-requests", ["message": "Bonjour"]).json()["id"] as! String
            _ = try await cast.steward.post("/api/v1/communities/\(slug)/join-requests/\(rid)/approve")
            _ = try await reader.post("/api/v1/communities/\(slug)/charter/accept", ["version": 1])
            #expect(try await reader.get("/api/v1/communities/\(slug)/indicators/\(id)").json()["access"] as? String == "charged")
            #expect(try await reader.get("/api/v1/communities/\(slug)/indicators/\(id)").json()["access"] as? String == "paid")
            let readerCredits = try await reader.get("/api/v1/communities/\(slug)/credits").json()
            #expect(readerCredits["balance"] as? Double == 4)

            // At zero: 402 with how to earn, and contributing still works, after which reading is free.
            try await setGiveToGet(app, slug, allowance: 0, readCost: 1)
            let broke = try await APIClient(app: app).person("fig_broke")
            let bid = try await broke.post("/api/v1/communities/\(slug)/join-requests", ["message": "Bonjour"]).json()["id"] as! String
            _ = try await cast.steward.post("/api/v1/communities/\(slug)/join-requests/\(bid)/approve")
            _ = try await broke.post("/api/v1/communities/\(slug)/charter/accept", ["version": 1])
            let refused = try await broke.get("/api/v1/communities/\(slug)/indicators/\(id)")
            #expect(refused.status == .paymentRequired)
            #expect(try refused.json()["error"] as? Bool == true)
            #expect((try refused.json()["reason"] as? String ?? "").contains("contribu"))
            #expect(try await broke.get("/api/v1/communities/\(slug)/indicators").status == .ok, "the list stays free")
            try await contribute(broke, slug, id, 41)
            #expect(try await broke.get("/api/v1/communities/\(slug)/indicators/\(id)").status == .ok)
            // The charter shows the rule every member accepts.
            let charter = try await WebClient(app: app).get("/communities/\(slug)/charter")
            _ = charter
        }
    }

    @Test(arguments: TestDatabase.all)
    func givingAgainEarnsOnceAndReadingTwiceAtOnceChargesOnce(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let (cast, others) = try await cast(app, "figonce")
            let slug = cast.slug
            let id = try await indicator(cast.steward, slug)
            try await contribute(cast.member, slug, id, 40)
            try await contribute(others[0], slug, id, 41)
            func earned(_ who: APIClient) async throws -> Int {
                let entries = try await who.get("/api/v1/communities/\(slug)/credits").json()["entries"] as? [[String: Any]] ?? []
                return entries.filter { $0["kind"] as? String == "earn" }.count
            }
            #expect(try await earned(cast.member) == 1)
            // Replacing a credited value with itself, again and again, earns nothing more.
            for v in [40.5, 40, 40.2] { try await contribute(cast.member, slug, id, v) }
            #expect(try await earned(cast.member) == 1)

            // A flagged value its author then replaces: the flag is upheld, not left open forever.
            let flagged = try await contribute(others[0], slug, id, 39)["id"] as! String
            #expect(try await cast.member.post("/api/v1/communities/\(slug)/contributions/\(flagged)/flags",
                                               ["reason": "La grille officielle dit 41 €"]).status == .created)
            try await contribute(others[0], slug, id, 41)
            let detail = try await cast.member.get("/api/v1/communities/\(slug)/indicators/\(id)").json()
            #expect((detail["contributions"] as? [[String: Any]])?.allSatisfy { ($0["openFlags"] as? Int) == 0 } == true)

            // Two reads at once by a member who has not paid: both succeed, one credit is spent.
            let reader = others[1]
            async let first = reader.get("/api/v1/communities/\(slug)/indicators/\(id)")
            async let second = reader.get("/api/v1/communities/\(slug)/indicators/\(id)")
            let (r1, r2) = try await (first, second)
            #expect(r1.status == .ok && r2.status == .ok, "\(r1.status) \(r2.status)")
            let spent = (try await reader.get("/api/v1/communities/\(slug)/credits").json()["entries"] as? [[String: Any]] ?? [])
                .filter { $0["kind"] as? String == "spend" }
            #expect(spent.count == 1)

            // An indicator name on two lines would break a CSV row: refused.
            let twoLines = try await cast.member.post("/api/v1/communities/\(slug)/indicators",
                                                      ["name": "Prix\r\n=1+1", "definition": "Une définition assez longue.", "unit": "€", "period": "2026"])
            #expect(twoLines.status == .unprocessableEntity)
        }
    }

    @Test(arguments: TestDatabase.all)
    func badInputIsRefusedWithoutPartialWrites(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let (cast, others) = try await cast(app, "figbad")
            let slug = cast.slug
            let id = try await indicator(cast.member, slug)
            let path = "/api/v1/communities/\(slug)/indicators/\(id)/contributions"
            for raw in [#"{"value": NaN, "source": "x y z", "observedOn": "2026-07-01"}"#,
                        #"{"value": 1e999, "source": "x y z", "observedOn": "2026-07-01"}"#,
                        #"{"value": "douze", "source": "x y z", "observedOn": "2026-07-01"}"#,
                        #"{"value": 12, "source": 42, "observedOn": "2026-07-01"}"#,
                        #"{"value": 12, "source": {"url": "https://a.b"}, "observedOn": "2026-07-01"}"#] {
                let res = try await cast.member.send(.POST, path, raw: raw)
                #expect((400..<500).contains(res.status.code), "\(raw) → \(res.status)")
                #expect(try res.json()["error"] as? Bool == true)
            }
            try await contribute(cast.member, slug, id, -3, status: .unprocessableEntity)
            try await contribute(cast.member, slug, id, 0, status: .unprocessableEntity)
            let wrongUnit = try await contribute(cast.member, slug, id, 3, unit: "M€", status: .unprocessableEntity)
            #expect((wrongUnit["reason"] as? String ?? "").contains("k€"), "the reason lists the accepted units")
            try await contribute(cast.member, slug, id, 3, source: "http://", status: .unprocessableEntity)
            try await contribute(cast.member, slug, id, 3, source: "ab", status: .unprocessableEntity)
            let future = try await cast.member.post(path, ["value": 3, "source": "observation personnelle", "observedOn": "2999-01-01"])
            #expect(future.status == .unprocessableEntity)
            let badDate = try await cast.member.post(path, ["value": 3, "source": "observation personnelle", "observedOn": "2026-02-30"])
            #expect(badDate.status == .unprocessableEntity)
            let untouched = try await cast.member.get("/api/v1/communities/\(slug)/indicators/\(id)").json()
            #expect((untouched["contributions"] as? [Any])?.isEmpty == true, "nothing was written")

            // A second value supersedes the first: one current contribution per member.
            let c1 = try await contribute(cast.member, slug, id, 30)["id"] as! String
            try await contribute(cast.member, slug, id, 31)
            let detail = try await cast.member.get("/api/v1/communities/\(slug)/indicators/\(id)").json()
            let rows = detail["contributions"] as? [[String: Any]] ?? []
            #expect(rows.count == 1)
            #expect(rows.first?["value"] as? Double == 31)
            let replaced = try await cast.member.get("/api/v1/communities/\(slug)/indicators/\(id)?history=1").json()["contributions"] as? [[String: Any]]
            #expect(replaced?.map { $0["value"] as? Double } == [30], "the replaced value stays in the history")

            // Flags: never one's own, once each, on current values only, with a reason.
            let own = rows.first!["id"] as! String
            #expect(try await cast.member.post("/api/v1/communities/\(slug)/contributions/\(own)/flags", ["reason": "Je me suis trompé de colonne"]).status == .forbidden)
            #expect(try await others[0].post("/api/v1/communities/\(slug)/contributions/\(own)/flags", ["reason": "court"]).status == .unprocessableEntity)
            #expect(try await others[0].post("/api/v1/communities/\(slug)/contributions/\(c1)/flags", ["reason": "Cette valeur a été remplacée"]).status == .conflict)
            #expect(try await others[0].post("/api/v1/communities/\(slug)/contributions/\(own)/flags",
                                             ["reason": "Le tarif affiché est HT", "correctedValue": "NaN"]).status == .badRequest)
            #expect(try await others[0].post("/api/v1/communities/\(slug)/contributions/\(own)/flags", ["reason": "Le tarif affiché est HT"]).status == .created)
            #expect(try await others[0].post("/api/v1/communities/\(slug)/contributions/\(own)/flags", ["reason": "Le tarif affiché est HT"]).status == .conflict)

            // Indicators: unit, period and scale are checked.
            let bad = try await cast.member.post("/api/v1/communities/\(slug)/indicators",
                                                 ["name": "X", "definition": "court", "unit": "€ (z)", "period": "2026-Q5", "scale": "log"])
            #expect(bad.status == .unprocessableEntity)
            let reason = try bad.json()["reason"] as? String ?? ""
            #expect(reason.contains("Période") || reason.contains("Period"))
            #expect(try await cast.member.get("/api/v1/communities/\(slug)/indicators").items().count == 1)
            // Cursors are the opaque ones of every list: anything else is a clear 400, never a silent first page.
            for path in ["/indicators?after=nope", "/credits?after=01A2", "/datasets?after=%00", "/actions?after=x", "/flows?after=x", "/recognitions?after=x"] {
                let res = try await cast.member.get("/api/v1/communities/\(slug)" + path)
                #expect(res.status == .badRequest, "\(path) → \(res.status)")
            }
        }
    }

    @Test(arguments: TestDatabase.all)
    func flaggedVandalIsDeprecatedAndClawedBack(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let (cast, others) = try await cast(app, "figvan")
            let slug = cast.slug
            let id = try await indicator(cast.member, slug)
            try await contribute(cast.member, slug, id, 40)
            try await contribute(others[0], slug, id, 42)
            try await contribute(others[1], slug, id, 41)
            // A tenfold value (a unit slip or vandalism) is flagged as an outlier by the median/MAD rule, openly.
            let vandal = try await contribute(cast.steward, slug, id, 410)
            #expect(vandal["outlier"] as? Bool == true)
            #expect(vandal["estimate"] == nil, "an outlying value buys no free read")
            let seen = try await cast.member.get("/api/v1/communities/\(slug)/indicators/\(id)").json()["estimate"] as? [String: Any]
            #expect(seen?["outliers"] as? [String] == [vandal["id"] as! String])
            #expect((seen?["value"] as? Double ?? 0) < 60)
            #expect((seen?["rule"] as? String ?? "").contains("MAD"), "the rule shown is the one applied: no weights learned yet")
            // A member flags it with a correction: the estimate's outlier plus a flag deprecates it, kept and marked.
            let flag = try await cast.member.post("/api/v1/communities/\(slug)/contributions/\(vandal["id"] as! String)/flags",
                                                  ["reason": "Dix fois trop : erreur d'unité probable", "correctedValue": 41, "source": "https://exemple.org/grille"])
            #expect(flag.status == .created)
            #expect(try flag.json()["contribution"] as? String == "deprecated")
            let detail = try await cast.member.get("/api/v1/communities/\(slug)/indicators/\(id)").json()
            let rows = detail["contributions"] as? [[String: Any]] ?? []
            #expect(rows.contains { $0["status"] as? String == "deprecated" && $0["value"] as? Double == 410 })
            #expect((detail["estimate"] as? [String: Any])?["contributors"] as? Int == 3)
            // The confirmed correction earned the flagger a credit.
            let credits = try await cast.member.get("/api/v1/communities/\(slug)/credits").json()
            #expect((credits["entries"] as? [[String: Any]])?.contains { $0["kind"] as? String == "correction" } == true)
            // Nothing was credited to the vandal's value.
            let stewardCredits = try await cast.steward.get("/api/v1/communities/\(slug)/credits").json()
            #expect((stewardCredits["entries"] as? [[String: Any]])?.contains { $0["kind"] as? String == "earn" } != true)

            // The background learning runs on demand for stewards, and the estimate then uses learned weights.
            let refresh = try await cast.steward.post("/api/v1/communities/\(slug)/figures/refresh")
            #expect(refresh.status == .ok, "\(refresh.body.string)")
            #expect(try refresh.json()["claims"] as? Int == 3)
            #expect(try await cast.member.post("/api/v1/communities/\(slug)/figures/refresh").status == .forbidden)
            let after = try await cast.member.get("/api/v1/communities/\(slug)/indicators/\(id)").json()
            let v = (after["estimate"] as? [String: Any])?["value"] as? Double ?? 0
            #expect(v > 40 && v < 42)
        }
    }

    @Test(arguments: TestDatabase.all)
    func figuresStayInsideTheCommunity(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let (cast, _) = try await cast(app, "figpriv")
            let slug = cast.slug
            let id = try await indicator(cast.member, slug)
            let c = try await contribute(cast.member, slug, id, 40)["id"] as! String
            for who in [cast.outsider, cast.pending, cast.anonymous] {
                for path in ["/indicators", "/indicators/\(id)", "/credits", "/datasets", "/figures/rules"] {
                    let res = try await who.get("/api/v1/communities/\(slug)" + path)
                    #expect(res.status == .notFound || res.status == .unauthorized, "\(path) → \(res.status)")
                    #expect(!res.body.string.contains("Tarif"))
                }
                let flag = try await who.post("/api/v1/communities/\(slug)/contributions/\(c)/flags", ["reason": "Je veux voir ce qui se passe"])
                #expect(flag.status == .notFound || flag.status == .unauthorized)
                let add = try await who.post("/api/v1/communities/\(slug)/indicators/\(id)/contributions",
                                             ["value": 1, "source": "observation personnelle", "observedOn": "2026-07-01"])
                #expect(add.status == .notFound || add.status == .unauthorized)
            }
            // An indicator id from another community is not found here.
            let (other, _) = try await self.cast(app, "figother", visibility: "public")
            #expect(try await other.member.get("/api/v1/communities/\(other.slug)/indicators/\(id)").status == .notFound)
            // In a public community, outsiders see the list but reading estimates needs the charter accepted.
            let pid = try await indicator(other.member, other.slug)
            #expect(try await other.outsider.get("/api/v1/communities/\(other.slug)/indicators").status == .ok)
            #expect(try await other.outsider.get("/api/v1/communities/\(other.slug)/indicators/\(pid)").status == .forbidden)
            #expect(try await other.outsider.get("/api/v1/communities/\(other.slug)/credits").status == .forbidden)
        }
    }

    @Test(arguments: TestDatabase.all)
    func datasetsExportAsCSVAndDataPackage(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let (cast, others) = try await cast(app, "figexp")
            let slug = cast.slug
            let ds = try await cast.member.post("/api/v1/communities/\(slug)/datasets",
                                                ["name": "Tarifs des artisans du textile, Lyon, 2026", "description": "Les tarifs relevés ensemble."])
            #expect(ds.status == .created, "\(ds.body.string)")
            let dsid = try ds.json()["id"] as! String
            let id = try await indicator(cast.member, slug, name: "=HYPERLINK(\"https://evil.example\")", dataset: dsid)
            try await contribute(cast.member, slug, id, 40)
            try await contribute(others[0], slug, id, 41)
            let detail = try await cast.member.get("/api/v1/communities/\(slug)/datasets/\(dsid)").json()
            #expect((detail["indicators"] as? [[String: Any]])?.count == 1)
            let csv = try await others[1].get("/api/v1/communities/\(slug)/datasets/\(dsid)/export.csv")
            #expect(csv.status == .ok)
            #expect(csv.headers.contentType?.subType == "csv")
            let lines = csv.body.string.split(separator: "\r\n")
            #expect(lines.first?.hasPrefix("indicator_id,name,unit,period") == true)
            #expect(lines.count == 2)
            #expect(lines[1].contains("\"'=HYPERLINK("), "formulas are neutralised")
            // Exporting charged the reader for the indicator, once.
            #expect(try await others[1].get("/api/v1/communities/\(slug)/credits").json()["balance"] as? Double == 4)
            let pkg = try await others[1].get("/api/v1/communities/\(slug)/datasets/\(dsid)/datapackage.json")
            #expect(pkg.status == .ok)
            let resources = try pkg.json()["resources"] as? [[String: Any]]
            #expect(resources?.map { $0["path"] as? String } == ["export.csv"])
            #expect(try pkg.json()["profile"] as? String == "tabular-data-package")
            #expect(try await others[1].get("/api/v1/communities/\(slug)/datasets/\(dsid)/contributions.csv").status == .forbidden)
            let full = try await cast.steward.get("/api/v1/communities/\(slug)/datasets/\(dsid)/contributions.csv")
            #expect(full.status == .ok)
            #expect(full.body.string.split(separator: "\r\n").count == 3)
            let stewardPkg = try await cast.steward.get("/api/v1/communities/\(slug)/datasets/\(dsid)/datapackage.json")
            #expect((try stewardPkg.json()["resources"] as? [[String: Any]])?.count == 2)
        }
    }

    @Test(arguments: TestDatabase.all)
    func pagesWorkWithoutJavaScript(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let (cast, _) = try await cast(app, "figweb")
            let slug = cast.slug
            let web = WebClient(app: app)
            try await web.signUp("figweb_web")
            let join = try await web.post("/communities/\(slug)/join", ["message": "Bonjour"])
            #expect(join.status == .seeOther)
            let req = try await cast.steward.get("/api/v1/communities/\(slug)/join-requests").items().first { $0["handle"] as? String == "figweb_web" }!["id"] as! String
            _ = try await cast.steward.post("/api/v1/communities/\(slug)/join-requests/\(req)/approve")
            _ = try await web.post("/communities/\(slug)/charter/accept", ["version": "1"])
            let charter = try await web.get("/communities/\(slug)/charter")
            #expect(charter.body.string.contains("give-to-get"))
            // The form's scale choice is posted under the name the handler reads.
            #expect(try await web.get("/communities/\(slug)/figures/new").body.string.contains("<select id=\"f-scale\" name=\"scale\""))
            let created = try await web.post("/communities/\(slug)/figures", ["name": "Prix du mètre de lin", "definition": "Prix public du mètre de lin brut.",
                                                                              "unit": "€", "period": "2026", "place": "Lyon", "tags": "lin, textile", "scale": "positive"])
            #expect(created.status == .seeOther, "\(created.body.string.prefix(500))")
            let location = created.headers.first(name: .location) ?? ""
            // A near-duplicate is suggested before creation.
            let dup = try await web.post("/communities/\(slug)/figures", ["name": "Prix du metre de lin brut", "definition": "Prix public du mètre de lin brut.",
                                                                          "unit": "€", "period": "2026", "place": "", "tags": "", "scale": "positive"])
            #expect(dup.status == .ok)
            #expect(dup.body.string.contains("Prix du mètre de lin"))
            let bad = try await web.post(location + "/contribute", ["value": "douze", "source": "observation personnelle", "observedOn": "2026-07-01"])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("error-summary"))
            let ok = try await web.post(location + "/contribute", ["value": "12,5", "source": "observation personnelle", "observedOn": "2026-07-01"])
            #expect(ok.status == .seeOther)
            let page = try await web.get(location)
            #expect(page.status == .ok)
            #expect(page.body.string.contains("<svg class=\"chart strip\""))
            #expect(page.body.string.contains("source unique"))
            #expect(try await web.get("/communities/\(slug)/figures").status == .ok)
            #expect(try await web.get("/communities/\(slug)/figures/credits").status == .ok)
            #expect(try await web.get("/communities/\(slug)/figures/datasets").status == .ok)
            #expect(try await WebClient(app: app).get("/communities/\(slug)/figures").status == .notFound)
        }
    }
}
