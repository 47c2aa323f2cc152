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
            + missing(JourneyText.self) + missing(CodeText.self) + missing(AccountText.self) + missing(OrganisationText.self) + missing(NetworkText.self) + missing(ProgrammeText.self) + missing(ContributionText.self)
            + missing(VitalityText.self) + missing(CharterProposalText.self)
            + missing(ModerationText.self)
            + missing(MyDataText.self)
        #expect(gaps.isEmpty, "\(gaps)")
    }

    @Test func everyEnumChosenTextExists() {
        var gaps: [String] = []
        gaps += missing(InputField.self, Text.label) + missing(ContributionPart.self, ContributionText.part)
        gaps += missing(LifeStage.self, Text.stage) + missing(Visibility.self, Text.visibility) + missing(Role.self, Text.role)
        gaps += missing(MembershipStatus.self, Text.status) + missing(MemberChange.self, Text.memberChange)
        gaps += missing(SectionKey.self, Text.section) + missing(SectionKey.self, Text.sectionGuide)
        gaps += missing(AmendmentStatus.self, Text.amendmentStatus) + missing(Stance.self, Text.stance) + missing(DecisionRule.self, Text.rule)
        gaps += missing(PracticeRating.self, Text.rating) + missing(FactStance.self, Text.factStance)
        gaps += missing(JourneyStep.self, JourneyText.step) + missing(StepState.self, JourneyText.state)
        gaps += missing(ProposalKind.self, JourneyText.kind) + missing(Criterion.self, JourneyText.criterion)
        gaps += missing(FigureEstimate.Kind.self, FiguresText.kind) + missing(NotificationKind.self, NotificationView.kindLabel)
        gaps += missing(ContributionStatus.self, FiguresText.contributionStatus) + missing(CreditKind.self, FiguresText.creditKind)
        gaps += missing(ProposalStatus.self, JourneyText.proposalStatus) + missing(ActionStatus.self, JourneyText.actionStatus)
        gaps += missing(JourneyStep.self) { JourneyText.next($0, .inProgress) }
        gaps += missing(FlowStatus.self, EconomyText.flowStatus) + missing(OfferKind.self, EconomyText.kind)
        gaps += missing(ReferralStatus.self, EconomyText.referralStatus) + missing(FlowNature.self, EconomyText.nature)
        gaps += missing(FlowMeasure.self, EconomyText.measure) + missing(PyramidLayer.self, EconomyText.layer)
        gaps += Criterion.allCases.flatMap { c in (0...4).map { JourneyText.level(c, $0) } }.filter { $0.fr.contains("⟦") }.map(\.fr)
        // A referral is never moved back to `.proposed`.
        gaps += [ReferralStatus.takenUp, .completed, .declined].map(EconomyText.moveReferral).filter { $0.fr.hasPrefix("⟦") }.map(\.fr)
        gaps += missing(Flash.self, \.text) + missing(JourneyTemplate.self, \.title)
        gaps += missing(LinkProblem.self, \.text) + missing(AccountNotice.self, \.text)
        gaps += missing(OrganisationKind.self, OrganisationText.kind) + missing(LinkKind.self, NetworkText.kind)
            + missing(LinkStatus.self, NetworkText.status) + missing(SharedFeature.self, NetworkText.feature)
        gaps += missing(TradeGap.self, ProgrammeText.gap)
        gaps += missing(VitalityMetric.self, VitalityText.metric) + missing(Trend.self, VitalityText.trend)
        gaps += missing(ReportReason.self, ModerationText.reason) + missing(ReportKind.self, ModerationText.kind)
            + missing(ReportAction.self, ModerationText.action) + missing(JournalAction.self) { ModerationText.journal($0) }
        #expect(gaps.isEmpty, "\(gaps)")
    }

    @Test func everyTemplateHasItsSuggestionsInBothLanguages() {
        for t in JourneyTemplate.allCases where t != .free {
            for l in Lang.allCases {
                let words = t.proposals(l).flatMap { [$0.1, $0.2] } + t.actions(l).flatMap { [$0.0, $0.1] }
                #expect(words.count == 8 && !words.contains { $0.isEmpty || $0.hasPrefix("⟦") }, "\(t) \(l)")
            }
        }
    }

    @Test func anUnknownKeyShowsItselfRatherThanStoppingThePage() {
        #expect(Catalogue.text("nowhere", "nothing").fr == "⟦nowhere.nothing⟧")
        #expect(Lang.en[CommonText.save] == "Save" && Lang.fr[CommonText.save] == "Enregistrer")
    }
}
