import Foundation
import Testing

/// A throwaway git repository for checking exports with real git; nil where git is not installed.
struct GitRepository {
    let dir: URL

    init?() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/git") else { return nil }
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("enjeu-git-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        _ = try run(["init", "-q"])
    }

    func remove() { try? FileManager.default.removeItem(at: dir) }

    /// Runs git in the repository with `input` on its standard input; its output as text. A failing git fails the test.
    @discardableResult
    func run(_ args: [String], input: Data? = nil) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/git")
        p.arguments = ["-C", dir.path] + args
        let out = Pipe(), inPipe = Pipe()
        p.standardOutput = out
        p.standardError = Pipe()
        if input != nil { p.standardInput = inPipe }
        try p.run()
        if let input { inPipe.fileHandleForWriting.write(input); try inPipe.fileHandleForWriting.close() }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "git \(args)")
        return String(decoding: data, as: UTF8.self)
    }
}
