import Foundation
import Testing
import Vapor
import VaporTesting
import EnjeuCore
import EnjeuWeb
@testable import EnjeuApp

/// CSV import of flows: the gate before the body, columns by name, limits that stop the reading, exports imported back.
@Suite struct FlowImportTests {
    static func importCSV(_ who: APIClient, _ slug: String, _ csv: String, overNetwork: Bool = false) async throws -> TestingHTTPResponse {
        try await who.send(.POST, "/api/v1/communities/\(slug)/flows/import", raw: csv, contentType: "text/csv", overNetwork: overNetwork)
    }

    static func reason(_ res: TestingHTTPResponse) -> String { ((try? res.json())?["reason"] as? String) ?? res.body.string }

    @Test(arguments: TestDatabase.all)
    func columnsByNameInAnyOrderWithOptionalOnesLeftOut(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let cast = try await Cast.make(app, visibility: "members", prefix: "imp")
            // Only the required columns, shuffled; then some optional ones, in another order.
            let minimal = try await Self.importCSV(cast.member, cast.slug, "date,to,nature,from,measure,description\n2026-05-01,outside:Atelier,immaterial,@imp_member,qualitative,Merci\n")
            #expect(minimal.status == .created, "\(Self.reason(minimal))")
            #expect(try minimal.json()["imported"] as? Int == 1)
            let some = try await Self.importCSV(cast.member, cast.slug, "unit,quantity,from,to,nature,measure,date\n€,12,@imp_member,outside:Atelier,material,quantitative,2026-05-02\r\n")
            #expect(some.status == .created, "\(Self.reason(some))")

            // An unknown column and a missing one are named, in the import's own words.
            let unknown = try await Self.importCSV(cast.member, cast.slug, "from,to,nature,measure,date,colour\n@imp_member,outside:Atelier,material,quantitative,2026-05-01,bleu\n")
            #expect(unknown.status == .unprocessableEntity)
            #expect(Self.reason(unknown).contains("« colour »") && Self.reason(unknown).contains("inconnue"), "\(Self.reason(unknown))")
            let missing = try await Self.importCSV(cast.member, cast.slug, "from,to,nature,measure,description\n@imp_member,outside:Atelier,immaterial,qualitative,Merci\n")
            #expect(missing.status == .unprocessableEntity)
            #expect(Self.reason(missing).contains("« date »") && Self.reason(missing).contains("absente"), "\(Self.reason(missing))")
            for res in [unknown, missing] {
                #expect(!Self.reason(res).contains("Changements"), "no other feature's label: \(Self.reason(res))")
            }
            // A faulty cell is named by its column.
            let bad = try await Self.importCSV(cast.member, cast.slug, "from,to,nature,measure,date\n@imp_member,outside:Atelier,immaterial,qualitative,2026-05-01\n")
            #expect(bad.status == .unprocessableEntity)
            #expect(Self.reason(bad).contains("ligne 2 : « description » : obligatoire"), "\(Self.reason(bad))")
            let empty = try await Self.importCSV(cast.member, cast.slug, "")
            #expect(empty.status == .unprocessableEntity && Self.reason(empty).contains("vide"), "\(Self.reason(empty))")
            #expect(try await cast.member.get("/api/v1/communities/\(cast.slug)/flows").items().count == 2, "refused files wrote nothing")
        }
    }

    /// The gate runs before the body is read: without a token the answer is 401 (public community) or 404, whatever the
    /// body holds — here a NUL byte and 300,000 lines, which a signed-in member would get a 400 or a 422 for.
    @Test(arguments: TestDatabase.all)
    func theGateRunsBeforeTheBody(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let open = try await Cast.make(app, visibility: "public", prefix: "impg")
            let closed = try await Cast.make(app, visibility: "members", prefix: "impc")
            let body = "\u{0}from,to\n" + String(repeating: "\n", count: 300_000)
            #expect(try await Self.importCSV(open.anonymous, open.slug, body).status == .unauthorized)
            #expect(try await Self.importCSV(open.anonymous, open.slug, body, overNetwork: true).status == .unauthorized)
            #expect(try await Self.importCSV(open.outsider, open.slug, body).status == .forbidden)
            #expect(try await Self.importCSV(closed.anonymous, closed.slug, body).status == .notFound)
            #expect(try await Self.importCSV(closed.outsider, closed.slug, body, overNetwork: true).status == .notFound)
            #expect(try await Self.importCSV(open.member, open.slug, body).status == .badRequest, "the NUL byte, once past the gate")
        }
    }

    /// 300,000 empty lines stop at the row limit, quickly, in memory and over a socket (where the body streams).
    @Test(arguments: TestDatabase.all)
    func theRowLimitStopsTheReadingQuickly(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let cast = try await Cast.make(app, visibility: "members", prefix: "impl")
            let body = "from,to,nature,measure,date\n" + String(repeating: "\n", count: 300_000)
            for overNetwork in [false, true] {
                let clock = ContinuousClock(), start = clock.now
                let res = try await Self.importCSV(cast.member, cast.slug, body, overNetwork: overNetwork)
                #expect(res.status == .unprocessableEntity)
                #expect(Self.reason(res).contains("200000 lignes"), "\(Self.reason(res))")
                #expect(clock.now - start < .seconds(30), "a loose bound: the suite shares two cores")
            }
        }
    }

    /// A streamed body of many chunks is read whole: 5,000 rows (about 450 kB) over a socket.
    @Test(arguments: TestDatabase.all)
    func aLargeFileStreamsThrough(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let cast = try await Cast.make(app, visibility: "members", prefix: "imps")
            var csv = "from,to,nature,measure,quantity,unit,description,appreciation,date,note\n"
            for i in 0..<5_000 { csv += "@imps_member,outside:Atelier,immaterial,qualitative,,,\"Coup de main, n°\(i)\",\(i % 5 + 1),2026-0\(i % 9 + 1)-1\(i % 9),\n" }
            let res = try await Self.importCSV(cast.member, cast.slug, csv, overNetwork: true)
            #expect(res.status == .created, "\(Self.reason(res))")
            #expect(try res.json()["imported"] as? Int == 5_000)
        }
    }

    /// What flows.csv exports imports back: formula marks removed, a correction and the flow it cancels left out.
    @Test(arguments: TestDatabase.all)
    func anExportImportsBack(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let cast = try await Cast.make(app, visibility: "members", prefix: "impe")
            let flows = "/api/v1/communities/\(cast.slug)/flows"
            let texts = ["=HYPERLINK(\"http://x\")", "-5 kg; +3 kg\n@tous", "'déjà marqué", "Don, \"simple\""]
            var ids: [String] = []
            for t in texts {
                let res = try await cast.member.post(flows, ["from": "@impe_member", "to": "outside:Atelier", "nature": "material", "measure": "quantitative",
                                                            "quantity": 2, "unit": "kg", "description": t, "note": t, "date": "2026-05-01"])
                #expect(res.status == .created, "\(res.body.string)")
                ids.append(try res.json()["id"] as? String ?? "")
            }
            #expect(try await cast.member.post(flows + "/\(ids[3])/reverse", ["note": "Erreur de saisie"]).status == .created)
            let export = try await cast.member.get("/api/v1/communities/\(cast.slug)/flows.csv")
            #expect(export.status == .ok)
            let res = try await Self.importCSV(cast.member, cast.slug, export.body.string)
            #expect(res.status == .created, "\(Self.reason(res))")
            #expect(try res.json()["imported"] as? Int == 3, "the reversed flow and its correction are left out")
            let all = try await cast.member.get("/api/v1/communities/\(cast.slug)/flows.json")
            let rows = (try JSONSerialization.jsonObject(with: Data(all.body.readableBytesView)) as? [[String: Any]]) ?? []
            for t in texts.prefix(3) {
                #expect(rows.filter { $0["description"] as? String == t && $0["note"] as? String == t }.count == 2, "\(t) came back unchanged")
            }
        }
    }

    /// The columns an import accepts are exactly those flows.csv writes, so a stray one (`offer`) is named, not dropped.
    @Test func entryColumnsAreThoseTheExportWrites() throws {
        #expect(Set(FlowImport.required + FlowImport.optional + FlowImport.exportOnly) == Set(EconomyExports.flowsCSVHeader))
        #expect(throws: FlowImport.Stop.columns(unknown: ["offer"], missing: [], repeated: [])) {
            var parser = FlowImport(today: "2026-06-30")
            try parser.feed(Array("from,to,nature,measure,date,offer\n@a,community,material,qualitative,2026-05-01,x\n".utf8))
            _ = try parser.finish()
        }
    }

    /// A header split by `;` (French spreadsheets) is named as such, in plain words; blank lines before the header are
    /// skipped, and rows keep their line numbers in the file.
    @Test func semicolonsAndLeadingBlankLines() throws {
        func run(_ text: String) throws -> FlowImport.Outcome {
            var parser = FlowImport(today: "2026-06-30")
            try parser.feed(Array(text.utf8))
            return try parser.finish()
        }
        #expect(throws: FlowImport.Stop.semicolons) { try run("from;to;nature;measure;date\n@a;community;material;qualitative;2026-05-01\n") }
        #expect(throws: FlowImport.Stop.semicolons) { try run("\u{FEFF}Date ; From;to;nature;measure;description\n") }
        let semicolons = Text.importStopped(.semicolons)
        #expect(semicolons.fr.contains("points-virgules") && semicolons.fr.contains("virgules (,)") && !semicolons.fr.contains("inconnue"))
        #expect(semicolons.en.contains("semicolons") && semicolons.en.contains("commas"))
        #expect(throws: FlowImport.Stop.columns(unknown: ["a;b"], missing: FlowImport.required, repeated: [])) { try run("a;b\n") }

        let blank = try run("\n  \r\n\nfrom,to,nature,measure,date,description\n@alice,community,immaterial,qualitative,2026-05-01,Merci\n")
        #expect(blank.flows.count == 1)
        #expect(throws: FlowImport.Faulty(rows: [.init(line: 4, problem: .invalid(Violations(.definition, .required)))], total: 1)) {
            try run("\n\nfrom,to,nature,measure,date\n@alice,community,immaterial,qualitative,2026-05-01\n")
        }
        #expect(throws: FlowImport.Stop.empty) { try run("\n\n \n") }
        #expect(Text.importStopped(.empty).fr.contains("lignes blanches"))
        // Blank lines count towards the row limit, before the header too.
        var small = FlowImport(today: "2026-06-30", limits: .init(maxRows: 3))
        #expect(throws: FlowImport.Stop.tooManyRows(max: 3)) { try small.feed(Array("\n\n\n\n\n".utf8)) }
    }

    /// 250 unknown members: the refusal counts them all and names the first 200, not every one of them.
    @Test(arguments: TestDatabase.all)
    func unknownActorsAreCountedAndTheFirstNamed(_ db: TestDatabase) async throws {
        try await withEnjeu(db) { app in
            let cast = try await Cast.make(app, visibility: "members", prefix: "impu")
            var csv = "from,to,nature,measure,description,date\n"
            for i in 0..<250 { csv += "@impu_member,@ghost\(1000 + i),immaterial,qualitative,Merci,2026-05-01\n" }
            let res = try await Self.importCSV(cast.member, cast.slug, csv)
            #expect(res.status == .unprocessableEntity)
            let reason = Self.reason(res)
            #expect(reason.contains("250 acteur(s) inconnu(s)") && reason.contains("et 50 autre(s)"), "\(reason)")
            #expect(reason.contains("@ghost1000") && reason.contains("@ghost1199") && !reason.contains("@ghost1200"), "\(reason)")
            #expect(try await cast.member.get("/api/v1/communities/\(cast.slug)/flows").items().isEmpty)
        }
    }

    @Test func messagesInBothLanguages() {
        let columns = Text.importStopped(.columns(unknown: ["colour"], missing: ["date"], repeated: []))
        #expect(columns.fr.contains("colonne(s) inconnue(s) « colour »") && columns.fr.contains("absente(s) « date »"))
        #expect(columns.en.contains("unknown column(s) \"colour\"") && columns.en.contains("required column(s) missing \"date\""))
        let rows = Text.importStopped(.tooManyRows(max: 200_000))
        #expect(rows.fr.contains("200000 lignes") && rows.en.contains("200000 rows"))
        let cell = Text.importRow(.init(line: 7, problem: .invalid(Violations(.definition, .required))))
        #expect(cell.fr == "ligne 7 : « description » : obligatoire." && cell.en == "line 7: \"description\": required.")
    }
}
