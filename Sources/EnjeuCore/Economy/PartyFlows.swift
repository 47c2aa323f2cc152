import Foundation

/// Flows between parties (issue 16): a flow naming another community (`community:slug`) or an organisation
/// (`org:slug`) is proposed by one side and confirmed or declined by the other. It is one entry, recorded in the
/// ledger of the community where it was proposed (its home) and shown in the other community's ledger too.
///
/// Each side is a party: the home community speaks for its members and itself, another community for itself, an
/// organisation for itself. `party(_:home:)` names an actor's party absolutely ("community:slug", "org:slug"), which
/// is how the network's matrix and the other community's ledger read the entry.
public enum PartyFlows {
    /// What a person may vouch for or decide, now: her handle, whether she is an active member of the home community
    /// and stewards it, the other communities she stewards and the member organisations she represents (slugs).
    public struct Standing: Sendable, Equatable {
        public let handle: String
        public let member: Bool
        public let steward: Bool
        public let stewardOf: Set<String>
        public let represents: Set<String>
        public init(handle: String, member: Bool = true, steward: Bool, stewardOf: Set<String> = [], represents: Set<String> = []) {
            self.handle = handle; self.member = member; self.steward = steward; self.stewardOf = stewardOf; self.represents = represents
        }

        /// Whether she speaks for this side of a flow (a member who left or was suspended no longer speaks for herself there).
        public func speaks(for a: Actor) -> Bool {
            switch a {
            case let .member(h): member && h == handle
            case .community: steward
            case let .peer(slug): stewardOf.contains(slug)
            case let .organisation(slug): represents.contains(slug)
            case .outside, .remote: false
            }
        }
    }

    public enum Outcome: Sendable, Equatable {
        /// The recorder speaks for both sides (or the other is an outside party, who confirms nothing).
        case confirmed
        /// The other side decides; the entry counts nowhere until it confirms.
        case awaiting(Actor)
    }

    public enum Refusal: Error, Sendable, Equatable {
        /// Two other communities, or another community and an outside party: none of the flow is this community's.
        case notThisCommunity
        /// The recorder speaks for neither side.
        case notAParty
    }

    /// Whether this flow is between parties (it names another community or an organisation).
    public static func concerns(_ from: Actor, _ to: Actor) -> Bool { from.isParty || to.isParty }

    /// Whether a flow is the home community's business: an organisation named is a member of it, so an entry between
    /// it and another community is; two other communities, or another community and an outsider, are not.
    public static func concernsHome(_ from: Actor, _ to: Actor) -> Bool {
        func foreign(_ a: Actor) -> Bool {
            switch a {
            case .peer, .outside, .remote: true
            case .member, .community, .organisation: false
            }
        }
        return !(foreign(from) && foreign(to) && (from.isParty || to.isParty))
    }

    /// How a flow between parties starts, as `recorder` records it in the home community's ledger.
    public static func settle(from: Actor, to: Actor, by recorder: Standing) -> Result<Outcome, Refusal> {
        if !concernsHome(from, to) { return .failure(.notThisCommunity) }
        let ownsFrom = recorder.speaks(for: from), ownsTo = recorder.speaks(for: to)
        if !ownsFrom && !ownsTo { return .failure(.notAParty) }
        let other = ownsFrom ? to : from
        if ownsFrom && ownsTo { return .success(.confirmed) }
        if case .outside = other { return .success(.confirmed) }
        return .success(.awaiting(other))
    }

    public enum DecisionRefusal: Error, Sendable, Equatable { case ownEntry, notTheOtherSide }

    /// Only the side the entry awaits decides, never the one who recorded it. A member awaited may be spoken for by a
    /// steward of the home community, as for flows inside a community.
    public static func canDecide(awaiting: Actor, recordedBy recorder: String?, by person: Standing) -> DecisionRefusal? {
        if recorder == person.handle { return .ownEntry }
        if person.speaks(for: awaiting) { return nil }
        if case .member = awaiting, person.steward { return nil }
        return .notTheOtherSide
    }

    /// The party an actor belongs to, absolutely: members and the home community are the home ("community:home");
    /// an outside party belongs to none (nil).
    public static func party(_ a: Actor, home: String) -> String? {
        switch a {
        case .member, .community: Actor.peer(home).key
        case .peer, .organisation, .remote: a.key
        case .outside: nil
        }
    }

    /// How a party reads in the ledger of `community`: itself is "community"; any other party keeps its name.
    public static func seen(party: String, by community: String) -> String {
        party == Actor.peer(community).key ? Actor.community.key : party
    }
}
