import Foundation

/// The six steps of socio-performance (seed 000): a community walks them in cycles.
public enum JourneyStep: String, CaseIterable, Sendable, Codable {
    case values
    case commonGood = "common-good"
    case project
    case actionPlan = "action-plan"
    case action
    case governance

    public var number: Int { (Self.allCases.firstIndex(of: self) ?? 0) + 1 }
}

public enum StepState: String, CaseIterable, Sendable, Codable {
    case notStarted = "not-started"
    case inProgress = "in-progress"
    case done
}

/// What the journey page needs to know about one cycle, counted in the database.
public struct JourneyFacts: Sendable, Equatable {
    public var openValues = 0, adoptedValues = 0
    public var openStakes = 0, adoptedStakes = 0
    public var openProjects = 0, adoptedProjects = 0
    public var plannedActions = 0, ownedActions = 0, actionsInProgress = 0, actionsDone = 0
    public var retrospectives = 0, governanceAmendmentsAdopted = 0
    public init() {}
}

public enum JourneyRules {
    /// Each step's state. A step is done when the community has adopted (or carried out) at least one artefact of it;
    /// in progress when something is on the table. Steps can overlap: a community may act before its project is adopted.
    public static func states(_ f: JourneyFacts) -> [JourneyStep: StepState] {
        func state(done: Bool, started: Bool) -> StepState { done ? .done : (started ? .inProgress : .notStarted) }
        return [
            .values: state(done: f.adoptedValues > 0, started: f.openValues > 0),
            .commonGood: state(done: f.adoptedStakes > 0, started: f.openStakes > 0),
            .project: state(done: f.adoptedProjects > 0, started: f.openProjects > 0),
            .actionPlan: state(done: f.ownedActions > 0, started: f.plannedActions > 0),
            .action: state(done: f.actionsDone > 0, started: f.actionsInProgress > 0),
            .governance: state(done: f.governanceAmendmentsAdopted > 0, started: f.retrospectives > 0),
        ]
    }

    /// A new cycle may begin once governance has progressed (step 6 done).
    public static func canStartNextCycle(_ f: JourneyFacts) -> Bool { states(f)[.governance] == .done }
}

/// What members propose for adoption by the community's decision rule (the same `DecisionEngine` as #CodeSocial).
public enum ProposalKind: String, CaseIterable, Sendable, Codable {
    /// Step 1: a shared value, with its meaning.
    case value
    /// Step 2: a purpose (finalité) of the common good.
    case purpose
    /// Step 2: a stake (enjeu) the community holds in common.
    case stake
    /// Step 3: the community project (vision, objectives tied to stakes).
    case project

    public var step: JourneyStep {
        switch self {
        case .value: .values
        case .purpose, .stake: .commonGood
        case .project: .project
        }
    }
}

public struct ProposalDraft: Sendable {
    public var kind: String
    public var title: String
    public var body: String
    public init(kind: String, title: String, body: String) { self.kind = kind; self.title = title; self.body = body }

    public func validated() -> Result<(kind: ProposalKind, title: String, body: String), Violations> {
        var v = Violations()
        let kind = ProposalKind(rawValue: kind)
        if kind == nil { v.add(.kind, .notAChoice) }
        let title = title.trimmingCharacters(in: .whitespacesAndNewlines)
        let body = body.trimmingCharacters(in: .whitespacesAndNewlines)
        v.checkLength(.name, title, min: 2, max: Rules.nameMax)
        v.checkLength(.proposalBody, body, min: kind == .project ? 20 : 5, max: Rules.longTextMax)
        guard v.isEmpty, let kind else { return .failure(v) }
        return .success((kind, title, body))
    }
}

/// Actions of the participatory plan: planned → in progress (once someone owns it) → done (with an outcome) or dropped.
public enum ActionStatus: String, CaseIterable, Sendable, Codable {
    case planned
    case inProgress = "in-progress"
    case done
    case dropped

    /// Allowed moves; a done or dropped action is closed.
    public func canMove(to next: ActionStatus) -> Bool {
        switch (self, next) {
        case (.planned, .inProgress), (.planned, .dropped), (.inProgress, .done), (.inProgress, .dropped): true
        default: false
        }
    }
}

public struct ActionDraft: Sendable {
    public var title: String
    public var description: String
    public var needs: String
    public var dueOn: String?
    public init(title: String, description: String, needs: String, dueOn: String?) {
        self.title = title; self.description = description; self.needs = needs; self.dueOn = dueOn
    }

    public func validated() -> Result<(title: String, description: String, needs: String, dueOn: String?), Violations> {
        var v = Violations()
        let title = title.trimmingCharacters(in: .whitespacesAndNewlines)
        let description = description.trimmingCharacters(in: .whitespacesAndNewlines)
        let needs = needs.trimmingCharacters(in: .whitespacesAndNewlines)
        v.checkLength(.name, title, min: 3, max: Rules.nameMax)
        v.checkLength(.definition, description, min: 0, max: 5_000)
        v.checkLength(.needs, needs, min: 0, max: 2_000)
        var due: String?
        if let raw = dueOn?.trimmingCharacters(in: .whitespaces), !raw.isEmpty {
            due = FigureDate.parse(raw)
            if due == nil { v.add(.date, .dateFormat) }
        }
        guard v.isEmpty else { return .failure(v) }
        return .success((title, description, needs, due))
    }
}

/// The four criteria of socio-performance (seed 000): material enrichment, and human enrichment in consciousness,
/// mastery and maturity; each scored 0–4 against a descriptor.
public enum Criterion: String, CaseIterable, Sendable, Codable {
    case material, consciousness, mastery, maturity
}

public struct Scores: Sendable, Equatable, Codable {
    public var material, consciousness, mastery, maturity: Int
    public init(material: Int, consciousness: Int, mastery: Int, maturity: Int) {
        self.material = material; self.consciousness = consciousness; self.mastery = mastery; self.maturity = maturity
    }
    public subscript(_ c: Criterion) -> Int {
        switch c {
        case .material: material
        case .consciousness: consciousness
        case .mastery: mastery
        case .maturity: maturity
        }
    }

    /// Each criterion 0–4; a missing one is refused by the decoder before this.
    public func validated() -> Result<Scores, Violations> {
        var v = Violations()
        for c in Criterion.allCases where !(0...4).contains(self[c]) { v.add(InputField(rawValue: c.rawValue) ?? .rating, .outOfRange(min: 0, max: 4)) }
        return v.isEmpty ? .success(self) : .failure(v)
    }
}

/// Running sums per criterion: dashboards read these, never every assessment.
public struct ScoreAggregate: Sendable, Equatable, Codable {
    public var count: Int = 0
    public var sums: [Int] = [0, 0, 0, 0]
    public init(count: Int = 0, sums: [Int] = [0, 0, 0, 0]) { self.count = count; self.sums = sums }

    public func mean(_ c: Criterion) -> Double? {
        guard count > 0, let i = Criterion.allCases.firstIndex(of: c) else { return nil }
        return Double(sums[i]) / Double(count)
    }
}
