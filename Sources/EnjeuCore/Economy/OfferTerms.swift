import Foundation

/// The catalogue's term index, without I/O: what an offer is found by, and how a search reads the index.
///
/// An offer is indexed under the first two to `gramLength` letters of each of its words (« tissage » under « ti »,
/// « tis », « tiss », « tissa ») and under each of its tags (`#` and the tag, folded). A search word is then one exact
/// term — its first `gramLength` letters — whose offers the index keeps newest first, so a page of matches is read
/// from the top of one list, however many offers the instance holds. A longer word is checked in full against the
/// offer's folded text, on the few offers of that page only.
public enum OfferTerms {
    /// Prefixes are stored up to this many letters: more would find fewer false candidates for long words, at the
    /// price of one more stored row per word.
    public static let gramLength = 5

    /// Accents and case folded, letters and digits only, at least two of them; a final plural « s » or « x » is
    /// dropped from words of four letters or more (not a double « ss »), so « métiers » finds « métier » and the reverse.
    public static func words(_ text: String, alreadyFolded: Bool = false) -> [String] {
        (alreadyFolded ? text : Folding.fold(text)).split { !$0.isLetter && !$0.isNumber }.compactMap(normalised)
    }

    static func normalised(_ raw: Substring) -> String? {
        guard raw.count >= 2 else { return nil }
        // Not after another « s »: « tiss » is on its way to « tissage », « express » is no plural.
        if raw.count >= 4, let last = raw.last, last == "s" || last == "x", raw.dropLast().last != "s" { return String(raw.dropLast()) }
        return String(raw)
    }

    /// The term of a tag: whole, folded (`#laine`); tags keep their own spelling and may hold spaces.
    public static func tag(_ tag: String) -> String { "#" + Folding.fold(tag.trimmingCharacters(in: .whitespacesAndNewlines)) }

    /// Every term an offer is found by, from its search text as stored (`offers.folded`, already folded) and its tags.
    public static func terms(searchText: String, tags: [String]) -> Set<String> {
        var out = Set<String>()
        for word in words(searchText, alreadyFolded: true) {
            var prefix = ""
            for ch in word.prefix(gramLength) {
                prefix.append(ch)
                if prefix.count >= 2 { out.insert(prefix) }
            }
        }
        for t in tags where !t.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { out.insert(tag(t)) }
        return out
    }

    /// How a search reads the index: `driver` is the list walked newest first; each match also holds every term of
    /// `alsoTerms` and its folded text contains every word of `alsoContains` (the words longer than their gram).
    public struct Query: Sendable, Equatable {
        public let driver: String, alsoTerms: [String], alsoContains: [String]
    }

    /// At most eight words (as `SearchTerms`); a tag, when asked, leads (a whole tag is rarer than a prefix), else the
    /// longest gram. nil when there is neither word nor tag.
    public static func query(_ q: String, tag: String? = nil) -> Query? {
        let words = Array(self.words(q).prefix(8))
        var terms: [String] = []
        for w in words { let g = String(w.prefix(gramLength)); if !terms.contains(g) { terms.append(g) } }
        let tagTerm = tag.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : self.tag($0) }
        let longer = words.filter { $0.count > gramLength }.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        if let tagTerm { return Query(driver: tagTerm, alsoTerms: terms, alsoContains: longer) }
        guard let driver = terms.max(by: { $0.count < $1.count }) else { return nil }
        return Query(driver: driver, alsoTerms: terms.filter { $0 != driver }, alsoContains: longer)
    }
}
