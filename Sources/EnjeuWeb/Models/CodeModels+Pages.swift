import Foundation
import EnjeuCore

/// The community as the #CodeSocial pages show it, and what the viewer may do there.
package struct CodeCommunity: Sendable {
    package let slug: String
    package let name: String
    /// The head revision of the code (0 before the first adoption).
    package let head: Int
    package let canContribute: Bool
    package let canSteward: Bool
    /// Members see who wrote facts, positions, comments and the tally; readers of a published code do not.
    package let canSeeInside: Bool

    package init(slug: String, name: String, head: Int, canContribute: Bool, canSteward: Bool, canSeeInside: Bool) {
        self.slug = slug; self.name = name; self.head = head
        self.canContribute = canContribute; self.canSteward = canSteward; self.canSeeInside = canSeeInside
    }
}

/// The code at its head, with its facts, self-diagnosis and the latest open amendments.
package struct CodeDocumentPage: Sendable {
    package let community: CodeCommunity
    package let code: CodeSnapshot
    /// nil before the first adoption.
    package let head: CodeRevisionItem?
    package let facts: [CodeFactItem]
    package let diagnosis: DiagnosisCounts
    /// Contesting facts per section.
    package let contested: [SectionKey: Int]
    package let openAmendments: [AmendmentItem]

    package init(community: CodeCommunity, code: CodeSnapshot, head: CodeRevisionItem?, facts: [CodeFactItem], diagnosis: DiagnosisCounts,
                 contested: [SectionKey: Int], openAmendments: [AmendmentItem]) {
        self.community = community; self.code = code; self.head = head; self.facts = facts; self.diagnosis = diagnosis
        self.contested = contested; self.openAmendments = openAmendments
    }
}

package struct CodeHistoryPage: Sendable {
    package let community: CodeCommunity
    package let revisions: KeysetPage<CodeRevisionItem>
    package init(community: CodeCommunity, revisions: KeysetPage<CodeRevisionItem>) { self.community = community; self.revisions = revisions }
}

/// Two versions of the code compared: one revision against its parent, or any `from` → `to`.
package struct CodeDiffPage: Sendable {
    package let community: CodeCommunity
    package let from: Int
    package let to: Int
    /// Set when the page shows one revision (`/revisions/:n`), nil for `/diff`.
    package let revision: CodeRevisionItem?
    package let split: Bool
    package let before: CodeSnapshot
    package let after: CodeSnapshot

    package init(community: CodeCommunity, from: Int, to: Int, revision: CodeRevisionItem?, split: Bool, before: CodeSnapshot, after: CodeSnapshot) {
        self.community = community; self.from = from; self.to = to; self.revision = revision; self.split = split
        self.before = before; self.after = after
    }
}

package struct CodeBlamePage: Sendable {
    package let community: CodeCommunity
    package let section: SectionKey
    package let lines: [Blame.Line]
    /// The revisions that wrote a version of the section, oldest first.
    package let versions: [Int]
    package let revisions: [Int: CodeRevisionItem]

    package init(community: CodeCommunity, section: SectionKey, lines: [Blame.Line], versions: [Int], revisions: [Int: CodeRevisionItem]) {
        self.community = community; self.section = section; self.lines = lines; self.versions = versions; self.revisions = revisions
    }
}

package struct AmendmentListPage: Sendable {
    package let community: CodeCommunity
    package let amendments: KeysetPage<AmendmentItem>
    /// The filter shown, nil for all.
    package let status: AmendmentStatus?

    package init(community: CodeCommunity, amendments: KeysetPage<AmendmentItem>, status: AmendmentStatus?) {
        self.community = community; self.amendments = amendments; self.status = status
    }
}

/// The form that proposes an amendment, or revises one (`revising`).
package struct AmendmentFormPage: Sendable {
    package let community: CodeCommunity
    /// `baseRevision`, `summary`, `reason`, `section-<key>` and `focus` (the section opened first).
    package let form: FormState
    package let revising: UUID?

    package init(community: CodeCommunity, form: FormState, revising: UUID? = nil) {
        self.community = community; self.form = form; self.revising = revising
    }
}

package struct AmendmentPage: Sendable {
    package let community: CodeCommunity
    package let amendment: AmendmentItem
    package let split: Bool
    /// The code the amendment was written on, and the current code (they differ when it is in conflict).
    package let base: CodeSnapshot
    package let current: CodeSnapshot
    package let proposal: [SectionKey: String]
    /// Empty for readers who do not see inside.
    package let positions: [AmendmentPositionItem]
    package let comments: [AmendmentCommentItem]
    package let tally: Tally
    package let rule: DecisionRule
    package let viewerIsAuthor: Bool

    package init(community: CodeCommunity, amendment: AmendmentItem, split: Bool, base: CodeSnapshot, current: CodeSnapshot,
                 proposal: [SectionKey: String], positions: [AmendmentPositionItem], comments: [AmendmentCommentItem], tally: Tally,
                 rule: DecisionRule, viewerIsAuthor: Bool) {
        self.community = community; self.amendment = amendment; self.split = split; self.base = base; self.current = current
        self.proposal = proposal; self.positions = positions; self.comments = comments; self.tally = tally; self.rule = rule
        self.viewerIsAuthor = viewerIsAuthor
    }
}

/// `rule`, `quorum`, `openDays`, `published` (`on` when checked).
package struct CodeSettingsPage: Sendable {
    package let community: CodeCommunity
    package let form: FormState
    package init(community: CodeCommunity, form: FormState) { self.community = community; self.form = form }
}
