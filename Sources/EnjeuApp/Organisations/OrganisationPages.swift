import Fluent
import Vapor
import EnjeuCore
import EnjeuWeb

/// Organisations' pages: create one, its profile (where its representatives add and remove representatives), and the
/// page of a community from which representatives ask it to admit their organisations and accept its charter in their
/// name (the views are `OrganisationViews`).
struct OrganisationPages {
    struct OrganisationForm: Content {
        var slug: String?; var name: String?; var kind: String?; var purpose: String?; var place: String?
        var website: String?; var registrationNumber: String?
        var draft: OrganisationDraft {
            OrganisationDraft(slug: slug ?? "", name: name ?? "", kind: kind ?? "", purpose: purpose ?? "", place: place ?? "",
                              website: website ?? "", registrationNumber: registrationNumber ?? "")
        }
        var values: [String: String] {
            ["slug": slug ?? "", "name": name ?? "", "kind": kind ?? "", "purpose": purpose ?? "", "place": place ?? "",
             "website": website ?? "", "registrationNumber": registrationNumber ?? ""]
        }
    }
    struct HandleForm: Content { var handle: String? }
    struct JoinForm: Content { var organisation: String?; var message: String? }
    struct CharterForm: Content { var organisation: String?; var version: Int? }

    func register(_ r: any RoutesBuilder) {
        typealias E = OrganisationEndpoints
        r.signedIn(E.newOrganisation) { req, _ in
            req.page(OrganisationViews.newPage(FormState(values: ["kind": OrganisationKind.association.rawValue]), req.lang, csrf: req.csrf))
        }
        r.signedIn(E.create) { req, viewer in
            let f = (try? req.content.decode(OrganisationForm.self)) ?? OrganisationForm()
            do {
                let valid = try f.draft.validated().mapError(AppError.invalid).get()
                try await OrganisationService(req.context).create(valid, by: viewer)
                return req.redirect(to: E.profile.path(valid.slug), flash: .organisationCreated)
            } catch let error as AppError {
                guard let state = FormState(values: f.values, error) else { throw error }
                return req.page(OrganisationViews.newPage(state, req.lang, csrf: req.csrf), status: error.status)
            }
        }
        r.open(E.profile) { req in
            let o = try await OrganisationAPI.load(req, req.parameters.get("slug") ?? "")
            return req.page(OrganisationViews.profilePage(try await load(req.context, o, awaitingAfter: req.after), req.lang, csrf: req.csrf))
        }
        r.signedIn(E.edit) { req, _ in
            let o = try await OrganisationAPI.load(req, req.parameters.get("slug") ?? "")
            let f = (try? req.content.decode(OrganisationForm.self)) ?? OrganisationForm()
            do {
                var draft = f.draft
                draft.slug = o.organisation.slug
                try await OrganisationService(req.context).update(o, try draft.validated().mapError(AppError.invalid).get())
            } catch let error as AppError {
                guard let state = FormState(values: f.values, error) else { throw error }
                let page = try await load(req.context, o)
                return req.page(OrganisationViews.profilePage(OrganisationPage(profile: page.profile, isRepresentative: page.isRepresentative,
                                                                               awaiting: page.awaiting, edit: state), req.lang, csrf: req.csrf),
                                status: error.status)
            }
            return req.redirect(to: E.profile.path(o.organisation.slug), flash: .saved)
        }
        r.signedIn(E.addRepresentative) { req, _ in
            let o = try await OrganisationAPI.load(req, req.parameters.get("slug") ?? "")
            let f = (try? req.content.decode(HandleForm.self)) ?? HandleForm()
            do {
                try await OrganisationService(req.context).addRepresentative(o, handle: f.handle ?? "")
            } catch let error as AppError {
                guard let state = FormState(values: ["handle": f.handle ?? ""], error) else { throw error }
                return req.page(OrganisationViews.profilePage(try await load(req.context, o, form: state), req.lang, csrf: req.csrf),
                                status: error.status)
            }
            return req.redirect(to: E.profile.path(o.organisation.slug), flash: .representativeAdded)
        }
        r.signedIn(E.removeRepresentative) { req, _ in
            let o = try await OrganisationAPI.load(req, req.parameters.get("slug") ?? "")
            do {
                try await OrganisationService(req.context).removeRepresentative(o, handle: req.parameters.get("handle") ?? "")
            } catch let error as AppError {
                guard let state = FormState(values: [:], error) else { throw error }
                return req.page(OrganisationViews.profilePage(try await load(req.context, o, form: state), req.lang, csrf: req.csrf),
                                status: error.status)
            }
            return req.redirect(to: E.profile.path(o.organisation.slug), flash: .representativeRemoved)
        }
        // Not kept in the page cache: what it shows follows the viewer's organisations, which are no state of the community.
        r.community(E.join, pageCache: false) { req, c in
            let viewer = try c.requireViewer()
            let mine = try await OrganisationQueries(req.context).represented(by: viewer, in: c)
            return req.page(OrganisationViews.joinPage(OrganisationJoinPage(community: ViewedCommunity(c), organisations: mine),
                                                       req.lang, csrf: req.csrf))
        }
        r.community(E.requestJoin) { req, c in
            let f = (try? req.content.decode(JoinForm.self)) ?? JoinForm()
            let o = try await OrganisationAccess.named(req.db, f.organisation ?? "", viewer: try c.requireViewer())
            _ = try await OrganisationService(req.context).requestJoin(c, o, message: f.message ?? "")
            return req.redirect(to: E.join.path(c.community.slug), flash: .organisationJoinRequested)
        }
        r.community(E.acceptCharter) { req, c in
            let f = (try? req.content.decode(CharterForm.self)) ?? CharterForm()
            let o = try await OrganisationAccess.named(req.db, f.organisation ?? "", viewer: try c.requireViewer())
            try await OrganisationService(req.context).acceptCharter(c, o, version: f.version ?? -1)
            return req.redirect(to: E.join.path(c.community.slug), flash: .organisationCharterAccepted)
        }
    }

    func load(_ ctx: ServiceContext, _ o: OrganisationContext, form: FormState = FormState(), awaitingAfter: String? = nil) async throws -> OrganisationPage {
        let queries = OrganisationQueries(ctx)
        return OrganisationPage(profile: try await queries.profile(o), isRepresentative: o.representative, form: form,
                                awaiting: o.representative ? try await queries.awaiting(o, after: awaitingAfter) : KeysetPage(items: [], next: nil))
    }
}
