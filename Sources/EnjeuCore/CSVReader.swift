import Foundation

/// An RFC 4180 reader fed chunk by chunk, as a request body arrives: a quote, a `""` or a CRLF may fall across a chunk
/// boundary. Each record is handed over as soon as it ends, so memory holds one record, never the file.
/// Quoted fields hold commas, quotes (`""`) and line breaks; CRLF, LF and a lone CR end a record; a leading UTF-8 BOM is
/// skipped. It reads bytes: the characters that matter are ASCII, which never occur inside a multi-byte UTF-8 sequence.
public struct CSVReader: Sendable {
    public enum Failure: Error, Sendable, Equatable {
        /// `record` is 1-based: the header is record 1.
        case cellTooLong(record: Int, maxBytes: Int)
        case tooManyCells(record: Int, max: Int)
        case notUTF8(record: Int)
        case unclosedQuote(record: Int)
        case nulCharacter(record: Int)
    }

    private enum State { case fieldStart, unquoted, quoted, quoteInQuoted }

    public let maxCellBytes: Int
    public let maxCells: Int
    /// Records handed over so far.
    public private(set) var records = 0
    private var state = State.fieldStart
    private var field: [UInt8] = []
    private var row: [String] = []
    private var skipLF = false
    private var bomMatched = 0  // bytes of the BOM seen at the very start; -1 once past it
    private static let bom: [UInt8] = [0xEF, 0xBB, 0xBF]

    public init(maxCellBytes: Int = .max, maxCells: Int = .max) {
        self.maxCellBytes = maxCellBytes
        self.maxCells = maxCells
    }

    /// Reads `bytes`, handing each completed record to `emit` (which may throw to stop the reading).
    public mutating func feed(_ bytes: [UInt8], _ emit: ([String]) throws -> Void) throws {
        try bytes.withUnsafeBufferPointer { try feed($0, emit) }
    }

    public mutating func feed(_ bytes: UnsafeBufferPointer<UInt8>, _ emit: ([String]) throws -> Void) throws {
        for b in bytes {
            if bomMatched >= 0 {
                if b == Self.bom[bomMatched] {
                    bomMatched += 1
                    if bomMatched == 3 { bomMatched = -1 }
                    continue
                }
                try replayBOM(emit)
            }
            try byte(b, emit)
        }
    }

    /// The end of the input: the last record may lack its line break; a quote still open is an error.
    public mutating func finish(_ emit: ([String]) throws -> Void) throws {
        if bomMatched > 0 { try replayBOM(emit) }
        switch state {
        case .quoted: throw Failure.unclosedQuote(record: records + 1)
        case .fieldStart where row.isEmpty: return
        default: try endRecord(emit)
        }
    }

    /// A partial BOM was ordinary text after all.
    private mutating func replayBOM(_ emit: ([String]) throws -> Void) throws {
        let seen = Self.bom.prefix(bomMatched)
        bomMatched = -1
        for b in seen { try byte(b, emit) }
    }

    private mutating func byte(_ b: UInt8, _ emit: ([String]) throws -> Void) throws {
        if b == 0 { throw Failure.nulCharacter(record: records + 1) }
        if skipLF {
            skipLF = false
            if b == 0x0A { return }
        }
        switch state {
        case .fieldStart:
            if b == 0x22 { state = .quoted; return }
            state = .unquoted
            try unquoted(b, emit)
        case .unquoted:
            try unquoted(b, emit)
        case .quoted:
            if b == 0x22 { state = .quoteInQuoted } else { try append(b) }
        case .quoteInQuoted:
            if b == 0x22 { try append(b); state = .quoted }
            // Text after a closing quote is kept, as spreadsheets do.
            else { state = .unquoted; try unquoted(b, emit) }
        }
    }

    private mutating func unquoted(_ b: UInt8, _ emit: ([String]) throws -> Void) throws {
        switch b {
        case 0x2C: try endField()
        case 0x0D: skipLF = true; try endRecord(emit)
        case 0x0A: try endRecord(emit)
        default: try append(b)
        }
    }

    private mutating func append(_ b: UInt8) throws {
        guard field.count < maxCellBytes else { throw Failure.cellTooLong(record: records + 1, maxBytes: maxCellBytes) }
        field.append(b)
    }

    private mutating func endField() throws {
        guard row.count < maxCells else { throw Failure.tooManyCells(record: records + 1, max: maxCells) }
        guard let text = String(validating: field, as: UTF8.self) else { throw Failure.notUTF8(record: records + 1) }
        row.append(text)
        field.removeAll(keepingCapacity: true)
        state = .fieldStart
    }

    private mutating func endRecord(_ emit: ([String]) throws -> Void) throws {
        try endField()
        let done = row
        row.removeAll(keepingCapacity: true)
        records += 1
        try emit(done)
    }
}
