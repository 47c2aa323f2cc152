import Fluent
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// The moderation API: the item's community is found from the item, then the one gate (`CommunityAccess`) decides what
/// the viewer may do there, as for every community route.
struct ModerationAPI {
    /// `community`: for a profile, the slug of the community it is reported within (optional).
    struct ReportIn: Content { let kind: String?; let id: String?; let reason: String?; let text: String?; let community: String? }
    struct ReviewIn: Content { let kind: String?; let id: String?; let text: String? }
    struct ResolveIn: Content { let action: String?; let note: String? }
    struct SuspendIn: Content { let until: String?; let reason: String? }
    struct ThresholdIO: Content { let threshold: Int? }
    struct StatusOut: Content { let status: String }

    func register(_ r: any RoutesBuilder) {
        typealias E = ModerationAPIEndpoints
        r.signedIn(E.report) { req, viewer in
            let b = try req.content.decode(ReportIn.self)
            let draft = try ReportDraft.validated(kind: b.kind, id: b.id, reason: b.reason, text: b.text).mapError(AppError.invalid).get()
            let (c, item) = try await Self.locate(req, draft.kind, draft.id, viewer: viewer, community: b.community)
            return try await ModerationService(req.context).report(draft, in: c, item: item).created(for: req)
        }
        r.signedIn(E.review) { req, viewer in
            let b = try req.content.decode(ReviewIn.self)
            let (kind, id) = try Self.reviewed(kind: b.kind, id: b.id)
            let (c, item) = try await Self.locate(req, kind, id, viewer: viewer, community: nil)
            try await ModerationService(req.context).askReview(c, kind: kind, item: item, id: id, text: b.text)
            return StatusOut(status: "review-asked")
        }
        r.community(E.queue) { req, ctx in try await ModerationQueries(req.context).queue(ctx, after: req.after) }
        r.signedIn(E.resolve) { req, _ in
            guard let id = req.parameters.get("id", as: UUID.self) else { throw AppError.notFound }
            let b = try req.content.decode(ResolveIn.self)
            guard let action = b.action.flatMap(ReportAction.init(rawValue:)) else { throw AppError.rejected(ModerationText.badAction) }
            return try await Self.resolve(req, reportID: id, action: action, note: b.note)
        }
        r.community(E.threshold) { req, ctx in
            let b = try req.content.decode(ThresholdIO.self)
            let t = try await Self.setThreshold(req, ctx, b.threshold)
            return ThresholdIO(threshold: t)
        }
        r.community(E.suspend) { req, ctx in
            let b = try req.content.decode(SuspendIn.self)
            try await ModerationService(req.context).suspend(ctx, handle: req.parameters.get("handle") ?? "",
                                                             until: try Suspensions.parseUntil(b.until), reason: b.reason)
            return StatusOut(status: MembershipStatus.suspended.rawValue)
        }
        r.community(E.unsuspend) { req, ctx in
            let reason = (try? req.content.decode(SuspendIn.self))?.reason
            try await ModerationService(req.context).unsuspend(ctx, handle: req.parameters.get("handle") ?? "", reason: reason)
            return StatusOut(status: MembershipStatus.active.rawValue)
        }
        r.community(E.journal) { req, ctx in try await JournalQueries(req.context).community(ctx, after: req.after) }
        r.signedIn(E.instanceJournal) { req, viewer in
            guard req.application.enjeu.admins.contains(viewer.handle) else { throw AppError.notFound }
            return try await JournalQueries(req.context).instance(after: req.after)
        }
    }

    /// The item whose hiding is to be reviewed: any reportable kind but a profile, and its id.
    static func reviewed(kind raw: String?, id rawID: String?) throws -> (ReportKind, UUID) {
        var v = Violations()
        let kind = raw.flatMap(ReportKind.init(rawValue:))
        if kind == nil || kind == .profile { v.add(.kind, raw == nil ? .required : .notAChoice) }
        let id = rawID.flatMap(UUID.init(uuidString:))
        if id == nil { v.add(.id, rawID == nil ? .required : .notAChoice) }
        guard v.isEmpty, let kind, let id else { throw AppError.invalid(v) }
        return (kind, id)
    }

    /// The reported item and its community as the gate sees it for this viewer: 404 for what they may not see (the
    /// community's inside, an amendment comment's code, an item hidden from them).
    static func locate(_ req: Request, _ kind: ReportKind, _ id: UUID, viewer: Viewer, community: String?) async throws
        -> (CommunityContext, ReportedItems.Found) {
        let found: ReportedItems.Found?
        if kind == .profile {
            if let community, !Rules.isValidSlug(community) { throw AppError.invalid(Violations(.slug, .slugFormat)) }
            found = try await ReportedItems.findProfile(req.db, id, reporter: viewer.id, community: community)
        } else {
            found = try await ReportedItems.find(req.db, kind, id)
        }
        guard let item = found else { throw AppError.notFound }
        let c = try await CommunityAccess.load(req, slug: item.slug, kind: item.communityKind)
        guard c.can(kind == .amendmentComment ? .readCode : .seeInside) else { throw AppError.notFound }
        if item.hiddenAt != nil && item.authorId != viewer.id && !c.can(.moderate) { throw AppError.notFound }
        return (c, item)
    }

    private struct CaseRef: Decodable {
        let caseId: UUID, kind: String, itemId: UUID, authorId: UUID?, slug: String, communityKind: CommunityKind
        enum CodingKeys: String, CodingKey {
            case kind, slug, caseId = "case_id", itemId = "item_id", authorId = "author_id", communityKind = "community_kind"
        }
    }

    /// The one path of a decision, for the API and the queue's page: the report's community through the gate, as a
    /// moderator (404 to whoever may not see it, 403 to a member who does not moderate it).
    static func resolve(_ req: Request, reportID: UUID, action: ReportAction, note: String?) async throws -> ModerationService.Resolved {
        guard let ref = try await req.db.row("""
            SELECT r.case_id, mc.kind, mc.item_id, mc.author_id, c.slug, c.kind AS community_kind
            FROM reports r JOIN moderation_cases mc ON mc.id = r.case_id JOIN communities c ON c.id = mc.community_id
            WHERE r.id = \(bind: reportID)
            """, as: CaseRef.self), let kind = ReportKind(rawValue: ref.kind) else { throw AppError.notFound }
        let c = try await CommunityAccess.load(req, slug: ref.slug, kind: ref.communityKind)
        try CommunityAccess.require(.moderate, c)
        // A moderator reported does not judge their own words (nor see who reported them: the queue leaves them out).
        if let author = ref.authorId, author == c.viewer?.id { throw AppError.forbidden(ModerationText.errOwnCase.text) }
        return try await ModerationService(req.context).resolve(c, caseID: ref.caseId, kind: kind, item: ref.itemId, reportID: reportID,
                                                                action: action, note: note)
    }

    static func setThreshold(_ req: Request, _ c: CommunityContext, _ raw: Int?) async throws -> Int {
        guard let t = raw else { throw AppError.invalid(Violations(.threshold, .required)) }
        let range = ModerationRules.thresholdRange
        guard range.contains(t) else { throw AppError.invalid(Violations(.threshold, .outOfRange(min: range.lowerBound, max: range.upperBound))) }
        let ctx = req.context
        try await ctx.write { db in
            try await sql(db).raw("UPDATE communities SET report_threshold = \(bind: t) WHERE id = \(bind: c.id)").run()
            try await AuditEvent.record(db, ctx, community: c.id, JournalAction.moderationSettings.rawValue, "threshold=\(t)")
        }
        return t
    }
}
