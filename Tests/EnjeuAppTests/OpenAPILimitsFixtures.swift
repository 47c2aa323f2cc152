import Foundation
import Testing
import Vapor
import VaporTesting
@testable import EnjeuApp
import EnjeuCore
import EnjeuWeb

/// How to send each request schema of the OpenAPI document: who sends it, where, and a valid body with one field set.
extension OpenAPILimitsTests {
    struct Fixture {
        let client: APIClient
        let method: HTTPMethod
        /// Called before each request: a fixture may build what the request needs (a fresh flow to reverse…).
        let path: () async throws -> String
        let body: (_ field: String, _ value: Any, _ attempt: Int) async throws -> [String: Any]
    }

    /// `base` with `field` (a dotted path for a nested object: `scores.material`) set to `value`.
    static func set(_ base: [String: Any], _ field: String, _ value: Any) -> [String: Any] {
        var out = base
        let parts = field.split(separator: ".", maxSplits: 1).map(String.init)
        if parts.count == 2 { out[parts[0]] = set(base[parts[0]] as? [String: Any] ?? [:], parts[1], value) } else { out[field] = value }
        return out
    }

    /// Everything the fixtures need, in the community `lim-club` (public): its steward, a member, an outsider.
    static func fixtures(_ app: Application) async throws -> [String: Fixture] {
        let cast = try await Cast.make(app, visibility: "public", prefix: "lim")
        let (s, m) = (cast.steward, cast.member)
        let c = "/api/v1/communities/\(cast.slug)"
        func id(_ r: TestingHTTPResponse, _ what: String) throws -> String {
            try #require(try r.json()["id"] as? String, "\(what): \(r.status) \(r.body.string.prefix(300))")
        }
        #expect(try await s.post(c + "/journey/start", ["template": "free"]).status == .created)
        let post = try id(try await m.post(c + "/posts", ["body": "Un premier message"]), "post")
        // Signed, so the documented bounds of values hold on both sides of zero.
        let indicator = try id(try await s.post(c + "/indicators", ["name": "Variation du tarif horaire", "definition": "La variation du tarif horaire d'un tisserand",
                                                                   "unit": "€", "period": "2026", "scale": "signed"]), "indicator")
        let offer = try id(try await m.post(c + "/offers", ["kind": "service", "title": "Cours de tissage",
                                                           "description": "Un atelier d'initiation au métier à tisser"]), "offer")
        let action = try id(try await s.post(c + "/actions", ["title": "Atelier ouvert"]), "action")
        func revision() async throws -> Int {
            let code = try await s.get(c + "/code").json()
            return (code["revision"] as? [String: Any])?["number"] as? Int ?? 1
        }
        let amendment = try id(try await s.post(c + "/code/amendments", ["baseRevision": try await revision(), "summary": "Entraide",
                                                                         "changes": [["section": "social", "body": "Nous nous entraidons."]]]), "amendment")
        /// The charter fixture publishes new versions; figures then wait for the member to accept the current one.
        func reaccept() async throws {
            let version = try await s.get(c + "/charter").json()["version"] as? Int ?? 1
            _ = try await m.post(c + "/charter/accept", ["version": version])
        }
        func contribution() async throws -> String {
            try await reaccept()
            return try id(try await m.post(c + "/indicators/\(indicator)/contributions",
                                           ["value": Double.random(in: 10...20), "source": "observation personnelle", "observedOn": "2026-01-02"]), "contribution")
        }
        func version() async throws -> Int { try await s.get(c).json()["version"] as? Int ?? 1 }
        /// Between the recorder and an outside party: confirmed at once, so it can be reversed.
        func confirmedFlow() async throws -> String {
            try id(try await m.post(c + "/flows", ["from": "@lim_member", "to": "outside:Atelier", "nature": "material", "measure": "quantitative",
                                                   "quantity": 3, "unit": "€", "date": "2026-01-02"]), "flow")
        }
        var newcomers = 0
        /// Someone new asks to join: a pending request for the steward to decline.
        func request() async throws -> String {
            newcomers += 1
            let person = try await APIClient(app: app).person("lim_new_\(newcomers)")
            return try id(try await person.post(c + "/join-requests", ["message": "Bonjour"]), "join request")
        }
        let merge = set
        let anonymous = APIClient(app: app)
        return [
            "NewAccount": Fixture(client: anonymous, method: .POST, path: { "/api/v1/accounts" }) { f, v, n in
                // An e-mail of the same UTF-8 length as the value: its last 12 bytes become the domain.
                let email = f == "email" ? String(String(describing: v).utf8.dropLast(12)).map { $0 + "@example.org" } ?? "" : "new\(n)@example.org"
                return merge(["handle": "lim_new\(n)", "displayName": "Nouvelle", "email": email, "password": "correct horse battery"], f, f == "email" ? email : v)
            },
            "Credentials": Fixture(client: anonymous, method: .POST, path: { "/api/v1/tokens" }) { f, v, _ in
                merge(["email": "lim_member@example.org", "password": "correct horse battery"], f, v)
            },
            "ProfileUpdate": Fixture(client: m, method: .PATCH, path: { "/api/v1/me" }) { f, v, _ in merge(["displayName": "Membre"], f, v) },
            "NewCommunity": Fixture(client: s, method: .POST, path: { "/api/v1/communities" }) { f, v, n in
                merge(communityBody("lim-new-\(n)"), f, v)
            },
            "CommunityUpdate": Fixture(client: s, method: .PATCH, path: { c }) { f, v, _ in
                merge(["name": "Club", "purpose": "Agir ensemble pour le quartier", "stage": "emerging", "visibility": "public",
                       "version": try await version()], f, v)
            },
            "JoinBody": Fixture(client: cast.outsider, method: .POST, path: { c + "/join-requests" }) { f, v, _ in [f: v] },
            "ReasonBody": Fixture(client: s, method: .POST, path: { c + "/join-requests/\(try await request())/decline" }) { f, v, _ in [f: v] },
            "NewCharter": Fixture(client: s, method: .POST, path: { c + "/charter" }) { f, v, _ in
                let version = try await s.get(c + "/charter").json()["version"] as? Int ?? 1
                return merge(["text": "Je donne autant que je reçois.", "version": version], f, v)
            },
            "BodyIn": Fixture(client: m, method: .POST, path: { c + "/posts" }) { f, v, _ in [f: v] },
            "CommentBodyIn": Fixture(client: m, method: .POST, path: { c + "/posts/\(post)/comments" }) { f, v, _ in [f: v] },
            "ReadIn": Fixture(client: m, method: .POST, path: { "/api/v1/notifications/read" }) { f, v, _ in merge(["all": false], f, v) },
            "EndorsementIn": Fixture(client: s, method: .POST, path: { c + "/endorsements" }) { f, v, n in
                merge(["to": "lim_member", "topic": "sujet" + String(repeating: "a", count: n)], f, v)
            },
            "NewOffer": Fixture(client: m, method: .POST, path: { c + "/offers" }) { f, v, _ in
                merge(["kind": "service", "title": "Cours de tissage", "description": "Un atelier d'initiation au métier à tisser"], f, v)
            },
            "NewReferral": Fixture(client: s, method: .POST, path: { c + "/offers/\(offer)/referrals" }) { f, v, _ in
                merge(["beneficiary": "Une voisine"], f, v)
            },
            "NewOrganisation": Fixture(client: s, method: .POST, path: { "/api/v1/organisations" }) { f, v, n in
                merge(organisationBody("lim-org-\(n)"), f, v)
            },
            "OrganisationUpdate": Fixture(client: s, method: .PATCH, path: {
                if try await s.get("/api/v1/organisations/lim-edit").status != .ok {
                    _ = try await s.post("/api/v1/organisations", organisationBody("lim-edit"))
                }
                return "/api/v1/organisations/lim-edit"
            }) { f, v, _ in [f: v] },
            // One live solicitation per person and offer: each try asks for a new offer.
            "NewSolicitation": Fixture(client: s, method: .POST, path: {
                "/api/v1/offers/\(try id(try await m.post(c + "/offers", ["kind": "service", "title": "Cours", "description": "Un atelier d'initiation"]), "offer"))/solicitations"
            }) { f, v, _ in merge(["message": "Bonjour"], f, v) },
            "NewFlow": Fixture(client: m, method: .POST, path: { c + "/flows" }) { f, v, _ in
                // An appreciation belongs to a qualitative flow, which has no quantity.
                let base: [String: Any] = f == "appreciation"
                    ? ["from": "@lim_member", "to": "outside:Atelier", "nature": "immaterial", "measure": "qualitative", "description": "Un coup de main", "date": "2026-01-02"]
                    : ["from": "@lim_member", "to": "outside:Atelier", "nature": "material", "measure": "quantitative", "quantity": 3, "unit": "€", "date": "2026-01-02"]
                return merge(base, f, v)
            },
            "ReverseIn": Fixture(client: m, method: .POST, path: { c + "/flows/\(try await confirmedFlow())/reverse" }) { f, v, _ in [f: v] },
            "NewResponsibility": Fixture(client: s, method: .POST, path: { c + "/pyramid" }) { f, v, _ in
                merge(["member": "lim_member", "layer": "creation", "role": "Tisserande"], f, v)
            },
            "NewIndicator": Fixture(client: s, method: .POST, path: { c + "/indicators" }) { f, v, n in
                merge(["name": "Indicateur \(n)", "definition": "Une définition assez longue", "unit": "€", "period": "2026"], f, v)
            },
            "NewContribution": Fixture(client: m, method: .POST, path: { try await reaccept(); return c + "/indicators/\(indicator)/contributions" }) { f, v, _ in
                merge(["value": 12, "source": "observation personnelle", "observedOn": "2026-01-02"], f, v)
            },
            "NewFlag": Fixture(client: s, method: .POST, path: { c + "/contributions/\(try await contribution())/flags" }) { f, v, _ in
                merge(["reason": "Cette valeur me paraît fausse"], f, v)
            },
            "CreditRules": Fixture(client: s, method: .PUT, path: { c + "/figures/rules" }) { f, v, _ in
                merge(["allowance": 5, "readCost": 1, "earn": 2, "halfLifeDays": 180], f, v)
            },
            "NewDataset": Fixture(client: s, method: .POST, path: { c + "/datasets" }) { f, v, n in merge(["name": "Jeu \(n)"], f, v) },
            "NewAmendment": Fixture(client: s, method: .POST, path: { c + "/code/amendments" }) { f, v, n in
                merge(["baseRevision": try await revision(), "summary": "Préciser", "reason": "",
                       "changes": [["section": "raison-d-etre", "body": "Version \(n)"]]], f, v)
            },
            "Change": Fixture(client: s, method: .POST, path: { c + "/code/amendments" }) { f, v, _ in
                ["baseRevision": try await revision(), "summary": "Préciser", "changes": [["section": "history", f: v]]]
            },
            "PositionIn": Fixture(client: m, method: .POST, path: { c + "/code/amendments/\(amendment)/positions" }) { f, v, _ in
                merge(["position": "consent"], f, v)
            },
            "CommentIn": Fixture(client: m, method: .POST, path: { c + "/code/amendments/\(amendment)/comments" }) { f, v, _ in [f: v] },
            "FactIn": Fixture(client: m, method: .POST, path: { c + "/code/facts" }) { f, v, _ in
                // A link fact's address, of the same length as the value.
                let value = f == "url" ? "https://e.org/" + String(describing: v).dropFirst(14) : v
                return merge(["section": "history", "kind": f == "url" ? "link" : "note", "note": "Un constat", "stance": "supports"], f, value)
            },
            "DiagnosisIn": Fixture(client: m, method: .POST, path: { c + "/code/diagnosis" }) { f, v, _ in
                merge(["section": "history", "rating": "partly"], f, v)
            },
            "CodeSettings": Fixture(client: s, method: .PATCH, path: { c + "/code/settings" }) { f, v, _ in
                merge(["rule": "consent", "quorum": 50, "openDays": 14, "published": true], f, v)
            },
            "NewProposal": Fixture(client: m, method: .POST, path: { c + "/journey/proposals" }) { f, v, _ in
                merge(["kind": "value", "title": "Coopération", "body": "Nous coopérons plutôt que de rivaliser."], f, v)
            },
            "NewRetrospective": Fixture(client: m, method: .POST, path: { c + "/journey/retrospectives" }) { f, v, _ in
                merge(["worked": "Les ateliers", "didNot": "Les horaires"], f, v)
            },
            "NewAction": Fixture(client: s, method: .POST, path: { c + "/actions" }) { f, v, _ in merge(["title": "Atelier ouvert"], f, v) },
            // The same status with a note: a progress update.
            "StatusIn": Fixture(client: s, method: .POST, path: { c + "/actions/\(action)/status" }) { f, v, _ in
                merge(["status": "planned", "note": "Point d'étape"], f, v)
            },
            "NewAssessment": Fixture(client: s, method: .POST, path: { c + "/assessments" }) { f, v, _ in
                merge(["subject": ["kind": "member", "id": "lim_member"],
                       "scores": ["material": 2, "consciousness": 2, "mastery": 2, "maturity": 2]], f, v)
            },
            "NewRecognition": Fixture(client: s, method: .POST, path: { c + "/recognitions" }) { f, v, _ in
                merge(["to": ["kind": "member", "id": "lim_member"], "message": "Merci pour tout"], f, v)
            },
        ]
    }
}
