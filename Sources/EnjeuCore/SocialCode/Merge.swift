/// Three-way merge (diff3): changes of `ours` and `theirs` against a common `base` combine when they
/// touch different lines; overlapping, different changes are conflicts.
public enum Merge {
    public enum Chunk: Equatable, Sendable {
        case resolved([String])
        case conflict(base: [String], ours: [String], theirs: [String])
    }

    public struct Result: Equatable, Sendable {
        public let chunks: [Chunk]
        public var hasConflicts: Bool { chunks.contains { if case .conflict = $0 { true } else { false } } }
        /// The merged lines, when there is no conflict.
        public var lines: [String]? {
            guard !hasConflicts else { return nil }
            return chunks.flatMap { chunk -> [String] in
                if case let .resolved(l) = chunk { return l }
                return []
            }
        }
    }

    public static func threeWay(base: [String], ours: [String], theirs: [String]) -> Result {
        let toOurs = matches(base, ours)
        let toTheirs = matches(base, theirs)
        var chunks: [Chunk] = []
        var resolved: [String] = []   // consecutive resolved lines, flushed as one chunk (no quadratic copying)
        func resolve(_ b: ArraySlice<String>, _ x: ArraySlice<String>, _ y: ArraySlice<String>) {
            if b.isEmpty && x.isEmpty && y.isEmpty { return }
            if x.elementsEqual(b) { resolved += y } else if y.elementsEqual(b) || x.elementsEqual(y) { resolved += x } else {
                if !resolved.isEmpty { chunks.append(.resolved(resolved)); resolved = [] }
                chunks.append(.conflict(base: Array(b), ours: Array(x), theirs: Array(y)))
            }
        }
        var i = 0, o = 0, t = 0
        for j in 0..<base.count {
            // A base line kept by both sides is a stable anchor; everything between anchors is one chunk.
            if let oj = toOurs[j], let tj = toTheirs[j], oj >= o, tj >= t {
                resolve(base[i..<j], ours[o..<oj], theirs[t..<tj])
                resolved.append(base[j])
                i = j + 1; o = oj + 1; t = tj + 1
            }
        }
        resolve(base[i...], ours[o...], theirs[t...])
        if !resolved.isEmpty { chunks.append(.resolved(resolved)) }
        return Result(chunks: chunks)
    }

    /// The same on whole texts (lines split on "\n"), as sections are stored.
    public static func threeWay(base: String, ours: String, theirs: String) -> Result {
        threeWay(base: TextDiff.lines(base), ours: TextDiff.lines(ours), theirs: TextDiff.lines(theirs))
    }

    /// For each base line, the index of the line it is kept as in `other`, if kept.
    static func matches(_ base: [String], _ other: [String]) -> [Int?] {
        var m = [Int?](repeating: nil, count: base.count)
        for op in Diff.lineOperations(base, other) { if case let .equal(i, j) = op { m[i] = j } }
        return m
    }
}

/// Who wrote each line: the revision that introduced it.
public enum Blame {
    public struct Line: Equatable, Sendable {
        public let text: String
        public let revision: Int
    }

    /// `versions` are a section's successive texts, oldest first, each with the revision that produced it.
    public static func attribute(_ versions: [(revision: Int, text: String)]) -> [Line] {
        var current: [Line] = []
        var old: [String] = []
        for version in versions {
            let new = TextDiff.lines(version.text)
            var next: [Line] = []
            next.reserveCapacity(new.count)
            for op in Diff.lineOperations(old, new) {
                switch op {
                case let .equal(i, _): next.append(current[i])
                case .delete: break
                case let .insert(j): next.append(Line(text: new[j], revision: version.revision))
                }
            }
            current = next
            old = new
        }
        return current
    }
}
