import Foundation

/// The backup file: JSON lines, the same for SQLite and PostgreSQL, so a backup of one restores into the other.
///
///     {"database":"sqlite","format":"enjeu-backup","madeAt":"2026-…","migrations":["EnjeuApp.M001CreateUsers",…],"version":1}
///     {"columns":["id","handle",…],"table":"users"}
///     ["0F3C…","camille",…]                       one line per row: strings, numbers, booleans, null
///     …
///     {"end":{"users":30,…}}                      rows per table: a file without it was cut short
///
/// A uuid is its text, a timestamp its seconds since 1970. Lines are read and written one at a time: memory stays
/// bounded whatever the size of the database.
enum BackupFormat {
    static let name = "enjeu-backup"
    static let version = 1

    /// Every line that is not a row.
    struct Control: Codable {
        var format: String?
        var version: Int?
        var database: String?
        var madeAt: String?
        var migrations: [String]?
        var table: String?
        var columns: [String]?
        var end: [String: Int]?
    }

    static func line(_ control: Control) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(control)) + [0x0A]
    }
}

/// One value of a row, as the file holds it.
enum Cell: Decodable, Equatable, Sendable {
    case null
    case bool(Bool)
    case int(Int64)
    case real(Double)
    case text(String)

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let i = try? c.decode(Int64.self) { self = .int(i) }
        else if let d = try? c.decode(Double.self) { self = .real(d) }
        else { self = .text(try c.decode(String.self)) }
    }

    /// Appends the value as JSON: strings escaped by hand, since a row is written millions of times.
    func append(to out: inout [UInt8]) throws {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case let .bool(b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case let .int(i): out.append(contentsOf: String(i).utf8)
        case let .real(d):
            guard d.isFinite else { throw OperationProblem("a number that is not finite (\(d)) cannot be written to a backup") }
            out.append(contentsOf: "\(d)".utf8)
        case let .text(s):
            out.append(0x22)
            for byte in s.utf8 {
                switch byte {
                case 0x22: out.append(contentsOf: [0x5C, 0x22])
                case 0x5C: out.append(contentsOf: [0x5C, 0x5C])
                case 0x0A: out.append(contentsOf: [0x5C, 0x6E])
                case 0x0D: out.append(contentsOf: [0x5C, 0x72])
                case 0x09: out.append(contentsOf: [0x5C, 0x74])
                case 0..<0x20:
                    let hex = Array("0123456789abcdef".utf8)
                    out.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
                default: out.append(byte)
                }
            }
            out.append(0x22)
        }
    }
}

/// Writes lines to `path + ".partial"`, renamed to `path` only once complete: a failed backup never looks like one.
/// Rows arrive from database callbacks, hence the lock.
final class BackupFileWriter: @unchecked Sendable {
    private let lock = NSLock()
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private let path: String
    private let partial: String
    /// The first error met inside a row callback, which cannot throw.
    private(set) var failure: (any Error)?

    init(path: String) throws {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw OperationProblem("\(path) already exists: name a new file (a backup never overwrites one)")
        }
        self.path = path
        partial = path + ".partial"
        guard FileManager.default.createFile(atPath: partial, contents: nil), let handle = FileHandle(forWritingAtPath: partial) else {
            throw OperationProblem("cannot create \(partial): check that the folder exists and is writable")
        }
        self.handle = handle
        buffer.reserveCapacity(1 << 20)
    }

    func write(_ bytes: [UInt8]) throws {
        try lock.withLock {
            buffer.append(contentsOf: bytes)
            if buffer.count >= 1 << 20 { try flushLocked() }
        }
    }

    func row(_ cells: [Cell]) {
        lock.withLock {
            guard failure == nil else { return }
            do {
                buffer.append(0x5B)
                for (i, cell) in cells.enumerated() {
                    if i > 0 { buffer.append(0x2C) }
                    try cell.append(to: &buffer)
                }
                buffer.append(contentsOf: [0x5D, 0x0A])
                if buffer.count >= 1 << 20 { try flushLocked() }
            } catch {
                failure = error
            }
        }
    }

    func fail(_ error: any Error) { lock.withLock { if failure == nil { failure = error } } }

    private func flushLocked() throws {
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes, syncs to disk and renames into place.
    func finish() throws {
        try lock.withLock {
            try flushLocked()
            try handle.synchronize()
            try handle.close()
        }
        try FileManager.default.moveItem(atPath: partial, toPath: path)
    }

    func abandon() {
        try? handle.close()
        try? FileManager.default.removeItem(atPath: partial)
    }
}

/// Reads a file line by line, a megabyte at a time (by one task at a time).
final class LineReader: @unchecked Sendable {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var start = 0
    private var atEnd = false
    private(set) var lineNumber = 0

    init(path: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw OperationProblem("no backup file at \(path)")
        }
        guard let handle = FileHandle(forReadingAtPath: path) else { throw OperationProblem("cannot read \(path): check its permissions") }
        self.handle = handle
    }

    deinit { try? handle.close() }

    func next() throws -> ArraySlice<UInt8>? {
        while true {
            if let newline = buffer[start...].firstIndex(of: 0x0A) {
                let line = buffer[start..<newline]
                start = newline + 1
                lineNumber += 1
                return line
            }
            if atEnd {
                guard start < buffer.count else { return nil }
                let line = buffer[start...]
                start = buffer.count
                lineNumber += 1
                return line
            }
            if start > 0 {
                buffer.removeFirst(start)
                start = 0
            }
            let chunk = try handle.read(upToCount: 1 << 20) ?? Data()
            if chunk.isEmpty { atEnd = true } else { buffer.append(contentsOf: chunk) }
        }
    }
}
