import Foundation
import Fluent
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// « Je suis intéressé·e » (issue 16): anyone signed in who may see an offer asks its owner for it, for herself or
/// for an organisation she represents. The solicitation is kept beside the offer's referrals and the owner answers it
/// the same way (taken up, completed, declined); completing it records the flow, as for a referral.
enum Solicitations {
    struct SolicitationIn: Content, Sendable { let message: String; let organisation: String? }

    static func register(api r: any RoutesBuilder) {
        r.signedIn(EconomyAPIEndpoints.solicit) { req, viewer in
            guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)) else { throw AppError.notFound }
            let (ctx, offer) = try await Self.offer(req, id)
            let created = try await EconomyService(req.context).solicit(ctx, offer: offer, try req.content.decode(SolicitationIn.self))
            return try await EconomyAPI.Created(id: created).created(for: req)
        }
    }

    /// The offer's page form: back to the offer, the message kept with its error if refused.
    static func register(pages r: any RoutesBuilder, refused: @escaping @Sendable (Request, CommunityContext, FormState) async throws -> Response) {
        r.community(EconomyEndpoints.solicit) { req, ctx in
            let offer = try await EconomyQueries(req.context).requireOffer(ctx, id: req.parameters.get("id"))
            let f = (try? req.content.decode([String: String].self)) ?? [:]
            let organisation = f["organisation"].flatMap { $0.isEmpty ? nil : $0 }
            do {
                _ = try await EconomyService(req.context).solicit(ctx, offer: offer, .init(message: f["message"] ?? "", organisation: organisation))
            } catch let AppError.invalid(v) {
                return try await refused(req, ctx, FormState(values: f, violations: v))
            }
            return req.redirect(to: EconomyEndpoints.offer.path(ctx.community.slug, offer.id) + "#solicit", flash: .saved)
        }
    }

    /// The offer named by id alone, through the community it belongs to: 404 to whoever may not see inside it.
    private static func offer(_ req: Request, _ id: UUID) async throws -> (CommunityContext, EconomyOffer) {
        struct Row: Decodable { let slug: String }
        guard let slug = try await req.db.row("""
            SELECT c.slug FROM offers o JOIN communities c ON c.id = o.community_id WHERE o.id = \(bind: id)
            """, as: Row.self)?.slug else { throw AppError.notFound }
        let ctx = try await CommunityAccess.load(req, slug: slug)
        try CommunityAccess.require(.seeInside, ctx)
        guard let offer = try await EconomyQueries(req.context).offer(ctx.id, id) else { throw AppError.notFound }
        return (ctx, offer)
    }
}

extension EconomyService {
    /// One live solicitation per person and offer (a unique index settles concurrent ones); never one's own offer.
    /// The beneficiary is the member (or member organisation) she is in this community, else her name as an outside party.
    func solicit(_ ctx: CommunityContext, offer: EconomyOffer, _ input: Solicitations.SolicitationIn) async throws -> UUID {
        let viewer = try ctx.requireViewer()
        guard ctx.can(.seeInside) else { throw AppError.notFound }
        if offer.ownerId == viewer.id { throw AppError.forbidden(.errOwnOfferSolicited) }
        let message = input.message.trimmingCharacters(in: .whitespacesAndNewlines)
        var v = Violations()
        v.checkLength(.message, message, min: 3, max: 2_000)
        let slug = input.organisation?.trimmingCharacters(in: .whitespaces).lowercased()
        if let slug, !Rules.isValidSlug(slug) { v.add(.organisation, .notAChoice) }
        guard v.isEmpty else { throw AppError.invalid(v) }
        struct Who: Decodable { let name: String, member: Int, organisation: UUID?, organisationName: String?, organisationMember: Int?
            enum CodingKeys: String, CodingKey {
                case name, member, organisation, organisationName = "organisation_name", organisationMember = "organisation_member"
            }
        }
        let active = MembershipStatus.active.rawValue
        var q: SQLQueryString = """
            SELECT u.display_name AS name,
              (SELECT COUNT(*) FROM memberships m WHERE m.community_id = \(bind: ctx.id) AND m.user_id = u.id AND m.status = \(bind: active)) AS member
            """
        if let slug {
            q = q + """
                , o.id AS organisation, o.name AS organisation_name,
                  (SELECT COUNT(*) FROM organisation_memberships om WHERE om.community_id = \(bind: ctx.id) AND om.organisation_id = o.id
                     AND om.status = \(bind: active)) AS organisation_member
                FROM users u LEFT JOIN organisations o ON o.slug = \(bind: slug)
                  AND EXISTS (SELECT 1 FROM organisation_representatives r WHERE r.organisation_id = o.id AND r.user_id = u.id)
                """
        } else {
            q = q + " FROM users u"
        }
        guard let who = try await context.db.row(q + " WHERE u.id = \(bind: viewer.id)", as: Who.self) else { throw AppError.unauthorized }
        if slug != nil && who.organisation == nil { throw AppError.invalid(Violations(.organisation, .notAChoice)) }
        let beneficiary: String, key: String
        if let slug, let name = who.organisationName {
            beneficiary = name
            key = (who.organisationMember ?? 0) > 0 ? Actor.organisation(slug).key : "outside:" + Folding.fold(name)
        } else {
            beneficiary = who.name.isEmpty ? "@" + viewer.handle : who.name + " (@" + viewer.handle + ")"
            key = who.member > 0 ? Actor.member(viewer.handle).key : "outside:@" + viewer.handle
        }
        let id = context.newID()
        let now = context.now
        let link = EconomyEndpoints.offer.path(ctx.community.slug, offer.id)
        do {
            try await context.write { db in
                try await sql(db).raw("""
                    INSERT INTO referrals (id, community_id, offer_id, referrer_id, beneficiary, beneficiary_key, note, status, created_at, updated_at,
                      kind, organisation_id)
                    VALUES (\(bind: id), \(bind: ctx.id), \(bind: offer.id), \(bind: viewer.id), \(bind: beneficiary), \(bind: key), \(bind: message),
                      \(bind: ReferralStatus.proposed.rawValue), \(bind: now), \(bind: now), \(bind: ReferralKind.solicitation.rawValue), \(bind: who.organisation))
                    """).run()
                try await Notify.users(db, app: context.app, [offer.ownerId], community: ctx.id, kind: .request, actor: viewer.handle,
                                       actorID: viewer.id, subject: offer.title, link: link, now: now)
            }
        } catch let e as any DatabaseError where e.isConstraintFailure {
            throw AppError.conflict(.errAlreadySolicited)
        }
        return id
    }
}

extension Text {
    static let errOwnOfferSolicited = Text(fr: "C’est votre offre : on ne se sollicite pas soi-même.", en: "This is your offer: you cannot solicit yourself.")
    static let errAlreadySolicited = Text(fr: "Vous avez déjà dit votre intérêt pour cette offre ; l’auteur·e vous répondra.",
                                          en: "You already said you are interested in this offer; its owner will answer you.")
}
