import Foundation

/// A revision of a social code as exported: who, when, why, and the whole code at that point.
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
    /// `titles` and `revisionLabel` come from the reader's language.
    public static func gitFastImport(_ revisions: [ExportedRevision], communityName: String, titles: (SectionKey) -> String,
                                     revisionLabel: (Int) -> String = { "Revision \($0)" }) -> Data {
        var out = Data()
        func line(_ s: String) { out.append(Data((s + "\n").utf8)) }
        func blob(_ s: String) {
            let bytes = Data(s.utf8)
            line("data \(bytes.count)")
            out.append(bytes)
            line("")
        }
        for (n, r) in revisions.enumerated() {
            line("commit refs/heads/main")
            line("mark :\(r.number)")
            let name = r.authorName.replacingOccurrences(of: "<", with: "").replacingOccurrences(of: ">", with: "").replacingOccurrences(of: "\n", with: " ")
            let ident = "\(name.isEmpty ? r.authorHandle : name) <\(r.authorHandle)@enjeu.invalid> \(Int(r.date.timeIntervalSince1970)) +0000"
            line("author \(ident)")
            line("committer \(ident)")
            blob("\(r.summary)\n\n\(revisionLabel(r.number)) — #CodeSocial — \(communityName)\n")
            if n > 0 { line("from :\(revisions[n - 1].number)") }
            line("deleteall")
            for key in SectionKey.allCases {
                line("M 100644 inline \(fileName(key))")
                blob("# \(titles(key))\n\n\(r.code[key])\n")
            }
            line("")
        }
        line("done")
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
