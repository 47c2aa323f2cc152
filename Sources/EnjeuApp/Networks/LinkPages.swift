import Fluent
import Vapor
import EnjeuCore
import EnjeuWeb

/// The « Réseau » page of a community and its stewards' forms. Not kept in the page cache: it names other communities,
/// whose state (a name, a visibility, the reader's membership there) does not move this community's generation.
struct LinkPages {
    struct LinkForm: Content { var target: String?; var kind: String? }

    func register(_ r: any RoutesBuilder) {
        typealias E = NetworkEndpoints
        r.community(E.links, pageCache: false) { req, c in
            req.page(NetworkViews.linksPage(try await load(req.context, c), req.lang, csrf: req.csrf))
        }
        r.community(E.propose) { req, c in
            let f = (try? req.content.decode(LinkForm.self)) ?? LinkForm()
            do {
                _ = try await LinkService(req.context).propose(c, target: f.target ?? "", kind: f.kind ?? "")
            } catch let error as AppError {
                let state = FormState(values: ["target": f.target ?? "", "kind": f.kind ?? ""], error)
                guard let state else { throw error }
                return req.page(NetworkViews.linksPage(try await load(req.context, c, form: state), req.lang, csrf: req.csrf), status: error.status)
            }
            return req.redirect(to: E.links.path(c.community.slug), flash: .linkProposed)
        }
        r.community(E.accept) { req, c in
            _ = try await LinkService(req.context).decide(c, link: try LinkAPI.id(req), accept: true)
            return req.redirect(to: E.links.path(c.community.slug), flash: .linkAccepted)
        }
        r.community(E.decline) { req, c in
            _ = try await LinkService(req.context).decide(c, link: try LinkAPI.id(req), accept: false)
            return req.redirect(to: E.links.path(c.community.slug), flash: .linkDeclined)
        }
        r.community(E.end) { req, c in
            try await LinkService(req.context).end(c, link: try LinkAPI.id(req))
            return req.redirect(to: E.links.path(c.community.slug), flash: .linkEnded)
        }
    }

    func load(_ ctx: ServiceContext, _ c: CommunityContext, form: FormState = FormState(values: ["kind": LinkKind.memberOf.rawValue])) async throws -> NetworkPage {
        NetworkPage(community: ViewedCommunity(c), links: try await LinkQueries(ctx).links(c, after: nil, limit: 200).items, form: form)
    }
}

extension FormState {
    /// The form as typed with what is wrong with it, for an error a form can show (bad input, a clash, a refusal with
    /// its reason); nil for the others (not found, not signed in), which the error page answers.
    init?(values: [String: String], _ error: AppError) {
        switch error {
        case let .invalid(v): self.init(values: values, violations: v)
        case let .conflict(t), let .rejected(t), let .forbidden(t), let .badRequest(t): self.init(values: values, message: t)
        case .notFound, .unauthorized, .paymentRequired: return nil
        }
    }
}
