import Fluent
import Vapor
import EnjeuCore
import EnjeuWeb

/// The journey's JSON API.
struct JourneyAPI {
    struct StepOut: Content { let number: Int; let key: JourneyStep; let state: StepState }
    struct JourneyOut: Content { let cycle: Int; let steps: [StepOut] }
    struct Subject: Content { let kind: String; let id: String }
    struct RecognitionOut: Content {
        let id: UUID, cycle: Int, from: String, to: Subject, label: String, message: String, criteria: [String], createdAt: Date
        /// `to.id` is a member's handle, an action's id or the community's slug, as in the request.
        init(_ r: JourneyQueries.RecognitionRow, slug: String) {
            id = r.id; cycle = r.cycle; from = r.fromHandle; label = r.toLabel; message = r.message; createdAt = r.createdAt
            criteria = r.criteria.split(separator: ",").map(String.init)
            to = Subject(kind: r.toKind.rawValue, id: r.toKind == .member ? (r.toHandle ?? "") : r.toKind == .community ? slug : r.toId.uuidString)
        }
    }
    struct Created: Content { let id: UUID }
    struct StartIn: Content { let template: String }
    struct PositionIn: Content { let position: String; let reason: String? }
    struct ProposalOut: Content {
        let id: UUID, cycle: Int, kind: ProposalKind, title: String, body: String, status: ProposalStatus, closesAt: Date, author: String
        let consents: Int, objections: Int, abstentions: Int
        init(_ p: JourneyQueries.ProposalRow) {
            id = p.id; cycle = p.cycle; kind = p.kind; title = p.title; body = p.body; status = p.status; closesAt = p.closesAt
            author = p.authorHandle; consents = p.consents; objections = p.objections; abstentions = p.abstentions
        }
    }
    struct ActionOut: Content {
        let id: UUID, cycle: Int, title: String, description: String, stake: UUID?, needs: String, dueOn: String?, status: ActionStatus
        let owner: String?, outcome: String, participants: Int, createdAt: Date
        init(_ a: JourneyQueries.ActionRow) {
            id = a.id; cycle = a.cycle; title = a.title; description = a.description; stake = a.stakeId; needs = a.needs; dueOn = a.dueOn
            status = a.status; owner = a.ownerHandle; outcome = a.outcome; participants = a.participants; createdAt = a.createdAt
        }
    }
    struct ActionDetail: Content { let action: ActionOut; let team: [JourneyQueries.Person]; let updates: [JourneyQueries.UpdateRow] }
    struct Score: Content { let mean: Double?; let count: Int }
    struct CriterionOut: Content { let key: String; let own: Score; let peers: Score; let all: Score }
    struct EvaluationOut: Content {
        let cycle: Int?
        let assessments: Int
        let criteria: [CriterionOut]
        /// Some members' assessments are left out of these figures (the open cycle's, or a cell of fewer than three members).
        let partial: Bool
    }
    struct RetroCreated: Content { let id: UUID; let amendment: UUID? }
    struct DecidedOut: Content { let status: String }
    struct CycleOut: Content { let cycle: Int }

    static func evaluation(_ own: ScoreAggregate, _ peers: ScoreAggregate, cycle: Int?, partial: Bool = false) -> EvaluationOut {
        let all = ScoreAggregate(count: own.count + peers.count, sums: zip(own.sums, peers.sums).map { $0 + $1 })
        return EvaluationOut(cycle: cycle, assessments: all.count, criteria: Criterion.allCases.map { c in
            CriterionOut(key: c.rawValue, own: Score(mean: own.mean(c), count: own.count), peers: Score(mean: peers.mean(c), count: peers.count),
                         all: Score(mean: all.mean(c), count: all.count))
        }, partial: partial)
    }

    func register(_ r: any RoutesBuilder) {
        typealias E = JourneyAPIEndpoints
        r.community(E.journey) { req, ctx in
            let q = JourneyQueries(req.context)
            let journey = try await q.journey(ctx.id)
            let cycle = journey?.cycle ?? 1
            let states = JourneyRules.states(try await q.facts(ctx.id, cycle: cycle))
            return JourneyOut(cycle: cycle, steps: JourneyStep.allCases.map { StepOut(number: $0.number, key: $0, state: states[$0] ?? .notStarted) })
        }
        r.community(E.start) { req, ctx in
            try await JourneyService(req.context).start(ctx, template: try req.content.decode(StartIn.self).template)
            return try await DecidedOut(status: "started").created(for: req)
        }
        r.community(E.nextCycle) { req, ctx in
            CycleOut(cycle: try await JourneyService(req.context).nextCycle(ctx))
        }
        r.community(E.proposals) { req, ctx in
            let current = try await JourneyService.cycle(req.db, ctx.id)
            let cycle = (req.optionalQuery("cycle", as: Int.self)) ?? current
            return try await JourneyQueries(req.context).proposals(ctx.id, cycle: cycle).map(ProposalOut.init)
        }
        r.community(E.propose) { req, ctx in
            let id = try await JourneyService(req.context).propose(ctx, try req.content.decode(JourneyService.ProposalIn.self))
            return try await Created(id: id).created(for: req)
        }
        r.community(E.position) { req, ctx in
            guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)) else { throw AppError.notFound }
            let b = try req.content.decode(PositionIn.self)
            try await JourneyService(req.context).position(ctx, proposal: id, stance: b.position, reason: b.reason ?? "")
            return DecidedOut(status: "ok")
        }
        r.community(E.decide) { req, ctx in
            guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)) else { throw AppError.notFound }
            let outcome = try await JourneyService(req.context).decide(ctx.community, proposal: id)
            return DecidedOut(status: outcome.rawValue)
        }
        r.community(E.retrospective) { req, ctx in
            let r = try await JourneyService(req.context).retrospective(ctx, try req.content.decode(JourneyService.RetrospectiveIn.self))
            return try await RetroCreated(id: r.id, amendment: r.amendment).created(for: req)
        }
        r.community(E.actions) { req, ctx in
            let page = try await JourneyQueries(req.context).actions(ctx.id, cycle: req.optionalQuery("cycle", as: Int.self),
                                                            after: req.after)
            return page.map(ActionOut.init)
        }
        r.community(E.createAction) { req, ctx in
            let id = try await JourneyService(req.context).createAction(ctx, try req.content.decode(JourneyService.ActionIn.self))
            guard let a = try await JourneyQueries.actionRow(req.db, ctx.id, id) else { throw AppError.notFound }
            return try await ActionOut(a).created(for: req)
        }
        r.community(E.actionDetail) { req, ctx in
            let q = JourneyQueries(req.context)
            let a = try await q.requireAction(ctx, req.parameters.get("id"))
            return ActionDetail(action: ActionOut(a), team: try await q.participants(a.id), updates: try await q.updates(a.id))
        }
        r.community(E.volunteer) { req, ctx in
            let a = try await JourneyQueries(req.context).requireAction(ctx, req.parameters.get("id"))
            try await JourneyService(req.context).volunteer(ctx, action: a.id)
            return ActionOut(try await JourneyQueries.actionRow(req.db, ctx.id, a.id) ?? a)
        }
        r.community(E.setStatus) { req, ctx in
            let a = try await JourneyQueries(req.context).requireAction(ctx, req.parameters.get("id"))
            try await JourneyService(req.context).setStatus(ctx, action: a.id, try req.content.decode(JourneyService.StatusIn.self))
            return ActionOut(try await JourneyQueries.actionRow(req.db, ctx.id, a.id) ?? a)
        }
        r.community(E.assess) { req, ctx in
            let id = try await JourneyService(req.context).assess(ctx, try req.content.decode(JourneyService.AssessmentIn.self))
            return try await Created(id: id).created(for: req)
        }
        r.community(E.recognize) { req, ctx in
            let id = try await JourneyService(req.context).recognize(ctx, try req.content.decode(JourneyService.RecognitionIn.self))
            return try await Created(id: id).created(for: req)
        }
        r.community(E.recognitions) { req, ctx in
            let page = try await JourneyQueries(req.context).recognitions(ctx.id, cycle: req.optionalQuery("cycle", as: Int.self),
                                                                  after: req.after)
            return page.map { RecognitionOut($0, slug: ctx.community.slug) }
        }
        r.community(E.communityEvaluation) { req, ctx in
            let cycle = req.optionalQuery("cycle", as: Int.self)
            let e = try await JourneyQueries(req.context).communityEvaluation(ctx.id, cycle: cycle)
            return Self.evaluation(e.own, e.peers, cycle: cycle, partial: e.partial)
        }
        // A member's own dashboard: readable by that member and by stewards only.
        r.community(E.memberEvaluation) { req, ctx in
            guard let target = try? await JourneyQueries(req.context).resolve(ctx, .init(kind: "member", id: req.parameters.get("handle") ?? ""), for: .assessment)
            else { throw AppError.notFound }
            guard target.id == ctx.viewer?.id || ctx.can(.steward) else { throw AppError.forbidden(.errOwnDashboard) }
            let (own, peers) = try await JourneyQueries(req.context).aggregates(ctx.id, kind: .member, subject: target.id, cycle: req.optionalQuery("cycle", as: Int.self))
            return Self.evaluation(own, peers, cycle: req.optionalQuery("cycle", as: Int.self))
        }
        r.community(E.actionEvaluation) { req, ctx in
            let a = try await JourneyQueries(req.context).requireAction(ctx, req.parameters.get("id"))
            let (own, peers) = try await JourneyQueries(req.context).aggregates(ctx.id, kind: .action, subject: a.id, cycle: nil)
            return Self.evaluation(own, peers, cycle: a.cycle)
        }
    }
}

extension Text {
    static let errOwnDashboard = Text(fr: "Le tableau de bord d’un membre n’est visible que par lui et par les animateurs.",
                                      en: "A member's dashboard is visible to that member and to stewards only.")
}
