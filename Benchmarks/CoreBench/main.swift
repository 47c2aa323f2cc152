import EnjeuCore
import Foundation

// Core algorithm benchmark: `swift run -c release enjeu-core-bench`.
// Prints median and worst of repeated runs for the budgets of the #CodeSocial issue (diff of two 10,000-line sections
// with 1 % of lines changed < 20 ms, blame of a section with 1,000 revisions < 100 ms) and of #ChiffresEnsemble
// (full recomputation of 1,000,000 contributions < 3 s and < 1 GB, one indicator's update < 5 ms).
// and of the wirearchy's credibility (100,000 members and 1,000,000 endorsements < 2 s and < 500 MB).
// Modes: `figures-quality [seeds…]` prints the synthetic proof of quality; `catd-io FILE` runs plain CATD on a CSV
// (indicator,source,value) for scripts/figures-oracle.sh; `figures-scale` runs only the 1M-contribution recomputation;
// `credibility-io FILE` serves scripts/credibility-oracle.sh; `credibility-scale` runs only the credibility benchmark.

let arguments = CommandLine.arguments.dropFirst()
if arguments.first == "figures-quality" {
    let seeds = arguments.dropFirst().compactMap { UInt64($0) }
    exit(figuresQualityMain(seeds: seeds.isEmpty ? [1, 2, 3, 4, 5] : seeds) ? 0 : 1)
}
if arguments.first == "catd-io", let path = arguments.dropFirst().first {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { print("cannot read \(path)"); exit(2) }
    var claims: [FigureClaim] = []
    for line in text.split(whereSeparator: \.isNewline) {
        let f = line.split(separator: ",")
        guard f.count == 3, let i = Int(f[0]), let k = Int(f[1]), let v = Double(f[2]) else { continue }   // skips the header
        claims.append(FigureClaim(indicator: i, source: k, value: v))
    }
    let indicators = (claims.map(\.indicator).max() ?? -1) + 1, sources = (claims.map(\.source).max() ?? -1) + 1
    let r = PlainCATD.run(claims, indicators: indicators, sources: sources)
    let seenI = Set(claims.map(\.indicator)), seenK = Set(claims.map(\.source))
    for i in 0..<indicators where seenI.contains(i) { print("t,\(i),\(r.truths[i])") }
    for k in 0..<sources where seenK.contains(k) { print("w,\(k),\(r.weights[k])") }
    exit(0)
}
if arguments.first == "figures-scale" { figuresScale(); exit(0) }
if arguments.first == "credibility-io", let path = arguments.dropFirst().first {
    // First line: node count; second: seeds; then from,to,weight per edge. Prints one score per node.
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { print("cannot read \(path)"); exit(2) }
    let lines = text.split(whereSeparator: \.isNewline)
    let n = Int(lines[0]) ?? 0
    // Seeds are "i" (weight 1) or "i:w" (weighted personalisation, as results anchor members in the app).
    var seeds: [Int: Double] = [:]
    for token in lines[1].split(separator: " ") {
        let p = token.split(separator: ":")
        if let i = Int(p[0]) { seeds[i] = p.count > 1 ? Double(p[1]) ?? 1 : 1 }
    }
    let edges = lines.dropFirst(2).compactMap { line -> Credibility.Edge? in
        let f = line.split(separator: ",")
        guard f.count == 3, let a = Int(f[0]), let b = Int(f[1]), let w = Double(f[2]) else { return nil }
        return Credibility.Edge(from: a, to: b, weight: w)
    }
    for score in Credibility.eigenTrust(nodes: n, edges: edges, seedWeights: seeds).scores { print(score) }
    exit(0)
}
if arguments.first == "credibility-scale" { credibilityScale(); exit(0) }

@MainActor func measure(_ name: String, budgetMs: Double?, runs: Int = 15, _ body: () -> Int) {
    var times: [Double] = []
    var sink = 0
    for _ in 0..<runs {
        let start = DispatchTime.now().uptimeNanoseconds
        sink &+= body()
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
    }
    times.sort()
    let median = times[times.count / 2], worst = times.last!
    let verdict = budgetMs.map { worst < $0 ? "within \(Int($0)) ms" : "OVER \(Int($0)) ms" } ?? ""
    print(String(format: "%-58@ median %8.2f ms   worst %8.2f ms   %@", name as NSString, median, worst, verdict as NSString), "(\(sink % 7))")
}

var rng = SystemRandomNumberGenerator()
let words = ["réciprocité", "gouvernance", "bien", "commun", "les", "membres", "décident", "ensemble", "par", "consentement", "chaque", "mois"]
@MainActor func line(_ i: Int) -> String { "\(i). " + (0..<8).map { _ in words.randomElement(using: &rng)! }.joined(separator: " ") }

let a = (0..<10_000).map(line)
var b = a
for i in stride(from: 50, to: 10_000, by: 100) { b[i] = line(-i) }   // 1 % of lines changed, spread out
measure("diff 10,000 lines, 1 % changed (line ops)", budgetMs: 20) { Diff.lineOperations(a, b).count }
measure("inline diff with word refinement, same texts", budgetMs: nil) { TextDiff.inline(a.joined(separator: "\n"), b.joined(separator: "\n")).count }

var c = a
for i in stride(from: 25, to: 10_000, by: 100) { c[i] = line(-i - 1) }
measure("three-way merge of 10,000 lines, two sides 1 % each", budgetMs: nil) { Merge.threeWay(base: a, ours: b, theirs: c).chunks.count }

var section = (0..<200).map(line)
var versions: [(revision: Int, text: String)] = []
for r in 1...1_000 {
    switch r % 3 {
    case 0: section[Int.random(in: 0..<section.count, using: &rng)] = line(r)
    case 1: section.insert(line(r), at: Int.random(in: 0...section.count, using: &rng))
    default: if section.count > 50 { section.remove(at: Int.random(in: 0..<section.count, using: &rng)) }
    }
    versions.append((r, section.joined(separator: "\n")))
}
measure("blame of a section with 1,000 revisions (~200 lines)", budgetMs: 100, runs: 7) { Blame.attribute(versions).count }

let markdown = (0..<2_000).map { i in i % 10 == 0 ? "## Titre \(i)" : "- \(line(i)) **fort** et *doux* [lien](https://enjeu.example/\(i))" }.joined(separator: "\n")
measure("Markdown render of a 100 KB section", budgetMs: nil) { Markdown.html(markdown).utf8.count }

let policy = DecisionPolicy(rule: .consent, quorumPercent: 30, openDays: 7)
let stances = (0..<10_000).map { _ in Stance.allCases.randomElement(using: &rng)! }
measure("tally and decide 10,000 positions", budgetMs: nil) {
    let t = DecisionEngine.tally(stances, activeMembers: 10_000, policy: policy)
    return DecisionEngine.decide(t, policy: policy, closesAt: Date(), now: Date()) == .adopted ? 1 : 0
}

figuresScale()
credibilityScale()

/// #ChiffresEnsemble: the full background recomputation and one indicator's update when a contribution arrives.
@MainActor func figuresScale() {
    var claims: [FigureClaim] = []
    claims.reserveCapacity(1_000_000)
    let truths = (0..<10_000).map { _ in pow(10, Double.random(in: 0...5, using: &rng)) }
    for _ in 0..<1_000_000 {
        let i = Int.random(in: 0..<10_000, using: &rng), k = Int.random(in: 0..<5_000, using: &rng)
        let noise = k % 50 == 0 ? 1.8 : pow(10, Double.random(in: -0.02...0.02, using: &rng))
        claims.append(FigureClaim(indicator: i, source: k, value: truths[i] * noise))
    }
    var iterations = 0
    measure("CATD-H full recomputation, 1,000,000 contributions (10k ind., 5k contrib.)", budgetMs: 3_000, runs: 3) {
        iterations = FiguresEstimator.catdH(claims, indicators: 10_000, sources: 5_000).iterations
        return iterations
    }
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    print(String(format: "  iterations %d, peak resident memory %.0f MB (budget 1,024 MB)", iterations, Double(usage.ru_maxrss) / 1024))

    // One indicator with 1,000 contributions, updated with the learned weights when a new value arrives.
    let learned = FiguresEstimator.catdH(Array(claims.prefix(100_000)), indicators: 10_000, sources: 5_000)
    let values = (0..<1_000).map { k in 1_250 * (k % 40 == 0 ? 10 : pow(10, Double.random(in: -0.02...0.02, using: &rng))) }
    let reliability = (0..<1_000).map { learned.reliability($0 % 5_000) }
    measure("one indicator's update, 1,000 contributions (estimate + outliers)", budgetMs: 5, runs: 50) {
        FiguresEstimator.estimateOne(values, reliability: reliability, scale: learned.scale).outliers.count
    }
}

/// Wirearchy groundwork: credibility for 100,000 members and 1,000,000 endorsements (budget < 2 s, < 500 MB).
@MainActor func credibilityScale() {
    var edges: [Credibility.Edge] = []
    edges.reserveCapacity(1_000_000)
    for _ in 0..<1_000_000 {
        let a = Int.random(in: 0..<100_000, using: &rng)
        // Locality and popularity: most endorsements stay near, some go to a popular few.
        let b = Bool.random(using: &rng) ? (a + Int.random(in: 1..<500, using: &rng)) % 100_000 : Int(pow(Double.random(in: 0..<1, using: &rng), 3) * 100_000)
        edges.append(Credibility.Edge(from: a, to: b))
    }
    let seeds = Array(stride(from: 0, to: 100_000, by: 1_000))
    var iterations = 0
    measure("credibility: 100,000 members, 1,000,000 endorsements", budgetMs: 2_000, runs: 3) {
        iterations = Credibility.eigenTrust(nodes: 100_000, edges: edges, seeds: seeds).iterations
        return iterations
    }
    // The process's peak memory: meaningful in `credibility-scale` mode, where nothing else ran before.
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    print(String(format: "  iterations %d, peak resident memory of this process %.0f MB (budget 500 MB; run `credibility-scale` alone to measure it)",
                 iterations, Double(usage.ru_maxrss) / 1024))
}
