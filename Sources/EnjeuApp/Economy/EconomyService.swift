import Fluent
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// Every write of the economy, each in one transaction.
struct EconomyService {
    let context: ServiceContext

    init(_ context: ServiceContext) { self.context = context }

    struct OfferIn: Content, Sendable {
        let kind: String; let title: String; let description: String; let terms: String?; let tags: [String]?; let place: String?
        /// Published for an organisation its author represents, a member of the community.
        var organisation: String? = nil
    }
    struct ReferralIn: Content, Sendable { let beneficiary: String; let note: String? }
    struct StatusIn: Content, Sendable { let status: String }
    struct FlowIn: Content, Sendable {
        let from: String, to: String, nature: String, measure: String
        let quantity: Double?, unit: String?, description: String?, appreciation: Int?, date: String, note: String?, offer: UUID?
        /// An action of the journey the flow belongs to.
        var action: UUID? = nil
    }
    struct ResponsibilityIn: Content, Sendable {
        let member: String, layer: String, role: String, what: String?, amount: Double?, unit: String?, share: Double?
        /// Held by an organisation `member` represents, a member of the community.
        var organisation: String? = nil
    }

    /// The organisation named in an input, which the viewer represents and which is a member of the community; nil if
    /// none named; a 422 naming the field otherwise.
    func representedOrganisation(_ ctx: CommunityContext, _ raw: String?, by user: UUID) async throws -> UUID? {
        guard let slug = raw?.trimmingCharacters(in: .whitespaces).lowercased(), !slug.isEmpty else { return nil }
        struct Row: Decodable { let id: UUID }
        guard Rules.isValidSlug(slug), let row = try await context.db.row("""
            SELECT o.id FROM organisations o JOIN organisation_representatives r ON r.organisation_id = o.id AND r.user_id = \(bind: user)
            JOIN organisation_memberships om ON om.organisation_id = o.id AND om.community_id = \(bind: ctx.id)
              AND om.status = \(bind: MembershipStatus.active.rawValue)
            WHERE o.slug = \(bind: slug)
            """, as: Row.self) else { throw AppError.invalid(Violations(.organisation, .notAChoice)) }
        return row.id
    }

    /// What full-text search reads of an offer (accents and case folded): the same for published and demo offers.
    static func searchText(title: String, description: String, tags: [String], place: String, kind: String) -> String {
        Folding.fold([title, description, tags.joined(separator: " "), place, kind].joined(separator: " "))
    }

    func publish(_ ctx: CommunityContext, _ input: OfferIn) async throws -> UUID {
        let viewer = try ctx.requireViewer()
        let v = try OfferDraft(kind: input.kind, title: input.title, description: input.description, terms: input.terms ?? "",
                               tags: input.tags ?? [], place: input.place ?? "").validated().mapError(AppError.invalid).get()
        let organisation = try await representedOrganisation(ctx, input.organisation, by: viewer.id)
        let (id, now, app) = (context.newID(), context.now, context.app)
        let folded = Self.searchText(title: v.title, description: v.description, tags: v.tags, place: v.place, kind: v.kind.rawValue)
        try await context.write { db in
            try await sql(db).raw("""
                INSERT INTO offers (id, community_id, owner_id, kind, title, description, terms, tags, place, folded, created_at, organisation_id)
                VALUES (\(bind: id), \(bind: ctx.id), \(bind: viewer.id), \(bind: v.kind.rawValue), \(bind: v.title), \(bind: v.description),
                  \(bind: v.terms), \(bind: v.tags.joined(separator: "\n")), \(bind: v.place), \(bind: folded), \(bind: now), \(bind: organisation))
                """).run()
            if !db.isPostgres {
                try await sql(db).raw("INSERT INTO offers_fts (offer_id, community_id, body) VALUES (\(bind: id.uuidString), \(bind: ctx.id.uuidString), \(bind: folded))").run()
            }
            try await EconomyIndex.addOffers(db, [.init(id: id, community: ctx.id, searchText: folded, tags: v.tags)])
            try await Publishing.enqueue(db, app: app, offer: id, community: ctx.id, .create, now: now)
        }
        return id
    }

    /// A member recommends another member's offer to someone: a person named freely, or a member by @handle.
    /// A contributor of the offer's community refers it; so does a member of another community of a network it gives
    /// its catalogue to (`NetworkReferrals`).
    func refer(_ ctx: CommunityContext, offer: EconomyOffer, _ input: ReferralIn) async throws -> UUID {
        let viewer = try ctx.requireViewer()
        if !ctx.can(.contribute), !(try await NetworkReferrals.mayRefer(context.db, person: viewer.id, in: ctx.id)) {
            try CommunityAccess.require(.contribute, ctx)
        }
        if offer.ownerId == viewer.id { throw AppError.forbidden(.errOwnOffer) }
        let raw = input.beneficiary.trimmingCharacters(in: .whitespacesAndNewlines)
        let note = (input.note ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        var v = Violations()
        v.checkLength(.beneficiary, raw, min: 2, max: Rules.nameMax)
        if raw.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) { v.add(.beneficiary, .notAChoice) }
        v.checkLength(.note, note, min: 0, max: 2_000)
        guard v.isEmpty else { throw AppError.invalid(v) }
        var key = "outside:" + Folding.fold(raw)
        if raw.hasPrefix("@") {
            let handle = String(raw.dropFirst()).lowercased()
            guard try await EconomyQueries(context).memberExists(ctx.id, handle), handle != offer.ownerHandle else { throw AppError.invalid(Violations(.beneficiary, .notAChoice)) }
            key = "member:" + handle
        }
        let id = context.newID()
        let now = context.now
        let beneficiaryKey = key
        try await context.write { db in
            try await sql(db).raw("""
                INSERT INTO referrals (id, community_id, offer_id, referrer_id, beneficiary, beneficiary_key, note, status, created_at, updated_at)
                VALUES (\(bind: id), \(bind: ctx.id), \(bind: offer.id), \(bind: viewer.id), \(bind: raw), \(bind: beneficiaryKey), \(bind: note), \(bind: ReferralStatus.proposed.rawValue),
                  \(bind: now), \(bind: now))
                """).run()
        }
        return id
    }

    /// The offer's owner moves a referral on; completing it records the wealth flow it produced.
    func setReferralStatus(_ ctx: CommunityContext, referral: UUID, status raw: String) async throws {
        let viewer = try ctx.requireViewer()
        guard let next = ReferralStatus(rawValue: raw) else { throw AppError.invalid(Violations(.status, .notAChoice)) }
        let (now, service) = (context.now, context)
        let ids = context.config.ids
        let today = FigureDate.day(now)
        try await context.write { db in
            guard let r = try await EconomyQueries.referralRow(db, ctx.id, referral) else { throw AppError.notFound }
            guard r.ownerId == viewer.id else { throw AppError.forbidden(.errOfferOwnerOnly) }
            let current = r.state
            guard current.canMove(to: next) else { throw AppError.conflict(.errReferralMove) }
            var flow: UUID?
            if next == .completed {
                let f = ids.next()
                flow = f
                let kind = OfferKind(rawValue: r.offerKind)
                let nature: FlowNature = kind == .product || kind == .resource ? .material : .immaterial
                // To the member or member organisation it names (if still a member), the community of another instance that
                // solicited it, else to the beneficiary by name.
                var to = Actor.outside(r.beneficiary)
                var remote: RemoteActor?
                switch Actor(key: r.beneficiaryKey) {
                case let .member(h)?: to = .member(h)
                case let .remote(iri)?:
                    remote = try await RemoteActors.kept(iri: iri, db)
                    if remote != nil { to = .remote(iri) }
                case let .organisation(slug)?:
                    if try await PartyDirectory.load(db, home: ctx.id, naming: [.organisation(slug)]).memberOrganisations.contains(slug) {
                        to = .organisation(slug)
                    }
                default: break
                }
                // The owner states what she gave; the referral it completes is its confirmation.
                // From the organisation whose offer it is, if still a member; else from its representative.
                var from = Actor.member(r.ownerHandle)
                if let slug = r.offerOrganisation,
                   try await PartyDirectory.load(db, home: ctx.id, naming: [.organisation(slug)]).memberOrganisations.contains(slug) {
                    from = .organisation(slug)
                }
                if from == to { to = .outside(r.beneficiary) }
                let given = FlowDraft.Valid(from: from, to: to, nature: nature, measure: .qualitative, quantity: nil, unit: "",
                                            description: r.offerTitle, appreciation: nil, date: today, note: "")
                if let remote {
                    // Across instances, the other community confirms what it received, as for any flow with it.
                    try await Self.insert(db, [(f, given)], community: ctx.id, by: viewer.id, now: now, offer: r.offerId, referral: referral,
                                          remotes: [remote.iri])
                    try await FederatedFlows.offer(db, service, flow: f, home: ctx, to: remote)
                } else {
                    try await Self.insert(db, [(f, given)], community: ctx.id, by: viewer.id, now: now, offer: r.offerId, referral: referral,
                                          confirmation: .confirmed(by: viewer.id))
                }
            }
            let done = try await sql(db).raw("""
                UPDATE referrals SET status = \(bind: next.rawValue), updated_at = \(bind: now), flow_id = COALESCE(\(bind: flow), flow_id)
                WHERE id = \(bind: referral) AND status = \(bind: current.rawValue) RETURNING id
                """).first()
            guard done != nil else { throw AppError.conflict(CommonText.errStale.text) }
            try await FederatedSolicitations.answered(db, service, referral: referral, status: next, home: ctx)
            if next == .completed { try await Notify.credibilityChanged(db, ctx.id) }
        }
    }

    func recordFlow(_ ctx: CommunityContext, _ input: FlowIn) async throws -> UUID {
        let viewer = try ctx.requireViewer()
        let typed = try FlowDraft(from: input.from, to: input.to, nature: input.nature, measure: input.measure, quantity: input.quantity, unit: input.unit,
                                  description: input.description, appreciation: input.appreciation, date: input.date, note: input.note)
            .validated(today: FigureDate.day(context.now)).mapError(AppError.invalid).get()
        // Another instance's community is found first, outside the transaction (it waits on that server).
        let (v, remote) = try await FederatedFlows.resolve(typed, home: ctx, context)
        let unknown = try await unknownMembers(ctx, [v])
        if !unknown.isEmpty { throw AppError.rejected(.errUnknownActors(unknown)) }
        if let offer = input.offer, try await EconomyQueries(context).offer(ctx.id, offer) == nil { throw AppError.invalid(Violations(.offer, .notAChoice)) }
        if let action = input.action, try await JourneyQueries.actionRow(context.db, ctx.id, action) == nil { throw AppError.invalid(Violations(.action, .notAChoice)) }
        let id = context.newID()
        let now = context.now
        let (app, service) = (context.app, context)
        try await context.write { db in
            try await Self.insert(db, [(id, v)], community: ctx.id, by: viewer.id, now: now, offer: input.offer, action: input.action,
                                  remotes: Set([remote?.iri].compactMap { $0 }))
            if let remote { try await FederatedFlows.offer(db, service, flow: id, home: ctx, to: remote) }
            try await Self.notifyAwaited(db, app: app, flow: id, by: viewer, subject: v.description.isEmpty ? ctx.community.name : v.description, now: now)
        }
        return id
    }

    /// The other side of a pending entry between parties is told: the other community's stewards (to its ledger),
    /// an organisation's representatives (to its page, where they answer).
    static func notifyAwaited(_ db: any Database, app: Application, flow: UUID, by viewer: Viewer, subject: String, now: Date) async throws {
        struct Row: Decodable { let awaitingKey: String?, counterpartId: UUID?
            enum CodingKeys: String, CodingKey { case awaitingKey = "awaiting_key", counterpartId = "counterpart_id" }
        }
        guard let f = try await db.row("""
            SELECT awaiting_key, counterpart_id FROM flows WHERE id = \(bind: flow) AND status = \(bind: FlowStatus.pending.rawValue)
            """, as: Row.self), let awaited = f.awaitingKey.flatMap(Actor.init(key:)) else { return }
        struct UserRow: Decodable { let userId: UUID; enum CodingKeys: String, CodingKey { case userId = "user_id" } }
        switch awaited {
        case let .peer(slug):
            guard let other = f.counterpartId else { return }
            try await Notify.users(db, app: app, try await Notify.members(db, other, stewardsOnly: true), community: other, kind: .request,
                                   actor: viewer.handle, actorID: viewer.id, subject: subject, link: EconomyEndpoints.flows.path(slug), now: now)
        case let .organisation(slug):
            let representatives = try await db.rows("""
                SELECT r.user_id FROM organisation_representatives r JOIN organisations o ON o.id = r.organisation_id WHERE o.slug = \(bind: slug)
                """, as: UserRow.self).map(\.userId)
            try await Notify.users(db, app: app, representatives, community: nil, kind: .request, actor: viewer.handle, actorID: viewer.id,
                                   subject: subject, link: OrganisationEndpoints.profile.path(slug), now: now)
        // Another instance's community hears it by the `Offer` (`FederatedFlows.offer`).
        case .member, .community, .outside, .remote: return
        }
    }

    /// A correction never erases: a new entry cancels the flow it names. Only its recorder, a member it names or a
    /// steward corrects a flow, and only a confirmed one (a pending flow is declined, not corrected).
    func reverse(_ ctx: CommunityContext, flow: UUID, note raw: String) async throws -> UUID {
        let viewer = try ctx.requireViewer()
        let steward = ctx.can(.recordFlowsOnBehalf)
        let note = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        var v = Violations()
        v.checkLength(.note, note, min: 3, max: 2_000)
        guard v.isEmpty else { throw AppError.invalid(v) }
        let id = context.newID()
        let now = context.now
        try await context.write { db in
            guard let f = try await EconomyQueries.flowRow(db, ctx.id, flow), f.reversesId == nil, let from = f.from, let to = f.to,
                  let home = f.homeId else { throw AppError.notFound }
            // Allowed as a party to it (its recorder, a member it names, whoever speaks for a side), else by the right.
            var own = FlowConfirmation.canReverse(from: from, to: to, recordedBy: f.recorder, viewer: viewer.handle, steward: false)
            if PartyFlows.concerns(from, to) {
                // Between parties: a steward of either community, or whoever speaks for one side now.
                let person = try await PartyDirectory.standing(db, user: viewer.id, home: home, naming: [from, to])
                own = person.map { $0.speaks(for: from) || $0.speaks(for: to) } == true
            } else if home != ctx.id { throw AppError.notFound }
            guard own || steward else { throw AppError.forbidden(.errReverseWho) }
            if !own { try await ctx.recheck(.recordFlowsOnBehalf, in: db) }
            guard f.state == .confirmed else { throw AppError.conflict(.errReverseNotConfirmed) }
            let reversed = try await sql(db).raw("SELECT id FROM flows WHERE reverses_id = \(bind: flow)").first()
            guard reversed == nil else { throw AppError.conflict(.errAlreadyReversed) }
            do { try await sql(db).raw("""
                INSERT INTO flows (id, community_id, from_key, to_key, nature, measure, quantity, unit, description, appreciation, date, note,
                  offer_id, reverses_id, recorded_by, created_at, cancelled, status, confirmed_by, confirmed_at, counterpart_id, from_party, to_party)
                SELECT \(bind: id), community_id, from_key, to_key, nature, measure, quantity, unit, description, appreciation, date,
                  \(bind: note), offer_id, id, \(bind: viewer.id), \(bind: now), \(bind: false), \(bind: FlowStatus.confirmed.rawValue), \(bind: viewer.id), \(bind: now),
                  counterpart_id, from_party, to_party
                FROM flows WHERE id = \(bind: flow)
                """).run()
            } catch let e as any DatabaseError where e.isConstraintFailure { throw AppError.conflict(.errAlreadyReversed) }
            try await sql(db).raw("UPDATE flows SET cancelled = \(bind: true) WHERE id = \(bind: flow)").run()
            try await EconomyIndex.tally(db, community: home, [f.counted], sign: -1)
        }
        return id
    }

    /// The handles the flows name as actors that are not members of this community, sorted (a flow names members only).
    func unknownMembers(_ ctx: CommunityContext, _ flows: [FlowDraft.Valid]) async throws -> [String] {
        var handles = Set<String>()
        for f in flows {
            if case let .member(h) = f.from { handles.insert(h) }
            if case let .member(h) = f.to { handles.insert(h) }
        }
        return handles.subtracting(try await EconomyQueries(context).members(ctx.id, Array(handles))).sorted()
    }

    /// How new entries get their status: by the confirmation rules for their recorder, or confirmed outright by
    /// `by` (the demo; nil when who confirmed is not known).
    enum Confirmation: Sendable { case byRule, confirmed(by: UUID?) }

    /// Every entry written by the ledger's recorder `by`: one naming someone else waits for them (`FlowConfirmation`),
    /// one naming another community or an organisation waits for that party (`PartyFlows`); one she alone vouches
    /// for is confirmed at once, by herself.
    static func insert(_ db: any Database, _ rows: [(UUID, FlowDraft.Valid)], community: UUID, by: UUID, now: Date, offer: UUID?, action: UUID? = nil,
                       referral: UUID? = nil, confirmation: Confirmation = .byRule, remotes: Set<String> = []) async throws {
        let counted = try await write(db, rows, community: community, by: by, now: now, offer: offer, action: action, referral: referral,
                                      confirmation: confirmation, remotes: remotes)
        try await EconomyIndex.tally(db, community: community, counted, sign: 1)
    }

    /// `insert` without the sums: what the entries that count add to them, for a caller that writes in several
    /// statements and sums once (so its locks on the sums are taken in one order, as every other writer's).
    static func write(_ db: any Database, _ rows: [(UUID, FlowDraft.Valid)], community: UUID, by: UUID, now: Date, offer: UUID?, action: UUID? = nil,
                      referral: UUID? = nil, confirmation: Confirmation = .byRule, remotes: Set<String> = []) async throws -> [EconomyIndex.CountedFlow] {
        guard !rows.isEmpty else { return [] }
        let actors = rows.flatMap { [$0.1.from, $0.1.to] }
        var parties = actors.contains(where: \.isParty) ? try await PartyDirectory.load(db, home: community, naming: actors) : nil
        parties?.remotes = remotes
        var recorder: FlowConfirmation.Recorder?, standing: PartyFlows.Standing?
        if case .byRule = confirmation {
            recorder = try await Self.recorder(db, community: community, user: by)
            if parties != nil { standing = try await PartyDirectory.standing(db, user: by, home: community, naming: actors) }
        }
        var q = SQLQueryString("""
            INSERT INTO flows (id, community_id, from_key, to_key, nature, measure, quantity, unit, description, appreciation, date, note,
              offer_id, action_id, referral_id, recorded_by, created_at, cancelled, status, confirmed_by, confirmed_at, counterpart_id, from_party,
              to_party, awaiting_key) VALUES
            """)
        var counted: [EconomyIndex.CountedFlow] = []
        for (i, (id, raw)) in rows.enumerated() {
            let placed = try parties?.place(raw) ?? PartyDirectory.Placement(flow: raw, counterpart: nil, fromParty: nil, toParty: nil)
            let f = placed.flow
            // Pending: awaiting the parties it names inside the community (`awaiting` nil), or the other party.
            var pending = false, awaiting: Actor?
            switch confirmation {
            case .byRule where PartyFlows.concerns(f.from, f.to):
                guard let standing else { throw PartyFlows.Refusal.notAParty.error }
                try parties?.requireVoice(placed, standing)
                switch PartyFlows.settle(from: f.from, to: f.to, by: standing) {
                case let .failure(refusal): throw refusal.error
                case .success(.confirmed): break
                case let .success(.awaiting(side)): pending = true; awaiting = side
                }
            case .byRule:
                pending = recorder.map { FlowConfirmation.needsConfirmation(from: f.from, to: f.to, by: $0) } ?? true
            case .confirmed: break
            }
            var status = FlowStatus.confirmed, confirmer: UUID? = by, confirmedAt: Date? = now
            if pending { status = .pending; confirmer = nil; confirmedAt = nil }
            if case let .confirmed(who) = confirmation { confirmer = who; confirmedAt = who == nil ? nil : now }
            let awaitingKey = awaiting?.key
            q.appendLiteral(i == 0 ? " (" : ", (")
            q.appendInterpolation(binds: [id, community, f.from.key, f.to.key, f.nature.rawValue, f.measure.rawValue, f.quantity, f.unit,
                                          f.description, f.appreciation, f.date, f.note, offer, action, referral, by, now, false,
                                          status.rawValue, confirmer, confirmedAt, placed.counterpart, placed.fromParty, placed.toParty, awaitingKey])
            q.appendLiteral(")")
            if status == .confirmed {
                counted.append(EconomyIndex.CountedFlow(from: f.from.key, to: f.to.key, nature: f.nature.rawValue, measure: f.measure.rawValue,
                                                        quantity: f.quantity, unit: f.unit, counterpart: placed.counterpart,
                                                        fromParty: placed.fromParty, toParty: placed.toParty))
            }
        }
        try await sql(db).raw(q).run()
        return counted
    }

    /// The recorder as the confirmation rules see her; nil (so every entry waits) if she is not a user.
    static func recorder(_ db: any Database, community: UUID, user: UUID) async throws -> FlowConfirmation.Recorder? {
        struct Row: Decodable { let handle: String; let steward: Int }
        return try await db.row("""
            SELECT u.handle, CASE WHEN m.status = 'active' AND (m.role IN ('founder', 'steward')
              OR (m.rights / \(literal: Right.recordFlowsOnBehalf.bit)) % 2 = 1 OR (m.earned_rights / \(literal: Right.recordFlowsOnBehalf.bit)) % 2 = 1)
              THEN 1 ELSE 0 END AS steward
            FROM users u LEFT JOIN memberships m ON m.user_id = u.id AND m.community_id = \(bind: community) WHERE u.id = \(bind: user)
            """, as: Row.self).map { FlowConfirmation.Recorder(handle: $0.handle, steward: $0.steward > 0) }
    }

    func addResponsibility(_ ctx: CommunityContext, _ input: ResponsibilityIn) async throws -> UUID {
        let viewer = try ctx.requireViewer()
        var v = Violations()
        let handle = input.member.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: "@", with: "")
        let layer = PyramidLayer(rawValue: input.layer)
        if layer == nil { v.add(.layer, .notAChoice) }
        let role = input.role.trimmingCharacters(in: .whitespacesAndNewlines)
        let what = (input.what ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        v.checkLength(.role, role, min: 2, max: Rules.nameMax)
        v.checkLength(.definition, what, min: 0, max: 2_000)
        if let a = input.amount, !a.isFinite || a < 0 { v.add(.quantity, .notANumber) }
        if let s = input.share, !s.isFinite || s < 0 || s > 100 { v.add(.share, .outOfRange(min: 0, max: 100)) }
        if layer == .capital && input.amount != nil && (input.unit ?? "").trimmingCharacters(in: .whitespaces).isEmpty { v.add(.unit, .required) }
        guard v.isEmpty, let layer else { throw AppError.invalid(v) }
        guard let user = try await EconomyQueries(context).memberID(ctx.id, handle) else { throw AppError.invalid(Violations(.handle, .notAChoice)) }
        // Members record their own part; who holds edit-pyramid (stewards, or a role that gives it) anyone's.
        guard user == viewer.id || ctx.can(.editPyramid) else { throw AppError.forbidden(GovernanceText.errNoRight.text) }
        // An organisation's line: recorded by (and in the name of) a representative.
        let organisation = try await representedOrganisation(ctx, input.organisation, by: user)
        let id = context.newID()
        let now = context.now
        try await context.write { db in
            if user != viewer.id { try await ctx.recheck(.editPyramid, in: db) }
            try await sql(db).raw("""
                INSERT INTO responsibilities (id, community_id, user_id, layer, role, what, amount, unit, share, created_at, organisation_id)
                VALUES (\(bind: id), \(bind: ctx.id), \(bind: user), \(bind: layer.rawValue), \(bind: role), \(bind: what), \(bind: input.amount),
                  \(bind: (input.unit ?? "").trimmingCharacters(in: .whitespaces)), \(bind: input.share), \(bind: now), \(bind: organisation))
                """).run()
        }
        return id
    }
}

extension Text {
    static let errOwnOffer = Text(fr: "On ne recommande pas sa propre offre : demandez à un autre membre de la recommander.",
                                  en: "You cannot refer your own offer: ask another member to refer it.")
    static let errOfferOwnerOnly = Text(fr: "Seul·e l’auteur·e de l’offre fait avancer une recommandation.", en: "Only the offer's owner moves a referral on.")
    static let errReferralMove = Text(fr: "Ce changement n’est pas possible : proposée → acceptée → réalisée, ou déclinée.",
                                      en: "This change is not possible: proposed → taken up → completed, or declined.")
    static let errReverseWho = Text(fr: "Seul·e l’auteur·e de l’écriture, une partie qu’elle nomme ou un·e animateur·rice peut la corriger.",
                                    en: "Only the one who recorded the flow, a party it names or a steward can correct it.")
    static let errReverseNotConfirmed = Text(fr: "Ce flux n’est pas confirmé : il ne compte pas, il n’y a rien à corriger. La partie nommée peut le refuser.",
                                             en: "This flow is not confirmed: it does not count, there is nothing to correct. The party it names can decline it.")
    static let errAlreadyReversed = Text(fr: "Ce flux a déjà été annulé par une correction.", en: "This flow has already been reversed by a correction.")
    static func errUnknownActors(_ handles: [String]) -> Text {
        Text(fr: "Acteurs inconnus dans cette communauté : \(handles.map { "@" + $0 }.joined(separator: ", ")). Rien n’a été enregistré.",
             en: "Unknown actors in this community: \(handles.map { "@" + $0 }.joined(separator: ", ")). Nothing was recorded.")
    }
}
