import Fluent
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// Every #ChiffresEnsemble write, each in one transaction. The estimate of an indicator is recomputed in the same
/// transaction as the contribution or flag that changes it (FiguresEstimates.swift); contributors' reliability is
/// learned in the background (FiguresRelearning.swift); reading is paid for in FiguresReading.swift.
struct FiguresService {
    let context: ServiceContext
    init(_ context: ServiceContext) { self.context = context }

    struct IndicatorInput: Content, Sendable {
        let name: String
        let definition: String
        let unit: String
        let period: String
        let place: String?
        let tags: [String]?
        let scale: String?
        let dataset: UUID?
    }

    struct ContributionInput: Content, Sendable {
        let value: Double?
        let unit: String?
        let source: String
        let observedOn: String
        let comment: String?
    }

    struct FlagInput: Content, Sendable {
        let reason: String
        let correctedValue: Double?
        let source: String?
    }

    func createIndicator(_ ctx: CommunityContext, _ input: IndicatorInput) async throws -> UUID {
        let viewer = try ctx.requireViewer()
        let draft = IndicatorDraft(name: input.name, definition: input.definition, unit: input.unit, period: input.period,
                                   place: input.place ?? "", tags: input.tags ?? [], scale: input.scale ?? FigureScale.positive.rawValue)
        let valid = try draft.validated().mapError(AppError.invalid).get()
        if let dataset = input.dataset, try await FiguresQueries(context).dataset(ctx.id, dataset) == nil {
            throw AppError.invalid(Violations(.dataset, .notAChoice))
        }
        let id = context.newID()
        let now = context.now
        let folded = Folding.fold([valid.name, valid.place, valid.tags.joined(separator: " ")].joined(separator: " "))
        try await context.write { db in
            try await sql(db).raw("""
                INSERT INTO indicators (id, community_id, dataset_id, name, definition, unit, period, place, tags, folded, trade_keys, scale,
                  created_by, created_at, est_kind, est_value, est_low, est_high, est_contributors, est_sources, est_outliers)
                VALUES (\(bind: id), \(bind: ctx.id), \(bind: input.dataset), \(bind: valid.name), \(bind: valid.definition),
                  \(bind: valid.unit.text), \(bind: valid.period.text), \(bind: valid.place), \(bind: valid.tags.joined(separator: "\n")),
                  \(bind: folded), \(bind: Tags.keys(valid.tags)), \(bind: valid.scale.rawValue), \(bind: viewer.id), \(bind: now), 'none', 0, 0, 0, 0, 0, '[]')
                """).run()
        }
        return id
    }

    func createDataset(_ ctx: CommunityContext, name raw: String, description rawDescription: String) async throws -> UUID {
        let viewer = try ctx.requireViewer()
        let name = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        let description = rawDescription.trimmingCharacters(in: .whitespacesAndNewlines)
        var v = Violations()
        v.checkLength(.name, name, min: 3, max: Rules.nameMax)
        v.checkLength(.definition, description, min: 0, max: 5_000)
        guard v.isEmpty else { throw AppError.invalid(v) }
        let id = context.newID()
        let now = context.now
        try await context.write { db in
            try await sql(db).raw("""
                INSERT INTO figure_datasets (id, community_id, name, description, created_by, created_at)
                VALUES (\(bind: id), \(bind: ctx.id), \(bind: name), \(bind: description), \(bind: viewer.id), \(bind: now))
                """).run()
        }
        return id
    }

    /// A member's new value supersedes their previous one (kept in the history) and updates the estimate at once. In a
    /// programme the value keeps the community it was given through (`ctx.attribution`).
    func contribute(_ ctx: CommunityContext, _ indicator: FigureIndicator, _ input: ContributionInput) async throws -> UUID {
        let viewer = try ctx.requireViewer()
        guard let unit = FigureUnit.parse(indicator.unit), let scale = FigureScale(rawValue: indicator.scale) else { throw AppError.notFound }
        let draft = ContributionDraft(value: input.value, unit: input.unit, source: input.source, observedOn: input.observedOn,
                                      comment: input.comment ?? "")
        let valid = try draft.validated(unit: unit, scale: scale, today: FigureDate.day(context.now)).mapError(AppError.invalid).get()
        let id = context.newID()
        let now = context.now
        let consensus: Double? = indicator.estimateKind == .none ? nil : indicator.estValue
        try await context.write { db in
            // Read under lock: a merge accepted meanwhile has moved the indicator's values into a programme's.
            struct Merged: Decodable { let mergedInto: UUID?; enum CodingKeys: String, CodingKey { case mergedInto = "merged_into" } }
            let row = try await db.row("SELECT merged_into FROM indicators WHERE id = \(bind: indicator.id)\(db.forUpdate)", as: Merged.self)
            guard let row else { throw AppError.notFound }
            guard row.mergedInto == nil else { throw AppError.conflict(ProgrammeText.errIndicatorMerged.text) }
            // Open flags on the value being replaced are upheld: the member corrected it after being flagged.
            try await sql(db).raw("""
                UPDATE figure_flags SET state = 'upheld', resolved_at = \(bind: now)
                WHERE state = 'open' AND contribution_id IN (SELECT id FROM figure_contributions
                  WHERE indicator_id = \(bind: indicator.id) AND user_id = \(bind: viewer.id) AND status = 'current')
                """).run()
            try await sql(db).raw("""
                UPDATE figure_contributions SET status = 'superseded'
                WHERE indicator_id = \(bind: indicator.id) AND user_id = \(bind: viewer.id) AND status = 'current'
                """).run()
            do {
                try await sql(db).raw("""
                    INSERT INTO figure_contributions (id, community_id, indicator_id, user_id, value, source, source_kind, observed_on,
                      comment, status, credit_state, credited, outlier, consensus_at_entry, created_at, via_community_id)
                    VALUES (\(bind: id), \(bind: ctx.id), \(bind: indicator.id), \(bind: viewer.id), \(bind: valid.value),
                      \(bind: valid.source.text), \(bind: valid.source.kind), \(bind: valid.observedOn), \(bind: valid.comment),
                      'current', 'escrow', 0, \(bind: false), \(bind: consensus), \(bind: now), \(bind: ctx.attribution))
                    """).run()
            } catch let e as any DatabaseError where e.isConstraintFailure {
                throw AppError.conflict(CommonText.errStale.text)
            }
            try await recompute(db, indicatorID: indicator.id, now: now)
        }
        return id
    }

    func flag(_ ctx: CommunityContext, contributionID: UUID, _ input: FlagInput) async throws -> UUID {
        let viewer = try ctx.requireViewer()
        guard let target = try await FiguresQueries(context).contributionTarget(ctx.id, contributionID) else { throw AppError.notFound }
        if target.userId == viewer.id { throw AppError.forbidden(FiguresText.errFlagOwn.text) }
        guard target.contributionStatus == .current else { throw AppError.conflict(FiguresText.errNotCurrent.text) }
        let valid = try FlagDraft(reason: input.reason, correctedValue: input.correctedValue, source: input.source)
            .validated(scale: target.scaleKind).mapError(AppError.invalid).get()
        let id = context.newID()
        let now = context.now
        try await context.write { db in
            do {
                try await sql(db).raw("""
                    INSERT INTO figure_flags (id, community_id, indicator_id, contribution_id, user_id, reason, corrected_value, source, state, created_at)
                    VALUES (\(bind: id), \(bind: ctx.id), \(bind: target.indicatorId), \(bind: contributionID), \(bind: viewer.id),
                      \(bind: valid.reason), \(bind: valid.correctedValue), \(bind: valid.source?.text), 'open', \(bind: now))
                    """).run()
            } catch let e as any DatabaseError where e.isConstraintFailure {
                throw AppError.conflict(FiguresText.errAlreadyFlagged.text)
            }
            try await recompute(db, indicatorID: target.indicatorId, now: now)
        }
        return id
    }

    /// A programme's stewards set its rules (a community's are a charter proposal its members decide). The rules are
    /// written in the charter participants accept (issue 18): new rules are a new version of it, in the same words, that
    /// each participant accepts before contributing again. Rules unchanged write nothing.
    func updateRules(_ ctx: CommunityContext, _ rules: CreditRules) async throws {
        let rules = try rules.validated().mapError(AppError.invalid).get()
        let author = try ctx.requireViewer().id
        let (now, id, accepted) = (context.now, context.newID(), context.newID())
        try await context.write { db in
            try await Self.ensureSettings(db, ctx.id)
            let changed = try await sql(db).raw("""
                UPDATE figure_settings SET allowance = \(bind: rules.allowance), read_cost = \(bind: rules.readCost),
                  earn = \(bind: rules.earn), half_life_days = \(bind: rules.halfLifeDays)
                WHERE community_id = \(bind: ctx.id) AND (allowance <> \(bind: rules.allowance) OR read_cost <> \(bind: rules.readCost)
                  OR earn <> \(bind: rules.earn) OR half_life_days <> \(bind: rules.halfLifeDays))
                RETURNING community_id
                """).first() != nil
            struct Current: Decodable { let version: Int, text: String }
            guard changed, let current = try await db.row("""
                SELECT c.version, c.text FROM communities p JOIN charters c ON c.community_id = p.id AND c.version = p.charter_version
                WHERE p.id = \(bind: ctx.id)
                """, as: Current.self) else { return }
            guard try await Charter.claimNext(db, community: ctx.id, after: current.version) else { throw AppError.conflict(CommonText.errStale.text) }
            try await Charter.write(db, id: id, community: ctx.id, version: current.version + 1, text: current.text, author: author, at: now)
            // Who sets the rules accepts the version that carries them (a community's charter proposal is accepted by
            // nobody yet when adopted: its author is not the one who applies it).
            try await sql(db).raw("""
                UPDATE memberships SET accepted_charter_version = \(bind: current.version + 1)
                WHERE community_id = \(bind: ctx.id) AND user_id = \(bind: author) AND status = \(bind: MembershipStatus.active.rawValue)
                """).run()
            try await CharterAcceptance(id: accepted, communityID: ctx.id, userID: author, version: current.version + 1, acceptedAt: now).create(on: db)
        }
    }

    // MARK: Inside a caller's transaction

    /// One ledger line; the `dedupe` key makes a repeat (a concurrent read, a second credit for the same thing) a no-op.
    /// Returns whether the line was written.
    static func insertCredit(_ db: any Database, _ id: UUID, _ community: UUID, _ user: UUID, _ kind: CreditKind, _ amount: Double,
                             _ at: Date, _ indicator: UUID?, _ contribution: UUID?, dedupe: String) async throws -> Bool {
        try await sql(db).raw("""
            INSERT INTO credit_entries (id, community_id, user_id, kind, amount, at, indicator_id, contribution_id, dedupe)
            VALUES (\(bind: id), \(bind: community), \(bind: user), \(bind: kind.rawValue), \(bind: amount), \(bind: at),
              \(bind: indicator), \(bind: contribution), \(bind: dedupe))
            ON CONFLICT (community_id, user_id, dedupe) DO NOTHING RETURNING id
            """).first() != nil
    }

    /// `dirty`: also marks the community for the background relearning — a community (or programme) whose rules were
    /// never set has no row yet, and `refreshDirtyCommunities` finds only marked rows.
    static func ensureSettings(_ db: any Database, _ community: UUID, dirty: Bool = false) async throws {
        let r = CreditRules.standard
        // One statement: two first writes at once (a refresh and a steward) cannot both insert.
        let onConflict: SQLQueryString = dirty ? "DO UPDATE SET dirty = \(bind: true)" : "DO NOTHING"
        try await sql(db).raw("""
            INSERT INTO figure_settings (community_id, allowance, read_cost, earn, half_life_days, dirty, stewards_read_free)
            VALUES (\(bind: community), \(bind: r.allowance), \(bind: r.readCost), \(bind: r.earn), \(bind: r.halfLifeDays), \(bind: dirty), \(bind: false))
            ON CONFLICT (community_id) \(onConflict)
            """).run()
    }
}
