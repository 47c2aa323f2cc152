import Foundation
import Testing
import Vapor
import Fluent
import SQLKit
import VaporTesting
@testable import EnjeuApp
import EnjeuCore
import EnjeuWeb

/// First steps: a community created from a template gets its charter, the skeleton of its code and the first journey
/// step in the transaction that creates it (or nothing at all); a bad template is refused naming the field; the home
/// shows a person without a community what to join (matches first) and what to create.
@Suite struct FirstStepsTests {
    private struct N: Decodable { let n: Int }

    /// Rows the template writes, for one community or all.
    private func counts(_ app: Application) async throws -> [String: Int] {
        var out: [String: Int] = [:]
        for table in ["communities", "charters", "memberships", "code_revisions", "code_section_versions", "journeys", "journey_proposals"] {
            out[table] = try await sql(app.db).raw("SELECT COUNT(*) AS n FROM \(ident: table)").first(decoding: N.self)?.n ?? -1
        }
        return out
    }

    private func form(_ slug: String, template: String, charter: String) -> [String: String] {
        ["slug": slug, "name": "Coop \(slug)", "purpose": "Produire ensemble et partager le fruit du travail", "perimeter": "", "rhythm": "",
         "stage": "emerging", "visibility": "public", "charter": charter, "template": template]
    }

    @Test(arguments: TestDatabase.all)
    func aTemplateWritesTheCharterTheCodeAndTheFirstJourneyStep(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let web = WebClient(app: app)
            try await web.signUp("camille")
            let new = try await web.get("/communities/new?template=cooperative")
            let coop = CommunityTemplate.cooperative
            #expect(new.status == .ok && new.body.string.contains("value=\"cooperative\" id=\"template-cooperative\" checked"))
            #expect(new.body.string.contains(escape(Lang.fr[coop.charter])))
            // The charter posted as it was prefilled: the template's, in the creator's language.
            let created = try await web.post("/communities", form("la-coop", template: "cooperative", charter: Lang.fr[coop.charter]))
            #expect(created.status == .seeOther)

            let community = try #require(try await Community.query(on: app.db).filter(\.$slug == "la-coop").first())
            #expect(community.codeRevision == 1)
            let charter = try #require(try await Charter.query(on: app.db).filter(\.$community.$id == community.id!).first())
            #expect(charter.text == Lang.fr[coop.charter])
            let sections = try await CodeSectionVersion.query(on: app.db).filter(\.$communityID == community.id!).all()
            #expect(Set(sections.map(\.section)) == Set(coop.sections) && sections.allSatisfy { $0.revision == 1 && !$0.body.isEmpty })
            #expect(try await counts(app)["journeys"] == 1)
            struct P: Decodable { let title: String; let kind: String; let status: String }
            let proposals = try await sql(app.db).raw("SELECT title, kind, status FROM journey_proposals").all(decoding: P.self)
            #expect(Set(proposals.map(\.title)) == Set((1...CommunityTemplate.valueCount).map { Lang.fr[coop.value($0).title] }))
            #expect(proposals.allSatisfy { $0.kind == ProposalKind.value.rawValue && $0.status == ProposalStatus.open.rawValue })

            // The pages show it: the charter at home, the skeleton in the code, the first step's values in the journey.
            #expect(try await web.get("/communities/la-coop").body.string.contains(escape("Une personne, une voix : mon poids")))
            let code = try await web.get("/communities/la-coop/code").body.string
            #expect(code.contains(escape(Lang.fr[FirstStepsText.skeletonSummary(coop.name)])) && code.contains("Notre modèle économique"))
            let journey = try await web.get("/communities/la-coop/journey").body.string
            #expect(journey.contains(escape(Lang.fr[coop.value(1).title])) && !journey.contains("action=\"/communities/la-coop/journey/start\""))
        }
    }

    @Test(arguments: TestDatabase.all)
    func aFailureMidwayLeavesNothing(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let camille = try await APIClient(app: app).person("camille")
            var body = communityBody("deja-la", visibility: "public")
            body["template"] = "association"
            #expect(try await camille.post("/api/v1/communities", body).status == .created)
            let before = try await counts(app)
            #expect(before["code_revisions"] == 1 && before["journey_proposals"] == CommunityTemplate.valueCount)
            // The same slug again, from another template: refused, and none of the template's rows is written.
            body["template"] = "cooperative"
            #expect(try await camille.post("/api/v1/communities", body).status == .conflict)
            #expect(try await counts(app) == before)

            // A founder whose account is gone: the community row is written, then its charter fails on the founder's
            // reference; the transaction takes everything back.
            let ghost = Viewer(id: UUID(), handle: "ghost", displayName: "Ghost", lang: "fr", sessionID: nil)
            let draft = CommunityDraft(slug: "fantome", name: "Fantôme", purpose: "Une communauté qui ne doit pas exister", perimeter: "",
                                       rhythm: "", stage: "emerging", visibility: "public", charter: "")
            let (valid, starter) = try CommunityPages.validated(draft, template: "third-places", creator: ghost)
            await #expect(throws: (any Error).self) {
                _ = try await CommunityService(app.context()).create(valid, founder: ghost, starter: starter)
            }
            #expect(try await counts(app) == before)

            // The template's last write fails (the values proposed): the community, charter, code and journey written
            // before it in the same transaction are taken back too.
            struct Row: Decodable { let id: UUID }
            let camilleID = try #require(try await app.db.row("SELECT id FROM users WHERE handle = 'camille'", as: Row.self)).id
            let founder = Viewer(id: camilleID, handle: "camille", displayName: "Camille", lang: "fr", sessionID: nil)
            let plain = sql(app.db)
            if case .postgres = db {
                try await plain.raw("CREATE FUNCTION refuse_proposal() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'refused'; END $$ LANGUAGE plpgsql").run()
                try await plain.raw("CREATE TRIGGER refuse BEFORE INSERT ON journey_proposals FOR EACH ROW EXECUTE FUNCTION refuse_proposal()").run()
            } else {
                try await plain.raw("CREATE TRIGGER refuse BEFORE INSERT ON journey_proposals BEGIN SELECT RAISE(ABORT, 'refused'); END").run()
            }
            let late = CommunityDraft(slug: "trop-tard", name: "Trop tard", purpose: "Une communauté qui ne doit pas exister", perimeter: "",
                                      rhythm: "", stage: "emerging", visibility: "public", charter: "")
            let (lateValid, lateStarter) = try CommunityPages.validated(late, template: "cooperative", creator: founder)
            await #expect(throws: (any Error).self) {
                _ = try await CommunityService(app.context()).create(lateValid, founder: founder, starter: lateStarter)
            }
            #expect(try await counts(app) == before)
        }
    }

    @Test(arguments: TestDatabase.all)
    func anUnknownTemplateIsRefusedNamingTheField(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let camille = try await APIClient(app: app).person("camille")
            var body = communityBody("chateau")
            body["template"] = "castle"
            let api = try await camille.post("/api/v1/communities", body)
            let refusal = try api.json()
            #expect(api.status == .badRequest && refusal["error"] as? Bool == true)
            #expect((refusal["reason"] as? String ?? "").hasPrefix("template"), "\(refusal)")
            // Without a charter, a template is needed; with one, its charter is the template's.
            body["template"] = nil
            body["charter"] = nil
            let noCharter = try await camille.post("/api/v1/communities", body)
            let missing = try noCharter.json()["reason"] as? String ?? ""
            #expect(noCharter.status == .badRequest && missing.hasPrefix("charter"), "\(missing)")
            body["template"] = "company-team"
            #expect(try await camille.post("/api/v1/communities", body).status == .created)
            let charter = try await camille.get("/api/v1/communities/chateau/charter").json()["text"] as? String
            #expect(charter == Lang.fr[CommunityTemplate.companyTeam.charter])

            let web = WebClient(app: app)
            try await web.signUp("malik")
            let page = try await web.post("/communities", form("autre-chateau", template: "castle", charter: "Je donne autant que je reçois."))
            #expect(page.status == .unprocessableEntity)
            #expect(page.body.string.contains("href=\"#f-template\"") && page.body.string.contains("id=\"f-template-error\""))
            #expect(try await Community.query(on: app.db).filter(\.$slug == "autre-chateau").count() == 0)
        }
    }

    @Test(arguments: TestDatabase.all)
    func theHomeShowsFirstStepsOnlyToSomeoneWithoutACommunityMatchesFirst(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let camille = try await APIClient(app: app).person("camille")
            #expect(try await camille.post("/api/v1/communities", communityBody("aaa-club", visibility: "public", name: "AAA club")).status == .created)
            #expect(try await camille.post("/api/v1/communities", communityBody("prive", visibility: "members", name: "Privé")).status == .created)
            var coop = communityBody("zzz-coop", visibility: "public", name: "ZZZ coop")
            coop["template"] = "cooperative"
            #expect(try await camille.post("/api/v1/communities", coop).status == .created)
            // The coop adopted « Entraide »: a value the newcomer holds.
            try await sql(app.db).raw("""
                UPDATE journey_proposals SET status = \(bind: ProposalStatus.adopted.rawValue), title = 'Entraide' WHERE title = \(bind: Lang.fr[CommunityTemplate.cooperative.value(1).title])
                """).run()

            let web = WebClient(app: app)
            try await web.signUp("nadia")
            try await sql(app.db).raw("UPDATE users SET values_held = 'entraide' WHERE handle = 'nadia'").run()
            // Written straight to the tables: matching's term indexes are rebuilt, as after a bulk load.
            try await app.db.transaction { db in try await SocialIndexes.rebuild(db) }
            let home = try await web.get("/").body.string
            #expect(home.contains("id=\"first-steps\""))
            let coopAt = try #require(home.range(of: "action=\"/communities/zzz-coop/join\"")?.lowerBound)
            let clubAt = try #require(home.range(of: "action=\"/communities/aaa-club/join\"")?.lowerBound)
            #expect(coopAt < clubAt, "the community sharing her values comes first")
            #expect(!home.contains("/communities/prive/join") && home.contains("href=\"/communities/new?template=third-places\""))

            // Joining from there works as everywhere, and the community then leaves the list.
            let join = try await web.post("/communities/zzz-coop/join", [:])
            #expect(join.status == .seeOther)
            let after = try await web.get("/").body.string
            #expect(!after.contains("/communities/zzz-coop/join\"") && after.contains("/communities/aaa-club/join\""))

            // Camille has communities: no first steps for her.
            let founder = WebClient(app: app)
            try await founder.signUp("bruno")
            #expect(try await founder.post("/communities", form("bruno-coop", template: "blank", charter: "Je donne autant que je reçois.")).status == .seeOther)
            #expect(try await founder.get("/").body.string.contains("id=\"first-steps\"") == false)
            #expect(try await Community.query(on: app.db).filter(\.$slug == "bruno-coop").first()?.codeRevision == 0)
        }
    }
}
