/// Line diffs (Myers' O((N+M)·D) algorithm, with common prefix and suffix trimmed first), patches,
/// and word-level refinement of changed lines. Pure functions on value types.
public enum Edit: Equatable, Sendable {
    /// Keep the next `n` lines of the old text.
    case keep(Int)
    /// Drop the next `n` lines of the old text.
    case remove(Int)
    /// Insert these lines.
    case add([String])
}

public enum Diff {
    /// The shortest edit script turning `a` into `b`.
    public static func edits(_ a: [String], _ b: [String]) -> [Edit] {
        var out: [Edit] = []
        func push(_ e: Edit) {
            switch (out.last, e) {
            case let (.keep(x)?, .keep(y)): out[out.count - 1] = .keep(x + y)
            case let (.remove(x)?, .remove(y)): out[out.count - 1] = .remove(x + y)
            case let (.add(x)?, .add(y)): out[out.count - 1] = .add(x + y)
            default: if e != .keep(0) && e != .remove(0) && e != .add([]) { out.append(e) }
            }
        }
        for op in lineOperations(a, b) {
            switch op {
            case .equal: push(.keep(1))
            case .delete: push(.remove(1))
            case let .insert(j): push(.add([b[j]]))
            }
        }
        return out
    }

    /// Applies an edit script to the text it was computed from.
    public static func patch(_ a: [String], _ edits: [Edit]) -> [String]? {
        var out: [String] = []
        var i = 0
        for e in edits {
            switch e {
            case let .keep(n):
                guard i + n <= a.count else { return nil }
                out.append(contentsOf: a[i..<i + n]); i += n
            case let .remove(n):
                guard i + n <= a.count else { return nil }
                i += n
            case let .add(lines): out.append(contentsOf: lines)
            }
        }
        return i == a.count ? out : nil
    }

    /// Line operations comparing exact bytes: faster than `String ==` (no Unicode normalisation per comparison)
    /// and what a diff should show anyway, since a change of encoding is a change.
    public static func lineOperations(_ a: [String], _ b: [String]) -> [Op] {
        operations(a.map(ByteLine.init), b.map(ByteLine.init))
    }

    struct ByteLine: Hashable {
        let text: String
        static func == (l: ByteLine, r: ByteLine) -> Bool { l.text.utf8.elementsEqual(r.text.utf8) }
        func hash(into hasher: inout Hasher) {
            var copy = text
            copy.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        }
    }

    public enum Op: Equatable, Sendable {
        case equal(Int, Int)
        case delete(Int)
        case insert(Int)
    }

    /// Element-level operations in order: indices into `a` (equal, delete) and `b` (equal, insert).
    public static func operations<T: Hashable>(_ a: [T], _ b: [T]) -> [Op] {
        // Trim the common prefix and suffix by plain comparison first: in practice (one edit in a long section)
        // almost nothing is left, and hashing every line (Unicode-normalising) would cost more than the diff.
        var prefix = 0
        while prefix < a.count && prefix < b.count && a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix && suffix < b.count - prefix && a[a.count - 1 - suffix] == b[b.count - 1 - suffix] { suffix += 1 }
        // Intern the middle so Myers' inner loop compares integers.
        var ids: [T: Int] = [:]
        func intern(_ x: T) -> Int {
            if let id = ids[x] { return id }
            ids[x] = ids.count
            return ids.count - 1
        }
        let midA = a[prefix..<(a.count - suffix)].map(intern)
        let midB = b[prefix..<(b.count - suffix)].map(intern)
        var ops: [Op] = []
        ops.reserveCapacity(max(a.count, b.count) + 8)
        for i in 0..<prefix { ops.append(.equal(i, i)) }
        for op in myers(midA, midB) {
            switch op {
            case let .equal(i, j): ops.append(.equal(i + prefix, j + prefix))
            case let .delete(i): ops.append(.delete(i + prefix))
            case let .insert(j): ops.append(.insert(j + prefix))
            }
        }
        for s in 0..<suffix { ops.append(.equal(a.count - suffix + s, b.count - suffix + s)) }
        return ops
    }

    /// Beyond this many differences the texts have little in common: the remaining middle is shown as
    /// replaced wholesale. It bounds time to O((N+M)·D) and memory to O(D²) for any input.
    public static let maxDifferences = 2_000

    private static func myers(_ a: [Int], _ b: [Int]) -> [Op] {
        let n = a.count, m = b.count
        if n == 0 { return (0..<m).map { .insert($0) } }
        if m == 0 { return (0..<n).map { .delete($0) } }
        let max = Swift.min(n + m, maxDifferences)
        let offset = max + 1
        var v = [Int](repeating: 0, count: 2 * max + 3)
        // trace[d] holds v[-(d+1)...(d+1)] as it was before step d: memory O(D²), not O(D·(N+M)).
        var trace: [[Int]] = []
        var found = false
        for d in 0...max {
            trace.append(Array(v[(offset - d - 1)...(offset + d + 1)]))
            var k = -d
            while k <= d {
                var x: Int
                if k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]) { x = v[offset + k + 1] } else { x = v[offset + k - 1] + 1 }
                var y = x - k
                while x < n && y < m && a[x] == b[y] { x += 1; y += 1 }
                v[offset + k] = x
                if x >= n && y >= m { found = true; break }
                k += 2
            }
            if found { break }
        }
        guard found else { return (0..<n).map { .delete($0) } + (0..<m).map { .insert($0) } }
        var ops: [Op] = []
        var x = n, y = m
        for d in stride(from: trace.count - 1, through: 0, by: -1) {
            let snap = trace[d]
            func at(_ k: Int) -> Int { snap[k + d + 1] }
            let k = x - y
            let prevK = (k == -d || (k != d && at(k - 1) < at(k + 1))) ? k + 1 : k - 1
            let prevX = d == 0 ? 0 : at(prevK)
            let prevY = d == 0 ? 0 : prevX - prevK
            while x > prevX && y > prevY { x -= 1; y -= 1; ops.append(.equal(x, y)) }
            if d > 0 {
                if x == prevX { y -= 1; ops.append(.insert(y)) } else { x -= 1; ops.append(.delete(x)) }
            }
        }
        return ops.reversed()
    }
}

/// A line of a rendered diff, with its changed words marked.
public struct DiffLine: Equatable, Sendable {
    public enum Kind: String, Sendable { case context, removed, added }
    public struct Segment: Equatable, Sendable {
        public let text: String
        public let changed: Bool
    }
    public let kind: Kind
    public let oldNumber: Int?
    public let newNumber: Int?
    public let segments: [Segment]
    public var text: String { segments.map(\.text).joined() }
}

/// A row of a side-by-side diff.
public struct SplitRow: Equatable, Sendable {
    public let left: DiffLine?
    public let right: DiffLine?
}

public enum TextDiff {
    /// Splits on "\n" byte by byte (splitting on `Character` would walk grapheme clusters, much slower).
    public static func lines(_ text: String) -> [String] {
        if text.isEmpty { return [] }
        var out: [String] = []
        let utf8 = text.utf8
        var start = utf8.startIndex
        var i = start
        while i != utf8.endIndex {
            if utf8[i] == 10 {
                out.append(String(text[start..<i]))
                start = utf8.index(after: i)
            }
            i = utf8.index(after: i)
        }
        out.append(String(text[start...]))
        return out
    }

    /// Inline diff of two texts: removed lines then added lines for each change, changed words marked.
    public static func inline(_ old: String, _ new: String) -> [DiffLine] {
        let a = lines(old), b = lines(new)
        var out: [DiffLine] = []
        var removed: [Int] = [], added: [Int] = []
        func flush() {
            // Pair removed and added lines of one change block and mark the words that differ.
            let pairs = min(removed.count, added.count)
            var left: [DiffLine] = [], right: [DiffLine] = []
            for (n, i) in removed.enumerated() {
                let segs = n < pairs ? words(a[i], b[added[n]]).old : [.init(text: a[i], changed: false)]
                left.append(DiffLine(kind: .removed, oldNumber: i + 1, newNumber: nil, segments: segs))
            }
            for (n, j) in added.enumerated() {
                let segs = n < pairs ? words(a[removed[n]], b[j]).new : [.init(text: b[j], changed: false)]
                right.append(DiffLine(kind: .added, oldNumber: nil, newNumber: j + 1, segments: segs))
            }
            out += left + right
            removed = []; added = []
        }
        for op in Diff.lineOperations(a, b) {
            switch op {
            case let .equal(i, j):
                flush()
                out.append(DiffLine(kind: .context, oldNumber: i + 1, newNumber: j + 1, segments: [.init(text: a[i], changed: false)]))
            case let .delete(i): removed.append(i)
            case let .insert(j): added.append(j)
            }
        }
        flush()
        return out
    }

    /// The same diff as side-by-side rows: context on both sides, removed beside added.
    public static func split(_ lines: [DiffLine]) -> [SplitRow] {
        var rows: [SplitRow] = []
        var left: [DiffLine] = [], right: [DiffLine] = []
        func flush() {
            for n in 0..<max(left.count, right.count) {
                rows.append(SplitRow(left: n < left.count ? left[n] : nil, right: n < right.count ? right[n] : nil))
            }
            left = []; right = []
        }
        for line in lines {
            switch line.kind {
            case .context: flush(); rows.append(SplitRow(left: line, right: line))
            case .removed: left.append(line)
            case .added: right.append(line)
            }
        }
        flush()
        return rows
    }

    /// Only the changed lines with `context` lines around them; nil entries mark skipped stretches.
    public static func hunks(_ lines: [DiffLine], context: Int = 3) -> [DiffLine?] {
        let changed = lines.indices.filter { lines[$0].kind != .context }
        guard !changed.isEmpty else { return [] }
        var keep = Set<Int>()
        for i in changed { for j in max(0, i - context)...min(lines.count - 1, i + context) { keep.insert(j) } }
        var out: [DiffLine?] = []
        var last = -1
        for i in keep.sorted() {
            if last >= 0 && i > last + 1 || last < 0 && i > 0 { out.append(nil) }
            out.append(lines[i]); last = i
        }
        if last < lines.count - 1 { out.append(nil) }
        return out
    }

    /// Word-level refinement: tokens are runs of letters/digits, runs of spaces, or single other characters.
    static func words(_ old: String, _ new: String) -> (old: [DiffLine.Segment], new: [DiffLine.Segment]) {
        let a = tokens(old), b = tokens(new)
        var left: [DiffLine.Segment] = [], right: [DiffLine.Segment] = []
        func add(_ list: inout [DiffLine.Segment], _ t: String, _ changed: Bool) {
            if let last = list.last, last.changed == changed { list[list.count - 1] = .init(text: last.text + t, changed: changed) }
            else { list.append(.init(text: t, changed: changed)) }
        }
        for op in Diff.operations(a, b) {
            switch op {
            case let .equal(i, j): add(&left, a[i], false); add(&right, b[j], false)
            case let .delete(i): add(&left, a[i], true)
            case let .insert(j): add(&right, b[j], true)
            }
        }
        return (left, right)
    }

    static func tokens(_ s: String) -> [String] {
        var out: [String] = []
        var current = ""
        var currentKind = 0
        for ch in s {
            let kind = ch.isLetter || ch.isNumber ? 1 : (ch == " " || ch == "\t" ? 2 : 3)
            if kind == currentKind && kind != 3 { current.append(ch) } else {
                if !current.isEmpty { out.append(current) }
                current = String(ch); currentKind = kind
            }
        }
        if !current.isEmpty { out.append(current) }
        return out
    }
}
