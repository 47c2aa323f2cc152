import Fluent
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

final class Community: Model, @unchecked Sendable {
    static let schema = "communities"

    @ID(key: .id) var id: UUID?
    @Field(key: "slug") var slug: String
    @Field(key: "name") var name: String
    /// Name folded for accent-insensitive search and stable alphabetical keyset paging.
    @Field(key: "name_folded") var nameFolded: String
    @Field(key: "search_folded") var searchFolded: String
    @Field(key: "purpose") var purpose: String
    @Field(key: "perimeter") var perimeter: String
    @Field(key: "rhythm") var rhythm: String
    @Field(key: "stage") var stage: LifeStage
    @Field(key: "visibility") var visibility: Visibility
    @Field(key: "charter_version") var charterVersion: Int
    /// Active members, kept in the same transaction as every membership change (no COUNT per page).
    @Field(key: "member_count") var memberCount: Int
    /// Optimistic concurrency: a settings form carries it, a stale one is refused with 409.
    @Field(key: "version") var version: Int
    @Field(key: "created_at") var createdAt: Date
    /// #CodeSocial: the number of the latest revision (0: nothing adopted yet) and the decision settings.
    @Field(key: "code_revision") var codeRevision: Int
    @Field(key: "code_rule") var codeRule: DecisionRule
    @Field(key: "code_quorum") var codeQuorum: Int
    @Field(key: "code_open_days") var codeOpenDays: Int
    /// A published code is readable by anyone, even in a members-only community.
    @Field(key: "code_published") var codePublished: Bool
    /// A programme's open-data licence (M036), as plain reads (`columns`, the gate) fill it; not a Fluent field, so
    /// the model's own queries and creations never name it.
    var licence: String?

    init() {}

    /// A new community: charter version 1, its founder as the only member, an empty #CodeSocial decided by consent.
    convenience init(id: UUID, _ p: ValidCommunity, createdAt: Date) {
        self.init()
        self.id = id
        slug = p.slug
        apply(p)
        charterVersion = 1
        memberCount = 1
        version = 1
        self.createdAt = createdAt
        codeRevision = 0
        let policy = DecisionPolicy()
        codeRule = policy.rule
        codeQuorum = policy.quorumPercent
        codeOpenDays = policy.openDays
        codePublished = false
    }

    /// The columns of a community as plain SQL reads them (see App/Reads.swift).
    struct Row: Decodable {
        let id: UUID, slug: String, name: String, nameFolded: String, searchFolded: String, purpose: String, perimeter: String
        let rhythm: String, stage: LifeStage, visibility: Visibility, charterVersion: Int, memberCount: Int, version: Int
        let createdAt: Date, codeRevision: Int, codeRule: DecisionRule, codeQuorum: Int, codeOpenDays: Int, codePublished: Bool
        let licence: String?

        enum CodingKeys: String, CodingKey {
            case id, slug, name, purpose, perimeter, rhythm, stage, visibility, version, licence
            case nameFolded = "name_folded", searchFolded = "search_folded", charterVersion = "charter_version", memberCount = "member_count"
            case createdAt = "created_at", codeRevision = "code_revision", codeRule = "code_rule", codeQuorum = "code_quorum"
            case codeOpenDays = "code_open_days", codePublished = "code_published"
        }
    }

    static let columns: SQLQueryString = """
        c.id, c.slug, c.name, c.name_folded, c.search_folded, c.purpose, c.perimeter, c.rhythm, c.stage, c.visibility, c.charter_version,
        c.member_count, c.version, c.created_at, c.code_revision, c.code_rule, c.code_quorum, c.code_open_days, c.code_published,
        c.licence
        """

    /// A model filled from a plain read, marked as existing.
    convenience init(row r: Row) {
        self.init()
        id = r.id
        $id.exists = true
        slug = r.slug; name = r.name; nameFolded = r.nameFolded; searchFolded = r.searchFolded; purpose = r.purpose
        perimeter = r.perimeter; rhythm = r.rhythm; stage = r.stage; visibility = r.visibility; charterVersion = r.charterVersion
        memberCount = r.memberCount; version = r.version; createdAt = r.createdAt; codeRevision = r.codeRevision
        codeRule = r.codeRule; codeQuorum = r.codeQuorum; codeOpenDays = r.codeOpenDays; codePublished = r.codePublished
        licence = r.licence
    }

    var decisionPolicy: DecisionPolicy { DecisionPolicy(rule: codeRule, quorumPercent: codeQuorum, openDays: codeOpenDays) }

    func apply(_ p: ValidCommunity) {
        name = p.name
        nameFolded = Folding.fold(p.name)
        searchFolded = Folding.fold([p.name, p.purpose, p.perimeter].joined(separator: " "))
        purpose = p.purpose
        perimeter = p.perimeter
        rhythm = p.rhythm
        stage = p.stage
        visibility = p.visibility
    }
}

/// One version of a community's reciprocity charter; versions are never edited.
final class Charter: Model, @unchecked Sendable {
    static let schema = "charters"

    @ID(key: .id) var id: UUID?
    @Parent(key: "community_id") var community: Community
    @Field(key: "version") var version: Int
    @Field(key: "text") var text: String
    @Parent(key: "author_id") var author: User
    @Field(key: "created_at") var createdAt: Date
    /// The give-to-get rules (`CreditRules` as JSON) and whether stewards read free, as this version carries them
    /// (M043dCharterRules; nil: a version older than that record).
    @OptionalField(key: "rules") var rules: String?
    @OptionalField(key: "stewards_read_free") var stewardsReadFree: Bool?

    init() {}
    init(id: UUID, communityID: UUID, version: Int, text: String, authorID: UUID, createdAt: Date) {
        self.id = id
        self.$community.id = communityID
        self.version = version
        self.text = text
        self.$author.id = authorID
        self.createdAt = createdAt
    }

    /// Moves the community to the version after `base` if no other version was adopted since (false otherwise): the
    /// condition makes two changes at once write one version each, never the same one twice. The caller then `write`s it.
    static func claimNext(_ db: any Database, community: UUID, after base: Int) async throws -> Bool {
        try await sql(db).raw("""
            UPDATE communities SET charter_version = \(bind: base + 1), version = version + 1
            WHERE id = \(bind: community) AND charter_version = \(bind: base) RETURNING id
            """).first() != nil
    }

    /// A new version, carrying the rules and the stewards' free reading in force (`figure_settings`, read in the
    /// transaction that writes it): what members accept is what applies.
    static func write(_ db: any Database, id: UUID, community: UUID, version: Int, text: String, author: UUID, at now: Date) async throws {
        let c = Charter(id: id, communityID: community, version: version, text: text, authorID: author, createdAt: now)
        let s = try await FiguresQueries.settings(db, community)
        c.rules = String(decoding: try JSONEncoder().encode(s.rules), as: UTF8.self)
        c.stewardsReadFree = s.stewardsReadFree
        try await c.create(on: db)
    }
}

final class Membership: Model, @unchecked Sendable {
    static let schema = "memberships"

    @ID(key: .id) var id: UUID?
    @Parent(key: "community_id") var community: Community
    @Parent(key: "user_id") var user: User
    /// Copied from the user (handles never change) so member lists sort and page on one index.
    @Field(key: "handle") var handle: String
    @Field(key: "role") var role: Role
    @Field(key: "status") var status: MembershipStatus
    @OptionalField(key: "accepted_charter_version") var acceptedCharterVersion: Int?
    @Field(key: "joined_at") var joinedAt: Date
    /// In a programme: the joined community this membership came through (its member accepted the programme's charter);
    /// nil for one's own (M035).
    @OptionalField(key: "via_community_id") var viaCommunityID: UUID?

    init() {}
    init(id: UUID, communityID: UUID, userID: UUID, handle: String, role: Role, status: MembershipStatus, joinedAt: Date) {
        self.id = id
        self.$community.id = communityID
        self.$user.id = userID
        self.handle = handle
        self.role = role
        self.status = status
        self.joinedAt = joinedAt
    }
}

/// Proof that a person accepted a given charter version, and when.
final class CharterAcceptance: Model, @unchecked Sendable {
    static let schema = "charter_acceptances"

    @ID(key: .id) var id: UUID?
    @Parent(key: "community_id") var community: Community
    @Parent(key: "user_id") var user: User
    @Field(key: "version") var version: Int
    @Field(key: "accepted_at") var acceptedAt: Date

    init() {}
    init(id: UUID, communityID: UUID, userID: UUID, version: Int, acceptedAt: Date) {
        self.id = id
        self.$community.id = communityID
        self.$user.id = userID
        self.version = version
        self.acceptedAt = acceptedAt
    }
}

final class JoinRequest: Model, @unchecked Sendable {
    static let schema = "join_requests"

    @ID(key: .id) var id: UUID?
    @Parent(key: "community_id") var community: Community
    @Parent(key: "user_id") var user: User
    @Field(key: "message") var message: String
    @Field(key: "status") var status: JoinRequestStatus
    @OptionalField(key: "reason") var reason: String?
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "decided_at") var decidedAt: Date?
    @OptionalParent(key: "decided_by") var decidedBy: User?
    /// Set when the request is an organisation's; `user` is then the representative who asked in its name.
    @OptionalField(key: "organisation_id") var organisationID: UUID?

    init() {}
    init(id: UUID, communityID: UUID, userID: UUID, message: String, createdAt: Date, organisationID: UUID? = nil) {
        self.id = id
        self.organisationID = organisationID
        self.$community.id = communityID
        self.$user.id = userID
        self.message = message
        self.status = .pending
        self.createdAt = createdAt
    }
}

/// Who did what, when: appended in the same transaction as the change it records; the community's journal reads it
/// (Moderation/Journal.swift). `reason`: why, in the actor's words; `public`: readable by anyone on a public community
/// (`JournalAction.isPublic`), else by its members only.
final class AuditEvent: Model, @unchecked Sendable {
    static let schema = "audit_events"

    @ID(key: .id) var id: UUID?
    @OptionalField(key: "community_id") var communityID: UUID?
    @OptionalField(key: "actor_id") var actorID: UUID?
    @Field(key: "action") var action: String
    @Field(key: "detail") var detail: String
    @Field(key: "at") var at: Date
    @OptionalField(key: "reason") var reason: String?
    @Field(key: "public") var isPublic: Bool

    init() {}
    init(id: UUID, communityID: UUID?, actorID: UUID?, action: String, detail: String, at: Date, reason: String? = nil,
         isPublic: Bool? = nil) {
        self.id = id
        self.communityID = communityID
        self.actorID = actorID
        self.action = action
        self.detail = detail
        self.at = at
        self.reason = reason
        self.isPublic = isPublic ?? JournalAction.isPublic(action)
    }

    /// The one way to append to the journal, inside the write transaction of what it records: the acting person is the
    /// context's viewer unless `actor` says otherwise (nil for the instance or a rule, such as a threshold of reports).
    static func record(_ db: any Database, _ ctx: ServiceContext, community: UUID?, _ action: String, _ detail: String,
                       reason: String? = nil, actor: UUID?? = .none) async throws {
        let who: UUID? = switch actor { case .none: ctx.viewer?.id; case let .some(a): a }
        try await AuditEvent(id: ctx.newID(), communityID: community, actorID: who, action: action, detail: detail, at: ctx.now,
                             reason: reason).create(on: db)
    }
}
