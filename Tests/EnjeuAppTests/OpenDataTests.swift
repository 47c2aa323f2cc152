import Foundation
import Testing
import Vapor
import VaporTesting
@testable import EnjeuApp
import EnjeuCore

/// A programme's open data (issue 17): the licence its stewards choose, its datasets' free exports once published, and
/// the DCAT catalogue at /catalog.jsonld, which lists only what is public.
@Suite struct OpenDataTests {
    /// A programme (public or members-only) founded by `founder`, with one dataset holding one indicator.
    func programme(_ app: Application, _ founder: APIClient, _ slug: String, visibility: String = "public",
                   datasets: Int = 1) async throws -> [String] {
        let created = try await founder.post("/api/v1/programmes", [
            "slug": slug, "name": "Chiffres \(slug)", "purpose": "Les mêmes chiffres pour tous les métiers",
            "charter": "Je donne mes chiffres autant que j'en reçois.", "visibility": visibility,
        ])
        #expect(created.status == .created, "\(created.body.string)")
        var ids: [String] = []
        for n in 0..<datasets {
            let made = try await founder.post("/api/v1/programmes/\(slug)/datasets", ["name": "Tarifs \(slug) \(n)", "description": "Tarifs horaires"])
            #expect(made.status == .created, "\(made.body.string)")
            ids.append(try made.json()["id"] as? String ?? "")
        }
        let indicator = try await founder.post("/api/v1/programmes/\(slug)/indicators", [
            "name": "Tarif horaire d'un tisserand \(slug)", "definition": "Le tarif horaire hors taxes pratiqué en atelier.",
            "unit": "€", "period": "2026", "place": "Lyon", "tags": ["tissage"], "dataset": ids[0],
        ])
        #expect(indicator.status == .created, "\(indicator.body.string)")
        return ids
    }

    func catalogue(_ app: Application, _ path: String = "/catalog.jsonld") async throws -> [String: Any] {
        let res = try await APIClient(app: app).get(path)
        #expect(res.status == .ok)
        #expect(res.headers.contentType?.subType == "ld+json")
        return try res.json()
    }

    func datasetIDs(_ document: [String: Any]) -> [String] {
        ((document["dcat:dataset"] as? [[String: Any]]) ?? []).compactMap { $0["dct:identifier"] as? String }
    }

    @Test(arguments: TestDatabase.all)
    func aProgrammePublishesUnderItsLicenceAndTheCatalogueListsOnlyWhatIsPublic(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let founder = try await APIClient(app: app).person("od_founder")
            let stranger = try await APIClient(app: app).person("od_stranger")
            let anonymous = APIClient(app: app)
            let open = try await programme(app, founder, "od-open")[0]
            let hidden = try await programme(app, founder, "od-hidden", visibility: "members")[0]
            let unlicensed = try await programme(app, founder, "od-unlicensed")[0]
            let (club, _) = try await FiguresTests().cast(app, "odclub", visibility: "public")
            let clubSet = try await club.steward.post("/api/v1/communities/\(club.slug)/datasets", ["name": "Club", "description": "Club"])
            #expect(clubSet.status == .created)

            // Not published yet: nothing in the catalogue, and the export is not free.
            #expect(datasetIDs(try await catalogue(app)).isEmpty)
            let csvPath = "/api/v1/programmes/od-open/datasets/\(open)/export.csv"
            #expect(try await anonymous.get(csvPath).status != .ok)

            // Only stewards choose, and only among the three licences.
            let body = ["licence": "CC-BY-4.0"]
            #expect(try await stranger.send(.PUT, "/api/v1/programmes/od-open/licence", json: body).status == .forbidden)
            let wrong = try await founder.send(.PUT, "/api/v1/programmes/od-open/licence", json: ["licence": "WTFPL"])
            #expect(wrong.status == .unprocessableEntity)
            #expect(wrong.body.string.contains("Licence"), "\(wrong.body.string)")
            // The programme says its licence: null before one is chosen.
            let unlicensedCard = try await anonymous.get("/api/v1/programmes/od-open").json()
            #expect(unlicensedCard.keys.contains("licence") && unlicensedCard["licence"] is NSNull)
            let set = try await founder.send(.PUT, "/api/v1/programmes/od-open/licence", json: body)
            #expect(set.status == .ok, "\(set.body.string)")
            #expect(try set.json()["published"] as? Bool == true)
            #expect(try await anonymous.get("/api/v1/programmes/od-open").json()["licence"] as? String == "CC-BY-4.0")
            // A body without the field is refused, naming it; the licence stays (only an explicit null withdraws it).
            let empty = try await founder.send(.PUT, "/api/v1/programmes/od-open/licence", json: [String: Any]())
            #expect(empty.status == .unprocessableEntity)
            #expect(empty.body.string.contains("Licence"), "\(empty.body.string)")
            #expect(try await anonymous.get("/api/v1/programmes/od-open").json()["licence"] as? String == "CC-BY-4.0")
            let hiddenSet = try await founder.send(.PUT, "/api/v1/programmes/od-hidden/licence", json: ["licence": "etalab-2.0"])
            #expect(try hiddenSet.json()["published"] as? Bool == false)

            // The catalogue: the public, licensed programme's dataset only.
            let document = try await catalogue(app)
            #expect(datasetIDs(document) == [open.lowercased()])
            let context = document["@context"] as? [String: Any]
            #expect(context?["dcat"] as? String == "http://www.w3.org/ns/dcat#")
            #expect(context?["dct"] as? String == "http://purl.org/dc/terms/")
            #expect(context?["foaf"] as? String == "http://xmlns.com/foaf/0.1/")
            #expect(document["@type"] as? String == "dcat:Catalog")
            let titles = document["dct:title"] as? [[String: String]] ?? []
            #expect(titles.map { $0["@language"] } == ["fr", "en"] && titles.allSatisfy { !($0["@value"] ?? "").isEmpty })
            #expect(document["hydra:view"] == nil)
            let entry = (document["dcat:dataset"] as? [[String: Any]])?.first ?? [:]
            #expect(entry["@type"] as? String == "dcat:Dataset")
            #expect(entry["dct:title"] as? String == "Tarifs od-open 0")
            #expect(entry["dct:description"] as? String == "Tarifs horaires")
            #expect((entry["dct:license"] as? [String: Any])?["@id"] as? String == "https://creativecommons.org/licenses/by/4.0/")
            #expect((entry["dct:publisher"] as? [String: Any])?["foaf:name"] as? String == "Chiffres od-open")
            let distributions = entry["dcat:distribution"] as? [[String: Any]] ?? []
            let urls = distributions.compactMap { ($0["dcat:downloadURL"] as? [String: Any])?["@id"] as? String }
            #expect(urls == [csvPath, "/api/v1/programmes/od-open/datasets/\(open)/datapackage.json"])
            #expect(distributions.allSatisfy { $0["dcat:mediaType"] != nil })
            #expect(!String(describing: document).contains(hidden) && !String(describing: document).contains(unlicensed))

            // Published: the estimates and their package are free to anyone, under the chosen licence.
            let csv = try await anonymous.get(csvPath)
            #expect(csv.status == .ok)
            #expect(csv.body.string.contains("Tarif horaire d'un tisserand od-open"))
            let package = try await anonymous.get(urls[1])
            #expect(package.status == .ok)
            #expect(((try package.json()["licenses"] as? [[String: Any]])?.first?["name"] as? String) == "CC-BY-4.0")
            // No licence chosen: its participants read the package, which claims none.
            let closed = try await founder.get("/api/v1/programmes/od-unlicensed/datasets/\(unlicensed)/datapackage.json")
            #expect(closed.status == .ok, "\(closed.body.string)")
            #expect(try closed.json()["licenses"] == nil)
            // A members-only programme's exports stay hidden, whatever its licence.
            #expect(try await anonymous.get("/api/v1/programmes/od-hidden/datasets/\(hidden)/export.csv").status == .notFound)

            // Withdrawing the licence unpublishes.
            #expect(try await founder.send(.PUT, "/api/v1/programmes/od-open/licence", json: ["licence": NSNull()]).status == .ok)
            #expect(datasetIDs(try await catalogue(app)).isEmpty)
            #expect(try await anonymous.get(csvPath).status != .ok)
            #expect(try await anonymous.get("/api/v1/programmes/od-open").json()["licence"] is NSNull)
        }
    }

    @Test(arguments: TestDatabase.all)
    func theCatalogueIsPagedWithAHydraNextLink(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let founder = try await APIClient(app: app).person("odp_founder")
            let ids = try await programme(app, founder, "odp-many", datasets: FiguresQueries.pageSize + 1)
            #expect(try await founder.send(.PUT, "/api/v1/programmes/odp-many/licence", json: ["licence": "ODbL-1.0"]).status == .ok)
            let first = try await catalogue(app)
            #expect(datasetIDs(first).count == FiguresQueries.pageSize)
            let view = first["hydra:view"] as? [String: Any]
            let next = (view?["hydra:next"] as? [String: Any])?["@id"] as? String ?? ""
            #expect(next.hasPrefix("/catalog.jsonld?after="))
            let second = try await catalogue(app, next)
            #expect(second["hydra:view"] == nil)
            #expect(Set(datasetIDs(first) + datasetIDs(second)) == Set(ids.map { $0.lowercased() }))
            #expect(try await APIClient(app: app).get("/catalog.jsonld?after=nonsense").status == .badRequest)
        }
    }
}
