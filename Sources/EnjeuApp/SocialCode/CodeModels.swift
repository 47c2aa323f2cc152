import Fluent
import Vapor
import EnjeuCore
import EnjeuWeb

/// An adopted, immutable revision of a community's social code.
final class CodeRevision: Model, @unchecked Sendable {
    static let schema = "code_revisions"

    @ID(key: .id) var id: UUID?
    @Field(key: "community_id") var communityID: UUID
    @Field(key: "number") var number: Int
    @Field(key: "parent") var parent: Int
    @Field(key: "summary") var summary: String
    @Parent(key: "author_id") var author: User
    @OptionalField(key: "amendment_id") var amendmentID: UUID?
    /// Sections this revision changed, comma-separated keys (for history lists without loading bodies).
    @Field(key: "sections") var sections: String
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

/// A section's body as a revision left it; only changed sections get a row (blame reads exactly these).
final class CodeSectionVersion: Model, @unchecked Sendable {
    static let schema = "code_section_versions"

    @ID(key: .id) var id: UUID?
    @Field(key: "community_id") var communityID: UUID
    @Field(key: "section") var section: SectionKey
    @Field(key: "revision") var revision: Int
    @Field(key: "body") var body: String

    init() {}
    init(id: UUID, communityID: UUID, section: SectionKey, revision: Int, body: String) {
        self.id = id
        self.communityID = communityID
        self.section = section
        self.revision = revision
        self.body = body
    }
}


final class Amendment: Model, @unchecked Sendable {
    static let schema = "amendments"

    @ID(key: .id) var id: UUID?
    @Field(key: "community_id") var communityID: UUID
    @Parent(key: "author_id") var author: User
    @Field(key: "base_revision") var baseRevision: Int
    @Field(key: "summary") var summary: String
    @Field(key: "reason") var reason: String
    @Field(key: "status") var status: AmendmentStatus
    /// Incremented each time the author revises the text; positions remember the version they saw.
    @Field(key: "text_version") var textVersion: Int
    @Field(key: "closes_at") var closesAt: Date
    @OptionalField(key: "decided_at") var decidedAt: Date?
    @OptionalField(key: "result_revision") var resultRevision: Int?
    @Field(key: "created_at") var createdAt: Date
    /// What the proposal changes once adopted (M040a): `code` for an amendment, else a governance proposal whose
    /// `payload` (JSON) says what (Governance/ProposalEffects.swift).
    @Field(key: "kind") var kind: GovernanceKind
    @Field(key: "payload") var payload: String
    /// Who applied the decision (nil: the closing job), and on what authority (`DecisionAuthority`).
    @OptionalField(key: "decided_by") var decidedBy: UUID?
    @Field(key: "authority") var authority: String

    init() {}
}

/// The proposed body of one section, for one text version of an amendment.
final class AmendmentChange: Model, @unchecked Sendable {
    static let schema = "amendment_changes"

    @ID(key: .id) var id: UUID?
    @Field(key: "amendment_id") var amendmentID: UUID
    @Field(key: "community_id") var communityID: UUID
    @Field(key: "section") var section: SectionKey
    @Field(key: "body") var body: String
    @Field(key: "text_version") var textVersion: Int

    init() {}
    init(id: UUID, amendmentID: UUID, communityID: UUID, section: SectionKey, body: String, textVersion: Int) {
        self.id = id
        self.amendmentID = amendmentID
        self.communityID = communityID
        self.section = section
        self.body = body
        self.textVersion = textVersion
    }
}

/// A member's position on an amendment. A new position supersedes the member's previous one (kept, `current = false`).
final class AmendmentPosition: Model, @unchecked Sendable {
    static let schema = "amendment_positions"

    @ID(key: .id) var id: UUID?
    @Field(key: "amendment_id") var amendmentID: UUID
    @Field(key: "community_id") var communityID: UUID
    @Parent(key: "user_id") var user: User
    @Field(key: "stance") var stance: Stance
    @Field(key: "reason") var reason: String
    @Field(key: "text_version") var textVersion: Int
    @Field(key: "current") var current: Bool
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

final class AmendmentComment: Model, @unchecked Sendable {
    static let schema = "amendment_comments"

    @ID(key: .id) var id: UUID?
    @Field(key: "amendment_id") var amendmentID: UUID
    @Field(key: "community_id") var communityID: UUID
    @Parent(key: "author_id") var author: User
    @Field(key: "body") var body: String
    @Field(key: "created_at") var createdAt: Date
    /// Hidden by the moderators or by reports (M041a): shown to its author only.
    @OptionalField(key: "hidden_at") var hiddenAt: Date?

    init() {}
}


/// A fact attached to a section: it supports or contests what the section says.
final class CodeFact: Model, @unchecked Sendable {
    static let schema = "code_facts"

    @ID(key: .id) var id: UUID?
    @Field(key: "community_id") var communityID: UUID
    @Field(key: "section") var section: SectionKey
    @Field(key: "kind") var kind: FactKind
    @Field(key: "url") var url: String
    @Field(key: "note") var note: String
    @Field(key: "observed_on") var observedOn: String
    @Field(key: "stance") var stance: FactStance
    @Parent(key: "author_id") var author: User
    @Field(key: "created_at") var createdAt: Date

    init() {}
}


/// Self-diagnosis: is a section's principle lived in practice? One current rating per member and section.
final class CodeDiagnosis: Model, @unchecked Sendable {
    static let schema = "code_diagnoses"

    @ID(key: .id) var id: UUID?
    @Field(key: "community_id") var communityID: UUID
    @Field(key: "section") var section: SectionKey
    @Parent(key: "user_id") var user: User
    @Field(key: "rating") var rating: PracticeRating
    @Field(key: "comment") var comment: String
    @Field(key: "revision") var revision: Int
    @Field(key: "current") var current: Bool
    @Field(key: "created_at") var createdAt: Date

    init() {}
}
