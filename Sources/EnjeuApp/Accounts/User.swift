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

struct M001CreateUsers: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(User.schema)
            .id()
            .field("handle", .string, .required)
            .field("display_name", .string, .required)
            .field("email", .string, .required)
            .field("password_hash", .string, .required)
            .field("bio", .string, .required)
            .field("values_held", .string, .required)
            .field("skills", .string, .required)
            .field("lang", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "handle")
            .unique(on: "email")
            .create()
    }

    func revert(on db: any Database) async throws { try await db.schema(User.schema).delete() }
}
