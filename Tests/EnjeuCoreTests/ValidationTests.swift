import Testing
import Foundation
@testable import EnjeuCore

@Suite struct ValidationTests {
    @Test(arguments: ["abc", "cooperative-du-lien", "a1-b2", String(repeating: "a", count: 60)])
    func validSlugs(_ s: String) { #expect(Rules.isValidSlug(s)) }

    @Test(arguments: ["ab", "Abc", "é-lan", "with space", "under_score", String(repeating: "a", count: 61), ""])
    func invalidSlugs(_ s: String) { #expect(!Rules.isValidSlug(s)) }

    @Test func handles() {
        #expect(Rules.isValidHandle("camille_r"))
        #expect(!Rules.isValidHandle("1camille"))
        #expect(!Rules.isValidHandle("ca"))
        #expect(!Rules.isValidHandle("camille-r"))
    }

    @Test func signUpNormalisesAndCollectsEveryProblem() throws {
        let ok = try SignUp(handle: " Camille ", displayName: "Camille", email: "C@Example.org", password: "0123456789").validated().get()
        #expect(ok.handle == "camille")
        #expect(ok.email == "c@example.org")
        guard case let .failure(v) = SignUp(handle: "x", displayName: "", email: "nope", password: "short").validated() else {
            Issue.record("expected failure"); return
        }
        #expect(v.all.map(\.field) == [.handle, .displayName, .email, .password])
        #expect(v.first(for: .password) == .tooShort(min: 10))
    }

    @Test func communityDraftRejectsUnknownChoices() {
        let draft = CommunityDraft(slug: "la-fabrique", name: "La Fabrique", purpose: "Réparer ensemble les objets du quartier",
                                   perimeter: "Lyon 7e", rhythm: "mensuel", stage: "adolescent", visibility: "secret",
                                   charter: "Je rends ce que je reçois.")
        guard case let .failure(v) = draft.validated() else { Issue.record("expected failure"); return }
        #expect(v.first(for: .stage) == .notAChoice)
        #expect(v.first(for: .visibility) == .notAChoice)
    }

    @Test func tagsAreDeduplicatedIgnoringAccentsAndCase() {
        #expect(Tags.normalise("Écoute, ecoute ; Réciprocité\n, ,Confiance") == ["Écoute", "Réciprocité", "Confiance"])
    }

    @Test func foldingIgnoresAccents() {
        #expect(Folding.fold("Coopérative ÉLAN") == "cooperative elan")
    }
}
