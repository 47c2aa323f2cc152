import Fluent
import SQLKit

struct M010AddCodeSettings: AsyncMigration {
    // SQLite adds one column per ALTER TABLE, so one update per field.
    func prepare(on db: any Database) async throws {
        try await db.schema(Community.schema).field("code_revision", .int, .required, .sql(.default(0))).update()
        try await db.schema(Community.schema).field("code_rule", .string, .required, .sql(.default("consent"))).update()
        try await db.schema(Community.schema).field("code_quorum", .int, .required, .sql(.default(30))).update()
        try await db.schema(Community.schema).field("code_open_days", .int, .required, .sql(.default(7))).update()
        try await db.schema(Community.schema).field("code_published", .bool, .required, .sql(.default(false))).update()
    }

    func revert(on db: any Database) async throws {
        for f in ["code_revision", "code_rule", "code_quorum", "code_open_days", "code_published"] {
            try await db.schema(Community.schema).deleteField(.string(f)).update()
        }
    }
}

struct M011CreateCodeRevisions: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(CodeRevision.schema)
            .id()
            .field("community_id", .uuid, .required, .references(Community.schema, "id", onDelete: .cascade))
            .field("number", .int, .required)
            .field("parent", .int, .required)
            .field("summary", .string, .required)
            .field("author_id", .uuid, .required, .references(User.schema, "id"))
            .field("amendment_id", .uuid)
            .field("sections", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "community_id", "number")
            .create()
        try await db.schema(CodeSectionVersion.schema)
            .id()
            .field("community_id", .uuid, .required, .references(Community.schema, "id", onDelete: .cascade))
            .field("section", .string, .required)
            .field("revision", .int, .required)
            .field("body", .string, .required)
            .unique(on: "community_id", "section", "revision")
            .create()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(CodeSectionVersion.schema).delete()
        try await db.schema(CodeRevision.schema).delete()
    }
}

struct M012CreateAmendments: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(Amendment.schema)
            .id()
            .field("community_id", .uuid, .required, .references(Community.schema, "id", onDelete: .cascade))
            .field("author_id", .uuid, .required, .references(User.schema, "id"))
            .field("base_revision", .int, .required)
            .field("summary", .string, .required)
            .field("reason", .string, .required)
            .field("status", .string, .required)
            .field("text_version", .int, .required)
            .field("closes_at", .datetime, .required)
            .field("decided_at", .datetime)
            .field("result_revision", .int)
            .field("created_at", .datetime, .required)
            .create()
        try await db.createIndex("amendments_community_status", on: Amendment.schema, ["community_id", "status", "id"])
        try await db.createIndex("amendments_open_closing", on: Amendment.schema, ["status", "closes_at"])
        try await db.schema(AmendmentChange.schema)
            .id()
            .field("amendment_id", .uuid, .required, .references(Amendment.schema, "id", onDelete: .cascade))
            .field("community_id", .uuid, .required)
            .field("section", .string, .required)
            .field("body", .string, .required)
            .field("text_version", .int, .required)
            .create()
        try await db.createIndex("amendment_changes_amendment", on: AmendmentChange.schema, ["amendment_id", "text_version"])
        try await db.schema(AmendmentPosition.schema)
            .id()
            .field("amendment_id", .uuid, .required, .references(Amendment.schema, "id", onDelete: .cascade))
            .field("community_id", .uuid, .required)
            .field("user_id", .uuid, .required, .references(User.schema, "id"))
            .field("stance", .string, .required)
            .field("reason", .string, .required)
            .field("text_version", .int, .required)
            .field("current", .bool, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await db.createIndex("amendment_positions_amendment", on: AmendmentPosition.schema, ["amendment_id", "current", "user_id"])
        try await db.schema(AmendmentComment.schema)
            .id()
            .field("amendment_id", .uuid, .required, .references(Amendment.schema, "id", onDelete: .cascade))
            .field("community_id", .uuid, .required)
            .field("author_id", .uuid, .required, .references(User.schema, "id"))
            .field("body", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await db.createIndex("amendment_comments_amendment", on: AmendmentComment.schema, ["amendment_id", "id"])
    }

    func revert(on db: any Database) async throws {
        for s in [AmendmentComment.schema, AmendmentPosition.schema, AmendmentChange.schema, Amendment.schema] { try await db.schema(s).delete() }
    }
}

/// One pending join request per person and community, one current position per member and amendment,
/// enforced by the database so concurrent requests cannot slip past the checks (partial indexes: SQLite and PostgreSQL).
struct M014AddUniquenessGuards: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await sql(db).raw("CREATE UNIQUE INDEX amendment_positions_one_current ON amendment_positions (amendment_id, user_id) WHERE current").run()
        try await sql(db).raw("CREATE UNIQUE INDEX join_requests_one_pending ON join_requests (user_id, community_id) WHERE status = 'pending'").run()
    }

    func revert(on db: any Database) async throws {
        try await sql(db).raw("DROP INDEX amendment_positions_one_current").run()
        try await sql(db).raw("DROP INDEX join_requests_one_pending").run()
    }
}

/// One current self-diagnosis per member and section. Older duplicates (possible before this index) are demoted
/// first, keeping the newest (ids are time-ordered).
struct M015AddDiagnosisGuard: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await sql(db).raw("""
            UPDATE code_diagnoses SET current = \(bind: false)
            WHERE current AND EXISTS (SELECT 1 FROM code_diagnoses e WHERE e.community_id = code_diagnoses.community_id
              AND e.section = code_diagnoses.section AND e.user_id = code_diagnoses.user_id AND e.current AND e.id > code_diagnoses.id)
            """).run()
        try await sql(db).raw("CREATE UNIQUE INDEX code_diagnoses_one_current ON code_diagnoses (community_id, section, user_id) WHERE current").run()
    }

    func revert(on db: any Database) async throws {
        try await sql(db).raw("DROP INDEX code_diagnoses_one_current").run()
    }
}

struct M013CreateFactsAndDiagnoses: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(CodeFact.schema)
            .id()
            .field("community_id", .uuid, .required, .references(Community.schema, "id", onDelete: .cascade))
            .field("section", .string, .required)
            .field("kind", .string, .required)
            .field("url", .string, .required)
            .field("note", .string, .required)
            .field("observed_on", .string, .required)
            .field("stance", .string, .required)
            .field("author_id", .uuid, .required, .references(User.schema, "id"))
            .field("created_at", .datetime, .required)
            .create()
        try await db.createIndex("code_facts_community_section", on: CodeFact.schema, ["community_id", "section", "id"])
        try await db.schema(CodeDiagnosis.schema)
            .id()
            .field("community_id", .uuid, .required, .references(Community.schema, "id", onDelete: .cascade))
            .field("section", .string, .required)
            .field("user_id", .uuid, .required, .references(User.schema, "id"))
            .field("rating", .string, .required)
            .field("comment", .string, .required)
            .field("revision", .int, .required)
            .field("current", .bool, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await db.createIndex("code_diagnoses_community", on: CodeDiagnosis.schema, ["community_id", "current", "section"])
    }

    func revert(on db: any Database) async throws {
        try await db.schema(CodeDiagnosis.schema).delete()
        try await db.schema(CodeFact.schema).delete()
    }
}
