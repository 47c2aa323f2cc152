import Foundation
import EnjeuCore

/// The four fields of application named in seed 000, each with suggested values, stakes and first actions.
package enum JourneyTemplate: String, CaseIterable, Sendable {
    case publicPolicy = "public-policy"
    case companyTeams = "company-teams"
    case productsMarketing = "products-marketing"
    case virtualCommunity = "virtual-community"
    case free

    package var title: Text { Self.titleTexts[self] }
    private static let titleTexts = CaseTexts<Self>("journey.title")

    /// Every template but `free` suggests two values and a stake (each with its meaning) and a first action; their words
    /// are `journey.template.<case>.<part>`.
    private func words(_ part: String, _ l: Lang) -> String { l[Catalogue.text("journey.template.\(self).\(part)")] }

    /// Suggested values (name, meaning) and stakes, proposed for adoption.
    package func proposals(_ l: Lang) -> [(ProposalKind, String, String)] {
        guard self != .free else { return [] }
        return [(.value, words("value1", l), words("value1.meaning", l)), (.value, words("value2", l), words("value2.meaning", l)),
                (.stake, words("stake", l), words("stake.meaning", l))]
    }

    package func actions(_ l: Lang) -> [(String, String)] {
        guard self != .free else { return [] }
        return [(words("action", l), words("action.description", l))]
    }
}

extension Text {
    package static func retroAmendmentSummary(_ cycle: Int) -> Text {
        Text(fr: "Gouvernance : ce que la rétrospective du cycle \(cycle) propose de changer", en: "Governance: what the cycle \(cycle) retrospective proposes to change")
    }
}

/// Keys of these texts; their words are in Catalogue/journey.json.
package enum JourneyText: String, CaseIterable, TextKey {
    package static let domain = "journey"
    case errJourneyStarted, errCycleNotDone, errActionClosed, errActionMove, errActionNeedsOwner, errTeamOnly
    case errDroppedAction, errActionNotDone, errParticipantsOnly, errNotYourself, title, lead, cycleHeader, propose
    case proposeTitle, titleLabel, bodyLabel, positionTitle, takePosition, applyRule, actions, newAction, needs, due
    case noActionsYet, stake, none, owner, team, volunteer, move, noteLabel, updates, outcome, assess, assessTitle, recognize
    case recognitionTitle, recognitionLead, toLabel, messageLabel, criteriaLabel, evaluation, selfAssessment
    case peerAssessment, individual, collective, balanceTitle, retroTitle, worked, didNot, change, report, reportLead
    case downloadMarkdown, startTitle, startLead, start, nextCycle, myDashboard, participants, community, count
    case membersIncluded, membersApart, stepReached
    case periodFigures, periodFlows, periodCode, periodNone, periodValues, periodContributors, periodEntries, periodTotal
    package static func cycle(_ n: Int) -> Text { Text(fr: "Cycle \(n)", en: "Cycle \(n)") }
    package static func period(_ since: String, _ until: String?) -> Text {
        until.map { Text(fr: "Du \(since) au \($0)", en: "From \(since) to \($0)") } ?? Text(fr: "Depuis le \(since)", en: "Since \(since)")
    }
    package static func revisionLine(_ n: Int, _ summary: String) -> Text { Text(fr: "Révision \(n) — \(summary)", en: "Revision \(n) — \(summary)") }
    package static func step(_ s: JourneyStep) -> Text { stepTexts[s] }
    private static let stepTexts = CaseTexts<JourneyStep>("journey.step")
    package static func state(_ s: StepState) -> Text { stateTexts[s] }
    private static let stateTexts = CaseTexts<StepState>("journey.state")
    /// What the community still needs to do to move on.
    package static func next(_ s: JourneyStep, _ state: StepState) -> Text {
        state == .done ? JourneyText.stepReached.text : nextTexts[s]
    }
    private static let nextTexts = CaseTexts<JourneyStep>("journey.next")
    package static func kind(_ k: ProposalKind) -> Text { kindTexts[k] }
    private static let kindTexts = CaseTexts<ProposalKind>("journey.kind")
    package static func proposalStatus(_ s: ProposalStatus) -> Text { proposalStatusTexts[s] }
    private static let proposalStatusTexts = CaseTexts<ProposalStatus>("journey.proposalStatus")
    package static func actionStatus(_ s: ActionStatus) -> Text { actionStatusTexts[s] }
    private static let actionStatusTexts = CaseTexts<ActionStatus>("journey.actionStatus")
    package static func criterion(_ c: Criterion) -> Text { criterionTexts[c] }
    private static let criterionTexts = CaseTexts<Criterion>("journey.criterion")
    /// A descriptor for each level (0–4) of each criterion, shown beside the choices.
    package static func level(_ c: Criterion, _ n: Int) -> Text {
        let words = Catalogue.text("journey.level.\(c).\(n)")
        return Text(fr: "\(n) — \(words.fr)", en: "\(n) — \(words.en)")
    }
    package static func assessments(_ n: Int) -> Text { Text(fr: "\(n) évaluation(s)", en: "\(n) assessment(s)") }
    package static func dashboardOf(_ name: String) -> Text { Text(fr: "Tableau de bord de \(name)", en: "Dashboard of \(name)") }
    package static func assessMember(_ name: String) -> Text { Text(fr: "Évaluer la contribution de \(name)", en: "Assess \(name)'s contribution") }
}
