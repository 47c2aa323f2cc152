import Fluent
import SQLKit

struct M010AddCodeSettings: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.addColumns(to: Community.schema, .int("code_revision", default: 0), .text("code_rule", default: "consent"),
            .int("code_quorum", default: 30), .int("code_open_days", default: 7), .bool("code_published", default: false))
    }

    func revert(on db: any Database) async throws {
        try await db.dropColumns(from: Community.schema, "code_revision", "code_rule", "code_quorum", "code_open_days", "code_published")
    }
}

struct M011CreateCodeRevisions: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.table(CodeRevision.schema, .id, .ref("community_id", Community.schema, .cascade),
            .int("number", "parent"), .text("summary"), .ref("author_id", User.schema), .uuid(optional: "amendment_id"),
            .text("sections"), .time("created_at"),
            unique: ["community_id", "number"])
        try await db.table(CodeSectionVersion.schema, .id, .ref("community_id", Community.schema, .cascade),
            .text("section"), .int("revision"), .text("body"),
            unique: ["community_id", "section", "revision"])
    }

    func revert(on db: any Database) async throws { try await db.dropTables(CodeSectionVersion.schema, CodeRevision.schema) }
}

struct M012CreateAmendments: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.table(Amendment.schema, .id, .ref("community_id", Community.schema, .cascade),
            .ref("author_id", User.schema), .int("base_revision"), .text("summary", "reason", "status"), .int("text_version"),
            .time("closes_at"), .time(optional: "decided_at"), .int(optional: "result_revision"), .time("created_at"))
        try await db.createIndex("amendments_community_status", on: Amendment.schema, ["community_id", "status", "id"])
        try await db.createIndex("amendments_open_closing", on: Amendment.schema, ["status", "closes_at"])
        try await db.table(AmendmentChange.schema, .id, .ref("amendment_id", Amendment.schema, .cascade), .uuid("community_id"),
            .text("section", "body"), .int("text_version"))
        try await db.createIndex("amendment_changes_amendment", on: AmendmentChange.schema, ["amendment_id", "text_version"])
        try await db.table(AmendmentPosition.schema, .id, .ref("amendment_id", Amendment.schema, .cascade), .uuid("community_id"),
            .ref("user_id", User.schema), .text("stance", "reason"), .int("text_version"), .bool("current"), .time("created_at"))
        try await db.createIndex("amendment_positions_amendment", on: AmendmentPosition.schema, ["amendment_id", "current", "user_id"])
        try await db.table(AmendmentComment.schema, .id, .ref("amendment_id", Amendment.schema, .cascade), .uuid("community_id"),
            .ref("author_id", User.schema), .text("body"), .time("created_at"))
        try await db.createIndex("amendment_comments_amendment", on: AmendmentComment.schema, ["amendment_id", "id"])
    }

    func revert(on db: any Database) async throws {
        try await db.dropTables(AmendmentComment.schema, AmendmentPosition.schema, AmendmentChange.schema, Amendment.schema)
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
        try await db.table(CodeFact.schema, .id, .ref("community_id", Community.schema, .cascade),
            .text("section", "kind", "url", "note", "observed_on", "stance"), .ref("author_id", User.schema), .time("created_at"))
        try await db.createIndex("code_facts_community_section", on: CodeFact.schema, ["community_id", "section", "id"])
        try await db.table(CodeDiagnosis.schema, .id, .ref("community_id", Community.schema, .cascade),
            .text("section"), .ref("user_id", User.schema), .text("rating", "comment"), .int("revision"), .bool("current"),
            .time("created_at"))
        try await db.createIndex("code_diagnoses_community", on: CodeDiagnosis.schema, ["community_id", "current", "section"])
    }

    func revert(on db: any Database) async throws { try await db.dropTables(CodeDiagnosis.schema, CodeFact.schema) }
}
