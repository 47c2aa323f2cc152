import Fluent
import Vapor
import EnjeuCore
import EnjeuWeb

/// The economy: offers in the catalogue, referrals moved on by the offers' owners (a completed one records its flow),
/// and wealth flows recorded by members and confirmed by the party they name, or still waiting.
extension DemoStory {
    func trade() async throws {
        try await inTurns(\.economy.offers) { place, offer in try await publish(offer, in: place) }
        try await inTurns(\.economy.flows) { place, flow in try await record(flow, in: place) }
    }

    private func publish(_ o: DemoWorld.Offer, in place: DemoWorld.Place) async throws {
        let s = try await act(o.owner, in: place.slug)
        let id = try await EconomyService(s.context).publish(s.place, .init(kind: o.kind, title: o.title, description: o.description, terms: o.terms,
                                                                            tags: o.tags, place: o.place))
        for r in o.referrals ?? [] {
            let by = try await act(r.by, in: place.slug)
            guard let offer = try await EconomyQueries(by.context).offer(by.place.id, id) else { throw DemoWorld.Problem("\(o.title) vanished") }
            let referral = try await EconomyService(by.context).refer(by.place, offer: offer, .init(beneficiary: r.beneficiary, note: r.note))
            guard let target = ReferralStatus(rawValue: r.status) else { throw DemoWorld.Problem("\(place.slug): no referral status \(r.status)") }
            let steps: [ReferralStatus] = switch target {
            case .proposed: []
            case .takenUp: [.takenUp]
            case .completed: [.takenUp, .completed]
            case .declined: [.declined]
            }
            for status in steps {
                let owner = try await act(o.owner, in: place.slug)
                try await EconomyService(owner.context).setReferralStatus(owner.place, referral: referral, status: status.rawValue)
            }
        }
    }

    private func record(_ f: DemoWorld.Flow, in place: DemoWorld.Place) async throws {
        let s = try await act(f.by, in: place.slug)
        let id = try await EconomyService(s.context).recordFlow(s.place, .init(from: f.from, to: f.to, nature: f.nature, measure: f.measure, quantity: f.quantity,
                                                                               unit: f.unit, description: f.description, appreciation: f.appreciation,
                                                                               date: today, note: f.note, offer: nil))
        guard let confirmer = f.confirmedBy else { return }
        let c = try await act(confirmer, in: place.slug)
        guard try await EconomyService(c.context).decide(c.place, flow: id, confirm: true) == .confirmed else {
            throw DemoWorld.Problem("\(place.slug): « \(f.description) » was not confirmed")
        }
    }
}
