import Foundation

/// The one page type of every list: its items and the opaque cursor of the next page (nil on the last one).
/// Queries ask for `size + 1` rows; the extra row only says that there is more.
public struct KeysetPage<Item: Sendable>: Sendable {
    public let items: [Item]
    public let next: String?

    public init(items: [Item], next: String?) {
        self.items = items
        self.next = next
    }

    /// From `size + 1` rows: the cursor names the last row shown, by the key and id it is ordered on.
    public init(rows: [Item], size: Int, cursor: (Item) -> Cursor) {
        items = Array(rows.prefix(size))
        next = rows.count > size ? items.last.map { cursor($0).encoded } : nil
    }

    /// The same on time-ordered ids alone (uuid v7): the key is empty.
    public init(rows: [Item], size: Int, id: (Item) -> UUID) {
        self.init(rows: rows, size: size) { Cursor(key: "", id: id($0)) }
    }

    private enum CodingKeys: String, CodingKey { case items, next }

    public func map<T: Sendable>(_ transform: (Item) throws -> T) rethrows -> KeysetPage<T> {
        KeysetPage<T>(items: try items.map(transform), next: next)
    }
}

/// The API's `{"items", "next"}` shape: `next` is always present, null on the last page.
extension KeysetPage: Encodable where Item: Encodable {
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(items, forKey: .items)
        try c.encode(next, forKey: .next)
    }
}

extension KeysetPage: Decodable where Item: Decodable {
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(items: try c.decode([Item].self, forKey: .items), next: try c.decodeIfPresent(String.self, forKey: .next))
    }
}
