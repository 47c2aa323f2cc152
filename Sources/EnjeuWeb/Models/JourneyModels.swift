import Foundation
import EnjeuCore

// MARK: Rows the journey's queries decode (the JSON API reads them too)

/// A proposal of the journey (a value, a purpose, a stake or the project) with its positions counted.
package struct JourneyProposal: Decodable, Sendable {
    package let id: UUID, cycle: Int, kind: ProposalKind, title: String, body: String, status: ProposalStatus, closesAt: Date, createdAt: Date
    package let authorHandle: String, consents: Int, objections: Int, abstentions: Int

    enum CodingKeys: String, CodingKey {
        case id, cycle, kind, title, body, status, consents, objections, abstentions
        case closesAt = "closes_at", createdAt = "created_at", authorHandle = "author_handle"
    }
}

/// An action of the participatory plan, with the stake it serves, its owner and its team's size.
package struct JourneyAction: Decodable, Sendable {
    package let id: UUID, cycle: Int, title: String, description: String, stakeId: UUID?, stakeTitle: String?, needs: String, dueOn: String?
    package let status: ActionStatus, ownerId: UUID?, ownerHandle: String?, outcome: String, createdAt: Date, participants: Int

    enum CodingKeys: String, CodingKey {
        case id, cycle, title, description, needs, status, outcome, participants
        case stakeId = "stake_id", stakeTitle = "stake_title", dueOn = "due_on", ownerId = "owner_id", ownerHandle = "owner_handle"
        case createdAt = "created_at"
    }
}

/// A member of an action's team. Encoded as is by the API (`handle`, `display_name`).
package struct JourneyPerson: Codable, Sendable {
    package let handle: String, displayName: String
    package init(handle: String, displayName: String) { self.handle = handle; self.displayName = displayName }
    enum CodingKeys: String, CodingKey { case handle, displayName = "display_name" }
}

/// One step of an action's progress. Encoded as is by the API (`status`, `note`, `created_at`, `handle`).
package struct JourneyActionUpdate: Codable, Sendable {
    package let status: ActionStatus, note: String, createdAt: Date, handle: String
    enum CodingKeys: String, CodingKey { case status, note, handle, createdAt = "created_at" }
}

/// A recognition on the wall; `toHandle` is the recognised member's, `toLabel` the name shown.
package struct JourneyRecognition: Decodable, Sendable {
    package let id: UUID, cycle: Int, fromHandle: String, fromName: String, toKind: JourneySubjectKind, toId: UUID, toHandle: String?, toLabel: String
    /// The criteria it speaks to, comma-separated as stored.
    package let message: String, criteria: String, createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id, cycle, message, criteria
        case fromHandle = "from_handle", fromName = "from_name", toKind = "to_kind", toId = "to_id", toHandle = "to_handle"
        case toLabel = "to_label", createdAt = "created_at"
    }

    package var criteriaList: [Criterion] { criteria.split(separator: ",").compactMap { Criterion(rawValue: String($0)) } }
}

/// Individual against collective recognitions of one cycle.
package struct RecognitionBalance: Decodable, Sendable {
    package let cycle: Int, individual: Int, collective: Int
}

/// A retrospective of step 6, with the governance amendment its change became.
package struct JourneyRetrospective: Decodable, Sendable {
    package let id: UUID, worked: String, didNot: String, change: String, amendmentId: UUID?, amendmentStatus: AmendmentStatus?, handle: String, createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id, worked, change, handle
        case didNot = "did_not", amendmentId = "amendment_id", amendmentStatus = "amendment_status", createdAt = "created_at"
    }
}

// MARK: Pages

/// Self- and peer-assessment sums behind one evaluation block.
package struct JourneyFigures: Sendable {
    package let own: ScoreAggregate, peers: ScoreAggregate
    package init(own: ScoreAggregate, peers: ScoreAggregate) { self.own = own; self.peers = peers }
    package var isEmpty: Bool { own.count + peers.count == 0 }
}

/// The six steps of the current cycle; `started`, once a steward has started the journey (else they are offered the
/// templates); `actions`, the cycle's latest.
package struct JourneyOverview: Sendable {
    package let place: CommunityPlace, cycle: Int, started: Bool, states: [JourneyStep: StepState], canStartNextCycle: Bool
    package let proposals: [JourneyProposal], actions: [JourneyAction], retrospectives: [JourneyRetrospective], form: FormState

    package init(place: CommunityPlace, cycle: Int, started: Bool, states: [JourneyStep: StepState], canStartNextCycle: Bool,
                 proposals: [JourneyProposal], actions: [JourneyAction], retrospectives: [JourneyRetrospective], form: FormState) {
        self.place = place; self.cycle = cycle; self.started = started; self.states = states; self.canStartNextCycle = canStartNextCycle
        self.proposals = proposals; self.actions = actions; self.retrospectives = retrospectives; self.form = form
    }
}

/// Every action, newest first, and the form to create one (serving an adopted stake).
package struct JourneyActionList: Sendable {
    package let place: CommunityPlace, actions: KeysetPage<JourneyAction>, stakes: [JourneyProposal], form: FormState

    package init(place: CommunityPlace, actions: KeysetPage<JourneyAction>, stakes: [JourneyProposal], form: FormState) {
        self.place = place; self.actions = actions; self.stakes = stakes; self.form = form
    }
}

/// One action: its facts, team, progress and evaluation.
package struct JourneyActionDetail: Sendable {
    package let place: CommunityPlace, action: JourneyAction, team: [JourneyPerson], updates: [JourneyActionUpdate], figures: JourneyFigures
    package let form: FormState

    package init(place: CommunityPlace, action: JourneyAction, team: [JourneyPerson], updates: [JourneyActionUpdate], figures: JourneyFigures, form: FormState) {
        self.place = place; self.action = action; self.team = team; self.updates = updates; self.figures = figures; self.form = form
    }

    package var viewerInTeam: Bool { place.viewerHandle.map { v in team.contains { $0.handle == v } } ?? false }
}

/// One cycle's figures on the evaluation page.
package struct JourneyCycleFigures: Sendable {
    package let cycle: Int, figures: JourneyFigures
    package init(cycle: Int, figures: JourneyFigures) { self.cycle = cycle; self.figures = figures }
}

/// The community's evaluation, over all cycles and cycle by cycle, with only the members' cells `EvaluationRelease`
/// publishes; `withholds` when some members' assessments are left out of these figures.
package struct JourneyEvaluation: Sendable {
    package let place: CommunityPlace, withholds: Bool, overall: JourneyFigures, cycles: [JourneyCycleFigures]

    package init(place: CommunityPlace, withholds: Bool, overall: JourneyFigures, cycles: [JourneyCycleFigures]) {
        self.place = place; self.withholds = withholds; self.overall = overall; self.cycles = cycles
    }
}

/// A member's own dashboard (theirs and the stewards' only).
package struct JourneyDashboard: Sendable {
    package let place: CommunityPlace, label: String, isOwn: Bool, figures: JourneyFigures

    package init(place: CommunityPlace, label: String, isOwn: Bool, figures: JourneyFigures) {
        self.place = place; self.label = label; self.isOwn = isOwn; self.figures = figures
    }
}

/// The form assessing a member's contribution.
package struct JourneyMemberAssessment: Sendable {
    package let place: CommunityPlace, handle: String, label: String
    package init(place: CommunityPlace, handle: String, label: String) { self.place = place; self.handle = handle; self.label = label }
}

/// The recognition wall.
package struct JourneyWall: Sendable {
    package let place: CommunityPlace, recognitions: KeysetPage<JourneyRecognition>, balance: [RecognitionBalance], form: FormState

    package init(place: CommunityPlace, recognitions: KeysetPage<JourneyRecognition>, balance: [RecognitionBalance], form: FormState) {
        self.place = place; self.recognitions = recognitions; self.balance = balance; self.form = form
    }
}

/// A cycle's restitution, for the page and the Markdown download; `partial` when some members' assessments of the
/// cycle are left out (`EvaluationRelease`).
package struct JourneyCycleReport: Sendable {
    package struct Action: Sendable {
        package let action: JourneyAction, team: [JourneyPerson]
        package init(action: JourneyAction, team: [JourneyPerson]) { self.action = action; self.team = team }
    }

    package let place: CommunityPlace, cycle: Int, states: [JourneyStep: StepState], proposals: [JourneyProposal], actions: [Action]
    package let figures: JourneyFigures, partial: Bool, recognitions: [JourneyRecognition]
    /// What else happened within the cycle's dates: observation (figures), sharing (the economy) and the code's changes.
    package let period: CyclePeriod

    package init(place: CommunityPlace, cycle: Int, states: [JourneyStep: StepState], proposals: [JourneyProposal], actions: [Action],
                 figures: JourneyFigures, partial: Bool, recognitions: [JourneyRecognition], period: CyclePeriod = CyclePeriod()) {
        self.place = place; self.cycle = cycle; self.states = states; self.proposals = proposals; self.actions = actions
        self.figures = figures; self.partial = partial; self.recognitions = recognitions; self.period = period
    }

    /// The proposals of one kind the community adopted.
    package func adopted(_ kind: ProposalKind) -> [JourneyProposal] { proposals.filter { $0.kind == kind && $0.status == .adopted } }
}

/// A cycle's dates (`until` nil: the cycle is still open) and what the community observed, exchanged and changed in its
/// code within them, for the restitution. Figures are named with how many values came in, never the values (give to get).
package struct CyclePeriod: Sendable {
    package struct Figure: Decodable, Sendable {
        package let id: UUID, name: String, unit: String, values: Int, contributors: Int
        package init(id: UUID, name: String, unit: String, values: Int, contributors: Int) {
            self.id = id; self.name = name; self.unit = unit; self.values = values; self.contributors = contributors
        }
    }
    /// The ledger's entries that count (confirmed, neither reversed nor a reversal), by nature, measure and unit.
    package struct Flows: Decodable, Sendable {
        package let nature: String, measure: String, unit: String, entries: Int, total: Double?
        package init(nature: String, measure: String, unit: String, entries: Int, total: Double?) {
            self.nature = nature; self.measure = measure; self.unit = unit; self.entries = entries; self.total = total
        }
    }
    package struct Revision: Decodable, Sendable {
        package let number: Int, summary: String, createdAt: Date
        package init(number: Int, summary: String, createdAt: Date) { self.number = number; self.summary = summary; self.createdAt = createdAt }
        enum CodingKeys: String, CodingKey { case number, summary, createdAt = "created_at" }
    }

    package let since: Date?, until: Date?, figures: [Figure], flows: [Flows], revisions: [Revision]
    package init(since: Date? = nil, until: Date? = nil, figures: [Figure] = [], flows: [Flows] = [], revisions: [Revision] = []) {
        self.since = since; self.until = until; self.figures = figures; self.flows = flows; self.revisions = revisions
    }
}
