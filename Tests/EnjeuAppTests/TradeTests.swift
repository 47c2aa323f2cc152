import Foundation
import Testing
import Vapor
import VaporTesting
@testable import EnjeuApp
import EnjeuCore
import EnjeuWeb

/// A trade's page across programmes (issue 17): indicators of the programmes the reader can see, their gaps, and the
/// indicators members ask for, supported once per person, most supported first.
@Suite struct TradeTests {
    func indicator(_ who: APIClient, _ slug: String, _ name: String, period: String, tags: [String] = ["tissage"]) async throws -> String {
        let res = try await who.post("/api/v1/programmes/\(slug)/indicators", [
            "name": name, "definition": "Le tarif horaire hors taxes pratiqué en atelier.", "unit": "€", "period": period,
            "place": "Lyon", "tags": tags,
        ])
        #expect(res.status == .created, "\(res.body.string)")
        return try res.json()["id"] as? String ?? ""
    }

    func programme(_ founder: APIClient, _ slug: String, visibility: String) async throws {
        let res = try await founder.post("/api/v1/programmes", [
            "slug": slug, "name": "Chiffres \(slug)", "purpose": "Les mêmes chiffres pour tous les métiers",
            "charter": "Je donne mes chiffres autant que j'en reçois.", "visibility": visibility,
        ])
        #expect(res.status == .created, "\(res.body.string)")
    }

    @Test(arguments: TestDatabase.all)
    func aTradeListsTheIndicatorsAndGapsOfTheProgrammesTheReaderCanSee(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let founder = try await APIClient(app: app).person("tr_founder")
            let outsider = try await APIClient(app: app).person("tr_outsider")
            try await programme(founder, "tr-open", visibility: "public")
            try await programme(founder, "tr-hidden", visibility: "members")
            let stale = try await indicator(founder, "tr-open", "Tarif d'un tisserand 2020", period: "2020")
            let given = try await indicator(founder, "tr-open", "Tarif d'un tisserand en cours", period: "2100")
            let hidden = try await indicator(founder, "tr-hidden", "Tarif caché", period: "2100")
            _ = try await indicator(founder, "tr-open", "Prix du pain", period: "2100", tags: ["boulangerie"])
            let value = try await founder.post("/api/v1/programmes/tr-open/indicators/\(given)/contributions", [
                "value": 42, "source": "https://exemple.org/tarifs", "observedOn": "2026-07-15", "comment": "Relevé",
            ])
            #expect(value.status == .created, "\(value.body.string)")

            func trade(_ who: APIClient) async throws -> [String: Any] {
                let res = try await who.get("/api/v1/trades/tissage")
                #expect(res.status == .ok, "\(res.body.string)")
                return try res.json()
            }
            func ids(_ page: [String: Any]) -> Set<String> { Self.ids(page) }
            // The members-only programme's indicator shows only to its members; another trade's never.
            #expect(ids(try await trade(APIClient(app: app))) == [stale, given])
            #expect(ids(try await trade(outsider)) == [stale, given])
            #expect(ids(try await trade(founder)) == [stale, given, hidden])
            // Not published as open data: no estimate, only how many gave.
            let page = try await trade(outsider)
            let shown = (page["indicators"] as? [[String: Any]])?.first { $0["id"] as? String == given }
            #expect(shown?["estimate"] == nil && shown?["contributors"] as? Int == 1)
            let gaps = Set(((page["gaps"] as? [[String: Any]]) ?? []).compactMap { g in
                (g["kind"] as? String).map { $0 + ":" + (g["indicator"] as? String ?? "") } })
            #expect(gaps == ["noFigure:\(stale)", "stale:\(stale)", "oneSource:\(given)"])
            #expect(try await APIClient(app: app).get("/api/v1/trades/a,b").status == .notFound)

            // A tag is free text: one with a `%` is found by its link (the router decodes the segment once).
            let vat = try await indicator(founder, "tr-open", "Taux de TVA", period: "2100", tags: ["TVA 20%"])
            let tagged = try await outsider.get("/api/v1/trades/\(PathText("TVA 20%").pathSegment)")
            #expect(try tagged.status == .ok && Self.ids(tagged.json()) == [vat], "\(tagged.body.string)")

            // A trade is one whatever its case and accents, on both databases; its requests too.
            let dyed = try await indicator(founder, "tr-open", "Prix d'un bain de teinture", period: "2100", tags: ["Teinture Végétale"])
            for spelling in ["teinture végétale", "TEINTURE VEGETALE", "Teinture Végétale"] {
                let res = try await outsider.get("/api/v1/trades/\(PathText(spelling).pathSegment)")
                #expect(try res.status == .ok && Self.ids(res.json()) == [dyed], "\(spelling): \(res.body.string)")
            }
            let asked = try await outsider.post("/api/v1/trades/\(PathText("Maraîchage").pathSegment)/requests", [
                "name": "Prix d'un panier de légumes", "unit": "€", "period": "2026", "place": "Nantes",
            ])
            #expect(asked.status == .created, "\(asked.body.string)")
            let folded = try await outsider.get("/api/v1/trades/maraichage").json()
            #expect(((folded["requests"] as? [[String: Any]]) ?? []).count == 1)
        }
    }

    static func ids(_ page: [String: Any]) -> Set<String> {
        Set(((page["indicators"] as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String })
    }

    /// A members-only programme's trade is read by those who take part in it through a community, with or without a row
    /// of their own, while they are members of that community; leaving it leaves the programme's inside too (the gate's
    /// rule, `ProgrammeParticipation.relation`).
    @Test(arguments: TestDatabase.all)
    func aMembersOnlyProgrammeShowsToThoseWhoTakePartThroughACommunityWhileTheyDo(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let programmes = ProgrammeTests()
            let (a, others) = try await programmes.figures.cast(app, "trv", visibility: "public")
            let founder = try await APIClient(app: app).person("trv_founder")
            try await programme(founder, "trv-hidden", visibility: "members")
            let hidden = try await indicator(founder, "trv-hidden", "Tarif caché", period: "2100")
            let w = ProgrammeTests.World(slug: "trv-hidden", founder: founder, a: a, aOthers: others, b: a, bOthers: [])
            func sees(_ who: APIClient) async throws -> Bool {
                Self.ids(try await who.get("/api/v1/trades/tissage").json()).contains(hidden)
            }
            #expect(try await !sees(a.member), "before the community joins")
            try await programmes.join(w, a)
            #expect(try await sees(a.member), "through the community, no row of her own yet")
            try await programmes.enter(w, a.member)
            #expect(try await sees(a.member), "once she accepted the programme's charter")
            #expect(try await a.member.get("/api/v1/programmes/trv-hidden/indicators").status == .ok)
            #expect(try await a.member.post("/api/v1/communities/\(a.slug)/leave").status == .ok)
            #expect(try await a.member.get("/api/v1/programmes/trv-hidden/indicators").status != .ok, "the gate: no longer inside")
            #expect(try await !sees(a.member), "the trade agrees with the gate")
        }
    }

    @Test(arguments: TestDatabase.all)
    func membersAskForIndicatorsAndSupportThemOncePerPerson(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let asker = try await APIClient(app: app).person("trq_asker")
            let other = try await APIClient(app: app).person("trq_other")
            let third = try await APIClient(app: app).person("trq_third")
            let body: [String: Any] = ["name": "Tarif horaire d'un tisserand", "unit": "€", "period": "2026", "place": "Lyon"]
            #expect(try await APIClient(app: app).post("/api/v1/trades/tissage/requests", body).status == .unauthorized)
            for (field, bad) in [(InputField.unit, "€ (q)"), (.period, "someday"), (.name, ""), (.place, "")] {
                let res = try await asker.post("/api/v1/trades/tissage/requests", body.merging([field.rawValue: bad]) { _, b in b })
                #expect(res.status == .unprocessableEntity, "\(field): \(res.body.string)")
                let reason = try res.json()["reason"] as? String ?? ""
                #expect(reason.hasPrefix(Text.label(field).fr) || reason.hasPrefix(Text.label(field).en), "\(reason)")
            }
            let missing = try await asker.post("/api/v1/trades/tissage/requests", body.filter { $0.key != "period" })
            #expect(missing.status == .unprocessableEntity)
            let first = try await asker.post("/api/v1/trades/tissage/requests", body)
            #expect(first.status == .created, "\(first.body.string)")
            let firstID = try first.json()["id"] as? String ?? ""
            #expect(try first.json()["supporters"] as? Int == 1)
            let second = try await asker.post("/api/v1/trades/tissage/requests", body.merging(["name": "Tarif horaire d'une fileuse"]) { _, b in b })
            let secondID = try second.json()["id"] as? String ?? ""

            // Once per person: the asker already supports theirs; a second support is a 409 and counts nothing.
            #expect(try await asker.post("/api/v1/indicator-requests/\(firstID)/support").status == .conflict)
            let backed = try await other.post("/api/v1/indicator-requests/\(secondID)/support")
            #expect(backed.status == .ok)
            #expect(try backed.json()["supporters"] as? Int == 2 && backed.json()["supported"] as? Bool == true)
            #expect(try await other.post("/api/v1/indicator-requests/\(secondID)/support").status == .conflict)
            #expect(try await third.post("/api/v1/indicator-requests/\(UUID())/support").status == .notFound)

            // Most supported first.
            let page = try await third.get("/api/v1/trades/tissage").json()
            let requests = (page["requests"] as? [[String: Any]]) ?? []
            #expect(requests.compactMap { $0["id"] as? String } == [secondID, firstID])
            #expect(requests.compactMap { $0["supporters"] as? Int } == [2, 1])
            #expect(requests.allSatisfy { $0["supported"] as? Bool == false })
        }
    }
}
