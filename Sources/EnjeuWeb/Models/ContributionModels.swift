import Foundation
import EnjeuCore

/// One list of a member's contribution page; `?part=` names it to page it alone (`?after=` its cursor).
package enum ContributionPart: String, CaseIterable, Sendable, Codable {
    case actions, amendments, figures, flows, referrals
    case recognitionsGiven = "recognitions-given", recognitionsReceived = "recognitions-received"
    case endorsementsGiven = "endorsements-given", endorsementsReceived = "endorsements-received"
}

/// An action the member took part in, with its collective scores: every current assessment of it, all by its
/// participants (the team's own evaluation).
package struct ContributionAction: Codable, Sendable {
    package let id: UUID, title: String, status: ActionStatus, cycle: Int
    package let assessments: Int, material: Int, consciousness: Int, mastery: Int, maturity: Int
    enum CodingKeys: String, CodingKey { case id, title, status, cycle, assessments, material, consciousness, mastery, maturity }
    package init(id: UUID, title: String, status: ActionStatus, cycle: Int, assessments: Int, sums: [Int]) {
        self.id = id; self.title = title; self.status = status; self.cycle = cycle; self.assessments = assessments
        material = sums[0]; consciousness = sums[1]; mastery = sums[2]; maturity = sums[3]
    }
    package var scores: ScoreAggregate { ScoreAggregate(count: assessments, sums: [material, consciousness, mastery, maturity]) }
    /// Done and `WellAssessed` under the community's threshold: one of its team's verified results.
    package func wellAssessed(threshold: Int) -> Bool {
        status == .done && WellAssessed.holds(sum: material + consciousness + mastery + maturity, assessments: assessments, threshold: threshold)
    }
}

package struct ContributionAmendment: Codable, Sendable {
    package let id: UUID, summary: String, decidedAt: Date?
    enum CodingKeys: String, CodingKey { case id, summary, decidedAt = "decided_at" }
    package init(id: UUID, summary: String, decidedAt: Date?) { self.id = id; self.summary = summary; self.decidedAt = decidedAt }
}

/// A value the consensus confirmed (credited, not flagged as an outlier). The value itself is not shown: reading an
/// indicator's values is paid for with one's own figures (give to get).
package struct ContributionFigure: Codable, Sendable {
    package let id: UUID, indicatorId: UUID, name: String, unit: String, observedOn: String, createdAt: Date
    enum CodingKeys: String, CodingKey {
        case id, name, unit, indicatorId = "indicator_id", observedOn = "observed_on", createdAt = "created_at"
    }
    package init(id: UUID, indicatorId: UUID, name: String, unit: String, observedOn: String, createdAt: Date) {
        self.id = id; self.indicatorId = indicatorId; self.name = name; self.unit = unit; self.observedOn = observedOn
        self.createdAt = createdAt
    }
}

/// A referral the member made: the offer and where it stands (its beneficiary stays on the economy's pages).
package struct ContributionReferral: Codable, Sendable {
    package let id: UUID, offerId: UUID, offer: String, status: ReferralStatus, createdAt: Date
    enum CodingKeys: String, CodingKey { case id, offer, status, offerId = "offer_id", createdAt = "created_at" }
    package init(id: UUID, offerId: UUID, offer: String, status: ReferralStatus, createdAt: Date) {
        self.id = id; self.offerId = offerId; self.offer = offer; self.status = status; self.createdAt = createdAt
    }
}

/// A recognition given (`other` is what it recognised: a member's handle or an action's title) or received (`other`
/// is who gave it).
package struct ContributionRecognition: Codable, Sendable {
    package let id: UUID, other: String, message: String, createdAt: Date
    enum CodingKeys: String, CodingKey { case id, other, message, createdAt = "created_at" }
    package init(id: UUID, other: String, message: String, createdAt: Date) {
        self.id = id; self.other = other; self.message = message; self.createdAt = createdAt
    }
}

/// An active endorsement given (`other` = who was endorsed) or received (`other` = who endorsed).
package struct ContributionEndorsement: Codable, Sendable {
    package let id: UUID, other: String, topic: String, note: String, createdAt: Date
    enum CodingKeys: String, CodingKey { case id, other, topic, note, createdAt = "created_at" }
    package init(id: UUID, other: String, topic: String, note: String, createdAt: Date) {
        self.id = id; self.other = other; self.topic = topic; self.note = note; self.createdAt = createdAt
    }
}

/// A member's part in the collective beside the collective's own evaluation: their verified results (as the last
/// credibility computation counted them) and the community's, the collective scores of the actions they took part in
/// and of all the community's actions, and the lists. With `part`, only that list (the others nil).
package struct ContributionPage: Sendable {
    package let place: CommunityPlace, member: SocialMember, part: ContributionPart?
    package let results: Results, communityResults: Results
    /// Assessments of the member's actions, and of every action of the community.
    package let mine: ScoreAggregate, community: ScoreAggregate
    package let threshold: Int
    package let actions: KeysetPage<ContributionAction>?, amendments: KeysetPage<ContributionAmendment>?
    package let figures: KeysetPage<ContributionFigure>?, flows: KeysetPage<EconomyFlow>?, referrals: KeysetPage<ContributionReferral>?
    package let recognitionsGiven: KeysetPage<ContributionRecognition>?, recognitionsReceived: KeysetPage<ContributionRecognition>?
    package let endorsementsGiven: KeysetPage<ContributionEndorsement>?, endorsementsReceived: KeysetPage<ContributionEndorsement>?

    package init(place: CommunityPlace, member: SocialMember, part: ContributionPart?, results: Results, communityResults: Results,
                 mine: ScoreAggregate, community: ScoreAggregate, threshold: Int,
                 actions: KeysetPage<ContributionAction>?, amendments: KeysetPage<ContributionAmendment>?, figures: KeysetPage<ContributionFigure>?,
                 flows: KeysetPage<EconomyFlow>?, referrals: KeysetPage<ContributionReferral>?,
                 recognitionsGiven: KeysetPage<ContributionRecognition>?, recognitionsReceived: KeysetPage<ContributionRecognition>?,
                 endorsementsGiven: KeysetPage<ContributionEndorsement>?, endorsementsReceived: KeysetPage<ContributionEndorsement>?) {
        self.place = place; self.member = member; self.part = part; self.results = results; self.communityResults = communityResults
        self.mine = mine; self.community = community; self.threshold = threshold
        self.actions = actions; self.amendments = amendments; self.figures = figures; self.flows = flows; self.referrals = referrals
        self.recognitionsGiven = recognitionsGiven; self.recognitionsReceived = recognitionsReceived
        self.endorsementsGiven = endorsementsGiven; self.endorsementsReceived = endorsementsReceived
    }
}

/// One community's line of the summary a member may show on their profile.
package struct ContributionSummary: Sendable {
    package let slug: String, name: String, results: Results
    package init(slug: String, name: String, results: Results) { self.slug = slug; self.name = name; self.results = results }
}
