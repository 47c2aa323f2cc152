import Foundation
import EnjeuCore

/// The page routes of moderation and the community's journal, declared once.
package enum ModerationEndpoints {
    /// The review queue (moderators); `?after=` pages it.
    package static let reports = Endpoint<String>(.GET, "/communities/:slug/reports", gate: .community(.moderate), name: "moderation.reports")
    /// A decision from the queue: `action` (dismiss, hide, restore) and `note`; `:id` is a report of the item.
    package static let resolve = Endpoint<String, UUID>(.POST, "/communities/:slug/reports/:id/resolve", gate: .community(.moderate),
                                                        name: "moderation.resolve")
    /// The community's journal; `?after=` pages it.
    package static let journal = Endpoint<String>(.GET, "/communities/:slug/journal", gate: .community(.seeInside), name: "moderation.journal")
    /// A member reports an item from its page (`kind`, `id`, `reason`, `text`; `back`, the page to return to).
    package static let report = Endpoint< >(.POST, "/reports", gate: .signedIn, name: "moderation.report")
    /// The author of a hidden item asks for a review, once (`kind`, `id`, `text`, `back`).
    package static let review = Endpoint< >(.POST, "/reports/review", gate: .signedIn, name: "moderation.review")
    /// How many distinct reporters hide an item until reviewed (`threshold`).
    package static let threshold = Endpoint<String>(.POST, "/communities/:slug/report-threshold", gate: .community(.moderate),
                                                    name: "moderation.threshold")
    /// A moderator suspends a member (`reason`, `until` a date or empty) or lifts the suspension, from the members page.
    package static let suspend = Endpoint<String, String>(.POST, "/communities/:slug/members/:handle/suspend", gate: .community(.moderate),
                                                          name: "moderation.suspend")
    package static let unsuspend = Endpoint<String, String>(.POST, "/communities/:slug/members/:handle/unsuspend",
                                                            gate: .community(.moderate), name: "moderation.unsuspend")
    /// The journal the reader may read, as CSV (streamed).
    package static let journalCSV = Endpoint<String>(.GET, "/communities/:slug/journal.csv", gate: .community(.seeInside),
                                                     name: "moderation.journal.csv")
}
