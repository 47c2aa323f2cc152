/// Programmes of shared figures (issue 17): a programme is a community row of another kind, so membership, requests,
/// charters, indicators, contributions, credits and give-to-get are the community's own machinery. What is its own:
/// whole communities join it, their members take part through them, and indicators merge into it.

/// What a `communities` row is (`communities.kind`, M035).
public enum CommunityKind: String, Sendable, Codable, CaseIterable {
    case community, programme
}

/// A community's place in a programme (`programme_communities.status`): pending → active (approved) or declined;
/// active → left. One live (pending or active) row per pair, kept by a partial unique index.
public enum ProgrammeJoinStatus: String, Sendable, Codable, CaseIterable {
    case pending, active, declined, left
}

/// A merge of a community's indicator into a programme's (`figure_merges.status`): the community's steward asks, the
/// programme's steward accepts.
public enum MergeStatus: String, Sendable, Codable, CaseIterable {
    case pending, accepted
}

public enum ProgrammeParticipation {
    /// The viewer's relation to a programme, from their own membership row in it (`direct`, with the community it came
    /// through, `rowVia`, when it was made by accepting the charter as a member of a joined community) and `via`, a
    /// joined community the viewer is an active member of now (nil: none).
    ///
    /// - A membership of one's own (asked for and approved) stands as it is.
    /// - One that came through a community holds only while some joined community still counts the viewer as an
    ///   active member; otherwise they are an outsider again (they may ask for themselves: `pending` once they did).
    /// - With no row, an active member of a joined community is approved: they accept the programme's charter once,
    ///   then contribute and read under it.
    public static func relation(direct: ViewerRelation, hasRow: Bool, rowVia: Bool, via: Bool, pending: Bool = false) -> ViewerRelation {
        if hasRow {
            if rowVia && !via {
                if case .member(_, .left, _) = direct { return direct }
                return pending ? .pending : .outsider
            }
            return direct
        }
        if via { return .member(role: .member, status: .approved, charterCurrent: false) }
        return direct
    }
}

/// Where a programme indicator's estimate comes from: the communities its current values were given through, and the
/// spread between them when it matters.
public struct ProgrammeSources: Sendable, Equatable, Codable {
    public struct Group: Sendable, Equatable, Codable {
        /// nil: people who take part in the programme directly.
        public let community: String?
        public let contributors: Int
        /// Only for groups of at least `minimumSubjects` contributors (the three-subject rule): a smaller group's
        /// median would be one person's value.
        public let median: Double?
        public init(community: String?, contributors: Int, median: Double?) {
            self.community = community; self.contributors = contributors; self.median = median
        }
    }

    public let contributors: Int
    public let communities: [Group]

    public static let minimumSubjects = 3

    /// `values`: one current, non-outlying value per contributor, with the group it came through. Groups are sorted by
    /// size (largest first), then name; direct contributors last.
    public static func summarise(_ values: [(group: String?, value: Double)]) -> ProgrammeSources {
        let byGroup = Dictionary(grouping: values, by: \.group)
        let groups = byGroup.map { key, members -> Group in
            let sorted = members.map(\.value).sorted()
            let median: Double? = sorted.count >= minimumSubjects
                ? (sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2)
                : nil
            return Group(community: key, contributors: members.count, median: median)
        }
        let ordered = groups.sorted { a, b in
            if (a.community == nil) != (b.community == nil) { return b.community == nil }
            if a.contributors != b.contributors { return a.contributors > b.contributors }
            return (a.community ?? "") < (b.community ?? "")
        }
        return ProgrammeSources(contributors: values.count, communities: ordered)
    }
}

public enum MergeRules {
    /// Two indicators become one only when they measure the same thing the same way: the same unit (with its accepted
    /// prefixes) and the same period. Returns the fields that differ.
    public static func mismatches(unit: String, period: String, intoUnit: String, intoPeriod: String) -> Violations {
        var v = Violations()
        if FigureUnit.parse(unit) == nil || FigureUnit.parse(unit)?.text != FigureUnit.parse(intoUnit)?.text {
            v.add(.unit, .wrongUnit(allowed: [FigureUnit.parse(intoUnit)?.text ?? intoUnit]))
        }
        if FigurePeriod.parse(period) == nil || FigurePeriod.parse(period)?.text != FigurePeriod.parse(intoPeriod)?.text {
            v.add(.period, .notAChoice)
        }
        return v
    }
}
