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
    /// The journal the reader may read, as CSV (streamed).
    package static let journalCSV = Endpoint<String>(.GET, "/communities/:slug/journal.csv", gate: .community(.seeInside),
                                                     name: "moderation.journal.csv")
}
