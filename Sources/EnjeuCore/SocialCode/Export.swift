import Foundation

/// A revision of a social code as exported: who, when, why, and its code: the whole code at that point for
/// `CodeExport.gitFastImport`, only the sections the revision wrote for `FastImportWriter.commit`.
public struct ExportedRevision: Sendable {
    public let number: Int
    public let authorName: String
    public let authorHandle: String
    public let date: Date
    public let summary: String
    public let code: CodeSnapshot

    public init(number: Int, authorName: String, authorHandle: String, date: Date, summary: String, code: CodeSnapshot) {
        self.number = number
        self.authorName = authorName
        self.authorHandle = authorHandle
        self.date = date
        self.summary = summary
        self.code = code
    }
}

public enum CodeExport {
    /// The file a section becomes in the exported repository, in reading order.
    public static func fileName(_ key: SectionKey) -> String { String(format: "%02d-%@.md", key.order + 1, key.rawValue) }

    /// A `git fast-import` stream: one commit per revision on `refs/heads/main`, each holding every section as a file.
    /// `git init x && cd x && git fast-import < stream && git checkout main` gives the organisation's history.
    /// `titles` and `revisionLabel` come from the reader's language. Each revision carries the whole code here; only
    /// the sections that differ from the previous revision are written (see `FastImportWriter`).
    public static func gitFastImport(_ revisions: [ExportedRevision], communityName: String, titles: (SectionKey) -> String,
                                     revisionLabel: (Int) -> String = { "Revision \($0)" }) -> Data {
        var writer = FastImportWriter(communityName: communityName)
        var out = Data()
        var previous: CodeSnapshot?
        for r in revisions {
            let changed = SectionKey.allCases.filter { previous == nil || previous?[$0] != r.code[$0] }
            let written = ExportedRevision(number: r.number, authorName: r.authorName, authorHandle: r.authorHandle, date: r.date,
                                           summary: r.summary, code: CodeSnapshot(Dictionary(uniqueKeysWithValues: changed.map { ($0, r.code[$0]) })))
            out.append(writer.commit(written, titles: titles, revisionLabel: revisionLabel))
            previous = r.code
        }
        out.append(writer.done())
        return out
    }

    /// The code as one Markdown document.
    public static func markdown(_ code: CodeSnapshot, communityName: String, revision: Int, titles: (SectionKey) -> String,
                                revisionLabel: (Int) -> String = { "Revision \($0)" }) -> String {
        var s = "# #CodeSocial — \(communityName)\n\n_\(revisionLabel(revision))_\n"
        for key in SectionKey.allCases { s += "\n## \(titles(key))\n\n\(code[key])\n" }
        return s
    }
}

/// Writes a `git fast-import` stream one revision at a time, so an export streams with memory bounded by a revision.
/// The first commit holds every section as a file; each later one names its parent (`from`) and writes only the
/// sections its revision changed: without `deleteall`, fast-import keeps the parent's other files, so every commit's
/// tree is still the whole code at that revision.
public struct FastImportWriter: Sendable {
    public let communityName: String
    private var parent: Int?

    public init(communityName: String) { self.communityName = communityName }

    /// `r.code` holds the sections this revision wrote; on the first commit, sections it does not hold are written empty.
    public mutating func commit(_ r: ExportedRevision, titles: (SectionKey) -> String,
                                revisionLabel: (Int) -> String = { "Revision \($0)" }) -> Data {
        var out = Data()
        func line(_ s: String) { out.append(contentsOf: Array((s + "\n").utf8)) }
        func blob(_ s: String) {
            let bytes = Array(s.utf8)
            line("data \(bytes.count)")
            out.append(contentsOf: bytes)
            line("")
        }
        line("commit refs/heads/main")
        line("mark :\(r.number)")
        let name = r.authorName.replacingOccurrences(of: "<", with: "").replacingOccurrences(of: ">", with: "").replacingOccurrences(of: "\n", with: " ")
        let ident = "\(name.isEmpty ? r.authorHandle : name) <\(r.authorHandle)@enjeu.invalid> \(Int(r.date.timeIntervalSince1970)) +0000"
        line("author \(ident)")
        line("committer \(ident)")
        blob("\(r.summary)\n\n\(revisionLabel(r.number)) — #CodeSocial — \(communityName)\n")
        if let parent { line("from :\(parent)") }
        for key in SectionKey.allCases where parent == nil || r.code.bodies[key] != nil {
            line("M 100644 inline \(CodeExport.fileName(key))")
            blob("# \(titles(key))\n\n\(r.code[key])\n")
        }
        line("")
        parent = r.number
        return out
    }

    public func done() -> Data { Data("done\n".utf8) }
}
