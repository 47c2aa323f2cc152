import Fluent
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// Tells the demo world as its members would have lived it over the past eleven months, through the services the
/// pages call (each act checked against the access policy, as the gate would), so the data is exactly what people
/// could have created. A story clock stands in for the application's clock meanwhile: every row is dated when it
/// happened in the story, ids follow it (keyset order is story order), and decisions close as the rules say.
/// At the end, with the real clock back, credibility and reliability are computed as the scheduled jobs do.
final class DemoStory {
    let app: Application
    let world: DemoWorld
    let lang: Lang
    let clock: StoryClock
    var users: [String: User] = [:]
    var communities: [String: UUID] = [:]
    /// Journey proposals (adopted stakes and purposes) and actions by "slug|title", for the rows that name them.
    var stakes: [String: UUID] = [:]
    var actions: [String: UUID] = [:]
    /// How many decisions members have spoken on: each time a different two thirds of them speak.
    private var decisions = 0

    init(_ world: DemoWorld, lang: Lang, app: Application) {
        self.app = app
        self.world = world
        self.lang = lang
        self.clock = StoryClock(end: Date())
    }

    /// Loads the world; `passwordHash` is every demo account's password, hashed once.
    func tell(passwordHash: String) async throws {
        let real = app.enjeu
        var story = real
        story.now = { [clock] in clock.now }
        story.ids = IDGenerator(now: { [clock] in clock.now })
        // A demo being loaded need not survive a power cut: its 1,300 SQLite transactions do not each wait for the
        // disk (NORMAL keeps the file sound).
        story.sqliteSynchronous = real.sqliteSynchronous == .off ? .off : .normal
        app.enjeu = story
        do {
            try await live(passwordHash)
            // The notifications of whole communities are written after their transactions: all of them before we end.
            await app.fanOutPump.settle()
        } catch {
            back(to: real)
            throw error
        }
        back(to: real)
        try await computeTrust()
    }

    private func back(to real: EnjeuConfig) {
        clock.finish()
        var config = app.enjeu
        config.now = real.now
        config.ids = real.ids
        config.sqliteSynchronous = real.sqliteSynchronous
        app.enjeu = config
    }

    /// The phases of the story, in the order they happened.
    private func live(_ passwordHash: String) async throws {
        clock.begin(daysAgo: 330, minutesPerAct: 60)
        try await gatherPeople(passwordHash)
        // When each phase began (days before today), the time between two of its acts, and what happened.
        let phases: [(daysAgo: Double, minutesPerAct: Double, run: () async throws -> Void)] = [
            (320, 120, found), (300, 120, writeCodes), (285, 60, walkCompletedCycles), (175, 480, gatherFigures), (120, 720, trade), (90, 240, federate),
            (75, 120, raceAmendments), (60, 180, walkCurrentCycles), (34, 480, endorse),
            (8, 180, { try await self.welcomeNewcomers(); try await self.converse() }),
            (1, 30, { try await self.openDecisions(); try await self.askToJoin() }),
        ]
        for phase in phases {
            clock.begin(daysAgo: phase.daysAgo, minutesPerAct: phase.minutesPerAct)
            try await phase.run()
        }
        if clock.ranIntoThePresent { app.logger.warning("demo: the story ran into the present; its last acts share one minute (shorten a phase)") }
    }

    /// Credibility first (reliability takes it as its prior), then reliability relearned and every estimate with it,
    /// then credibility again for what relearning confirmed: the scheduled jobs' own code, run now.
    private func computeTrust() async throws {
        let context = app.context(lang: lang)
        let ids = try world.communities.map { try community($0.slug) }
        for id in ids { try await CredibilityService(context).recompute(id) }
        for id in ids {
            // The background job may be relearning this community at this very moment: wait for it, then relearn.
            for attempt in 1... {
                do {
                    _ = try await FiguresService(context).refresh(community: id)
                    break
                } catch AppError.conflict where attempt < 100 {
                    try await Task.sleep(for: .milliseconds(100))
                }
            }
        }
        _ = try await CredibilityService(context).recomputeDue()
    }

    // MARK: Acting as a member

    /// One member acting in one community: the community as it stands now, the member's relation to it, and a
    /// service context on their behalf. The clock moves on by one act.
    struct Scene {
        let context: ServiceContext
        let place: CommunityContext
    }

    func act(_ handle: String, in slug: String, needs capability: Capability = .contribute) async throws -> Scene {
        clock.tick()
        let viewer = try self.viewer(handle)
        let id = try community(slug)
        // What the gate reads, in one query: the community as it stands, and the member's row.
        guard let row = try await sql(app.db).raw("""
            SELECT \(Community.columns), m.role, m.status, m.accepted_charter_version, 0 AS pending
            FROM communities c LEFT JOIN memberships m ON m.community_id = c.id AND m.user_id = \(bind: viewer.id) WHERE c.id = \(bind: id)
            """).first() else { throw DemoWorld.Problem("\(slug) vanished") }
        let community = Community(row: try row.decode(model: Community.Row.self))
        var relation = ViewerRelation.outsider
        if let m = try row.decode(model: MembershipRow.self) as MembershipRow?, let role = m.role, let status = m.status {
            relation = .member(role: role, status: status, charterCurrent: (m.acceptedCharterVersion ?? 0) >= community.charterVersion)
        }
        let place = CommunityContext(community: community, relation: relation, viewer: viewer)
        guard place.can(capability) else { throw DemoWorld.Problem("@\(handle) may not \(capability) in \(slug)") }
        return Scene(context: context(viewer), place: place)
    }

    func context(_ viewer: Viewer) -> ServiceContext {
        ServiceContext(app: app, db: app.db, viewer: viewer, lang: lang, logger: app.logger)
    }

    func viewer(_ handle: String) throws -> Viewer {
        guard let u = users[handle], let id = u.id else { throw DemoWorld.Problem("nobody is called @\(handle)") }
        return Viewer(id: id, handle: handle, displayName: u.displayName, lang: u.lang, sessionID: nil)
    }

    func handle(_ user: UUID) throws -> String {
        guard let u = users.values.first(where: { $0.id == user }) else { throw DemoWorld.Problem("no demo person has id \(user)") }
        return u.handle
    }

    /// Who takes a position on a decision: its author first, then about two thirds of the other active members.
    func speakers(_ place: DemoWorld.Place, author: String) -> [String] {
        decisions += 1
        return [author] + place.active.enumerated().filter { $0.element != author && ($0.offset + decisions) % 3 != 0 }.map(\.element)
    }

    func community(_ slug: String) throws -> UUID {
        guard let id = communities[slug] else { throw DemoWorld.Problem("no community \(slug)") }
        return id
    }

    /// The story's today, as forms take dates.
    var today: String { FigureDate.day(clock.now) }

    /// Runs each community's steps in turns, one step of each, so that lives lived in parallel interleave in time.
    func inTurns<T>(_ steps: (DemoWorld.Place) -> [T], _ step: (DemoWorld.Place, T) async throws -> Void) async throws {
        let lists = world.communities.map { ($0, steps($0)) }
        for i in 0..<(lists.map(\.1.count).max() ?? 0) {
            for (place, items) in lists where i < items.count { try await step(place, items[i]) }
        }
    }

    // MARK: People and communities

    /// Accounts are written directly (one password hash for all: bcrypt per account would take seconds each),
    /// with profiles checked as the profile form checks them.
    private func gatherPeople(_ passwordHash: String) async throws {
        let now = clock.now
        let people = try world.people.map { p in
            let profile = try ProfileDraft(displayName: p.name, bio: p.bio, values: p.values, skills: p.skills, lang: lang.rawValue)
                .validated().mapError(AppError.invalid).get()
            let u = User(id: app.enjeu.ids.next(), handle: p.handle, displayName: profile.displayName, email: "\(p.handle)@demo.enjeu.local",
                         passwordHash: passwordHash, lang: profile.lang, createdAt: now)
            u.bio = profile.bio
            u.valuesHeld = profile.values
            u.skills = profile.skills
            u.emailVerifiedAt = now
            return u
        }
        try await app.context(lang: lang).write { db in
            try await people.create(on: db)
            // Written as the account page writes a profile: with the terms matching reads (`SocialIndexes`).
            for u in people { try await SocialIndexes.profileChanged(db, user: try u.requireID(), values: u.valuesHeld, skills: u.skills) }
        }
        for u in people { users[u.handle] = u }
    }

    /// Each founder creates the community; members ask to join, are approved and accept the charter; stewards are promoted.
    private func found() async throws {
        for place in world.communities {
            let draft = CommunityDraft(slug: place.slug, name: place.name, purpose: place.purpose, perimeter: place.perimeter, rhythm: place.rhythm,
                                       stage: place.stage, visibility: place.visibility, charter: place.charter)
            let valid = try draft.validated().mapError(AppError.invalid).get()
            clock.tick()
            let founder = try viewer(place.founder)
            communities[place.slug] = try await CommunityService(context(founder)).create(valid, founder: founder).id
        }
        try await inTurns({ $0.stewards + $0.members }) { place, handle in
            try await join(handle, place, message: "")
            let s = try await act(handle, in: place.slug, needs: .acceptCharter)
            try await CommunityService(s.context).acceptCharter(s.place, version: s.place.community.charterVersion)
        }
        // Stewards are named by the community's decision: the founder proposes each, everyone present consents.
        try await inTurns(\.stewards) { place, handle in
            let s = try await act(place.founder, in: place.slug, needs: .contribute)
            struct R: Decodable { let id: UUID }
            guard let role = try await app.db.row("""
                SELECT id FROM community_roles WHERE community_id = \(bind: s.place.id) AND builtin = \(bind: Role.steward.rawValue)
                """, as: R.self) else { throw DemoWorld.Problem("\(place.slug) has no steward role") }
            let proposal = try await ProposalService(s.context).proposeAssignment(s.place, role: role.id, handle: handle, action: .assign, reason: "")
            for who in place.active {
                let p = try await act(who, in: place.slug)
                try await CodeService(p.context).position(p.place, proposal, stance: Stance.consent.rawValue, reason: "")
            }
            let d = try await act(place.founder, in: place.slug, needs: .applyDecisions)
            guard try await CodeService(d.context).decide(d.place, proposal.requireID()).status == .adopted else {
                throw DemoWorld.Problem("\(handle) was not named steward of \(place.slug)")
            }
        }
    }

    /// Asks to join, and is approved by the founder.
    private func join(_ handle: String, _ place: DemoWorld.Place, message: String) async throws {
        let s = try await act(handle, in: place.slug, needs: .requestToJoin)
        let request = try await CommunityService(s.context).requestJoin(s.place, message: message)
        let steward = try await act(place.founder, in: place.slug, needs: .steward)
        try await CommunityService(steward.context).approve(steward.place, requestID: request.requireID())
    }

    /// Newcomers approved lately, who have not accepted the charter yet.
    private func welcomeNewcomers() async throws {
        try await inTurns(\.awaitingCharter) { place, handle in try await join(handle, place, message: "") }
    }

    /// Requests still waiting for a steward.
    private func askToJoin() async throws {
        try await inTurns(\.pending) { place, request in
            let s = try await act(request.who, in: place.slug, needs: .requestToJoin)
            _ = try await CommunityService(s.context).requestJoin(s.place, message: request.message)
        }
    }
}

/// The application's clock while the story is told: a time in the story, moved on by each act and never up to the
/// present; once `finish`ed, the real clock.
final class StoryClock: @unchecked Sendable {
    private let lock = NSLock()
    private let end: Date
    private var story: Date?
    private var step: TimeInterval = 60
    private var crowded = false

    init(end: Date) { self.end = end }

    var now: Date { lock.withLock { story ?? Date() } }

    /// A phase starts `days` before the end, or when the previous one ended if that was later.
    func begin(daysAgo days: Double, minutesPerAct minutes: Double) {
        lock.withLock {
            let start = end.addingTimeInterval(-days * 86_400)
            story = max(story ?? start, start)
            step = minutes * 60
        }
    }

    /// One act later (two milliseconds at least, so ids keep their order), stopping a minute short of the present.
    func tick() {
        lock.withLock {
            guard let t = story else { return }
            let next = t.addingTimeInterval(step)
            crowded = crowded || next > end.addingTimeInterval(-60)
            story = max(min(next, end.addingTimeInterval(-60)), t.addingTimeInterval(0.002))
        }
    }

    /// Whether acts were squeezed into the last minute because the phases ran into the present (shorten a phase).
    var ranIntoThePresent: Bool { lock.withLock { crowded } }

    /// Just past `date` (a closing time), if the story has not passed it yet.
    func advance(past date: Date) {
        lock.withLock {
            guard let t = story else { return }
            story = max(t, min(date.addingTimeInterval(60), end.addingTimeInterval(-60)))
        }
    }

    func finish() { lock.withLock { story = nil } }
}
