import Foundation
import EnjeuCore

/// The community as the #CodeSocial pages show it: the place every feature page has (`c.slug`, `c.canSteward`…),
/// the code's head revision (0 before the first adoption), and whether the viewer sees inside (members see who wrote
/// facts, positions, comments and the tally; readers of a published code do not).
@dynamicMemberLookup
package struct CodeCommunity: Sendable {
    package let place: CommunityPlace, head: Int, canSeeInside: Bool
    /// The viewer holds apply-decisions (stewards, or a role or credibility that gives it).
    package var canApplyDecisions = false
    /// The viewer holds publish-code (stewards, or a role that gives it).
    package var canPublishCode = false

    package init(place: CommunityPlace, head: Int, canSeeInside: Bool, canApplyDecisions: Bool = false, canPublishCode: Bool = false) {
        self.place = place; self.head = head; self.canSeeInside = canSeeInside; self.canApplyDecisions = canApplyDecisions
        self.canPublishCode = canPublishCode
    }

    package subscript<T>(dynamicMember path: KeyPath<CommunityPlace, T>) -> T { place[keyPath: path] }
}

/// The code at its head (`head` nil before the first adoption), with its facts, self-diagnosis, contesting facts per
/// section and the latest open amendments.
package struct CodeDocumentPage: Sendable {
    package let community: CodeCommunity, code: CodeSnapshot, head: CodeRevisionItem?, facts: [CodeFactItem], diagnosis: DiagnosisCounts
    package let contested: [SectionKey: Int], openAmendments: [AmendmentItem]
    /// The sections already rendered (kept with the revision, which never changes); a missing one is rendered by the view.
    package let rendered: [SectionKey: RenderedMarkdown]

    package init(community: CodeCommunity, code: CodeSnapshot, head: CodeRevisionItem?, facts: [CodeFactItem], diagnosis: DiagnosisCounts,
                 contested: [SectionKey: Int], openAmendments: [AmendmentItem], rendered: [SectionKey: RenderedMarkdown] = [:]) {
        self.community = community; self.code = code; self.head = head; self.facts = facts; self.diagnosis = diagnosis
        self.contested = contested; self.openAmendments = openAmendments; self.rendered = rendered
    }
}

package struct CodeHistoryPage: Sendable {
    package let community: CodeCommunity, revisions: KeysetPage<CodeRevisionItem>
    package init(community: CodeCommunity, revisions: KeysetPage<CodeRevisionItem>) { self.community = community; self.revisions = revisions }
}

/// Two versions of the code compared: one revision against its parent (`revision`, for `/revisions/:n`), or any
/// `from` → `to` (`revision` nil, for `/diff`).
package struct CodeDiffPage: Sendable {
    package let community: CodeCommunity, from: Int, to: Int, revision: CodeRevisionItem?, split: Bool, before: CodeSnapshot, after: CodeSnapshot

    package init(community: CodeCommunity, from: Int, to: Int, revision: CodeRevisionItem?, split: Bool, before: CodeSnapshot, after: CodeSnapshot) {
        self.community = community; self.from = from; self.to = to; self.revision = revision; self.split = split
        self.before = before; self.after = after
    }
}

/// A section's lines by the revision that wrote them; `versions`, the revisions that wrote a version of it, oldest first.
package struct CodeBlamePage: Sendable {
    package let community: CodeCommunity, section: SectionKey, lines: [Blame.Line], versions: [Int], revisions: [Int: CodeRevisionItem]

    package init(community: CodeCommunity, section: SectionKey, lines: [Blame.Line], versions: [Int], revisions: [Int: CodeRevisionItem]) {
        self.community = community; self.section = section; self.lines = lines; self.versions = versions; self.revisions = revisions
    }
}

/// The amendments, of the `status` shown (nil for all).
package struct AmendmentListPage: Sendable {
    package let community: CodeCommunity, amendments: KeysetPage<AmendmentItem>, status: AmendmentStatus?

    package init(community: CodeCommunity, amendments: KeysetPage<AmendmentItem>, status: AmendmentStatus?) {
        self.community = community; self.amendments = amendments; self.status = status
    }
}

/// The form that proposes an amendment, or revises one (`revising`). Its values: `baseRevision`, `summary`, `reason`,
/// `section-<key>` and `focus` (the section opened first).
package struct AmendmentFormPage: Sendable {
    package let community: CodeCommunity, form: FormState, revising: UUID?

    package init(community: CodeCommunity, form: FormState, revising: UUID? = nil) {
        self.community = community; self.form = form; self.revising = revising
    }
}

/// An amendment with the code it was written on (`base`) and the current code (they differ when it is in conflict);
/// `positions` and `comments` are empty for readers who do not see inside.
package struct AmendmentPage: Sendable {
    package let community: CodeCommunity, amendment: AmendmentItem, split: Bool, base: CodeSnapshot, current: CodeSnapshot
    package let proposal: [SectionKey: String], positions: [AmendmentPositionItem], comments: [AmendmentCommentItem], tally: Tally
    package let rule: DecisionRule, viewerIsAuthor: Bool

    package init(community: CodeCommunity, amendment: AmendmentItem, split: Bool, base: CodeSnapshot, current: CodeSnapshot,
                 proposal: [SectionKey: String], positions: [AmendmentPositionItem], comments: [AmendmentCommentItem], tally: Tally,
                 rule: DecisionRule, viewerIsAuthor: Bool) {
        self.community = community; self.amendment = amendment; self.split = split; self.base = base; self.current = current
        self.proposal = proposal; self.positions = positions; self.comments = comments; self.tally = tally; self.rule = rule
        self.viewerIsAuthor = viewerIsAuthor
    }
}

/// `rule`, `quorum`, `openDays`, `published` (`on` when checked).
/// Whether the code is published, as its publication form shows it.
package struct CodePublicationPage: Sendable {
    package let community: CodeCommunity, published: Bool
    package init(community: CodeCommunity, published: Bool) { self.community = community; self.published = published }
}

package struct CodeSettingsPage: Sendable {
    package let community: CodeCommunity, form: FormState
    package init(community: CodeCommunity, form: FormState) { self.community = community; self.form = form }
}
