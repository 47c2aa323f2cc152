import Fluent
import Vapor
import EnjeuCore
import EnjeuWeb

/// A member's contribution to a community: the page and its JSON, readable by whoever reads the community's members
/// (the gate: `seeInside`, so a members-only community shows nothing to outsiders).
struct ContributionPages {
    func register(_ r: any RoutesBuilder) {
        r.community(CommunityEndpoints.contribution) { req, c in
            req.page(ContributionViews.page(try await Self.load(req, c), req.lang))
        }
        r.community(ContributionAPIEndpoints.contribution) { req, c in ContributionOut(try await Self.load(req, c)) }
        r.signedIn(AccountEndpoints.contributionSummary) { req, viewer in
            let show = (try? req.content.get(String.self, at: "show")) == "1"
            try await ContributionQueries(req.context).setSummary(viewer, show: show)
            return req.redirect(to: AccountEndpoints.person.path(viewer.handle), flash: .saved)
        }
        r.signedIn(ContributionAPIEndpoints.summary) { req, viewer in
            guard let show = try req.content.decode(SummarySetting.self).show else {
                throw AppError.invalid(Violations(.show, .required))
            }
            try await ContributionQueries(req.context).setSummary(viewer, show: show)
            return SummarySetting(show: show)
        }
    }

    /// `?part=` names one list (its pages follow `after`); anything else is a 400 naming it.
    static func load(_ req: Request, _ c: CommunityContext) async throws -> ContributionPage {
        var part: ContributionPart?
        if let raw = req.optionalQuery("part"), !raw.isEmpty {
            guard let p = ContributionPart(rawValue: raw) else { throw AppError.badRequest(ContributionText.badPart) }
            part = p
        }
        return try await ContributionQueries(req.context).load(c, handle: req.parameters.get("handle") ?? "", part: part, after: req.after)
    }
}

/// The JSON of a member's contribution; with `part`, only that list is present.
struct ContributionOut: Content {
    /// How many assessments and the mean of each criterion (null without any).
    struct Means: Content {
        let assessments: Int, material: Double?, consciousness: Double?, mastery: Double?, maturity: Double?
        init(_ a: ScoreAggregate) {
            assessments = a.count; material = a.mean(.material); consciousness = a.mean(.consciousness); mastery = a.mean(.mastery)
            maturity = a.mean(.maturity)
        }
    }
    struct ActionOut: Content {
        let id: UUID, title: String, status: String, cycle: Int, scores: Means, wellAssessed: Bool
    }
    let handle: String, displayName: String, role: String, part: String?
    /// Their verified results and the community's, as the last credibility computation counted them.
    let results: Results, communityResults: Results
    /// The collective scores of the actions they took part in, beside the community's evaluation of all its actions.
    let actionScores: Means, communityScores: Means
    let threshold: Double
    let actions: KeysetPage<ActionOut>?, amendments: KeysetPage<ContributionAmendment>?, figures: KeysetPage<ContributionFigure>?
    let flows: KeysetPage<EconomyAPI.FlowOut>?, referrals: KeysetPage<ContributionReferral>?
    let recognitionsGiven: KeysetPage<ContributionRecognition>?, recognitionsReceived: KeysetPage<ContributionRecognition>?
    let endorsementsGiven: KeysetPage<ContributionEndorsement>?, endorsementsReceived: KeysetPage<ContributionEndorsement>?

    init(_ m: ContributionPage) {
        handle = m.member.handle; displayName = m.member.displayName; role = m.member.role.rawValue; part = m.part?.rawValue
        results = m.results; communityResults = m.communityResults
        actionScores = Means(m.mine); communityScores = Means(m.community); threshold = Double(m.threshold) / 100
        actions = m.actions?.map {
            ActionOut(id: $0.id, title: $0.title, status: $0.status.rawValue, cycle: $0.cycle, scores: Means($0.scores),
                      wellAssessed: $0.wellAssessed(threshold: m.threshold))
        }
        amendments = m.amendments; figures = m.figures; flows = m.flows?.map(EconomyAPI.FlowOut.init); referrals = m.referrals
        recognitionsGiven = m.recognitionsGiven; recognitionsReceived = m.recognitionsReceived
        endorsementsGiven = m.endorsementsGiven; endorsementsReceived = m.endorsementsReceived
    }
}

extension ContributionAmendment: Content {}
extension ContributionFigure: Content {}
extension ContributionReferral: Content {}
extension ContributionRecognition: Content {}
extension ContributionEndorsement: Content {}

/// `{"show": true}` shows a summary of one's contributions on one's profile; `false` hides it (the default).
struct SummarySetting: Content { let show: Bool? }
