import Foundation
import Testing
import EnjeuCore
@testable import EnjeuWeb

/// Every text key has both its French and its English words, and every text chosen by an enum case exists.
@Suite struct CatalogueTests {
    private func missing<K: TextKey>(_: K.Type) -> [String] {
        K.allCases.filter { !Catalogue.has(K.domain, $0.rawValue) }.map { K.domain + "." + $0.rawValue }
    }

    private func missing<E: CaseIterable>(_ cases: E.Type, _ text: (E) -> Text) -> [String] {
        E.allCases.map(text).filter { $0.fr.isEmpty || $0.en.isEmpty || $0.fr.hasPrefix("⟦") }.map(\.fr)
    }

    @Test func everyKeyHasBothLanguages() {
        let gaps = missing(CommonText.self) + missing(EconomyText.self) + missing(SocialText.self) + missing(FiguresText.self)
            + missing(JourneyText.self) + missing(CodeText.self)
        #expect(gaps.isEmpty, "\(gaps)")
    }

    @Test func everyEnumChosenTextExists() {
        var gaps: [String] = []
        gaps += missing(InputField.self, Text.label)
        gaps += missing(LifeStage.self, Text.stage) + missing(Visibility.self, Text.visibility) + missing(Role.self, Text.role)
        gaps += missing(MembershipStatus.self, Text.status) + missing(MemberChange.self, Text.memberChange)
        gaps += missing(SectionKey.self, Text.section) + missing(SectionKey.self, Text.sectionGuide)
        gaps += missing(AmendmentStatus.self, Text.amendmentStatus) + missing(Stance.self, Text.stance) + missing(DecisionRule.self, Text.rule)
        gaps += missing(PracticeRating.self, Text.rating) + missing(FactStance.self, Text.factStance)
        gaps += missing(JourneyStep.self, JourneyText.step) + missing(StepState.self, JourneyText.state)
        gaps += missing(ProposalKind.self, JourneyText.kind) + missing(Criterion.self, JourneyText.criterion)
        gaps += missing(FigureEstimate.Kind.self, FiguresText.kind) + missing(NotificationKind.self, NotificationView.kindLabel)
        gaps += missing(Flash.self, \.text) + missing(JourneyTemplate.self, \.title)
        #expect(gaps.isEmpty, "\(gaps)")
    }

    @Test func anUnknownKeyShowsItselfRatherThanStoppingThePage() {
        #expect(Catalogue.text("nowhere", "nothing").fr == "⟦nowhere.nothing⟧")
        #expect(Lang.en[CommonText.save] == "Save" && Lang.fr[CommonText.save] == "Enregistrer")
    }
}
