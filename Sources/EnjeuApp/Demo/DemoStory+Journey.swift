import Fluent
import Vapor
import EnjeuCore
import EnjeuWeb

/// The six-step journey of each community: completed cycles (values, stakes and a project decided, actions done and
/// assessed by their teams, recognitions, a retrospective whose change to the governance is adopted, the next cycle
/// started), then the cycle in progress, whose last proposal is still open.
extension DemoStory {
    func walkCompletedCycles() async throws {
        for place in world.communities {
            let s = try await act(place.founder, in: place.slug, needs: .steward)
            try await JourneyService(s.context).start(s.place, template: JourneyTemplate.free.rawValue)
        }
        let completed = world.communities.map { $0.journey.cycles.count - 1 }.max() ?? 0
        for n in 0..<max(0, completed) {
            func cycle(_ place: DemoWorld.Place) -> DemoWorld.Cycle? { n < place.journey.cycles.count - 1 ? place.journey.cycles[n] : nil }
            clock.begin(daysAgo: 280, minutesPerAct: 60)
            try await decide({ cycle($0)?.proposals ?? [] })
            clock.begin(daysAgo: 262, minutesPerAct: 120)
            try await inTurns({ cycle($0)?.actions ?? [] }) { place, a in try await plan(a, in: place) }
            clock.begin(daysAgo: 205, minutesPerAct: 240)
            try await inTurns({ cycle($0)?.actions ?? [] }) { place, a in try await complete(a, in: place) }
            clock.begin(daysAgo: 198, minutesPerAct: 60)
            try await inTurns({ cycle($0)?.actions ?? [] }) { place, a in try await assess(a, in: place) }
            try await inTurns({ cycle($0)?.recognitions ?? [] }) { place, r in try await recognize(r, in: place) }
            clock.begin(daysAgo: 190, minutesPerAct: 120)
            // Each retrospective's change becomes an amendment of the governance, adopted; then the next cycle starts.
            var changes: [(Amendment, DemoWorld.Place)] = []
            for place in world.communities {
                guard let c = cycle(place) else { continue }
                guard let retro = c.retrospective else { throw DemoWorld.Problem("\(place.slug): a completed cycle ends with a retrospective") }
                changes.append((try await look(back: retro, in: place), place))
            }
            for (amendment, place) in changes { try await consent(to: amendment, in: place) }
            try await close(changes.map { ($0.0, .adopted) })
            for (_, place) in changes {
                let steward = try await act(place.founder, in: place.slug, needs: .steward)
                _ = try await JourneyService(steward.context).nextCycle(steward.place)
            }
        }
    }

    /// The cycle in progress: what it has decided so far, its actions under way, its first recognitions.
    func walkCurrentCycles() async throws {
        func current(_ place: DemoWorld.Place) -> DemoWorld.Cycle? { place.journey.cycles.last }
        try await decide({ current($0)?.proposals.filter { $0.open != true } ?? [] })
        try await inTurns({ current($0)?.actions ?? [] }) { place, a in try await plan(a, in: place) }
        try await inTurns({ current($0)?.recognitions ?? [] }) { place, r in try await recognize(r, in: place) }
    }

    /// Proposals written lately: only their authors have taken a position yet.
    func openProposals() async throws {
        try await inTurns({ $0.journey.cycles.last?.proposals.filter { $0.open == true } ?? [] }) { place, p in
            let id = try await propose(p, in: place.slug)
            try await journeyPosition(p.author, on: id, stance: .consent, reason: "", in: place.slug)
        }
    }

    /// Put forward in turns; the author and about two thirds of the members consent (and the objector objects);
    /// at the last closing time the `decisions.close-due` job's code decides them: adopted, or rejected if objected to.
    private func decide(_ proposals: (DemoWorld.Place) -> [DemoWorld.Proposal]) async throws {
        var written: [(id: UUID, proposal: DemoWorld.Proposal, place: DemoWorld.Place)] = []
        try await inTurns(proposals) { place, p in written.append((try await propose(p, in: place.slug), p, place)) }
        for (id, p, place) in written {
            for handle in speakers(place, author: p.author) where handle != p.objection?.by {
                try await journeyPosition(handle, on: id, stance: .consent, reason: "", in: place.slug)
            }
            if let o = p.objection { try await journeyPosition(o.by, on: id, stance: .object, reason: o.reason, in: place.slug) }
        }
        var closing = Date.distantPast
        for w in written { closing = max(closing, try await proposal(w.id, in: w.place).closesAt) }
        clock.advance(past: closing)
        _ = try await JourneyService(app.context(lang: lang)).closeDueProposals()
        for (id, p, place) in written {
            let status = try await proposal(id, in: place).status
            guard status == (p.objection == nil ? .adopted : .rejected) else { throw DemoWorld.Problem("\(place.slug): « \(p.title) » ended \(status.rawValue)") }
            if status == .adopted, p.kind == ProposalKind.stake.rawValue || p.kind == ProposalKind.purpose.rawValue {
                stakes["\(place.slug)|\(p.title)"] = id
            }
        }
    }

    private func proposal(_ id: UUID, in place: DemoWorld.Place) async throws -> JourneyProposal {
        guard let row = try await JourneyQueries.proposalRow(app.db, try community(place.slug), id) else { throw DemoWorld.Problem("a proposal vanished") }
        return row
    }

    private func propose(_ p: DemoWorld.Proposal, in slug: String) async throws -> UUID {
        let s = try await act(p.author, in: slug)
        return try await JourneyService(s.context).propose(s.place, .init(kind: p.kind, title: p.title, body: p.body))
    }

    private func journeyPosition(_ handle: String, on proposal: UUID, stance: Stance, reason: String, in slug: String) async throws {
        let s = try await act(handle, in: slug)
        try await JourneyService(s.context).position(s.place, proposal: proposal, stance: stance.rawValue, reason: reason)
    }

    /// Created by its first volunteer, joined by its team, started by its owner (with the latest news, if any).
    private func plan(_ a: DemoWorld.Action, in place: DemoWorld.Place) async throws {
        let s = try await act(a.team.first ?? place.founder, in: place.slug)
        let stake = try a.stake.map { title in
            guard let id = stakes["\(place.slug)|\(title)"] else { throw DemoWorld.Problem("\(place.slug): no adopted stake « \(title) »") }
            return id
        }
        let id = try await JourneyService(s.context).createAction(s.place, .init(title: a.title, description: a.description, stake: stake,
                                                                                 needs: a.needs, dueOn: nil))
        actions["\(place.slug)|\(a.title)"] = id
        for handle in a.team {
            let v = try await act(handle, in: place.slug)
            try await JourneyService(v.context).volunteer(v.place, action: id)
        }
        guard let owner = a.team.first, a.status != ActionStatus.planned.rawValue else { return }
        try await move(id, to: .inProgress, note: "", by: owner, in: place.slug)
        if a.status == ActionStatus.inProgress.rawValue, let news = a.note { try await move(id, to: .inProgress, note: news, by: owner, in: place.slug) }
    }

    /// Done with its outcome, or dropped with its reason.
    private func complete(_ a: DemoWorld.Action, in place: DemoWorld.Place) async throws {
        guard let status = ActionStatus(rawValue: a.status), status == .done || status == .dropped else { return }
        try await move(try action(a.title, in: place), to: status, note: a.note ?? "", by: a.team.first ?? place.founder, in: place.slug)
    }

    private func move(_ action: UUID, to status: ActionStatus, note: String, by handle: String, in slug: String) async throws {
        let s = try await act(handle, in: slug)
        try await JourneyService(s.context).setStatus(s.place, action: action, .init(status: status.rawValue, note: note))
    }

    /// Each participant assesses the done action, and each of the others (peer assessments); scores vary around the
    /// action's, one point up or down.
    private func assess(_ a: DemoWorld.Action, in place: DemoWorld.Place) async throws {
        guard a.status == ActionStatus.done.rawValue else { return }
        let id = try action(a.title, in: place)
        let base = a.scores ?? [3, 3, 3, 3]
        guard base.count == Criterion.allCases.count else { throw DemoWorld.Problem("\(place.slug): « \(a.title) » scores are four numbers") }
        func around(_ k: Int, _ j: Int) -> Scores {
            let s = base.indices.map { c in min(4, max(0, base[c] + (k + 2 * j + c) % 3 - 1)) }
            return Scores(material: s[0], consciousness: s[1], mastery: s[2], maturity: s[3])
        }
        for (k, assessor) in a.team.enumerated() {
            let s = try await act(assessor, in: place.slug)
            let journey = JourneyService(s.context)
            _ = try await journey.assess(s.place, .init(subject: .init(kind: JourneySubjectKind.action.rawValue, id: id.uuidString), scores: around(k, 0), comment: nil))
            for (j, peer) in a.team.enumerated() where j != k {
                _ = try await journey.assess(s.place, .init(subject: .init(kind: JourneySubjectKind.member.rawValue, id: peer), scores: around(k, j + 1), comment: nil))
            }
        }
    }

    private func recognize(_ r: DemoWorld.Recognition, in place: DemoWorld.Place) async throws {
        let s = try await act(r.from, in: place.slug)
        let to: JourneyService.Subject = r.to.hasPrefix("@")
            ? .init(kind: JourneySubjectKind.member.rawValue, id: String(r.to.dropFirst()))
            : .init(kind: JourneySubjectKind.action.rawValue, id: try action(r.to, in: place).uuidString)
        _ = try await JourneyService(s.context).recognize(s.place, .init(to: to, message: r.message, criteria: r.criteria))
    }

    /// The retrospective, whose change is proposed as an amendment of the governance section.
    private func look(back retro: DemoWorld.Retrospective, in place: DemoWorld.Place) async throws -> Amendment {
        let s = try await act(retro.author, in: place.slug)
        let written = try await JourneyService(s.context).retrospective(s.place, .init(worked: retro.worked, didNot: retro.didNot, change: retro.change))
        guard let id = written.amendment, let amendment = try await Amendment.find(id, on: app.db) else {
            throw DemoWorld.Problem("\(place.slug): a completed cycle's retrospective proposes a change")
        }
        return amendment
    }

    private func action(_ title: String, in place: DemoWorld.Place) throws -> UUID {
        guard let id = actions["\(place.slug)|\(title)"] else { throw DemoWorld.Problem("\(place.slug): no action « \(title) »") }
        return id
    }
}
