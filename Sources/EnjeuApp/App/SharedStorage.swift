import Vapor

extension Application {
    /// The application's one `Key.Value`, made on first use; the key's lock makes two first uses make one.
    func shared<Key: StorageKey & LockKey>(_ key: Key.Type, _ make: () -> Key.Value) -> Key.Value {
        locks.lock(for: Key.self).withLock {
            if let value = storage[Key.self] { return value }
            let value = make()
            storage[Key.self] = value
            return value
        }
    }
}
