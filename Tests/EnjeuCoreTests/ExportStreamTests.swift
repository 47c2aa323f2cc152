import Foundation
import Testing
@testable import EnjeuCore

@Suite struct ExportStreamTests {
    func revision(_ n: Int, _ code: [SectionKey: String]) -> ExportedRevision {
        ExportedRevision(number: n, authorName: "Ana", authorHandle: "ana", date: Date(timeIntervalSince1970: 1_800_000_000 + Double(n)),
                         summary: "R\(n)", code: CodeSnapshot(code))
    }

    @Test func laterCommitsWriteOnlyTheSectionsTheyChangeOnTheirParent() {
        let stream = String(decoding: CodeExport.gitFastImport([
            revision(1, [.history: "Début"]),
            revision(2, [.history: "Début", .legal: "Statuts"]),
            revision(3, [.history: "Suite", .legal: "Statuts"]),
        ], communityName: "C", titles: { $0.rawValue }), as: UTF8.self)
        let commits = stream.components(separatedBy: "commit refs/heads/main\n").dropFirst().map { $0 }
        #expect(commits.count == 3)
        func written(_ commit: String) -> [String] {
            commit.split(separator: "\n").filter { $0.hasPrefix("M 100644 inline ") }.map { String($0.dropFirst(16)) }
        }
        #expect(written(commits[0]).count == SectionKey.allCases.count)
        #expect(!commits[0].contains("\nfrom "))
        #expect(written(commits[1]) == [CodeExport.fileName(.legal)] && commits[1].contains("from :1\n"))
        #expect(written(commits[2]) == [CodeExport.fileName(.history)] && commits[2].contains("from :2\n"))
        #expect(commits[2].contains("# history\n\nSuite\n"))
        #expect(!stream.contains("deleteall"), "files a commit does not name are inherited from its parent")
        #expect(stream.hasSuffix("done\n"))
    }

    @Test func theWriterStreamsWhatARevisionWrote() {
        var writer = FastImportWriter(communityName: "C")
        let first = String(decoding: writer.commit(revision(4, [.legal: "x"]), titles: { $0.rawValue }), as: UTF8.self)
        let second = String(decoding: writer.commit(revision(5, [.legal: "y"]), titles: { $0.rawValue }), as: UTF8.self)
        #expect(first.contains("M 100644 inline \(CodeExport.fileName(.history))\ndata 12\n# history\n\n\n"), "the root commit holds every section")
        #expect(second.contains("from :4\n") && second.components(separatedBy: "M 100644").count == 2)
    }

    @Test func cursorsOfBytesThatAreNotUTF8AreRefused() {
        let id = Array(UUID().uuidString.utf8)
        for prefix in [[0xFF], [0xC3], [0xED, 0xA0, 0x80], [0x41, 0x80]] as [[UInt8]] {
            let encoded = Data(prefix + [0x1F] + id).base64EncodedString().replacingOccurrences(of: "+", with: "-")
                .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
            #expect(Cursor(encoded: encoded) == nil, "\(prefix)")
        }
    }
}
