import Foundation

/// Where a journey proposal stands; the raw values are what `journey_proposals.status` stores.
public enum ProposalStatus: String, CaseIterable, Sendable, Codable {
    case open, adopted, rejected
    /// Left undecided when the community closed (an archive decides nothing more).
    case withdrawn

    /// A decision's outcome is the status the proposal takes.
    public init(_ outcome: Outcome) {
        switch outcome {
        case .open: self = .open
        case .adopted: self = .adopted
        case .rejected: self = .rejected
        }
    }

    public var outcome: Outcome {
        switch self {
        case .open: .open
        case .adopted: .adopted
        case .rejected, .withdrawn: .rejected
        }
    }
}

/// Who or what is assessed or recognised (`subject_kind` of assessments, `to_kind` of recognitions).
/// Only actions and members are assessed; the whole community is only recognised.
public enum JourneySubjectKind: String, CaseIterable, Sendable, Codable {
    case action, member, community
}

/// What one row of maintained assessment sums covers (`journey_aggregates.subject_kind`): an action, a member,
/// or a whole cycle's actions (its `subject_id` is the community).
public enum AggregateKind: String, CaseIterable, Sendable, Codable {
    case action, member, cycle
}
