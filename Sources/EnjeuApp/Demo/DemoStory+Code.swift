import Fluent
import Vapor
import EnjeuCore
import EnjeuWeb

/// The #CodeSocial of each community: its first revisions, two amendments racing on the same lines (the second ends in
/// conflict), facts and self-diagnoses, and one amendment still open with the positions taken so far. Amendments are
/// decided at their closing time by the scheduled job's own code, as they would be.
extension DemoStory {
    func writeCodes() async throws {
        for round in 0..<(world.communities.map(\.code.revisions.count).max() ?? 0) {
            var written: [(Amendment, DemoWorld.Place)] = []
            for place in world.communities where round < place.code.revisions.count {
                written.append((try await propose(place.code.revisions[round], in: place.slug), place))
            }
            for (amendment, place) in written { try await consent(to: amendment, in: place) }
            try await close(written.map { ($0.0, .adopted) })
        }
    }

    func raceAmendments() async throws {
        var races: [(first: Amendment, second: Amendment, place: DemoWorld.Place)] = []
        for place in world.communities {
            let race = place.code.race
            guard race.count == 2 else { throw DemoWorld.Problem("\(place.slug): a race is two amendments") }
            // Both written on the same revision, the first a little earlier: it closes first.
            races.append((try await propose(race[0], in: place.slug), try await propose(race[1], in: place.slug), place))
        }
        for r in races {
            try await consent(to: r.first, in: r.place)
            try await consent(to: r.second, in: r.place)
        }
        for r in races { try await close([(r.first, .adopted)]) }
        try await close(races.map { ($0.second, .conflict) })
        try await inTurns(\.code.facts) { place, f in
            let s = try await act(f.by, in: place.slug)
            _ = try await CodeService(s.context).addFact(s.place, .init(section: f.section, kind: f.url == nil ? FactKind.note.rawValue : FactKind.link.rawValue,
                                                                      url: f.url, note: f.note, date: today, stance: f.stance))
        }
        try await inTurns(\.code.diagnoses) { place, d in
            let s = try await act(d.by, in: place.slug)
            try await CodeService(s.context).diagnose(s.place, section: d.section, rating: d.rating, comment: "")
        }
    }

    /// The amendments still open, and the journeys' proposals still open, both closing after today.
    func openDecisions() async throws {
        for place in world.communities {
            let open = place.code.open
            let amendment = try await propose(open, in: place.slug)
            for p in open.positions ?? [] { try await position(amendment, p, in: place.slug) }
        }
        try await openProposals()
    }

    /// Written by its author on the code as it stands: whole sections, and line edits of the current text.
    func propose(_ a: DemoWorld.Amendment, in slug: String) async throws -> Amendment {
        let s = try await act(a.author, in: slug)
        let head = s.place.community.codeRevision
        let code = try await CodeQueries(s.context).snapshot(s.place.id, at: head)
        var bodies = a.sections ?? [:]
        for edit in a.edits ?? [] {
            guard let key = SectionKey(rawValue: edit.section) else { throw DemoWorld.Problem("\(slug): no section \(edit.section)") }
            var lines = TextDiff.lines(bodies[edit.section] ?? code[key])
            guard let at = lines.firstIndex(of: edit.replace) else {
                throw DemoWorld.Problem("\(slug): « \(edit.replace) » is not a line of \(edit.section) at r\(head)")
            }
            lines[at] = edit.with
            bodies[edit.section] = lines.joined(separator: "\n")
        }
        let changes = bodies.sorted { $0.key < $1.key }.map { CodeService.Change(section: $0.key, body: $0.value) }
        return try await CodeService(s.context).propose(s.place, baseRevision: head, summary: a.summary, reason: a.reason, changes: changes)
    }

    /// Its author and about two thirds of the other members consent (enough for the quorum, not everyone).
    func consent(to amendment: Amendment, in place: DemoWorld.Place) async throws {
        for handle in speakers(place, author: try handle(amendment.$author.id)) {
            try await position(amendment, .init(by: handle, stance: Stance.consent.rawValue, reason: nil), in: place.slug)
        }
    }

    /// Once the last closing time has passed, the `decisions.close-due` job's code decides; each must end as expected.
    func close(_ expected: [(Amendment, AmendmentStatus)]) async throws {
        guard let last = expected.map(\.0.closesAt).max() else { return }
        clock.advance(past: last)
        _ = try await CodeService(app.context(lang: lang)).closeDueAmendments()
        for (amendment, status) in expected {
            let decided = try await Amendment.find(amendment.requireID(), on: app.db)?.status
            guard decided == status else { throw DemoWorld.Problem("« \(amendment.summary) » ended \(decided?.rawValue ?? "nowhere"), not \(status.rawValue)") }
        }
    }

    func position(_ amendment: Amendment, _ p: DemoWorld.Position, in slug: String) async throws {
        let s = try await act(p.by, in: slug)
        try await CodeService(s.context).position(s.place, amendment, stance: p.stance, reason: p.reason ?? "")
    }
}
