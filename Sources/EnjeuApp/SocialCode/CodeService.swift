import Fluent
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// Every change to a #CodeSocial, each in one write transaction.
struct CodeService {
    let context: ServiceContext

    init(_ context: ServiceContext) { self.context = context }

    struct Change: Content, Sendable { let section: String; let body: String }

    /// `alongside` runs in the same transaction, after the amendment is written (a retrospective records it with it).
    func propose(_ ctx: CommunityContext, baseRevision: Int, summary: String, reason: String, changes: [Change],
                 alongside: (@Sendable (any Database, UUID) async throws -> Void)? = nil) async throws -> Amendment {
        let viewer = try ctx.requireViewer()
        let head = ctx.community.codeRevision
        guard (0...head).contains(baseRevision) else { throw AppError.invalid(Violations(.version, .notAChoice)) }
        let base = try await CodeQueries(context).snapshot(ctx.id, at: baseRevision)
        let bodies = try AmendmentRules.validate(summary: summary, reason: reason, changes: changes.map { ($0.section, $0.body) }, base: base)
            .mapError(AppError.invalid).get()
        let now = context.now
        let closes = now.addingTimeInterval(Double(ctx.community.codeOpenDays) * 86_400)
        // The notifications it sends are announced live once the transaction commits.
        return try await context.writeAnnouncing { db in
            let a = Amendment()
            a.id = context.newID()
            a.communityID = ctx.id
            a.$author.id = viewer.id
            a.baseRevision = baseRevision
            a.summary = summary.trimmingCharacters(in: .whitespacesAndNewlines)
            a.reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
            a.status = .open
            a.textVersion = 1
            a.closesAt = closes
            a.createdAt = now
            // Every field is written: Fluent inserts an unset one as NULL, whatever the column's default.
            a.kind = .code
            a.payload = ""
            a.authority = ""
            try await a.create(on: db)
            for (key, body) in bodies {
                try await AmendmentChange(id: context.newID(), amendmentID: a.id!, communityID: ctx.id, section: key, body: body, textVersion: 1).create(on: db)
            }
            try await alongside?(db, a.id!)
            // Every active member is asked for a position.
            try await Notify.everyone(db, app: context.app, community: ctx.id, kind: .decision, actor: viewer.handle, actorID: viewer.id,
                                      subject: NotificationView.excerpt(a.summary), link: CodeEndpoints.amendment.path(ctx.community.slug, a.id!),
                                      now: a.createdAt)
            return a
        }
    }

    /// The author rewrites an open (or conflicting) amendment on top of the current code: a rebase.
    func revise(_ ctx: CommunityContext, _ a: Amendment, summary: String, reason: String, changes: [Change]) async throws {
        let viewer = try ctx.requireViewer()
        guard a.$author.id == viewer.id else { throw AppError.forbidden(CodeText.errAuthorOnly.text) }
        guard a.status == .open || a.status == .conflict else { throw AppError.conflict(CommonText.errAlreadyDecided.text) }
        let head = ctx.community.codeRevision
        let base = try await CodeQueries(context).snapshot(ctx.id, at: head)
        let bodies = try AmendmentRules.validate(summary: summary, reason: reason, changes: changes.map { ($0.section, $0.body) }, base: base)
            .mapError(AppError.invalid).get()
        let closes = context.now.addingTimeInterval(Double(ctx.community.codeOpenDays) * 86_400)
        try await context.write { db in
            let next = a.textVersion + 1
            let done = try await sql(db).raw("""
                UPDATE amendments SET text_version = \(bind: next), base_revision = \(bind: head), status = \(bind: AmendmentStatus.open.rawValue),
                  summary = \(bind: summary.trimmingCharacters(in: .whitespacesAndNewlines)),
                  reason = \(bind: reason.trimmingCharacters(in: .whitespacesAndNewlines)), closes_at = \(bind: closes)
                WHERE id = \(bind: a.id!) AND text_version = \(bind: a.textVersion) AND \(Self.undecided) RETURNING id
                """).first()
            guard done != nil else { throw AppError.conflict(CommonText.errStale.text) }
            for (key, body) in bodies {
                try await AmendmentChange(id: context.newID(), amendmentID: a.id!, communityID: ctx.id, section: key, body: body, textVersion: next).create(on: db)
            }
        }
    }

    func withdraw(_ ctx: CommunityContext, _ a: Amendment) async throws {
        let viewer = try ctx.requireViewer()
        guard a.$author.id == viewer.id else { throw AppError.forbidden(CodeText.errAuthorOnly.text) }
        let now = context.now
        try await context.write { db in
            let done = try await sql(db).raw("""
                UPDATE amendments SET status = \(bind: AmendmentStatus.withdrawn.rawValue), decided_at = \(bind: now)
                WHERE id = \(bind: a.id!) AND \(Self.undecided) RETURNING id
                """).first()
            guard done != nil else { throw AppError.conflict(CommonText.errAlreadyDecided.text) }
        }
    }

    /// A new position replaces the member's previous one, which stays in the history.
    func position(_ ctx: CommunityContext, _ a: Amendment, stance raw: String, reason rawReason: String) async throws {
        let viewer = try ctx.requireViewer()
        guard let stance = Stance(rawValue: raw) else { throw AppError.invalid(Violations(.stance, .notAChoice)) }
        let reason = rawReason.trimmingCharacters(in: .whitespacesAndNewlines)
        // An objection must say what harm it foresees.
        if stance == .object && reason.count < 10 { throw AppError.invalid(Violations(.reason, .tooShort(min: 10))) }
        if reason.count > 5_000 { throw AppError.invalid(Violations(.reason, .tooLong(max: 5_000))) }
        guard a.status == .open else { throw AppError.conflict(CommonText.errAlreadyDecided.text) }
        try await context.write { db in
            let stillOpen = try await Amendment.query(on: db).filter(\.$id == a.id!).filter(\.$status == .open).first()
            guard let current = stillOpen else { throw AppError.conflict(CommonText.errAlreadyDecided.text) }
            try await sql(db).raw("""
                UPDATE amendment_positions SET current = \(bind: false)
                WHERE amendment_id = \(bind: a.id!) AND user_id = \(bind: viewer.id) AND current = \(bind: true)
                """).run()
            let p = AmendmentPosition()
            p.id = context.newID()
            p.amendmentID = a.id!
            p.communityID = ctx.id
            p.$user.id = viewer.id
            p.stance = stance
            p.reason = reason
            p.textVersion = current.textVersion
            p.current = true
            p.createdAt = context.now
            // The partial unique index refuses a second current position sent concurrently.
            try await p.create(on: db, orIfTaken: .conflict(CommonText.errStale.text))
        }
    }

    func comment(_ ctx: CommunityContext, _ a: Amendment, body raw: String) async throws {
        let viewer = try ctx.requireViewer()
        let body = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if body.isEmpty { throw AppError.invalid(Violations(.comment, .required)) }
        if body.count > 10_000 { throw AppError.invalid(Violations(.comment, .tooLong(max: 10_000))) }
        let c = AmendmentComment()
        c.id = context.newID()
        c.amendmentID = a.id!
        c.communityID = ctx.id
        c.$author.id = viewer.id
        c.body = body
        c.createdAt = context.now
        try await context.write { db in try await c.create(on: db) }
    }

    struct Decided: Content, Sendable {
        let status: AmendmentStatus
        let revision: Int?
        let tally: Tally?
    }

    func decide(_ ctx: CommunityContext, _ id: UUID) async throws -> Decided {
        try await decide(communityID: ctx.id, amendmentID: id, now: context.now, by: ctx.viewer?.id, authority: DecisionAuthority.of(ctx).rawValue)
    }

    /// Applies the community's rule to an amendment now. Adoption bumps the code's revision with a conditional
    /// update; if another adoption won the race, the whole decision is replayed against the new head, where the
    /// change merges three-way or is marked in conflict. No adopted change is lost or applied twice.
    /// `by` and `authority`: who applied it and on what authority (`DecisionAuthority`), kept on the record; nil and
    /// `closing` for the closing job. A governance proposal whose effect no longer applies is marked `conflict`.
    func decide(communityID: UUID, amendmentID: UUID, now: Date, by: UUID? = nil,
                authority: String = DecisionAuthority.closing.rawValue) async throws -> Decided {
        for _ in 0..<8 {
            do {
                return try await context.writeAnnouncing { db in
                    try await decideOnce(db, communityID: communityID, amendmentID: amendmentID, now: now, by: by, authority: authority)
                }
            } catch is LostRace { continue }
            catch is ProposalEffects.NoLongerApplies {
                // Rolled back with the effect's writes: only the proposal's status changes.
                let tally = try await context.write { db -> Tally? in
                    guard let a = try await Amendment.find(amendmentID, on: db), let c = try await Community.find(communityID, on: db) else { return nil }
                    let t = try await CodeQueries(db: db).tally(a, c)
                    do { try await Self.setStatus(db, a, .conflict, revision: nil, now: now, by: by, authority: authority) }
                    catch is LostRace { throw AppError.conflict(CommonText.errAlreadyDecided.text) }
                    return t
                }
                return Decided(status: .conflict, revision: nil, tally: tally)
            }
        }
        throw AppError.conflict(CommonText.errStale.text)
    }

    struct LostRace: Error {}

    private func decideOnce(_ db: any Database, communityID: UUID, amendmentID: UUID, now: Date, by: UUID?,
                            authority: String) async throws -> Decided {
        guard let community = try await Community.find(communityID, on: db),
              let a = try await Amendment.query(on: db).filter(\.$id == amendmentID).filter(\.$communityID == communityID).first()
        else { throw AppError.notFound }
        guard a.status == .open else { throw AppError.conflict(CommonText.errAlreadyDecided.text) }
        let policy = community.decisionPolicy
        // Inside the transaction: the reads must see its writes, not the snapshot cache.
        let queries = CodeQueries(db: db)
        let tally = try await queries.tally(a, community)
        switch DecisionEngine.decide(tally, policy: policy, closesAt: a.closesAt, now: now) {
        case .open:
            return Decided(status: .open, revision: nil, tally: tally)
        case .rejected:
            try await Self.setStatus(db, a, .rejected, revision: nil, now: now, by: by, authority: authority)
            return Decided(status: .rejected, revision: nil, tally: tally)
        case .adopted where a.kind != .code:
            a.decidedBy = by
            // Claimed first: a second decision at once waits here (PostgreSQL) and finds it decided, never applying it twice.
            try await Self.setStatus(db, a, .adopted, revision: nil, now: now, by: by, authority: authority)
            try await ProposalEffects.apply(db, a, ctx: context, now: now)
            return Decided(status: .adopted, revision: nil, tally: tally)
        case .adopted:
            let head = community.codeRevision
            let proposal = try await queries.changes(a)
            var bodies = proposal
            if a.baseRevision != head {
                let base = try await queries.snapshot(communityID, at: a.baseRevision)
                let current = try await queries.snapshot(communityID, at: head)
                for (key, theirs) in proposal {
                    let merged = Merge.threeWay(base: base[key], ours: current[key], theirs: theirs)
                    guard let lines = merged.lines else {
                        try await Self.setStatus(db, a, .conflict, revision: nil, now: now, by: by, authority: authority)
                        return Decided(status: .conflict, revision: nil, tally: tally)
                    }
                    bodies[key] = lines.joined(separator: "\n")
                }
            }
            let bumped = try await sql(db).raw("""
                UPDATE communities SET code_revision = code_revision + 1
                WHERE id = \(bind: communityID) AND code_revision = \(bind: head) RETURNING code_revision
                """).first()
            guard bumped != nil else { throw LostRace() }
            let number = head + 1
            let r = CodeRevision()
            r.id = context.newID()
            r.communityID = communityID
            r.number = number
            r.parent = head
            r.summary = a.summary
            r.$author.id = a.$author.id
            r.amendmentID = a.id
            r.sections = bodies.keys.sorted { $0.order < $1.order }.map(\.rawValue).joined(separator: ",")
            r.createdAt = now
            try await r.create(on: db)
            for (key, body) in bodies {
                try await CodeSectionVersion(id: context.newID(), communityID: communityID, section: key, revision: number, body: body).create(on: db)
            }
            try await Self.setStatus(db, a, .adopted, revision: number, now: now, by: by, authority: authority)
            try await Notify.feed(db, app: context.app, community: communityID, slug: community.slug, .revision, actor: a.$author.id,
                                  subject: "r\(number) — \(a.summary)", link: CodeEndpoints.revision.path(community.slug, number), now: now)
            try await Notify.credibilityChanged(db, communityID)
            return Decided(status: .adopted, revision: number, tally: tally)
        }
    }

    private static func setStatus(_ db: any Database, _ a: Amendment, _ status: AmendmentStatus, revision: Int?, now: Date, by: UUID?,
                                  authority: String) async throws {
        let done = try await sql(db).raw("""
            UPDATE amendments SET status = \(bind: status.rawValue), result_revision = \(bind: revision), decided_at = \(bind: now),
              decided_by = \(bind: by), authority = \(bind: authority)
            WHERE id = \(bind: a.id!) AND status = \(bind: AmendmentStatus.open.rawValue) RETURNING id
            """).first()
        guard done != nil else { throw LostRace() }
    }

    /// An amendment its author may still revise or withdraw.
    private static let undecided: SQLQueryString =
        "status IN (\(bind: AmendmentStatus.open.rawValue), \(bind: AmendmentStatus.conflict.rawValue))"

    /// Decides every open amendment whose closing time has passed (at most 100 a run); returns how many were decided.
    /// The scheduled jobs call it.
    func closeDueAmendments() async throws -> Int {
        let now = context.now
        // Not in a closed community: an archive decides nothing more (its open proposals were withdrawn as it closed).
        struct Due: Decodable { let id: UUID; let community_id: UUID }
        let due = try await context.db.rows("""
            SELECT a.id, a.community_id FROM amendments a JOIN communities c ON c.id = a.community_id
            WHERE a.status = \(bind: AmendmentStatus.open.rawValue) AND a.closes_at <= \(bind: now) AND c.stage <> \(bind: LifeStage.closed.rawValue)
            LIMIT 100
            """, as: Due.self)
        var decided = 0
        for a in due {
            if let d = try? await decide(communityID: a.community_id, amendmentID: a.id, now: now), d.status != .open { decided += 1 }
        }
        return decided
    }

    struct FactInput: Content, Sendable { let section: String; let kind: String; let url: String?; let note: String?; let date: String?; let stance: String }

    func addFact(_ ctx: CommunityContext, _ f: FactInput) async throws -> CodeFact {
        let viewer = try ctx.requireViewer()
        var v = Violations()
        let section = SectionKey(rawValue: f.section)
        if section == nil { v.add(.section, .notAChoice) }
        let kind = FactKind(rawValue: f.kind)
        if kind == nil { v.add(.kind, .notAChoice) }
        let stance = FactStance(rawValue: f.stance)
        if stance == nil { v.add(.stance, .notAChoice) }
        let url = (f.url ?? "").trimmingCharacters(in: .whitespaces)
        let note = (f.note ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let date = (f.date ?? "").trimmingCharacters(in: .whitespaces)
        if kind == .link && (Markdown.safeHref(url) == nil || url.hasPrefix("mailto:")) { v.add(.url, .notAChoice) }
        if url.count > 2_000 { v.add(.url, .tooLong(max: 2_000)) }
        if kind == .note && note.isEmpty { v.add(.note, .required) }
        if note.count > 5_000 { v.add(.note, .tooLong(max: 5_000)) }
        if !date.isEmpty && !Self.isDate(date) { v.add(.date, .notAChoice) }
        guard v.isEmpty, let section, let kind, let stance else { throw AppError.invalid(v) }
        let fact = CodeFact()
        fact.id = context.newID()
        fact.communityID = ctx.id
        fact.section = section
        fact.kind = kind
        fact.url = kind == .link ? url : ""
        fact.note = note
        fact.observedOn = date
        fact.stance = stance
        fact.$author.id = viewer.id
        fact.createdAt = context.now
        try await context.write { db in try await fact.create(on: db) }
        return fact
    }

    static func isDate(_ s: String) -> Bool {
        let f = DateFormatter()
        f.dateFormat = "yyyy-MM-dd"
        f.locale = Locale(identifier: "en_US_POSIX")
        return s.utf8.count == 10 && f.date(from: s) != nil
    }

    func diagnose(_ ctx: CommunityContext, section raw: String, rating rawRating: String, comment raw2: String) async throws {
        let viewer = try ctx.requireViewer()
        var v = Violations()
        let section = SectionKey(rawValue: raw)
        if section == nil { v.add(.section, .notAChoice) }
        let rating = PracticeRating(rawValue: rawRating)
        if rating == nil { v.add(.rating, .notAChoice) }
        let comment = raw2.trimmingCharacters(in: .whitespacesAndNewlines)
        if comment.count > 2_000 { v.add(.comment, .tooLong(max: 2_000)) }
        guard v.isEmpty, let section, let rating else { throw AppError.invalid(v) }
        try await context.write { db in
            try await sql(db).raw("""
                UPDATE code_diagnoses SET current = \(bind: false)
                WHERE community_id = \(bind: ctx.id) AND section = \(bind: section.rawValue) AND user_id = \(bind: viewer.id) AND current = \(bind: true)
                """).run()
            let d = CodeDiagnosis()
            d.id = context.newID()
            d.communityID = ctx.id
            d.section = section
            d.$user.id = viewer.id
            d.rating = rating
            d.comment = comment
            d.revision = ctx.community.codeRevision
            d.current = true
            d.createdAt = context.now
            try await d.create(on: db, orIfTaken: .conflict(CommonText.errStale.text))
        }
    }

    struct SettingsInput: Content, Sendable { let rule: String; let quorum: Int; let openDays: Int; let published: Bool }
    struct PublicationInput: Content, Sendable { let published: Bool }

    /// Publishing the code (or not) is all the publish-code right changes: the decision rule, quorum and open days stay
    /// the stewards' (`updateSettings`), so holding that right never lets one weaken the rule that gives out rights.
    func publish(_ ctx: CommunityContext, _ published: Bool) async throws {
        try await context.write { db in
            try await sql(db).raw("UPDATE communities SET code_published = \(bind: published) WHERE id = \(bind: ctx.id)").run()
            try await AuditEvent.record(db, context, community: ctx.id, JournalAction.codePublication.rawValue, "published=\(published)")
        }
    }

    func updateSettings(_ ctx: CommunityContext, _ s: SettingsInput) async throws {
        guard let rule = DecisionRule(rawValue: s.rule) else { throw AppError.invalid(Violations(.rule, .notAChoice)) }
        let policy = try DecisionPolicy(rule: rule, quorumPercent: s.quorum, openDays: s.openDays).validated().mapError(AppError.invalid).get()
        try await context.write { db in
            try await sql(db).raw("""
                UPDATE communities SET code_rule = \(bind: policy.rule.rawValue), code_quorum = \(bind: policy.quorumPercent),
                  code_open_days = \(bind: policy.openDays), code_published = \(bind: s.published)
                WHERE id = \(bind: ctx.id)
                """).run()
            try await AuditEvent.record(db, context, community: ctx.id, "code.settings",
                                        "\(policy.rule.rawValue) \(policy.quorumPercent)% \(policy.openDays)d published=\(s.published)")
        }
    }
}
