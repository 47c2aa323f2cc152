import Fluent
import Vapor
import EnjeuCore
import EnjeuWeb

/// Organisations under /api/v1: the same services and access layer as the pages, bearer tokens only. Their requests to
/// join a community and their charter acceptances go through the community's own routes (`CommunityAPI`), with
/// `"organisation": "<slug>"` in the body.
struct OrganisationAPI {
    struct NewOrganisation: Content {
        let slug: String; let name: String; let kind: String; let purpose: String
        let place: String?; let website: String?; let registrationNumber: String?
    }
    /// What changes; a field left out keeps its value.
    struct OrganisationUpdate: Content {
        let name: String?; let kind: String?; let purpose: String?; let place: String?; let website: String?; let registrationNumber: String?
    }
    struct RepresentativeBody: Content { let handle: String }
    struct Representative: Content { let organisation: String; let handle: String }

    func register(_ r: any RoutesBuilder) {
        typealias E = OrganisationAPIEndpoints
        r.signedIn(E.create) { req, viewer in
            let b = try req.content.decode(NewOrganisation.self)
            let valid = try OrganisationDraft(slug: b.slug, name: b.name, kind: b.kind, purpose: b.purpose, place: b.place ?? "",
                                              website: b.website ?? "", registrationNumber: b.registrationNumber ?? "")
                .validated().mapError(AppError.invalid).get()
            try await OrganisationService(req.context).create(valid, by: viewer)
            let o = try await Self.load(req, valid.slug)
            return try await OrganisationQueries(req.context).profile(o).created(for: req)
        }
        r.open(E.organisation) { req in
            try await OrganisationQueries(req.context).profile(try await Self.load(req, req.parameters.get("slug") ?? ""))
        }
        r.signedIn(E.update) { req, _ in
            let o = try await Self.load(req, req.parameters.get("slug") ?? "")
            let b = try req.content.decode(OrganisationUpdate.self)
            let now = o.organisation
            let valid = try OrganisationDraft(slug: now.slug, name: b.name ?? now.name, kind: b.kind ?? now.kind.rawValue, purpose: b.purpose ?? now.purpose,
                                              place: b.place ?? now.place, website: b.website ?? now.website,
                                              registrationNumber: b.registrationNumber ?? now.registrationNumber ?? "")
                .validated().mapError(AppError.invalid).get()
            try await OrganisationService(req.context).update(o, valid)
            return try await OrganisationQueries(req.context).profile(try await Self.load(req, now.slug))
        }
        r.signedIn(E.addRepresentative) { req, _ in
            let o = try await Self.load(req, req.parameters.get("slug") ?? "")
            let b = try req.content.decode(RepresentativeBody.self)
            let handle = try await OrganisationService(req.context).addRepresentative(o, handle: b.handle)
            return try await Representative(organisation: o.organisation.slug, handle: handle).created(for: req)
        }
        r.signedIn(E.awaiting) { req, _ in
            let o = try await Self.load(req, req.parameters.get("slug") ?? "")
            guard o.representative else { throw AppError.forbidden(OrganisationText.errRepresentativesOnly.text) }
            return try await OrganisationQueries(req.context).awaiting(o, after: req.after)
        }
        r.signedIn(E.removeRepresentative) { req, _ in
            let o = try await Self.load(req, req.parameters.get("slug") ?? "")
            try await OrganisationService(req.context).removeRepresentative(o, handle: req.parameters.get("handle") ?? "")
            return CommunityAPI.StatusBody(status: "removed")
        }
    }

    /// The organisation the path names, with the viewer's relation to it; 404 when there is none.
    static func load(_ req: Request, _ slug: String) async throws -> OrganisationContext {
        guard let o = try await OrganisationAccess.load(req.db, slug: slug, viewer: req.viewer) else { throw AppError.notFound }
        return o
    }
}

extension AwaitingPartyFlow: Content {}
