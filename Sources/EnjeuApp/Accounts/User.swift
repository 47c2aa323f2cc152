import Fluent
import Vapor

final class User: Model, @unchecked Sendable {
    static let schema = "users"

    @ID(key: .id) var id: UUID?
    /// Immutable once chosen: memberships copy it for sorting and mentions point at it.
    @Field(key: "handle") var handle: String
    @Field(key: "display_name") var displayName: String
    @Field(key: "email") var email: String
    @Field(key: "password_hash") var passwordHash: String
    @Field(key: "bio") var bio: String
    @Field(key: "values_held") var valuesHeld: String
    @Field(key: "skills") var skills: String
    @Field(key: "lang") var lang: String
    @Field(key: "created_at") var createdAt: Date
    /// When the owner followed the link e-mailed to `email`; nil while unverified (the account works all the same).
    @OptionalField(key: "email_verified_at") var emailVerifiedAt: Date?
    /// When its owner deleted it (`AccountDeletion`): the row stays, erased, so the handle stays reserved; also set on the
    /// « membre parti·e #n » accounts that hold a departed person's collective records.
    @OptionalField(key: "deleted_at") var deletedAt: Date?

    init() {}

    init(id: UUID, handle: String, displayName: String, email: String, passwordHash: String, lang: String, createdAt: Date) {
        self.id = id
        self.handle = handle
        self.displayName = displayName
        self.email = email
        self.passwordHash = passwordHash
        self.bio = ""
        self.valuesHeld = ""
        self.skills = ""
        self.lang = lang
        self.createdAt = createdAt
    }
}
