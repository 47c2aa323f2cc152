import Foundation

/// CSV import of flows, read as the file arrives: each chunk is parsed and its rows checked at once, and the first
/// limit reached (size, rows, a cell's length) stops the reading. The file is imported whole or not at all, so the
/// checked flows are kept until the end; a faulty row is counted and named, never written.
///
/// The header names the columns, in any order: `from`, `to`, `nature`, `measure` and `date` are required; `quantity`,
/// `unit`, `description`, `appreciation` and `note` may be left out. What `flows.csv` exports about the ledger entry
/// itself (`id`, `status`, who recorded or confirmed it…) is accepted: a declined entry, a correction and the entry it
/// cancelled are left out (they count for nothing in the ledger), the rest is ignored. Any other column is named as
/// unknown, never silently dropped. Blank lines before the header are skipped; a header split by `;` (a spreadsheet's
/// regional default) is named as such. Text cells lose the `'` the export put before formula characters
/// (`CSVText.restored`), so an export imports back as it was.
public struct FlowImport: Sendable {
    public static let required = ["from", "to", "nature", "measure", "date"]
    public static let optional = ["quantity", "unit", "description", "appreciation", "note"]
    /// Columns of `flows.csv` that describe the entry rather than the flow: exactly those it writes (a test holds the
    /// export to it), so a column of the user's own, say `offer`, is named as unknown rather than dropped unread.
    public static let exportOnly = ["id", "reverses", "status", "recorded_by", "recorded_at", "confirmed_by", "confirmed_at"]

    public struct Limits: Sendable {
        public var maxRows: Int, maxBytes: Int, maxCellBytes: Int
        public init(maxRows: Int = 200_000, maxBytes: Int = 32 << 20, maxCellBytes: Int = 10_000) {
            self.maxRows = maxRows; self.maxBytes = maxBytes; self.maxCellBytes = maxCellBytes
        }
    }

    /// Why the reading stopped before the end, or why the file as a whole is refused. Lines are records (a quoted cell may
    /// span several lines of text), blank ones included; the header is the first line that is not blank.
    public enum Stop: Error, Sendable, Equatable {
        case empty
        /// A header cell holds `;`-separated column names: the file was saved with semicolons.
        case semicolons
        case columns(unknown: [String], missing: [String], repeated: [String])
        case tooManyRows(max: Int)
        case tooLarge(maxBytes: Int)
        case cellTooLong(line: Int, maxBytes: Int)
        case tooManyCells(line: Int, max: Int)
        case notUTF8(line: Int)
        case unclosedQuote(line: Int)
        case nulCharacter(line: Int)
        case noFlows
    }

    public enum Problem: Sendable, Equatable {
        case cells(found: Int, expected: Int)
        /// A cell's value; the field is the flow's (`.definition` is the `description` column).
        case invalid(Violations)
    }
    public struct RowError: Sendable, Equatable {
        public let line: Int
        public let problem: Problem
        public init(line: Int, problem: Problem) { self.line = line; self.problem = problem }
    }
    /// The whole file was read, and `total` rows are faulty; the first `rows` are named.
    public struct Faulty: Error, Sendable, Equatable {
        public let rows: [RowError]
        public let total: Int
        public init(rows: [RowError], total: Int) { self.rows = rows; self.total = total }
    }
    public struct Outcome: Sendable {
        public let flows: [FlowDraft.Valid]
        /// Declined entries, corrections and the entries they cancel.
        public let skipped: Int
    }

    public static let namedErrors = 200

    /// The column a flow field is read from.
    public static func column(for field: InputField) -> String? {
        switch field {
        case .from: "from"
        case .to: "to"
        case .nature: "nature"
        case .measure: "measure"
        case .quantity: "quantity"
        case .unit: "unit"
        case .definition: "description"
        case .appreciation: "appreciation"
        case .date: "date"
        case .note: "note"
        default: nil
        }
    }

    public let limits: Limits
    let today: String
    private var reader: CSVReader
    private var bytes = 0
    private var lines = 0
    private var columns: [String: Int]?
    private var width = 0
    private var kept: [(id: String?, reverses: String?, flow: FlowDraft.Valid)] = []
    private var skipped = 0
    private var errors: [RowError] = []
    private var faulty = 0

    public init(today: String, limits: Limits = Limits()) {
        self.today = today
        self.limits = limits
        // The header may not be wider than every known column, twice.
        reader = CSVReader(maxCellBytes: limits.maxCellBytes,
                           maxCells: 2 * (Self.required.count + Self.optional.count + Self.exportOnly.count))
    }

    /// Reads the next chunk of the file.
    public mutating func feed(_ chunk: UnsafeBufferPointer<UInt8>) throws(Stop) {
        bytes += chunk.count
        if bytes > limits.maxBytes { throw .tooLarge(maxBytes: limits.maxBytes) }
        var r = CSVReader(); swap(&r, &reader); defer { swap(&r, &reader) }
        do { try r.feed(chunk) { try record($0) } } catch { throw Self.stop(error) }
    }

    public mutating func feed(_ chunk: [UInt8]) throws(Stop) {
        try chunk.withUnsafeBufferPointer { (p) throws(Stop) in try feed(p) }
    }

    /// The end of the file: the flows to import, or why nothing is.
    public mutating func finish() throws -> Outcome {
        var r = CSVReader(); swap(&r, &reader); defer { swap(&r, &reader) }
        do { try r.finish { try record($0) } } catch { throw Self.stop(error) }
        guard columns != nil else { throw Stop.empty }
        if faulty > 0 { throw Faulty(rows: errors, total: faulty) }
        // A correction and the entry it cancels count for nothing: neither is imported.
        let cancelled = Set(kept.compactMap(\.reverses))
        let flows = kept.filter { $0.reverses == nil && !($0.id.map(cancelled.contains) ?? false) }.map(\.flow)
        guard !flows.isEmpty else { throw Stop.noFlows }
        return Outcome(flows: flows, skipped: skipped + kept.count - flows.count)
    }

    private static func stop(_ error: any Error) -> Stop {
        switch error {
        case let s as Stop: s
        case let f as CSVReader.Failure:
            switch f {
            case let .cellTooLong(record, max): .cellTooLong(line: record, maxBytes: max)
            case let .tooManyCells(record, max): .tooManyCells(line: record, max: max)
            case let .notUTF8(record): .notUTF8(line: record)
            case let .unclosedQuote(record): .unclosedQuote(line: record)
            case let .nulCharacter(record): .nulCharacter(line: record)
            }
        default: .empty
        }
    }

    private mutating func record(_ cells: [String]) throws(Stop) {
        lines += 1
        let line = lines
        // Every record counts, blank lines before the header too: a file of newlines stops here, whatever comes first.
        if line - 1 > limits.maxRows { throw .tooManyRows(max: limits.maxRows) }
        if cells.count == 1 && cells[0].trimmingCharacters(in: .whitespaces).isEmpty { return }  // a blank line
        guard let columns else { return try header(cells) }
        guard cells.count == width else { return fail(line, .cells(found: cells.count, expected: width)) }
        func cell(_ name: String) -> String? {
            columns[name].map { Self.trimmed(CSVText.restored(cells[$0])) }
        }
        if cell("status") == FlowStatus.declined.rawValue { skipped += 1; return }
        let q = cell("quantity") ?? ""
        let quantity = q.isEmpty ? nil : Double(q.replacingOccurrences(of: ",", with: "."))
        if !q.isEmpty && quantity == nil { return fail(line, .invalid(Violations(.quantity, .notANumber))) }
        let a = cell("appreciation") ?? ""
        let appreciation = a.isEmpty ? nil : Int(a)
        if !a.isEmpty && appreciation == nil { return fail(line, .invalid(Violations(.appreciation, .outOfRange(min: 1, max: 5)))) }
        let draft = FlowDraft(from: cell("from") ?? "", to: cell("to") ?? "", nature: cell("nature") ?? "", measure: cell("measure") ?? "",
                              quantity: quantity, unit: cell("unit"), description: columns["description"].map { CSVText.restored(cells[$0]) },
                              appreciation: appreciation, date: cell("date") ?? "", note: columns["note"].map { CSVText.restored(cells[$0]) })
        switch draft.validated(today: today) {
        case let .success(flow):
            let id = cell("id"), reverses = cell("reverses")
            kept.append((id.flatMap { $0.isEmpty ? nil : $0 }, reverses.flatMap { $0.isEmpty ? nil : $0 }, flow))
        case let .failure(v): fail(line, .invalid(v))
        }
    }

    /// Without spaces around it (most cells), the cell itself: Foundation's trimming costs a microsecond a cell.
    static func trimmed(_ s: String) -> String {
        guard let first = s.unicodeScalars.first, let last = s.unicodeScalars.last,
              first.properties.isWhitespace || last.properties.isWhitespace else { return s }
        return s.trimmingCharacters(in: .whitespaces)
    }

    private mutating func fail(_ line: Int, _ problem: Problem) {
        faulty += 1
        if errors.count < Self.namedErrors { errors.append(RowError(line: line, problem: problem)) }
    }

    private mutating func header(_ cells: [String]) throws(Stop) {
        let names = cells.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        let known = Set(Self.required + Self.optional + Self.exportOnly)
        if names.contains(where: { $0.contains(";") && $0.split(separator: ";").contains { known.contains($0.trimmingCharacters(in: .whitespaces)) } }) {
            throw .semicolons
        }
        var index: [String: Int] = [:], unknown: [String] = [], repeated: [String] = []
        for (i, name) in names.enumerated() {
            if !known.contains(name) { unknown.append(name.isEmpty ? "(\(i + 1))" : name) }
            else if index[name] != nil { if !repeated.contains(name) { repeated.append(name) } }
            else { index[name] = i }
        }
        let missing = Self.required.filter { index[$0] == nil }
        guard unknown.isEmpty && missing.isEmpty && repeated.isEmpty else { throw .columns(unknown: unknown, missing: missing, repeated: repeated) }
        columns = index
        width = names.count
    }
}
