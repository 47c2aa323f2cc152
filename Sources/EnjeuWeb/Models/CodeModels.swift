import Foundation
import EnjeuCore

// The rows the #CodeSocial's queries return and the API encodes: their JSON keys are their property names.
// `author` is always the author's handle.

/// An adopted revision with its author and the keys of the sections it changed.
package struct CodeRevisionItem: Codable, Sendable {
    package let number: Int, parent: Int, summary: String, author: String, authorName: String, sections: [String]
    package let amendment: UUID?, createdAt: Date

    package init(number: Int, parent: Int, summary: String, author: String, authorName: String, sections: [String], amendment: UUID?,
                 createdAt: Date) {
        self.number = number; self.parent = parent; self.summary = summary; self.author = author; self.authorName = authorName
        self.sections = sections; self.amendment = amendment; self.createdAt = createdAt
    }
}

package struct AmendmentItem: Codable, Sendable {
    package let id: UUID, status: AmendmentStatus, summary: String, reason: String, author: String, authorName: String
    package let baseRevision: Int, textVersion: Int, closesAt: Date, resultRevision: Int?, createdAt: Date

    package init(id: UUID, status: AmendmentStatus, summary: String, reason: String, author: String, authorName: String, baseRevision: Int,
                 textVersion: Int, closesAt: Date, resultRevision: Int?, createdAt: Date) {
        self.id = id; self.status = status; self.summary = summary; self.reason = reason; self.author = author
        self.authorName = authorName; self.baseRevision = baseRevision; self.textVersion = textVersion; self.closesAt = closesAt
        self.resultRevision = resultRevision; self.createdAt = createdAt
    }
}

/// A member's position on an amendment: `textVersion`, the amendment's text it was taken on; `current`, false once the
/// member took a newer one.
package struct AmendmentPositionItem: Codable, Sendable {
    package let handle: String, displayName: String, stance: Stance, reason: String, textVersion: Int, current: Bool, createdAt: Date

    package init(handle: String, displayName: String, stance: Stance, reason: String, textVersion: Int, current: Bool, createdAt: Date) {
        self.handle = handle; self.displayName = displayName; self.stance = stance; self.reason = reason
        self.textVersion = textVersion; self.current = current; self.createdAt = createdAt
    }
}

/// A comment on an amendment; its `body` is Markdown.
package struct AmendmentCommentItem: Codable, Sendable {
    package let handle: String, displayName: String, body: String, createdAt: Date

    package init(handle: String, displayName: String, body: String, createdAt: Date) {
        self.handle = handle; self.displayName = displayName; self.body = body; self.createdAt = createdAt
    }
}

/// A fact put against a section; `observedOn` is `yyyy-MM-dd` or empty.
package struct CodeFactItem: Codable, Sendable {
    package let id: UUID, section: SectionKey, kind: FactKind, url: String, note: String, observedOn: String, stance: FactStance
    package let author: String, createdAt: Date

    package init(id: UUID, section: SectionKey, kind: FactKind, url: String, note: String, observedOn: String, stance: FactStance,
                 author: String, createdAt: Date) {
        self.id = id; self.section = section; self.kind = kind; self.url = url; self.note = note; self.observedOn = observedOn
        self.stance = stance; self.author = author; self.createdAt = createdAt
    }
}

/// A row of the evolution table: one section under one revision.
package struct SectionRevision: Hashable, Comparable, Sendable {
    package let section: SectionKey, revision: Int
    package init(section: SectionKey, revision: Int) { self.section = section; self.revision = revision }
    package static func < (a: Self, b: Self) -> Bool { (a.section.order, a.revision) < (b.section.order, b.revision) }
}

/// Self-diagnosis counts: the current ratings per section, and the ratings given under each revision (distinct people).
package struct DiagnosisCounts: Sendable {
    package let current: [SectionKey: [PracticeRating: Int]], byRevision: [SectionRevision: [PracticeRating: Int]]
    package init(current: [SectionKey: [PracticeRating: Int]], byRevision: [SectionRevision: [PracticeRating: Int]]) {
        self.current = current; self.byRevision = byRevision
    }
}
