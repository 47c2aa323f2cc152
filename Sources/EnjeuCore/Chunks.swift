/// Lists bound into one SQL statement go in slices, so no statement passes the drivers' bind limits
/// (SQLite 32,766, PostgreSQL 65,535).
extension Collection {
    /// Consecutive slices of at most `size` elements, in order; none for an empty collection.
    public func chunks(of size: Int) -> [[Element]] {
        precondition(size > 0, "a chunk holds at least one element")
        var slices: [[Element]] = []
        var start = startIndex
        while start != endIndex {
            let end = index(start, offsetBy: size, limitedBy: endIndex) ?? endIndex
            slices.append(Array(self[start..<end]))
            start = end
        }
        return slices
    }
}
