import Foundation
import Testing
import EnjeuCore

/// The flows CSV importer without I/O: columns by name, limits that stop the reading, exports read back.
@Suite struct FlowImportParsingTests {
    static let today = "2026-06-30"

    static func run(_ text: String, chunk: Int = 4_096, limits: FlowImport.Limits = .init()) throws -> FlowImport.Outcome {
        var parser = FlowImport(today: today, limits: limits)
        let bytes = Array(text.utf8)
        var at = 0
        while at < bytes.count {
            try parser.feed(Array(bytes[at..<min(bytes.count, at + chunk)]))
            at += chunk
        }
        return try parser.finish()
    }

    @Test func columnsInAnyOrderAndOptionalOnesLeftOut() throws {
        // A qualitative flow needs only its description besides the required columns; a quantitative one its quantity and unit.
        let minimal = try Self.run("date,to,description,from,measure,nature\n2026-05-01,community,Merci,@alice,qualitative,immaterial\n")
        #expect(minimal.flows.count == 1)
        #expect(minimal.flows.first?.from == .member("alice") && minimal.flows.first?.description == "Merci")
        let q = try Self.run("unit,date,to,from,measure,nature,quantity\nh,2026-05-01,community,@alice,quantitative,immaterial,3\n")
        #expect(q.flows.first?.quantity == 3 && q.flows.first?.unit == "h" && q.flows.first?.note == "")
        #expect(throws: FlowImport.Faulty(rows: [.init(line: 2, problem: .invalid(Violations(.definition, .required)))], total: 1)) {
            try Self.run("date,to,from,measure,nature\n2026-05-01,community,@alice,qualitative,immaterial\n")
        }
        let full = try Self.run(" Note ,FROM,to,nature,measure,quantity,unit,description,appreciation,date\nmerci,@alice,@bob,material,quantitative,\"12,5\",€,,,2026-05-01\n")
        #expect(full.flows.first?.quantity == 12.5 && full.flows.first?.note == "merci")
    }

    @Test func unknownMissingAndRepeatedColumnsAreNamed() {
        #expect(throws: FlowImport.Stop.columns(unknown: ["colour"], missing: [], repeated: [])) {
            try Self.run("from,to,nature,measure,date,colour\n")
        }
        #expect(throws: FlowImport.Stop.columns(unknown: [], missing: ["nature", "date"], repeated: ["to"])) {
            try Self.run("from,to,measure,to\n")
        }
        #expect(throws: FlowImport.Stop.empty) { try Self.run("") }
        #expect(throws: FlowImport.Stop.noFlows) { try Self.run("from,to,nature,measure,date\r\n\r\n") }
    }

    @Test func everyFaultyRowIsNamedAndNothingIsKept() {
        let text = "from,to,nature,measure,quantity,unit,date\n" +
            "@alice,community,material,quantitative,3,€,2026-05-01\n" +
            "@alice,community,material,quantitative,-4,€,2026-05-01\n" +
            "@alice,community,material\n" +
            "@alice,community,material,quantitative,abc,€,2026-05-01\n"
        #expect(throws: FlowImport.Faulty(rows: [
            .init(line: 3, problem: .invalid(Violations(.quantity, .notANumber))),
            .init(line: 4, problem: .cells(found: 3, expected: 7)),
            .init(line: 5, problem: .invalid(Violations(.quantity, .notANumber))),
        ], total: 3)) { try Self.run(text) }
    }

    /// 300,000 empty lines: the reading stops at line 200,002, long before the end of the body.
    @Test func theRowLimitStopsTheReading() throws {
        var parser = FlowImport(today: Self.today)
        try parser.feed(Array("from,to,nature,measure,date\n".utf8))
        let chunk = [UInt8](repeating: 0x0A, count: 10_000)
        var fed = 0
        do {
            for _ in 0..<30 { try parser.feed(chunk); fed += 1 }
            Issue.record("no limit")
        } catch {
            #expect(error == .tooManyRows(max: 200_000))
            #expect(fed == 20, "stopped in the chunk holding row 200,001")
        }
        var small = FlowImport(today: Self.today, limits: .init(maxRows: 2, maxBytes: 1_000, maxCellBytes: 10))
        #expect(throws: FlowImport.Stop.tooLarge(maxBytes: 1_000)) { try small.feed([UInt8](repeating: 0x61, count: 1_001)) }
        #expect(throws: FlowImport.Stop.cellTooLong(line: 2, maxBytes: 10)) {
            try Self.run("from,to,nature,measure,date\n\"aaaaaaaaaaa\n", limits: .init(maxCellBytes: 10))
        }
    }

    /// What flows.csv exports imports back: entry columns accepted, formula marks removed, declined entries, corrections
    /// and the entries they cancel left out; the outcome is the same whatever the chunks.
    @Test func anExportImportsBack() throws {
        let header = ["id", "from", "to", "nature", "measure", "quantity", "unit", "description", "appreciation", "date", "note", "reverses",
                      "status", "recorded_by", "recorded_at", "confirmed_by", "confirmed_at"]
        func row(_ id: String, _ desc: String, quantity: Double? = 5, reverses: String = "", status: String = "confirmed") -> String {
            CSVText.line([.text(id), .text("member:alice"), .text("community"), .text("material"), .text(quantity == nil ? "qualitative" : "quantitative"),
                          quantity.map { .number($0) } ?? .empty, .text(quantity == nil ? "" : "kg"), .text(desc), .empty, .text("2026-05-01"),
                          .text("-2 kg, =rectifié"), .text(reverses), .text(status), .text("alice"), .text("2026-05-01T10:00:00Z"), .text("bob"), .empty])
        }
        let text = "\u{FEFF}" + CSVText.header(header) + row("A", "=SUM(A1)") + row("B", "cancelled") + row("C", "@bob, +1", quantity: nil)
            + row("D", "correction", reverses: "B") + row("E", "refused", status: "declined")
        let whole = try Self.run(text)
        #expect(whole.flows.map(\.description) == ["=SUM(A1)", "@bob, +1"])
        #expect(whole.flows.allSatisfy { $0.note == "-2 kg, =rectifié" })
        #expect(whole.skipped == 3)
        #expect(try Self.run(text, chunk: 1).flows == whole.flows)
        #expect(try Self.run(text, chunk: 7).flows == whole.flows)
    }
}
