import Fluent
import Vapor
import EnjeuCore
import EnjeuWeb

/// Links between communities under /api/v1 (declared in `OrganisationAPIEndpoints`).
struct LinkAPI {
    struct NewLink: Content { let target: String; let kind: String }
    struct LinkState: Content { let id: UUID; let status: LinkStatus }

    func register(_ r: any RoutesBuilder) {
        typealias E = OrganisationAPIEndpoints
        r.community(E.links) { req, c in
            try await LinkQueries(req.context).links(c, after: try? req.query.get(String.self, at: "after"))
        }
        r.community(E.proposeLink) { req, c in
            let b = try req.content.decode(NewLink.self)
            let id = try await LinkService(req.context).propose(c, target: b.target, kind: b.kind)
            return try await LinkState(id: id, status: .proposed).created(for: req)
        }
        r.community(E.acceptLink) { req, c in
            let id = try Self.id(req)
            return LinkState(id: id, status: try await LinkService(req.context).decide(c, link: id, accept: true))
        }
        r.community(E.declineLink) { req, c in
            let id = try Self.id(req)
            return LinkState(id: id, status: try await LinkService(req.context).decide(c, link: id, accept: false))
        }
        r.community(E.endLink) { req, c in
            let id = try Self.id(req)
            try await LinkService(req.context).end(c, link: id)
            return LinkState(id: id, status: .ended)
        }
    }

    static func id(_ req: Request) throws -> UUID {
        guard let id = req.parameters.get("id", as: UUID.self) else { throw AppError.notFound }
        return id
    }
}
