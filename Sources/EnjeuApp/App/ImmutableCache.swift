import Foundation
import Vapor

/// A bounded in-memory cache for data that never changes once written: a charter version, the code at a
/// revision. Entries can never go stale — not even with several instances — so there is no invalidation.
/// It is bounded by bytes, not entries (texts can be large): big values are not kept, and when the budget
/// is spent the cache starts over.
final class ImmutableCache<Key: Hashable & Sendable, Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [Key: Value] = [:]
    private var bytes = 0
    private let maxBytes: Int
    private let maxEntryBytes: Int
    private let cost: @Sendable (Value) -> Int

    init(maxBytes: Int, maxEntryBytes: Int, cost: @escaping @Sendable (Value) -> Int) {
        self.maxBytes = maxBytes
        self.maxEntryBytes = maxEntryBytes
        self.cost = cost
    }

    /// The same for a value computed without I/O (a post's rendered Markdown).
    func cached(_ key: Key, make: () -> Value) -> Value {
        if let hit = lock.withLock({ entries[key] }) { return hit }
        return store(key, make())
    }

    func value(_ key: Key, orLoad load: () async throws -> Value?) async rethrows -> Value? {
        if let hit = lock.withLock({ entries[key] }) { return hit }
        guard let loaded = try await load() else { return nil }
        return store(key, loaded)
    }

    /// The value kept under `key`, if any.
    func value(_ key: Key) -> Value? { lock.withLock { entries[key] } }

    /// Keeps `value` under `key` (if it fits).
    func insert(_ key: Key, _ value: Value) { _ = store(key, value) }

    private func store(_ key: Key, _ value: Value) -> Value {
        let size = cost(value) + 64
        guard size <= maxEntryBytes else { return value }
        lock.withLock {
            if bytes + size > maxBytes { entries.removeAll(keepingCapacity: true); bytes = 0 }
            if entries.updateValue(value, forKey: key) == nil { bytes += size }
        }
        return value
    }
}

struct VersionKey: Hashable, Sendable {
    let community: UUID
    let version: Int
}

extension Application {
    private struct ChartersKey: StorageKey { typealias Value = ImmutableCache<VersionKey, CommunityQueries.CharterText> }
    private struct SnapshotsKey: StorageKey { typealias Value = ImmutableCache<VersionKey, CodeSnapshotBox> }

    /// Charter versions are immutable. Set up once in `configure`.
    var charterCache: ImmutableCache<VersionKey, CommunityQueries.CharterText> {
        get { storage[ChartersKey.self]! }
        set { storage[ChartersKey.self] = newValue }
    }

    private struct PostsKey: StorageKey { typealias Value = ImmutableCache<UUID, String> }

    /// Posts and comments never edited: their rendered Markdown is kept by id (an edited or deleted one is rendered each
    /// time, `SocialLoaders.rendered`). Set up once in `configure`.
    var markdownCache: ImmutableCache<UUID, String> {
        get { storage[PostsKey.self]! }
        set { storage[PostsKey.self] = newValue }
    }

    private struct StripsKey: StorageKey { typealias Value = ImmutableCache<StripKey, String> }

    /// An indicator's strip plot changes only when its estimate is recomputed (`est_at`). Set up once in `configure`.
    var stripCache: ImmutableCache<StripKey, String> {
        get { storage[StripsKey.self]! }
        set { storage[StripsKey.self] = newValue }
    }

    /// The code at an adopted revision is immutable. Set up once in `configure`.
    var snapshotCache: ImmutableCache<VersionKey, CodeSnapshotBox> {
        get { storage[SnapshotsKey.self]! }
        set { storage[SnapshotsKey.self] = newValue }
    }
}

import EnjeuCore
import EnjeuWeb

/// The code at a revision, with its sections rendered once: the code page is read far more often than it changes.
struct CodeSnapshotBox: Sendable {
    let snapshot: CodeSnapshot
    let rendered: [SectionKey: RenderedMarkdown]

    init(snapshot: CodeSnapshot) {
        self.snapshot = snapshot
        rendered = snapshot.bodies.filter { !$0.value.isEmpty }.mapValues(RenderedMarkdown.init(markdown:))
    }

    var bytes: Int { snapshot.bodies.values.reduce(0) { $0 + $1.utf8.count } + rendered.values.reduce(0) { $0 + $1.html.utf8.count } }
}

/// An indicator's plot as of one recomputation, in one language.
struct StripKey: Hashable, Sendable {
    let indicator: UUID
    let computedAt: Date
    let contributors: Int
    let lang: String
}
