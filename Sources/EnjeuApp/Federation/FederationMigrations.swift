import Fluent
import Foundation
import SQLKit

/// Federation's tables (issue 19). `actor_keys`: each local actor's RSA key pair, made the first time the actor is
/// served or signs. `remote_actors`: what a remote actor's document said (its inbox and public key), refetched when a
/// signature fails. `federation_followers`: remote actors following a community (one row each). `federation_following`:
/// remote actors a community follows, pending until their `Accept`. `inbox_activities`: every verified activity once,
/// by its id (a second delivery of the same id is acknowledged and dropped). `communities.publish_fediverse`: whether a
/// public community is an actor at all (on by default; a members-only one never is, whatever it says).
struct M047Federation: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.addColumns(to: "communities", .bool("publish_fediverse", default: true))
        try await db.table("actor_keys", .text("owner", "public_pem", "private_pem"), .time("created_at"), unique: ["owner"])
        try await db.table("remote_actors", .id, .text("iri", "domain", "inbox", "key_id", "public_pem"),
                           .text(optional: "shared_inbox", "username", "name"), .time("fetched_at"), unique: ["iri"])
        try await db.createIndex("remote_actors_by_key", on: "remote_actors", ["key_id"])
        try await db.table("federation_followers", .id, .ref("community_id", "communities", .cascade),
                           .text("actor_iri", "inbox", "domain", "follow_id"), .time("created_at"),
                           unique: ["community_id", "actor_iri"])
        try await db.table("federation_following", .id, .ref("community_id", "communities", .cascade),
                           .text("actor_iri", "follow_id", "state"), .ref("requested_by", "users"), .time("created_at"),
                           .time(optional: "answered_at"), unique: ["community_id", "actor_iri"], ["follow_id"])
        try await db.table("inbox_activities", .id, .text("activity_id", "kind", "actor_iri", "domain", "payload"),
                           .time("received_at"), .time(optional: "processed_at"), unique: ["activity_id"])
    }

    func revert(on db: any Database) async throws {
        try await db.dropTables("inbox_activities", "federation_following", "federation_followers", "remote_actors", "actor_keys")
        try await db.dropColumns(from: "communities", "publish_fediverse")
    }
}

/// `federated_items`: what the actors a community follows published, kept per following community as plain text (one
/// row per object, replaced by its `Update`, removed by its `Delete`), newest first by id.
struct M048FederatedItems: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.table("federated_items", .id, .ref("community_id", "communities", .cascade),
                           .text("object_iri", "actor_iri", "kind", "content"), .text(optional: "name", "url", "author_name"),
                           .time(optional: "published_at"), .time("received_at"), unique: ["community_id", "object_iri"])
        try await db.createIndex("federated_items_by_community", on: "federated_items", ["community_id", "id"])
    }

    func revert(on db: any Database) async throws {
        try await db.dropTables("federated_items")
    }
}

/// Replies from other servers to a community's published posts are comments (issue 19), kept in `post_comments` so the
/// community's moderation (reports, hiding, deletion) applies to them as to any: `remote_object` is the reply's IRI,
/// `remote_actor`, `remote_handle` (`name@server`), `remote_name` and `remote_url` its author. Comments need an account: they all
/// name the one « fédivers » account (`RemoteReplies.account`), closed like a departed member's (`deleted_at` set: no
/// sign-in, in no count), made with the first remote reply so that a new instance has no account at all.
struct M049RemoteReplies: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.addColumns(to: "post_comments", .text(optional: "remote_object", "remote_actor", "remote_handle", "remote_name", "remote_url"))
        try await db.createIndex("post_comments_by_remote_object", on: "post_comments", ["remote_object"], unique: true)
    }

    func revert(on db: any Database) async throws {
        try await sql(db).raw("DELETE FROM post_comments WHERE author_id = \(bind: RemoteReplies.account)").run()
        try await sql(db).raw("DELETE FROM users WHERE id = \(bind: RemoteReplies.account)").run()
        try await sql(db).raw("DROP INDEX post_comments_by_remote_object").run()
        try await db.dropColumns(from: "post_comments", "remote_object", "remote_actor", "remote_handle", "remote_name", "remote_url")
    }
}

/// Flows with another instance's community (`FederatedFlows`): `iri` is the event's address where it was first recorded
/// (set on the copy the other instance offered), `remote_offer` the `Offer`'s id on both sides, unique so the same
/// offer (or its answer's target) is kept once.
struct M051FederatedFlows: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.addColumns(to: "flows", .text(optional: "iri", "remote_offer"))
        try await db.createIndex("flows_by_remote_offer", on: "flows", ["remote_offer"], unique: true)
    }

    func revert(on db: any Database) async throws {
        try await sql(db).raw("DROP INDEX flows_by_remote_offer").run()
        try await CommunityGenerations.dropTriggers(on: sql(db))
        try await db.dropColumns(from: "flows", "remote_offer", "iri")
        try await CommunityGenerations.refresh(on: sql(db))
    }
}

/// How many remote actors follow each community, kept in the transaction of each follow and `Undo` (`FollowerCounts`):
/// its stewards' page and its `followers` collection read one row, not ten thousand.
struct M053FollowerCounts: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await sql(db).raw("""
            CREATE TABLE federation_counts (community_id UUID PRIMARY KEY REFERENCES communities (id) ON DELETE CASCADE,
              followers BIGINT NOT NULL)
            """).run()
        try await sql(db).raw("""
            INSERT INTO federation_counts (community_id, followers) SELECT community_id, COUNT(*) FROM federation_followers GROUP BY community_id
            """).run()
        try await CommunityGenerations.refresh(on: sql(db))
    }

    func revert(on db: any Database) async throws {
        try await db.dropTables("federation_counts")
    }
}

enum FollowerCounts {
    static func add(_ n: Int, to community: UUID, _ db: any Database) async throws {
        try await sql(db).raw("""
            INSERT INTO federation_counts (community_id, followers) VALUES (\(bind: community), \(bind: max(n, 0)))
            ON CONFLICT (community_id) DO UPDATE SET followers = federation_counts.followers + \(bind: n)
            """).run()
    }

    static func of(_ community: UUID, _ db: any Database) async throws -> Int {
        try await db.count("SELECT COALESCE(MAX(followers), 0) AS n FROM federation_counts WHERE community_id = \(bind: community)")
    }
}

/// `jobs.topic`: whose work a job is (a delivery's signing actor, `community:<id>`), so a community's stewards see their
/// own deliveries (queued, delivered, failing) without reading every job's payload.
struct M050JobTopics: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.addColumns(to: "jobs", .text(optional: "topic"))
        try await db.createIndex("jobs_by_topic", on: "jobs", ["topic", "state"])
    }

    func revert(on db: any Database) async throws {
        try await sql(db).raw("DROP INDEX jobs_by_topic").run()
        try await db.dropColumns(from: "jobs", "topic")
    }
}
