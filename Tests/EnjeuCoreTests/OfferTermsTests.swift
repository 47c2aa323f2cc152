import Testing
@testable import EnjeuCore

@Suite struct OfferTermsTests {
    @Test func anOfferIsFoundByThePrefixesOfItsWordsAndItsTagsWhole() {
        let terms = OfferTerms.terms(searchText: Folding.fold("Cours de Tissage, n°12 : métiers"), tags: ["Économie sociale", " "])
        #expect(terms == ["co", "cou", "cour", "de", "ti", "tis", "tiss", "tissa", "12", "me", "met", "meti", "metie", "#economie sociale"],
                "« cours » and « métiers » lose their plural; one letter is no word; a blank tag is none")
    }

    @Test func aSearchWalksItsLongestGramOrItsTagAndChecksTheRest() {
        #expect(OfferTerms.query("Tissage de LAINES") == .init(driver: "tissa", alsoTerms: ["de", "laine"], alsoContains: ["tissage"]))
        #expect(OfferTerms.query("laine", tag: " Fil ") == .init(driver: "#fil", alsoTerms: ["laine"], alsoContains: []))
        #expect(OfferTerms.query("« * » ; a") == nil, "nothing to look for")
        #expect(OfferTerms.query("", tag: "Métier") == .init(driver: "#metier", alsoTerms: [], alsoContains: []))
        #expect(OfferTerms.query("tiss tissa") == .init(driver: "tissa", alsoTerms: ["tiss"], alsoContains: []))
    }
}
