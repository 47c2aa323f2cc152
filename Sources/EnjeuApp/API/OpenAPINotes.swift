import Foundation
import EnjeuCore
import EnjeuWeb

/// What a field's Swift type does not say: the values a `String` field is checked against (or takes), a date's format,
/// a sentence for the reader. Merged into the schemas derived from the types; a note on a field that no longer
/// exists stops the document from being built (and its test fails).
extension OpenAPIDocument {
    static let notes: [String: [String: JSONValue]] = [
        "Error": ["error": ["const": true]],
        "NewAccount": ["handle": .about("Trimmed and lowercased, then checked")],
        "ProfileUpdate": ["lang": .oneOf(Lang.self)],
        "NewCommunity": ["stage": .oneOf(LifeStage.self), "visibility": .oneOf(Visibility.self),
                         "template": .oneOf([CommunityTemplate.blank] + CommunityTemplate.allCases.map(\.rawValue)),
                         "charter": .about("Required without a template; with one, absent or left as the template's means the template's charter")],
        "CommunityUpdate": ["stage": .oneOf(LifeStage.self), "visibility": .oneOf(Visibility.self)],
        "Card": card,
        "CommunityDetail": card + ["relation": .oneOf(["anonymous", "outsider", "pending"] + MembershipStatus.allCases.map(\.rawValue))],
        "NewCharter": ["version": .about("The current version, which the proposal follows (optional; another is a 409)"),
                       "rules": .about("The give-to-get rules this version writes (absent: unchanged)"),
                       "stewardsReadFree": .about("Whether stewards read the figures free under this version (absent: unchanged)")],

        "SectionText": ["key": .oneOf(SectionKey.self)],
        "NewAmendment": ["changes": .about("At least one must change its section's text")],
        "PositionIn": ["position": .oneOf(Stance.self), "reason": .about("Required (10+ characters) for an objection: the harm it foresees")],
        "Diff": ["sections.lines.kind": .oneOf([DiffLine.Kind.context, .removed, .added].map(\.rawValue))],
        "FactIn": ["kind": .oneOf(FactKind.self), "stance": .oneOf(FactStance.self), "date": .date],
        "DiagnosisIn": ["rating": .oneOf(PracticeRating.self)],
        "CodeSettings": ["rule": .oneOf(DecisionRule.self)],

        "NewIndicator": ["scale": .oneOf(FigureScale.self), "period": .about("2026, 2026-Q3, 2026-07 or 2026-01-01..2026-06-30"),
                         "unit": .about("Base unit, then allowed prefixes in parentheses: « € (k, M) ». Prefixes: "
                             + FigureUnit.knownPrefixes.keys.sorted().joined(separator: ", "))],
        "NewContribution": [
            "value": .about("In the unit given; the bounds apply once converted to the base unit. Above 0 on a positive-scale indicator"),
            "unit": .about("Defaults to the base unit; a prefixed unit the indicator allows (k€). Prefixes: "
                + FigureUnit.knownPrefixes.sorted { $0.value < $1.value }.map { "\($0.key) (×\(Int($0.value)))" }.joined(separator: ", ")),
            "source": .about("https://…, a document reference, or « observation personnelle »"), "observedOn": .date,
        ],
        "NewFlag": ["correctedValue": .about("In the base unit; above 0 on a positive-scale indicator"),
                    "source": .about("Empty, or 3 characters or more: https://…, a document reference, or « observation personnelle »")],
        "FlagCreated": ["contribution": .about("The flagged contribution's status after the flag")],
        "Estimate": ["kind": .oneOf(estimateKinds), "outliers": .about("Contribution ids") + ["items": ["format": "uuid"]]],
        "Contribution": ["sourceKind": .oneOf(FigureSourceKind.self), "status": .oneOf(ContributionStatus.self), "credit": .oneOf(CreditState.self)],
        "IndicatorDetail": ["access": .oneOf(["free", "paid", "charged"])],
        "Credits": ["entries.kind": .oneOf(CreditKind.self)],

        "JourneyStart": ["template": .oneOf(JourneyTemplate.self)],
        "NewProposal": ["kind": .oneOf(ProposalKind.self), "body": .about("At least 20 characters for the project, 5 for the other kinds")],
        "NewAction": ["dueOn": .date],
        "StatusIn": ["status": .oneOf(ActionStatus.self), "note": .about("Required for a progress update (the same status: 3+ characters) "
            + "and to mark it done (the outcome: 10+ characters)")],
        "NewAssessment": ["subject.kind": .oneOf(["action", "member"]), "subject.id": .about("An action's id or a member's handle")],
        "NewRecognition": ["to.kind": .oneOf(["member", "action", "community"]), "to.id": .about("A handle, an action's id or the community's slug"),
                           "criteria": ["items": .oneOf(Criterion.self)]],
        "Evaluation": ["partial": .about("Some members' assessments are left out: the open cycle's (published when it closes) and any cycle's "
            + "self- or peer-assessments covering fewer than three members")],

        "NewOffer": ["kind": .oneOf(OfferKind.self),
                     "organisation": .about("Slug of an organisation you represent, a member of the community: the offer is its own")],
        "NewReferral": ["beneficiary": .about("A name, or @handle of a member")],
        "Referral": ["status": .oneOf(ReferralStatus.self)],
        "ReferralStatus": ["status": .oneOf([ReferralStatus.takenUp, .completed, .declined].map(\.rawValue))],
        "NewFlow": ["from": .about("@handle, community, or outside:Name"), "nature": .oneOf(FlowNature.self), "measure": .oneOf(FlowMeasure.self),
                    "date": .date],
        "Flow": ["status": .oneOf(FlowStatus.self), "recordedBy": .about("handle of who recorded it; absent if unknown"),
                 "confirmedBy": .about("handle of who confirmed or declined it (the recorder when it needed no one else); absent while pending or if unknown")],
        "FlowDecision": ["status": .oneOf([FlowStatus.confirmed, .declined].map(\.rawValue))],
        "NewResponsibility": ["layer": .oneOf(PyramidLayer.self),
                              "organisation": .about("Slug of an organisation the member represents, a member of the community: the line is its own")],

        "Post": ["kind": .oneOf(["post"] + FeedEvent.allCases.map(\.rawValue))],
        "Notification": ["kind": .oneOf(NotificationKind.self)],
        "ReadIn": ["ids": .about("Required (at least one) unless `all` is true")],
        "Why": ["reasons.kind": .oneOf(["endorsement", "result"])],
        "Match": ["kind": .oneOf(["member", "community"])],
    ]

    static let card: [String: JSONValue] = ["slug": .pattern(slugPattern), "memberCount": .about("Absent when the reader may not see inside")]
    static let estimateKinds = FigureEstimate.Kind.allCases.map(\.rawValue)
}

extension Dictionary where Key == String, Value == JSONValue {
    static func + (a: Self, b: Self) -> Self { a.merging(b) { $0 + $1 } }
}
