import Foundation
import Logging

/// One JSON object per line (ENJEU_LOG_FORMAT=json), for log collectors; request ids arrive as metadata.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    let label: String
    // Formatting with a configured ISO8601DateFormatter is thread-safe; building one per line is not cheap.
    nonisolated(unsafe) static let timestamp = ISO8601DateFormatter()

    public init(label: String, level: Logger.Level = .info) {
        self.label = label
        self.logLevel = level
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(level: Logger.Level, message: Logger.Message, metadata extra: Logger.Metadata?,
                    source: String, file: String, function: String, line: UInt) {
        var object: [String: String] = ["ts": Self.timestamp.string(from: Date()), "level": level.rawValue,
                                        "label": label, "msg": message.description]
        for (k, v) in metadata.merging(extra ?? [:], uniquingKeysWith: { _, b in b }) { object[k] = v.description }
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return }
        FileHandle.standardOutput.write(data + Data("\n".utf8))
    }
}
