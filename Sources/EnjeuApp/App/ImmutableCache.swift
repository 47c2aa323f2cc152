import Foundation
import Vapor

/// A bounded in-memory cache for data that never changes once written: a charter version, the code at a
/// revision. Entries can never go stale — not even with several instances — so there is no invalidation;
/// when full, the cache simply starts over.
final class ImmutableCache<Key: Hashable & Sendable, Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [Key: Value] = [:]
    private let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    func value(_ key: Key, orLoad load: () async throws -> Value?) async rethrows -> Value? {
        if let hit = lock.withLock({ entries[key] }) { return hit }
        guard let loaded = try await load() else { return nil }
        lock.withLock {
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = loaded
        }
        return loaded
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

    /// The code at an adopted revision is immutable. Set up once in `configure`.
    var snapshotCache: ImmutableCache<VersionKey, CodeSnapshotBox> {
        get { storage[SnapshotsKey.self]! }
        set { storage[SnapshotsKey.self] = newValue }
    }
}

import EnjeuCore

struct CodeSnapshotBox: Sendable { let snapshot: CodeSnapshot }
