import Foundation
import EnjeuCore
import EnjeuWeb

/// Reports, the review queue, suspensions and the community's journal (issue 20), declared once.
enum ModerationAPIEndpoints {
    typealias Op = APIOperation
    typealias API = ModerationAPI

    static let report = Op< >(.POST, "/api/v1/reports", gate: .signedIn, name: "api.report",
                              "Report a post, comment, offer, profile, indicator contribution or amendment comment (`kind`, its `id`; a profile by its person's id, within the community named by `community` or the first the reporter and the person share) with a `reason` (spam, abuse, personal-data, off-topic, other: `text` then required): 201; 404 for an item the reporter cannot see, 422 for one's own, 409 for a second report of the same item. Reaching the community's threshold of distinct reporters hides the item until reviewed",
                              body: .json(API.ReportIn.self, "Report"), .created(ModerationService.Filed.self, "ReportFiled"))
    static let review = Op< >(.POST, "/api/v1/reports/review", gate: .signedIn, name: "api.report.review",
                              "The author of a hidden item asks the moderators to review it, once (`kind`, `id`, optional `text`): 200; 409 when it is not hidden or was reviewed on request already",
                              body: .json(API.ReviewIn.self, "ReviewRequest"), .ok(API.StatusOut.self, "ModerationStatus"))
    static let queue = Op<String>(.GET, "/api/v1/communities/:slug/reports", gate: .community(.moderate), name: "api.community.reports",
                                  "The review queue (moderators): open reports grouped by item, oldest first, each with the item in context; `id` is what `resolve` takes",
                                  query: [.after], .ok(.page(ModerationCase.self, "ReportedItem", pageName: "ReportQueuePage")))
    static let resolve = Op<UUID>(.POST, "/api/v1/reports/:id/resolve", gate: .signedIn, name: "api.report.resolve",
                                  "Decide on a reported item (moderators of its community): `dismiss` (the item stays or becomes visible), `hide` (with `note`, the reason its author reads) or `restore`; every open report of the item is answered at once; 409 when another moderator decided first",
                                  body: .json(API.ResolveIn.self, "Resolution"), .ok(ModerationService.Resolved.self, "ReportResolved"))
    static let threshold = Op<String>(.PUT, "/api/v1/communities/:slug/report-threshold", gate: .community(.moderate),
                                      name: "api.community.report-threshold",
                                      "How many distinct reporters hide an item until reviewed (1 to 50, default 3; moderators)",
                                      body: .json(API.ThresholdIO.self, "ReportThreshold"), .ok(API.ThresholdIO.self, "ReportThreshold"))
    static let suspend = Op<String, String>(.POST, "/api/v1/communities/:slug/members/:handle/suspend", gate: .community(.moderate),
                                            name: "api.community.member.suspend",
                                            "Suspend a member (moderators) until `until` (ISO 8601; absent: indefinitely) with a `reason` they read: they keep reading and write nothing",
                                            body: .json(API.SuspendIn.self, "Suspension"), .ok(API.StatusOut.self, "ModerationStatus"))
    static let unsuspend = Op<String, String>(.POST, "/api/v1/communities/:slug/members/:handle/unsuspend", gate: .community(.moderate),
                                              name: "api.community.member.unsuspend", "Lift a member's suspension (moderators)",
                                              .ok(API.StatusOut.self, "ModerationStatus"))
    static let journal = Op<String>(.GET, "/api/v1/communities/:slug/journal", gate: .community(.seeInside), name: "api.community.journal",
                                    "The community's journal, newest first: who did what with authority, when and why; members read every entry, anyone else on a public community the public ones",
                                    query: [.after], .ok(.page(JournalQueries.Entry.self, "JournalEntry", pageName: "JournalPage")))
    static let instanceJournal = Op< >(.GET, "/api/v1/admin/journal", gate: .signedIn, name: "api.admin.journal",
                                       "Every community's journal and the instance's own entries, newest first (the instance's operators, `ENJEU_ADMINS`; 404 to anyone else)",
                                       query: [.after], .ok(.page(JournalQueries.Entry.self, "JournalEntry", pageName: "JournalPage")))

    static let all: [APIDoc] = [report.doc, review.doc, queue.doc, resolve.doc, threshold.doc, suspend.doc, unsuspend.doc, journal.doc,
                                instanceJournal.doc]
}
