import Foundation

/// What a member community may show to the networks it belongs to, one switch per feature (its stewards choose).
public enum SharedFeature: String, CaseIterable, Codable, Sendable {
    case catalogue, figures, evaluation, flows
}

/// A community's sharing switches, all off until its stewards turn them on. Never its members' identities: no switch
/// shares who its members are, and the network's reads never name them.
public struct NetworkSharing: Codable, Sendable, Equatable {
    public var catalogue: Bool, figures: Bool, evaluation: Bool, flows: Bool

    public init(catalogue: Bool = false, figures: Bool = false, evaluation: Bool = false, flows: Bool = false) {
        self.catalogue = catalogue; self.figures = figures; self.evaluation = evaluation; self.flows = flows
    }

    public func shares(_ feature: SharedFeature) -> Bool {
        switch feature {
        case .catalogue: catalogue
        case .figures: figures
        case .evaluation: evaluation
        case .flows: flows
        }
    }
}

extension AccessPolicy {
    /// The one rule of every network read: a member community contributes `feature` to its networks' views when anyone
    /// may read it anyway (public) or its stewards chose to share that feature. Estimates are the exception: inside a
    /// community reading them is paid for with one's own figures (give to get), so they reach a network only when its
    /// stewards give them, public or not. It does not depend on the reader, so a network's totals are the same for
    /// everyone who may see them.
    public static func contributes(_ feature: SharedFeature, visibility: Visibility, sharing: NetworkSharing) -> Bool {
        if feature == .figures { return sharing.figures }
        return visibility == .public || sharing.shares(feature)
    }

    /// Whether a network's view names a member community to this reader: one they may read, or one that contributes
    /// something. A members-only community that shares nothing is not named to anyone outside it.
    public static func namesInNetwork(visibility: Visibility, sharing: NetworkSharing, readerMayRead: Bool) -> Bool {
        readerMayRead || SharedFeature.allCases.contains { contributes($0, visibility: visibility, sharing: sharing) }
    }
}
