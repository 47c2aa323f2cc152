import Foundation

/// The keys of one feature's texts: an enum whose cases name them; the words, French and English, are in
/// `Catalogue/<domain>.json`. A key that does not exist does not compile; a key without both words fails
/// `CatalogueTests`, and would show as ⟦domain.key⟧ rather than stop a page.
package protocol TextKey: RawRepresentable<String>, CaseIterable, Sendable {
    static var domain: String { get }
}

extension TextKey {
    package var text: Text { Catalogue.text(Self.domain, rawValue) }
}

extension Lang {
    package subscript<K: TextKey>(_ key: K) -> String { self[key.text] }
    /// So that the common texts read `l[.save]`.
    package subscript(_ key: CommonText) -> String { self[key.text] }

    /// A value the database keeps as text (`EconomyOffer.kind`), in words when it is a case of the enum `text` reads,
    /// else as stored.
    package func stored<E: RawRepresentable<String>>(_ raw: String, _ text: (E) -> Text) -> String {
        E(rawValue: raw).map { self[text($0)] } ?? raw
    }
}

/// The texts of an enum's cases, `prefix.<case name>`, looked up once: a case's name comes by reflection, too slow
/// for a list page that asks for it a hundred times. Declared as a `static let` beside the function that reads it.
package struct CaseTexts<Case: CaseIterable & Hashable & Sendable>: Sendable {
    private let texts: [Case: Text]

    package init(_ prefix: String) {
        texts = Dictionary(uniqueKeysWithValues: Case.allCases.map { ($0, Catalogue.text("\(prefix).\($0)")) })
    }

    package subscript(_ value: Case) -> Text { texts[value]! }
}

/// Texts parameterised by enum cases (`Text.role(.steward)`) read `domain.function.case`, through `CaseTexts`.
package enum Catalogue {
    /// Every text by domain, then key; read once from the bundle.
    static let texts: [String: [String: Text]] = load()

    package static func text(_ domain: String, _ key: String) -> Text {
        texts[domain]?[key] ?? Text(fr: "⟦\(domain).\(key)⟧", en: "⟦\(domain).\(key)⟧")
    }

    /// `"domain.rest.of.key"`, for the enum-parameterised functions.
    package static func text(_ qualified: String) -> Text {
        let parts = qualified.split(separator: ".", maxSplits: 1)
        return text(String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
    }

    package static func has(_ domain: String, _ key: String) -> Bool {
        guard let t = texts[domain]?[key] else { return false }
        return !t.fr.isEmpty && !t.en.isEmpty
    }

    private struct Words: Decodable { let fr: String; let en: String }

    private static func load() -> [String: [String: Text]] {
        guard let dir = Bundle.module.url(forResource: "Catalogue", withExtension: nil),
              let files = try? FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: nil) else { return [:] }
        var all: [String: [String: Text]] = [:]
        for file in files where file.pathExtension == "json" {
            guard let data = try? Data(contentsOf: file),
                  let words = try? JSONDecoder().decode([String: Words].self, from: data) else { continue }
            all[file.deletingPathExtension().lastPathComponent] = words.mapValues { Text(fr: $0.fr, en: $0.en) }
        }
        return all
    }
}
