import Testing
import EnjeuCore

/// Property tests of the CSV writer (`CSVText`) and the streaming reader (`CSVReader`), over strings drawn from a hostile
/// alphabet: separators of every locale, formula starts, quotes, line breaks, BOMs, combining marks, astral scalars.
/// The rule checked: every text cell reads back as `CSVText.neutralised(s)` exactly, which `restored` turns back into
/// `s` exactly; no segment of a cell split on any separator starts a formula.
@Suite struct CSVPropertyTests {
    static let hostile: [Unicode.Scalar] = [",", ";", "\t", "\n", "\r", "=", "+", "-", "@", "'", "\"", " ", "|", "%", "a", "Z", "0", "é",
                                            "\u{301}", "\u{FEFF}", "\u{A0}", "\u{FF1D}", "\u{2028}", "\u{1F600}", "\u{7F}", "\u{1}"]
    static let formulaStarts: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]

    static func string(_ rng: inout SplitMix) -> String {
        let length = Int.random(in: 0...10, using: &rng) == 0 ? Int.random(in: 0...60, using: &rng) : Int.random(in: 0...8, using: &rng)
        var s = String.UnicodeScalarView()
        for _ in 0..<length {
            if Int.random(in: 0..<5, using: &rng) == 0 {
                // Any scalar but NUL (refused everywhere) and the surrogate range (not scalars).
                var v: UInt32
                repeat { v = UInt32.random(in: 1...0x10FFFF, using: &rng) } while (0xD800...0xDFFF).contains(v)
                s.append(Unicode.Scalar(v)!)
            } else {
                s.append(hostile.randomElement(using: &rng)!)
            }
        }
        return String(s)
    }

    /// Exact equality: Swift's `==` on strings is canonical equivalence (« é » equals « e » + U+0301).
    static func same(_ a: String, _ b: String) -> Bool { Array(a.unicodeScalars) == Array(b.unicodeScalars) }

    /// A small RFC 4180 reader, independent of the app's: whole text, records end at CRLF, LF or CR.
    static func read(_ text: String) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], field = String.UnicodeScalarView()
        let s = Array(text.unicodeScalars)
        var i = 0, quoted = false, fieldStarted = false
        func endField() { row.append(String(field)); field = .init(); fieldStarted = false }
        while i < s.count {
            let c = s[i]
            if quoted {
                if c == "\"" {
                    if i + 1 < s.count && s[i + 1] == "\"" { field.append("\""); i += 1 } else { quoted = false }
                } else { field.append(c) }
            } else if c == "\"" && !fieldStarted { quoted = true; fieldStarted = true }
            else if c == "," { endField() }
            else if c == "\r" || c == "\n" {
                if c == "\r" && i + 1 < s.count && s[i + 1] == "\n" { i += 1 }
                endField(); rows.append(row); row = []
            } else { field.append(c); fieldStarted = true }
            i += 1
        }
        if fieldStarted || !row.isEmpty { endField(); rows.append(row) }
        return rows
    }

    /// No segment of `value`, split on `separators`, starts with a formula character.
    static func noFormula(_ value: String, splitOn separators: Set<Unicode.Scalar>) -> Bool {
        var start = true
        for c in value.unicodeScalars {
            if start && formulaStarts.contains(c) { return false }
            start = separators.contains(c)
        }
        return true
    }
    static let separatorSets: [Set<Unicode.Scalar>] = [[","], [";"], ["\t"], ["\n"], ["\r"], [",", ";", "\t", "\n", "\r"]]

    @Test func neutralisingIsReversedExactly() {
        var rng = SplitMix(state: 1)
        for _ in 0..<30_000 {
            let s = Self.string(&rng)
            let n = CSVText.neutralised(s)
            #expect(Self.same(CSVText.restored(n), s), "\(Array(s.unicodeScalars))")
            for set in Self.separatorSets { #expect(Self.noFormula(n, splitOn: set), "\(Array(n.unicodeScalars)) split on \(set)") }
        }
    }

    @Test func everyCellRoundTripsAndNoSegmentStartsAFormula() {
        var rng = SplitMix(state: 2)
        for _ in 0..<8_000 {
            let width = Int.random(in: 1...6, using: &rng)
            let texts = (0..<width).map { _ in Self.string(&rng) }
            let line = CSVText.line(texts.map { .text($0) })
            let rows = Self.read("h\r\n" + line)
            #expect(rows.count == 2 && rows[1].count == width, "\(Array(line.unicodeScalars))")
            guard rows.count == 2, rows[1].count == width else { continue }
            for (written, read) in zip(texts, rows[1]) {
                #expect(Self.same(read, CSVText.neutralised(written)))
                #expect(Self.same(CSVText.restored(read), written))
                for set in Self.separatorSets { #expect(Self.noFormula(read, splitOn: set)) }
            }
            // Even the raw line, split naively by a spreadsheet that ignores quotes, starts no formula.
            for set in Self.separatorSets { #expect(Self.noFormula(line, splitOn: set), "\(Array(line.unicodeScalars))") }
        }
    }

    @Test func numbersStayBareNumbers() {
        var rng = SplitMix(state: 3)
        for _ in 0..<5_000 {
            let d = Double.random(in: -1e9...1e9, using: &rng)
            let i = Int.random(in: -1_000_000...1_000_000, using: &rng)
            let line = CSVText.line([.number(d), .integer(i), .empty, .text("x")])
            let cells = Self.read(line)[0]
            #expect(Double(cells[0]) == d && Int(cells[1]) == i && cells[2] == "" && cells[3] == "x")
            #expect(!line.hasPrefix("\"") && !line.hasPrefix("'"))
        }
        #expect(CSVText.cell(.number(.nan)) == "")
    }

    @Test func examples() {
        #expect(CSVText.cell(.text("=1+1")) == "\"'=1+1\"")
        #expect(CSVText.cell(.text("a;=HYPERLINK(\"x\")")) == "\"a;'=HYPERLINK(\"\"x\"\")\"")
        #expect(CSVText.cell(.text("Don, n°1")) == "\"Don, n°1\"")
        #expect(CSVText.cell(.text("2026-05-01")) == "\"2026-05-01\"", "a dash inside is left alone")
        #expect(CSVText.cell(.text("")) == "\"\"")
        #expect(CSVText.neutralised("x\n-5 kg") == "x\n'-5 kg")
        #expect(CSVText.neutralised("'tis") == "''tis")
        #expect(CSVText.restored("'tis") == "'tis", "an apostrophe typed by hand is kept")
        #expect(CSVText.restored("'=1") == "=1")
        #expect(CSVText.header(["id", "from"]) == "id,from\r\n")
    }

    /// The streaming reader gives the same records as the whole-text reader, however the bytes are cut into chunks.
    @Test func streamingReaderAgreesWhateverTheChunks() throws {
        var rng = SplitMix(state: 4)
        for _ in 0..<3_000 {
            var text = Int.random(in: 0..<4, using: &rng) == 0 ? "\u{FEFF}" : ""
            for _ in 0..<Int.random(in: 1...5, using: &rng) {
                let cells: [CSVText.Cell] = (0..<Int.random(in: 1...4, using: &rng)).map { _ in
                    Int.random(in: 0..<5, using: &rng) == 0 ? .number(Double(Int.random(in: -99...99, using: &rng))) : .text(Self.string(&rng))
                }
                var line = CSVText.line(cells)
                // Scalars: "\r\n" is a single Character.
                let body = String(String.UnicodeScalarView(line.unicodeScalars.dropLast(2)))
                switch Int.random(in: 0..<3, using: &rng) {
                case 0: line = body + "\n"  // LF only
                case 1: line = body + "\r"  // CR only
                default: break
                }
                text += line
            }
            let bytes = Array(text.utf8)
            var reader = CSVReader()
            var records: [[String]] = []
            var at = 0
            while at < bytes.count {
                let n = min(bytes.count - at, Int.random(in: 1...9, using: &rng))
                try reader.feed(Array(bytes[at..<at + n])) { records.append($0) }
                at += n
            }
            try reader.finish { records.append($0) }
            let expected = Self.read(text.hasPrefix("\u{FEFF}") ? String(text.unicodeScalars.dropFirst()) : text)
            #expect(records.count == expected.count)
            for (a, b) in zip(records, expected) { #expect(a.count == b.count && zip(a, b).allSatisfy { Self.same($0, $1) }) }
        }
    }

    @Test func streamingReaderLimitsAndFaults() throws {
        func records(_ bytes: [UInt8], maxCellBytes: Int = .max, maxCells: Int = .max) throws -> [[String]] {
            var reader = CSVReader(maxCellBytes: maxCellBytes, maxCells: maxCells), out: [[String]] = []
            for b in bytes { try reader.feed([b]) { out.append($0) } }
            try reader.finish { out.append($0) }
            return out
        }
        #expect(try records(Array("a,\"b\r\nc\"\"\",d\r\n\r\ne".utf8)) == [["a", "b\r\nc\"", "d"], [""], ["e"]])
        #expect(try records([0xEF, 0xBB, 0xBF, 0x22, 0x61, 0x22]) == [["a"]], "a BOM before a quoted header")
        #expect(throws: CSVReader.Failure.notUTF8(record: 1)) { try records([0xEF, 0xBB, 0x41]) }  // half a BOM is text
        #expect(throws: CSVReader.Failure.unclosedQuote(record: 2)) { try records(Array("a\n\"b,c".utf8)) }
        #expect(throws: CSVReader.Failure.cellTooLong(record: 2, maxBytes: 4)) { try records(Array("abcd\nabcde".utf8), maxCellBytes: 4) }
        #expect(throws: CSVReader.Failure.tooManyCells(record: 1, max: 3)) { try records(Array("a,b,c,d".utf8), maxCells: 3) }
        #expect(throws: CSVReader.Failure.nulCharacter(record: 1)) { try records([0x61, 0x00]) }
        #expect(throws: CSVReader.Failure.notUTF8(record: 1)) { try records([0x61, 0xFF, 0x0A]) }
    }
}
