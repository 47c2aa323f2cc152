import Fluent
import SQLKit
import Vapor
import EnjeuCore

/// `--reports N` (Benchmarks/moderation.sh): N open reports in the weavers' community, each of a different post by a
/// synthetic weaver, filed by another synthetic weaver (reason spam, one reporter each: under the threshold, so nothing
/// is hidden), spread over the last N minutes. The review queue then has N open cases, as a community under a wave of
/// reports would.
extension DemoCommand {
    static func seedReports(_ s: DemoScale, _ bulk: DemoBulk, count wanted: Int) async throws {
        let posts = weaverPosts(s), authors = s.weaverCount
        let n = min(wanted, posts)
        guard n >= 1, authors >= 2 else { throw DemoWorld.Problem("--reports needs the weavers' synthetic posts (--people 2 at least)") }
        let spacing = 300.0 * 86_400 / Double(posts)
        let first = s.now.addingTimeInterval(-300 * 86_400)
        let cases = ["id", "community_id", "kind", "item_id", "author_id", "status", "reporters", "opened_at"]
        let reports = ["id", "case_id", "community_id", "reporter_id", "reason", "text", "status", "created_at"]
        try await bulk.load(n, into: [("moderation_cases", cases), ("reports", reports)]) { range in
            var caseRows: [DemoBulk.Values] = [], reportRows: [DemoBulk.Values] = []
            for k in range {
                // The k-th reported post, spread over the feed, with its author as the feed's load made it.
                let i = Int((Int64(k) * Int64(posts)) / Int64(n))
                var rng = DemoRandom(DemoScale.Seed.posts, i)
                let author = rng.below(authors)
                let post = DemoIDs.id(DemoScale.Seed.posts, i, at: first.addingTimeInterval(Double(i) * spacing))
                let reporter = (author + 1 + k % (authors - 1)) % authors
                let at = s.now.addingTimeInterval(-Double(n - k) * 60)
                let caseID = DemoIDs.id(ReportSeed.reportCases, k, at: at)
                caseRows.append([caseID, s.weavers, ReportKind.post.rawValue, post, s.userIDs[author], "open", 1, at])
                reportRows.append([DemoIDs.id(ReportSeed.reports, k, at: at), caseID, s.weavers, s.userIDs[reporter], ReportReason.spam.rawValue,
                                   "Message répété", ReportStatus.open.rawValue, at])
            }
            return [caseRows, reportRows]
        }
    }

    enum ReportSeed {
        static let reportCases: UInt64 = 0x5EED_0030, reports: UInt64 = 0x5EED_0031
    }
}
