import Foundation

/// Where a ledger entry stands: only confirmed flows count (matrices, totals).
public enum FlowStatus: String, CaseIterable, Sendable, Codable {
    case pending, confirmed, declined
}

/// Who must agree to a flow before it counts. A flow is the recorder's word; a party she names is not bound by it
/// until that party (or a steward) confirms. The community speaks through its stewards; outside parties cannot
/// confirm anything, so they neither hold a flow back nor vouch for it.
public enum FlowConfirmation {
    /// The recorder as the rules see her: her handle, and whether she stewards the community.
    public struct Recorder: Sendable, Equatable {
        public let handle: String
        public let steward: Bool
        public init(handle: String, steward: Bool) { self.handle = handle; self.steward = steward }
    }

    /// Confirmed at once only when the recorder is herself a party and the other side is herself or outside:
    /// - a member other than the recorder must confirm;
    /// - the community is the recorder's own side only when she stewards it, and not when she is the other side
    ///   (a steward paying herself from the community waits for another steward);
    /// - a flow the recorder is no party to (two outside parties) waits for a steward.
    public static func needsConfirmation(from: Actor, to: Actor, by r: Recorder) -> Bool {
        let me = Actor.member(r.handle)
        func ownSide(_ a: Actor, other: Actor) -> Bool {
            switch a {
            case .member: a == me
            case .community: r.steward && other != me
            case .outside, .peer, .organisation, .remote: false
            }
        }
        func vouchedFor(_ a: Actor, other: Actor) -> Bool {
            if case .outside = a { return true }
            return ownSide(a, other: other)
        }
        let party = ownSide(from, other: to) || ownSide(to, other: from)
        return !(party && vouchedFor(from, other: to) && vouchedFor(to, other: from))
    }

    public enum Refusal: Sendable, Equatable { case ownEntry, notAParty }

    /// Who may confirm or decline a pending flow: a member it names, or a steward (for the community, or on anyone's
    /// behalf) — never the one who recorded it.
    public static func canDecide(from: Actor, to: Actor, recordedBy recorder: String?, viewer: String, steward: Bool) -> Refusal? {
        if recorder == viewer { return .ownEntry }
        if steward || from == .member(viewer) || to == .member(viewer) { return nil }
        return .notAParty
    }

    /// A correction is made by the one who recorded the flow, a member it names, or a steward.
    public static func canReverse(from: Actor, to: Actor, recordedBy recorder: String?, viewer: String, steward: Bool) -> Bool {
        steward || recorder == viewer || from == .member(viewer) || to == .member(viewer)
    }
}
