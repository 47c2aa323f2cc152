import Fluent
import Vapor
import EnjeuCore
import EnjeuWeb

/// The « Fédivers » page of a community and its stewards' two forms (publish or not; follow someone), through the
/// same services as the API (`FederationSettings`, `FederatedFollows`). Not page-cached: what it shows arrives from
/// other servers, which does not move the community's generation.
struct FederationPages {
    struct PublishForm: Content { var publish: String? }
    struct FollowForm: Content { var actor: String? }
    struct SolicitForm: Content { var proposal: String?; var message: String? }

    func register(_ r: any RoutesBuilder) {
        typealias E = FederationPageEndpoints
        r.community(E.page, pageCache: false) { req, c in
            req.page(FederationViews.page(try await load(req.context, c, after: req.after), req.lang, csrf: req.csrf))
        }
        r.community(E.publish) { req, c in
            let form = (try? req.content.decode(PublishForm.self)) ?? PublishForm()
            _ = try await FederationSettings(req.context).setPublish(c, form.publish.flatMap { ["true": true, "false": false][$0] })
            return req.redirect(to: E.page.path(c.community.slug), flash: .saved)
        }
        r.community(E.solicit) { req, c in
            let form = (try? req.content.decode(SolicitForm.self)) ?? SolicitForm()
            do {
                _ = try await FederatedSolicitations.solicit(c, .init(proposal: form.proposal, message: form.message), req.context)
            } catch let error as AppError {
                // One form per offer: the reason is said above them, as a sentence (no field to point to).
                var state = FormState(values: [:], error) ?? FormState()
                if let v = state.violations.all.first { state = FormState(message: Text.describe(v)) }
                guard state.message != nil else { throw error }
                return req.page(FederationViews.page(try await load(req.context, c, after: nil, solicitation: state), req.lang, csrf: req.csrf),
                                status: error.status)
            }
            return req.redirect(to: E.page.path(c.community.slug), flash: .saved)
        }
        r.community(E.follow) { req, c in
            let form = (try? req.content.decode(FollowForm.self)) ?? FollowForm()
            do {
                _ = try await FederatedFollows(req.context).follow(c, .init(actor: form.actor))
            } catch let error as AppError {
                guard let state = FormState(values: [InputField.actor.key: form.actor ?? ""], error) else { throw error }
                return req.page(FederationViews.page(try await load(req.context, c, after: nil, form: state), req.lang, csrf: req.csrf),
                                status: error.status)
            }
            return req.redirect(to: E.page.path(c.community.slug), flash: .saved)
        }
    }

    func load(_ ctx: ServiceContext, _ c: CommunityContext, after: String?, form: FormState = FormState(),
              solicitation: FormState = FormState()) async throws -> FederationPage {
        // The parts read nothing of each other: on PostgreSQL each waits on its own pooled connection at once.
        async let settingsRead = FederationSettings(ctx).read(c)
        async let followingRead = FederatedFollows(ctx).following(c, after: nil)
        async let receivedRead = FederatedItems.page(c.id, after: after, ctx.db)
        var deliveries: FederationPage.Deliveries?
        if c.can(.steward) {
            let d = try await ctx.app.deliveryCounts.counts(owner: FederatedCommunity.keyOwner(c.id), ctx)
            deliveries = .init(waiting: d.waiting, retrying: d.retrying, delivered: d.delivered, failed: d.failed)
        }
        let (settings, following, received) = (try await settingsRead, try await followingRead.items, try await receivedRead)
        return FederationPage(
            community: ViewedCommunity(c), handle: Federation(ctx.config).map { "@\(c.community.slug)@\($0.authority)" },
            publish: settings.publish, federates: settings.federates, followers: settings.followers,
            following: following.map { .init(actor: $0.actor, state: $0.state, createdAt: $0.createdAt) },
            received: received.items.map { .init(kind: $0.kind, name: $0.name, content: $0.content, url: $0.url, authorName: $0.authorName,
                                                 actor: $0.actor, at: $0.publishedAt ?? $0.receivedAt, object: $0.object) },
            nextReceived: received.next, deliveries: deliveries, form: form, solicitation: solicitation)
    }
}
