import Fluent
import Vapor
import EnjeuCore
import EnjeuWeb

/// The network of third places (issue 16): the other communities join it (a link proposed by each, accepted by the
/// network's stewards), members-only ones choose what they share with it, two organisations are admitted, and flows
/// between parties are proposed by one side and confirmed by the other — or still wait.
extension DemoStory {
    func federate() async throws {
        let network = world.network
        for member in network.links { try await link(member, network.community) }
        for sharing in network.sharing {
            let s = try await act(sharing.by, in: sharing.community, needs: .steward)
            try await NetworkSharingService(s.context).update(s.place, NetworkSharing(catalogue: sharing.catalogue, figures: sharing.figures,
                                                                                      evaluation: sharing.evaluation, flows: sharing.flows))
        }
        for organisation in network.organisations { try await admit(organisation, to: network.community) }
        for party in network.flows { try await recordBetweenParties(party) }
    }

    private func link(_ link: DemoWorld.Link, _ network: String) async throws {
        let member = try await act(link.proposedBy, in: link.member, needs: .steward)
        let id = try await LinkService(member.context).propose(member.place, target: network, kind: LinkKind.memberOf.rawValue)
        let steward = try await act(link.acceptedBy, in: network, needs: .steward)
        guard try await LinkService(steward.context).decide(steward.place, link: id, accept: true) == .accepted else {
            throw DemoWorld.Problem("\(link.member) did not join \(network)")
        }
    }

    /// Created by its first representative, who adds the others; asks to join, is approved by the network's founder,
    /// and accepts the charter in its name.
    private func admit(_ o: DemoWorld.Organisation, to network: String) async throws {
        guard let first = o.representatives.first else { throw DemoWorld.Problem("\(o.slug) has no representative") }
        clock.tick()
        let creator = try viewer(first)
        let valid = try OrganisationDraft(slug: o.slug, name: o.name, kind: o.kind, purpose: o.purpose, place: o.place, website: o.website,
                                          registrationNumber: "").validated().mapError(AppError.invalid).get()
        try await OrganisationService(context(creator)).create(valid, by: creator)
        for handle in o.representatives.dropFirst() {
            clock.tick()
            try await OrganisationService(context(creator)).addRepresentative(try await organisation(o.slug, as: creator), handle: handle)
        }
        let asking = try await act(first, in: network, needs: .seeCard)
        let request = try await OrganisationService(asking.context).requestJoin(asking.place, try await organisation(o.slug, as: creator), message: o.message)
        guard let founder = world.communities.first(where: { $0.slug == network })?.founder else { throw DemoWorld.Problem("no community \(network)") }
        let steward = try await act(founder, in: network, needs: .steward)
        try await CommunityService(steward.context).approve(steward.place, requestID: request.requireID())
        let accepting = try await act(first, in: network, needs: .seeCard)
        try await OrganisationService(accepting.context).acceptCharter(accepting.place, try await organisation(o.slug, as: creator),
                                                                        version: accepting.place.community.charterVersion)
    }

    private func organisation(_ slug: String, as viewer: Viewer) async throws -> OrganisationContext {
        guard let o = try await OrganisationAccess.load(app.db, slug: slug, viewer: viewer) else { throw DemoWorld.Problem("no organisation \(slug)") }
        return o
    }

    /// Recorded in its home's ledger through the ledger's own path; confirmed from the ledger of the other community
    /// it names (where its steward stands), or from the home's by an organisation's representative.
    private func recordBetweenParties(_ party: DemoWorld.PartyFlow) async throws {
        let f = party.flow
        let s = try await act(f.by, in: party.home)
        let id = try await EconomyService(s.context).recordFlow(s.place, .init(from: f.from, to: f.to, nature: f.nature, measure: f.measure,
                                                                               quantity: f.quantity, unit: f.unit, description: f.description,
                                                                               appreciation: f.appreciation, date: today, note: f.note, offer: nil))
        guard let confirmer = f.confirmedBy else { return }
        let peer = [f.from, f.to].lazy.compactMap { key -> String? in
            if case let .peer(slug)? = Actor(key: key), slug != party.home { slug } else { nil }
        }.first
        let c = try await act(confirmer, in: peer ?? party.home)
        guard try await EconomyService(c.context).decide(c.place, flow: id, confirm: true) == .confirmed else {
            throw DemoWorld.Problem("\(party.home): « \(f.description) » was not confirmed")
        }
    }
}
