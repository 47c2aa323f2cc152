import EnjeuCore

/// What a status means to the reader, whatever the feature: one palette of four tones. Each tone has a colour, a
/// shape drawn before the words (enjeu.css `.tone-*::before`, hidden from screen readers, which read the words) and
/// the words themselves, so colour never carries the meaning alone, in light, dark and print alike.
package enum Tone: String, Sendable, CaseIterable {
    /// Done, adopted, confirmed, credited.
    case done
    /// Open, in discussion, pending, in progress.
    case open
    /// Refused, contested, in conflict, flagged, disputed.
    case trouble
    /// Neutral information: not started, withdrawn, superseded, a count.
    case info
}

/// A status shown as a badge of its tone; `classes` keeps a feature's own hooks (e.g. `status-open`).
package func statusBadge(_ tone: Tone, _ words: String, classes: String = "") -> Node {
    el("span", .cls(["badge", "tone-" + tone.rawValue, classes].filter { !$0.isEmpty }.joined(separator: " "))) { words }
}

extension AmendmentStatus {
    package var tone: Tone {
        switch self {
        case .adopted: .done
        case .open: .open
        case .rejected, .conflict: .trouble
        case .withdrawn: .info
        }
    }
}

extension ProposalStatus {
    package var tone: Tone {
        switch self {
        case .adopted: .done
        case .open: .open
        case .rejected: .trouble
        case .withdrawn: .info
        }
    }
}

extension StepState {
    package var tone: Tone {
        switch self {
        case .done: .done
        case .inProgress: .open
        case .notStarted: .info
        }
    }
}

extension ActionStatus {
    package var tone: Tone {
        switch self {
        case .done: .done
        case .planned, .inProgress: .open
        case .dropped: .info
        }
    }
}

extension FlowStatus {
    package var tone: Tone {
        switch self {
        case .confirmed: .done
        case .pending: .open
        case .declined: .trouble
        }
    }
}

extension ReferralStatus {
    package var tone: Tone {
        switch self {
        case .completed: .done
        case .proposed, .takenUp: .open
        case .declined: .trouble
        }
    }
}

extension FigureEstimate.Kind {
    package var tone: Tone {
        switch self {
        case .estimate: .done
        case .singleSource: .open
        case .disputed: .trouble
        case .none: .info
        }
    }
}

extension FlagState {
    package var tone: Tone {
        switch self {
        case .upheld: .trouble
        case .open: .open
        case .dismissed: .info
        }
    }
}
