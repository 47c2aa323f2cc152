import Foundation
import EnjeuCore

/// One report of an item, as moderators read it in the queue.
package struct ModerationReport: Codable, Sendable {
    package let id: UUID, reason: ReportReason, text: String, reporter: String, createdAt: Date
    package init(id: UUID, reason: ReportReason, text: String, reporter: String, createdAt: Date) {
        self.id = id; self.reason = reason; self.text = text; self.reporter = reporter; self.createdAt = createdAt
    }
}

/// The reported item as it stands: its words, author, where to read it, whether it is hidden and why.
package struct ModerationItem: Codable, Sendable {
    package let text: String, author: String?, createdAt: Date?, link: String?, hidden: Bool, hiddenReason: String?
    package init(text: String, author: String?, createdAt: Date?, link: String?, hidden: Bool, hiddenReason: String?) {
        self.text = text; self.author = author; self.createdAt = createdAt; self.link = link; self.hidden = hidden; self.hiddenReason = hiddenReason
    }
}

/// One reported item of the review queue. `id`: its oldest report, which a decision names.
package struct ModerationCase: Codable, Sendable {
    package let id: UUID, kind: ReportKind, itemId: UUID, item: ModerationItem?, reporters: Int, openedAt: Date, reviewAsked: Bool
    package let reports: [ModerationReport]
    package init(id: UUID, kind: ReportKind, itemId: UUID, item: ModerationItem?, reporters: Int, openedAt: Date, reviewAsked: Bool,
                 reports: [ModerationReport]) {
        self.id = id; self.kind = kind; self.itemId = itemId; self.item = item; self.reporters = reporters; self.openedAt = openedAt
        self.reviewAsked = reviewAsked; self.reports = reports
    }
}

/// One entry of a community's journal; `text` is the action in words, in the reader's language; `community`, the
/// community's slug in the instance's journal only.
package struct JournalEntry: Codable, Sendable {
    package let id: UUID, at: Date, action: String, text: String, actor: String?, detail: String, reason: String?, `public`: Bool
    package let community: String?
    package init(id: UUID, at: Date, action: String, text: String, actor: String?, detail: String, reason: String?, public: Bool,
                 community: String?) {
        self.id = id; self.at = at; self.action = action; self.text = text; self.actor = actor; self.detail = detail
        self.reason = reason; self.public = `public`; self.community = community
    }
}

/// `/communities/<slug>/reports`: the review queue.
package struct ReportQueuePage: Sendable {
    package let community: ViewedCommunity, page: KeysetPage<ModerationCase>
    /// Distinct reporters that hide an item until reviewed (the community's setting).
    package let threshold: Int
    package init(community: ViewedCommunity, page: KeysetPage<ModerationCase>, threshold: Int) {
        self.community = community; self.page = page; self.threshold = threshold
    }
}

/// `/communities/<slug>/journal`.
package struct JournalPage: Sendable {
    package let community: ViewedCommunity, page: KeysetPage<JournalEntry>
    package init(community: ViewedCommunity, page: KeysetPage<JournalEntry>) { self.community = community; self.page = page }
}
