import Fluent
import Vapor
import EnjeuCore
import EnjeuWeb

/// What each journey page shows, read in full before any HTML is written (`JourneyViews` renders it).
extension JourneyQueries {
    func overviewPage(_ ctx: CommunityContext, form: FormState) async throws -> JourneyOverview {
        let journey = try await self.journey(ctx.id)
        let cycle = journey?.cycle ?? 1
        let facts = try await self.facts(ctx.id, cycle: cycle)
        let proposals = try await self.proposals(ctx.id, cycle: cycle)
        let actions = try await self.actions(ctx.id, cycle: cycle, after: nil, limit: 20).items
        let retrospectives = try await self.retrospectives(ctx.id, cycle: cycle)
        return JourneyOverview(place: CommunityPlace(ctx), cycle: cycle, started: journey != nil, states: JourneyRules.states(facts),
                               canStartNextCycle: JourneyRules.canStartNextCycle(facts), proposals: proposals, actions: actions,
                               retrospectives: retrospectives, form: form)
    }

    /// Every action, and the cycle's adopted stakes and purposes a new one may serve.
    func actionsPage(_ ctx: CommunityContext, after: String?, form: FormState) async throws -> JourneyActionList {
        let page = try await actions(ctx.id, cycle: nil, after: after)
        let cycle = try await JourneyService.cycle(db, ctx.id)
        let stakes = try await proposals(ctx.id, cycle: cycle).filter { ($0.kind == .stake || $0.kind == .purpose) && $0.status == .adopted }
        return JourneyActionList(place: CommunityPlace(ctx), actions: page, stakes: stakes, form: form)
    }

    func actionPage(_ ctx: CommunityContext, id: String?, form: FormState) async throws -> JourneyActionDetail {
        let a = try await requireAction(ctx, id)
        let team = try await self.participants(a.id)
        let updates = try await self.updates(a.id)
        let figures = try await self.figures(ctx.id, kind: .action, subject: a.id)
        return JourneyActionDetail(place: CommunityPlace(ctx), action: a, team: team, updates: updates, figures: figures, form: form)
    }

    /// Actions per cycle, plus only the members' cells `EvaluationRelease` publishes — the same figures as the API.
    func evaluationPage(_ ctx: CommunityContext) async throws -> JourneyEvaluation {
        let actions = try await cycleAggregates(ctx.id)
        let release = try await memberRelease(ctx.id, cycle: nil)
        func figures(_ cycle: Int?) -> JourneyFigures {
            let members = release.members(cycle: cycle)
            let mine = actions.filter { cycle == nil || $0.cycle == cycle }
            return JourneyFigures(own: mine.filter(\.selfAssessed).map(\.aggregate).reduce(members.own, +),
                                  peers: mine.filter { !$0.selfAssessed }.map(\.aggregate).reduce(members.peers, +))
        }
        let cycles = Set(actions.map(\.cycle) + release.cycles).sorted().map { JourneyCycleFigures(cycle: $0, figures: figures($0)) }
        return JourneyEvaluation(place: CommunityPlace(ctx), withholds: release.withholds(cycle: nil), overall: figures(nil), cycles: cycles)
    }

    /// A member's own figures: theirs and the stewards' only.
    func dashboardPage(_ ctx: CommunityContext, handle: String) async throws -> JourneyDashboard {
        let target = try await requireMember(ctx, handle)
        guard target.id == ctx.viewer?.id || ctx.can(.steward) else { throw AppError.forbidden(.errOwnDashboard) }
        let figures = try await self.figures(ctx.id, kind: .member, subject: target.id)
        return JourneyDashboard(place: CommunityPlace(ctx), label: target.label, isOwn: target.id == ctx.viewer?.id, figures: figures)
    }

    func memberAssessmentPage(_ ctx: CommunityContext, handle: String) async throws -> JourneyMemberAssessment {
        let target = try await requireMember(ctx, handle)
        return JourneyMemberAssessment(place: CommunityPlace(ctx), handle: handle, label: target.label)
    }

    func wallPage(_ ctx: CommunityContext, after: String?, form: FormState) async throws -> JourneyWall {
        let page = try await recognitions(ctx.id, cycle: nil, after: after)
        let balance = try await recognitionBalance(ctx.id)
        return JourneyWall(place: CommunityPlace(ctx), recognitions: page, balance: balance, form: form)
    }

    /// A cycle's restitution (`cycle` clamped to the cycles there have been; the current one when nil).
    func cycleReport(_ ctx: CommunityContext, cycle requested: Int?) async throws -> JourneyCycleReport {
        let current = try await JourneyService.cycle(db, ctx.id)
        let cycle = min(max(1, requested ?? current), current)
        let actions = try await self.actions(ctx.id, cycle: cycle, after: nil, limit: 2_000).items
        let teams = try await participants(of: actions.map(\.id))
        let (own, peers, partial) = try await communityEvaluation(ctx.id, cycle: cycle)
        let states = JourneyRules.states(try await facts(ctx.id, cycle: cycle))
        let proposals = try await self.proposals(ctx.id, cycle: cycle)
        let recognitions = try await self.recognitions(ctx.id, cycle: cycle, after: nil, limit: 2_000).items
        let period = try await self.period(ctx.community, cycle: cycle, current: current)
        return JourneyCycleReport(place: CommunityPlace(ctx), cycle: cycle, states: states, proposals: proposals,
                                  actions: actions.map { .init(action: $0, team: teams[$0.id] ?? []) },
                                  figures: JourneyFigures(own: own, peers: peers), partial: partial, recognitions: recognitions,
                                  period: period)
    }
}
