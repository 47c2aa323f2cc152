import Fluent
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// Reports, decisions on them and suspensions, each in one transaction with its journal entry. Races are settled by the
/// database: one report per person and item (unique key), one decision per open case (`… WHERE status = 'open'
/// RETURNING id`: the second moderator gets a clear 409), the case row locked while a report counts towards the threshold.
struct ModerationService {
    let ctx: ServiceContext
    init(_ ctx: ServiceContext) { self.ctx = ctx }

    struct Filed: Content { let id: UUID; let status: ReportStatus; let hidden: Bool }

    private struct CaseRow: Decodable {
        let id: UUID, status: String, reporters: Int, reviewAskedAt: Date?
        enum CodingKeys: String, CodingKey { case id, status, reporters, reviewAskedAt = "review_asked_at" }
    }

    /// Files a report from the gate's view of the item's community: the reporter must see the item (else 404), may not
    /// report their own (422 naming `id`) nor the same item twice (409), and writes nothing while suspended.
    func report(_ draft: ReportDraft, in c: CommunityContext, item: ReportedItems.Found) async throws -> Filed {
        let viewer = try c.requireViewer()
        if item.authorId == viewer.id { throw AppError.rejected(ModerationText.errOwnItem.text) }
        if let s = c.suspension { throw AppError.forbidden(ModerationText.suspendedHere(until: s.until, reason: s.reason)) }
        // Reporting counts towards hiding: only the community's active members do it, or throwaway accounts would hide
        // anything on a public community.
        if !c.can(.contribute) { throw AppError.forbidden(ModerationText.errMembersReport.text) }
        let now = ctx.now
        return try await ctx.write { db in
            // A signed-in route: no community gate re-checks it, so the reporter's standing is read again here.
            try await c.recheckStanding(in: db)
            try await sql(db).raw("""
                INSERT INTO moderation_cases (id, community_id, kind, item_id, author_id, status, reporters, opened_at)
                VALUES (\(bind: ctx.newID()), \(bind: c.id), \(bind: draft.kind.rawValue), \(bind: draft.id), \(bind: item.authorId),
                  \(bind: "open"), 0, \(bind: now))
                ON CONFLICT (community_id, kind, item_id) DO NOTHING
                """).run()
            guard let mc = try await db.row("""
                SELECT id, status, reporters, review_asked_at FROM moderation_cases
                WHERE community_id = \(bind: c.id) AND kind = \(bind: draft.kind.rawValue) AND item_id = \(bind: draft.id)\(db.forUpdate)
                """, as: CaseRow.self) else { throw AppError.notFound }
            let id = ctx.newID()
            let inserted = try await sql(db).raw("""
                INSERT INTO reports (id, case_id, community_id, reporter_id, reason, text, status, created_at)
                VALUES (\(bind: id), \(bind: mc.id), \(bind: c.id), \(bind: viewer.id), \(bind: draft.reason.rawValue), \(bind: draft.text),
                  \(bind: ReportStatus.open.rawValue), \(bind: now))
                ON CONFLICT (case_id, reporter_id) DO NOTHING RETURNING id
                """).first() != nil
            guard inserted else { throw AppError.conflict(ModerationText.errAlreadyReported.text) }
            // A closed case opens again with this report; its reporters count the open reports only.
            let reporters = mc.status == "open" ? mc.reporters + 1 : 1
            try await sql(db).raw("""
                UPDATE moderation_cases SET status = 'open', reporters = \(bind: reporters),
                  opened_at = CASE WHEN status = 'open' THEN opened_at ELSE \(bind: now) END WHERE id = \(bind: mc.id)
                """).run()
            var hidden = item.hiddenAt != nil
            let threshold = try await ModerationQueries.threshold(db, c.id)
            if draft.kind.hideable, ModerationRules.reachesThreshold(reporters: reporters, threshold: threshold),
               try await ReportedItems.setHidden(db, draft.kind, draft.id, at: now, reason: nil, onlyIfVisible: true, app: ctx.app) {
                hidden = true
                try await AuditEvent.record(db, ctx, community: c.id, JournalAction.itemThreshold.rawValue,
                                            "\(draft.kind.rawValue) \(draft.id.uuidString)", actor: .some(nil))
            }
            return Filed(id: id, status: .open, hidden: hidden)
        }
    }

    struct Resolved: Content { let id: UUID; let action: ReportAction; let status: ReportStatus; let hidden: Bool }

    /// A moderator's decision on the case of report `reportID` (all its open reports at once).
    func resolve(_ c: CommunityContext, caseID: UUID, kind: ReportKind, item: UUID, reportID: UUID,
                 action: ReportAction, note raw: String?) async throws -> Resolved {
        let moderator = try c.requireViewer()
        let note = (raw ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        var v = Violations()
        v.checkLength(.note, note, min: 0, max: ModerationRules.noteMax)
        guard v.isEmpty else { throw AppError.invalid(v) }
        if !kind.hideable && action != .dismiss { throw AppError.rejected(ModerationText.errProfileNotHidden.text) }
        if action == .hide && note.isEmpty { throw AppError.rejected(ModerationText.noteRequired) }
        let status: ReportStatus = switch action { case .dismiss: .dismissed; case .hide: .hidden; case .restore: .restored }
        let now = ctx.now
        return try await ctx.write { db in
            // A signed-in route: the moderator still moderates here (a right or stewardship taken away, a suspension
            // decided, since the page was read refuses it).
            try await c.recheck(.moderate, in: db)
            let decided = try await sql(db).raw("""
                UPDATE moderation_cases SET status = 'closed', reporters = 0, decision = \(bind: action.rawValue),
                  note = \(bind: note.isEmpty ? nil : note), decided_at = \(bind: now), decided_by = \(bind: moderator.id)
                WHERE id = \(bind: caseID) AND status = 'open' RETURNING id
                """).first() != nil
            guard decided else { throw AppError.conflict(ModerationText.errAlreadyResolved.text) }
            try await sql(db).raw("""
                UPDATE reports SET status = \(bind: status.rawValue) WHERE case_id = \(bind: caseID) AND status = \(bind: ReportStatus.open.rawValue)
                """).run()
            let journal: JournalAction
            switch action {
            case .hide:
                try await ReportedItems.setHidden(db, kind, item, at: now, reason: note, app: ctx.app)
                journal = .itemHide
            case .restore:
                try await ReportedItems.setHidden(db, kind, item, at: nil, reason: nil, app: ctx.app)
                journal = .itemRestore
            case .dismiss:
                // Unfounded reports leave the item visible when their number had hidden it; an item a moderator hid
                // (with a reason) stays hidden: dismissing new reports is not restoring it.
                if kind.hideable { try await ReportedItems.setHidden(db, kind, item, at: nil, reason: nil, onlyIfThreshold: true, app: ctx.app) }
                journal = .reportsDismiss
            }
            try await AuditEvent.record(db, ctx, community: c.id, journal.rawValue, "\(kind.rawValue) \(item.uuidString)",
                                        reason: note.isEmpty ? nil : note)
            return Resolved(id: reportID, action: action, status: status, hidden: action == .hide)
        }
    }

    /// The author of a hidden item asks for a review, once: its case opens again at the head of the queue's order.
    func askReview(_ c: CommunityContext, kind: ReportKind, item: ReportedItems.Found, id: UUID, text raw: String?) async throws {
        let viewer = try c.requireViewer()
        guard item.authorId == viewer.id else { throw AppError.notFound }
        guard item.hiddenAt != nil else { throw AppError.conflict(ModerationText.errNotHidden.text) }
        if let s = c.suspension { throw AppError.forbidden(ModerationText.suspendedHere(until: s.until, reason: s.reason)) }
        let text = (raw ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        var v = Violations()
        v.checkLength(.text, text, min: 0, max: ReportDraft.textMax)
        guard v.isEmpty else { throw AppError.invalid(v) }
        let now = ctx.now
        try await ctx.write { db in
            try await c.recheckStanding(in: db)
            let asked = try await sql(db).raw("""
                UPDATE moderation_cases SET status = 'open', review_asked_at = \(bind: now), opened_at = \(bind: now)
                WHERE community_id = \(bind: c.id) AND kind = \(bind: kind.rawValue) AND item_id = \(bind: id) AND review_asked_at IS NULL
                  AND status = 'closed' AND decision = 'hide'
                RETURNING id
                """).first() != nil
            guard asked else { throw AppError.conflict(ModerationText.errReviewOnce.text) }
            try await AuditEvent.record(db, ctx, community: c.id, JournalAction.itemReview.rawValue, "\(kind.rawValue) \(id.uuidString)",
                                        reason: text.isEmpty ? nil : text)
        }
    }

    // MARK: Suspensions

    /// Suspends a member (not oneself, not the founder) until `until` (nil: indefinitely) with a reason they read.
    /// An active, approved or already suspended member (then the end and reason change); the count of active members
    /// follows.
    func suspend(_ c: CommunityContext, handle: String, until: Date?, reason raw: String?) async throws {
        let moderator = try c.requireViewer()
        guard handle != moderator.handle else { throw AppError.forbidden(ModerationText.errNotOnYourself.text) }
        let reason = try ModerationRules.suspension(reason: raw, until: until, now: ctx.now).mapError(AppError.invalid).get()
        try await ctx.write { db in
            // Only members who can write are suspended: one who has not accepted the charter yet is not a member to
            // suspend, and lifting would make them active without it.
            guard let m = try await Membership.query(on: db).filter(\.$community.$id == c.id).filter(\.$handle == handle).first(),
                  m.status == .active || m.status == .suspended
            else { throw AppError.notFound }
            guard m.role != .founder else { throw AppError.forbidden(ModerationText.errNotOnYourself.text) }
            let done = try await sql(db).raw("""
                UPDATE memberships SET status = \(bind: MembershipStatus.suspended.rawValue), suspended_until = \(bind: until),
                  suspended_reason = \(bind: reason)
                WHERE id = \(bind: m.id!) AND status = \(bind: m.status.rawValue) RETURNING id
                """).first() != nil
            guard done else { throw AppError.conflict(CommonText.errNothingToChange.text) }
            if m.status == .active { try await adjustMemberCount(db, c.id, by: -1) }
            try await AuditEvent.record(db, ctx, community: c.id, JournalAction.memberSuspend.rawValue,
                                        until.map { "@\(handle) until \(ISO8601DateFormatter().string(from: $0))" } ?? "@\(handle)",
                                        reason: reason)
            try await Notify.credibilityChanged(db, c.id)
        }
    }

    /// Lifts a member's suspension (also one whose end has passed but that the job has not tidied yet).
    func unsuspend(_ c: CommunityContext, handle: String, reason raw: String?) async throws {
        _ = try c.requireViewer()
        let reason = (raw ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        try await ctx.write { db in
            guard try await Suspensions.lift(db, ctx, community: c.id, handle: handle, reason: reason.isEmpty ? nil : reason, actor: .none)
            else { throw AppError.conflict(ModerationText.errNotSuspended.text) }
        }
    }

    private func adjustMemberCount(_ db: any Database, _ id: UUID, by delta: Int) async throws {
        try await sql(db).raw("UPDATE communities SET member_count = member_count + \(bind: delta) WHERE id = \(bind: id)").run()
    }
}
