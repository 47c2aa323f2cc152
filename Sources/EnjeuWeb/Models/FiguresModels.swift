import Foundation
import EnjeuCore

// MARK: Rows the figures' queries decode (the JSON API reads them too)

/// An indicator with its current estimate. `estKind`, `scale` stay the stored text (the API writes them out as is);
/// pages compare `estimateKind` and `scaleKind`.
package struct FigureIndicator: Decodable, Sendable {
    package let id: UUID, communityId: UUID, datasetId: UUID?, name: String, definition: String, unit: String, period: String
    package let place: String, tags: String, scale: String, createdAt: Date, createdBy: UUID, creatorHandle: String?
    package let estKind: String, estValue: Double, estLow: Double, estHigh: Double, estContributors: Int, estSources: Int
    package let estOutliers: String, estAt: Date?

    enum CodingKeys: String, CodingKey {
        case id, name, definition, unit, period, place, tags, scale
        case communityId = "community_id", datasetId = "dataset_id", createdAt = "created_at", createdBy = "created_by"
        case creatorHandle = "creator_handle"
        case estKind = "est_kind", estValue = "est_value", estLow = "est_low", estHigh = "est_high"
        case estContributors = "est_contributors", estSources = "est_sources", estOutliers = "est_outliers", estAt = "est_at"
    }

    /// Tags are stored one per line.
    package var tagList: [String] { tags.split(separator: "\n").map(String.init) }
    package var outlierIDs: [String] { (try? JSONDecoder().decode([String].self, from: Data(estOutliers.utf8))) ?? [] }
    package var estimateKind: FigureEstimate.Kind { FigureEstimate.Kind(rawValue: estKind) ?? .none }
    package var scaleKind: FigureScale { FigureScale(rawValue: scale) ?? .positive }
    package var estimate: ChartInterval? { estimateKind == .none ? nil : ChartInterval(value: estValue, low: estLow, high: estHigh) }
}

/// A contribution as the indicator's table shows it. `status`, `sourceKind`, `creditState` stay the stored text
/// (the API writes them out as is); pages compare `contributionStatus` and `source`.
package struct FigureContribution: Decodable, Sendable {
    package let id: UUID, value: Double, source: String, sourceKind: String, observedOn: String, comment: String, status: String
    package let creditState: String, outlier: Bool, createdAt: Date, handle: String, displayName: String, openFlags: Int
    enum CodingKeys: String, CodingKey {
        case id, value, source, comment, status, outlier, handle
        case sourceKind = "source_kind", observedOn = "observed_on", creditState = "credit_state", createdAt = "created_at"
        case displayName = "display_name", openFlags = "open_flags"
    }

    package var contributionStatus: ContributionStatus { ContributionStatus(rawValue: status) ?? .current }
    package var sourceType: FigureSourceKind? { FigureSourceKind(rawValue: sourceKind) }
}

/// One value of the strip plot.
package struct FigurePlotPoint: Decodable, Sendable {
    package let value: Double, outlier: Bool, status: ContributionStatus
}

/// The estimate at one moment. Encoded as is by the API (`at`, `kind`, `value`, `low`, `high`, `contributors`).
package struct FigureHistoryPoint: Codable, Sendable {
    package let at: Date, kind: FigureEstimate.Kind, value: Double, low: Double, high: Double, contributors: Int
}

/// The contribution a flag page is about, with its indicator.
package struct FlaggedContribution: Decodable, Sendable {
    package let indicatorId: UUID, indicatorName: String, unit: String, value: Double, source: String, observedOn: String, displayName: String
    enum CodingKeys: String, CodingKey {
        case value, source, unit, indicatorId = "indicator_id", indicatorName = "indicator_name", observedOn = "observed_on"
        case displayName = "display_name"
    }
}

/// The viewer's own latest value on an indicator: always visible to them, credits or not.
package struct MyFigureContribution: Decodable, Sendable {
    package let id: UUID, value: Double, source: String, observedOn: String, status: ContributionStatus, outlier: Bool
    enum CodingKeys: String, CodingKey { case id, value, source, status, outlier, observedOn = "observed_on" }
}

/// A line of the member's credit ledger. Encoded as is by the API.
package struct FigureCredit: Codable, Sendable {
    package let id: UUID, kind: CreditKind, amount: Double, at: Date, indicatorId: UUID?, indicatorName: String?
    enum CodingKeys: String, CodingKey { case id, kind, amount, at, indicatorId = "indicator_id", indicatorName = "indicator_name" }
}

/// A dataset and how many indicators it holds. Encoded as is by the API.
package struct FigureDataset: Codable, Sendable {
    package let id: UUID, name: String, description: String, createdAt: Date, indicators: Int
    enum CodingKeys: String, CodingKey { case id, name, description, indicators, createdAt = "created_at" }
}

/// An indicator that looks like the one about to be created.
package struct SimilarIndicator: Sendable {
    package let id: UUID, name: String, period: String
    package init(id: UUID, name: String, period: String) { self.id = id; self.name = name; self.period = period }
}

/// What reading the indicators the reader has not paid for yet would cost them now.
package struct ReadLock: Sendable {
    package let owed: [UUID]
    package let cost: Int
    package let balance: Double
    package let earn: Int
    package init(owed: [UUID], cost: Int, balance: Double, earn: Int) { self.owed = owed; self.cost = cost; self.balance = balance; self.earn = earn }

    package var affordable: Bool { CreditLedger.canRead(balance: balance, cost: cost) }
    /// How to earn credits, when the balance does not cover the cost.
    package var shortfall: Text { .errNoCredits(balance: balance, cost: cost, earn: earn) }
}

// MARK: Pages


/// The indicators, newest first, found by `q` (or a tag).
package struct FiguresListPage: Sendable {
    package let place: CommunityPlace
    package let q: String?
    package let indicators: KeysetPage<FigureIndicator>
    /// The viewer's balance, for members who may contribute.
    package let balance: Double?
    package let refreshedAt: Date?

    package init(place: CommunityPlace, q: String?, indicators: KeysetPage<FigureIndicator>, balance: Double?, refreshedAt: Date?) {
        self.place = place; self.q = q; self.indicators = indicators; self.balance = balance; self.refreshedAt = refreshedAt
    }
}

/// Defining an indicator; `similar` ones are offered before creating a duplicate.
package struct NewIndicatorPage: Sendable {
    package let place: CommunityPlace
    package let datasets: [FigureDataset]
    package let similar: [SimilarIndicator]
    package let form: FormState

    package init(place: CommunityPlace, datasets: [FigureDataset], similar: [SimilarIndicator], form: FormState) {
        self.place = place; self.datasets = datasets; self.similar = similar; self.form = form
    }
}

/// One indicator: its estimate, charts and contributions when the reader may see them, else the lock.
package struct IndicatorPage: Sendable {
    package let place: CommunityPlace
    package let indicator: FigureIndicator
    package let lock: ReadLock?
    package let mine: MyFigureContribution?
    /// The spread of the values, drawn once per recomputation of the estimate and kept (`FiguresViews.spread`).
    package let spread: Node?
    package let history: [FigureHistoryPoint]
    /// nil while locked.
    package let contributions: KeysetPage<FigureContribution>?
    /// The replaced values rather than the current ones.
    package let showReplaced: Bool
    /// Contributors' reliability was learned (a refresh ran), which the rule says.
    package let learned: Bool
    package let form: FormState

    package init(place: CommunityPlace, indicator: FigureIndicator, lock: ReadLock?, mine: MyFigureContribution?, spread: Node?,
                 history: [FigureHistoryPoint], contributions: KeysetPage<FigureContribution>?, showReplaced: Bool, learned: Bool, form: FormState) {
        self.place = place; self.indicator = indicator; self.lock = lock; self.mine = mine; self.spread = spread; self.history = history
        self.contributions = contributions; self.showReplaced = showReplaced; self.learned = learned; self.form = form
    }
}

/// Flagging one contribution; its value shows only to a reader who may read the indicator.
package struct FlagPage: Sendable {
    package let place: CommunityPlace
    package let contributionID: UUID
    package let contribution: FlaggedContribution
    package let lock: ReadLock?
    package let form: FormState

    package init(place: CommunityPlace, contributionID: UUID, contribution: FlaggedContribution, lock: ReadLock?, form: FormState) {
        self.place = place; self.contributionID = contributionID; self.contribution = contribution; self.lock = lock; self.form = form
    }
}

/// The member's credits: balance, what awaits corroboration, the rules and the ledger.
package struct CreditsPage: Sendable {
    package let place: CommunityPlace
    package let balance: Double
    package let escrow: Int
    package let rules: CreditRules
    package let entries: KeysetPage<FigureCredit>

    package init(place: CommunityPlace, balance: Double, escrow: Int, rules: CreditRules, entries: KeysetPage<FigureCredit>) {
        self.place = place; self.balance = balance; self.escrow = escrow; self.rules = rules; self.entries = entries
    }
}

/// The datasets, and the form to create one.
package struct DatasetsPage: Sendable {
    package let place: CommunityPlace
    package let datasets: KeysetPage<FigureDataset>
    package let form: FormState

    package init(place: CommunityPlace, datasets: KeysetPage<FigureDataset>, form: FormState) {
        self.place = place; self.datasets = datasets; self.form = form
    }
}

/// One dataset's indicators, sorted by `sort`; estimates show for those in `open`, the lock pays for the rest.
package struct DatasetPage: Sendable {
    package let place: CommunityPlace
    package let dataset: FigureDataset
    package let sort: String
    package let indicators: [FigureIndicator]
    package let open: Set<UUID>
    package let lock: ReadLock?

    package init(place: CommunityPlace, dataset: FigureDataset, sort: String, indicators: [FigureIndicator], open: Set<UUID>, lock: ReadLock?) {
        self.place = place; self.dataset = dataset; self.sort = sort; self.indicators = indicators; self.open = open; self.lock = lock
    }
}
