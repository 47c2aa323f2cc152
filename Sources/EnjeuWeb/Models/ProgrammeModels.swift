import Foundation
import EnjeuCore

/// A programme's home page (`/programmes/<slug>`): what it is, the communities in it, and its indicators. Values are
/// never shown here (reading them is paid for through the API, as in a community); participants see how many people
/// and which communities each indicator's estimate comes from.
package struct ProgrammePage: Sendable {
    package struct Community: Sendable, Equatable {
        package let slug: String, name: String
        package init(slug: String, name: String) { self.slug = slug; self.name = name }
    }
    package struct Indicator: Sendable, Equatable {
        package let name: String, unit: String, period: String, place: String
        /// nil to who does not take part: they do not see where values come from.
        package let contributors: Int?
        package let communities: [String]
        /// Its trades and sectors, each a link to the trade's page across programmes.
        package let tags: [String]
        /// Its page (`ProgrammeEndpoints.indicator`), linked for participants.
        package var id: UUID? = nil
        package init(name: String, unit: String, period: String, place: String, contributors: Int?, communities: [String],
                     tags: [String] = []) {
            self.name = name; self.unit = unit; self.period = period; self.place = place
            self.contributors = contributors; self.communities = communities; self.tags = tags
        }
    }

    package let name: String, purpose: String
    /// The community the viewer takes part through, when they do.
    package let through: String?
    package let communities: [Community]
    package let indicators: [Indicator]
    /// nil to who may not see inside (a members-only programme).
    package let insideVisible: Bool
    /// The next page of its indicators (`?part=indicators&after=`), when there is one.
    package var indicatorsNext: String? = nil
    /// What the viewer may do here: join, accept the charter, answer requests and merges (stewards).
    package var actions = ProgrammeActions()

    package init(name: String, purpose: String, through: String?, communities: [Community], indicators: [Indicator], insideVisible: Bool) {
        self.name = name; self.purpose = purpose; self.through = through; self.communities = communities
        self.indicators = indicators; self.insideVisible = insideVisible
    }
}

/// The forms a programme's home shows to its viewer, each only to who may use it.
package struct ProgrammeActions: Sendable {
    package struct CommunityRequest: Sendable, Equatable {
        package let id: UUID, slug: String, name: String
        package init(id: UUID, slug: String, name: String) { self.id = id; self.slug = slug; self.name = name }
    }
    package struct Merge: Sendable, Equatable {
        package let id: UUID, community: String, indicatorName: String, into: String, requestedBy: String
        package init(id: UUID, community: String, indicatorName: String, into: String, requestedBy: String) {
            self.id = id; self.community = community; self.indicatorName = indicatorName; self.into = into; self.requestedBy = requestedBy
        }
    }

    package var slug = ""
    /// Signed in and neither in it nor asking: may ask to join for themselves.
    package var mayAsk = false
    /// Their own request awaits the stewards.
    package var pending = false
    /// The charter version they may accept now (approved, or an active member of a joined community), with its text.
    package var charterToAccept: (version: Int, text: String)? = nil
    /// The programme's reciprocity charter and its give-to-get rule, shown to anyone signed in.
    package var charter: String? = nil
    package var rules: CreditRules? = nil
    /// Communities the viewer stewards that are not in it (nor asking): each may be asked in.
    package var stewardOf: [ProgrammePage.Community] = []
    /// Organisations the viewer represents that are neither in it nor asking: each may be asked in.
    package var organisations: [ProgrammePage.Community] = []
    package var isSteward = false
    /// Takes part (may contribute): links to a new indicator and to their credits.
    package var mayContribute = false
    /// Stewards only: people's and organisations' requests, communities' requests, merges awaiting them.
    package var requests: [JoinRequestItem] = []
    package var communityRequests: [CommunityRequest] = []
    package var merges: [Merge] = []
    /// The cursors of the next pages of people's requests and of merges (`?part=requests|merges&after=`).
    package var requestsNext: String? = nil
    package var mergesNext: String? = nil
    /// The last form sent, shown again with its problems.
    package var form = FormState()

    package init() {}
}

/// A programme indicator's page: the community figures' page model (the same loader), what the programme is, and where
/// its estimate comes from (the API's `sources`).
package struct ProgrammeIndicatorPage: Sendable {
    /// A group the estimate comes from, as the page names it (`ProgrammeSources`' rule).
    package typealias Source = ProgrammeSources.Group
    package let programme: ProgrammePage.Community
    package let page: IndicatorPage
    /// nil while locked.
    package let contributors: Int?
    package let sources: [Source]

    package init(programme: ProgrammePage.Community, page: IndicatorPage, contributors: Int?, sources: [Source]) {
        self.programme = programme; self.page = page; self.contributors = contributors; self.sources = sources
    }
}

/// The form of a community's steward proposing to merge its indicator into a programme's with the same unit and period.
package struct MergeFormPage: Sendable {
    package struct Target: Sendable, Equatable {
        package let id: UUID, name: String, programme: String
        package init(id: UUID, name: String, programme: String) { self.id = id; self.name = name; self.programme = programme }
    }
    package let place: CommunityPlace
    package let indicator: FigureIndicator
    package let targets: [Target]
    package let form: FormState
    package init(place: CommunityPlace, indicator: FigureIndicator, targets: [Target], form: FormState) {
        self.place = place; self.indicator = indicator; self.targets = targets; self.form = form
    }
}

/// A programme as the list of programmes shows it.
package struct ProgrammeCard: Sendable, Equatable {
    package let slug: String, name: String, purpose: String
    package let membersOnly: Bool
    package init(slug: String, name: String, purpose: String, membersOnly: Bool) {
        self.slug = slug; self.name = name; self.purpose = purpose; self.membersOnly = membersOnly
    }
}

/// The programmes a reader can see, a page at a time; `mayCreate`: signed in, so the form's link is shown.
package struct ProgrammeListPage: Sendable {
    package let page: KeysetPage<ProgrammeCard>
    package let mayCreate: Bool
    package init(page: KeysetPage<ProgrammeCard>, mayCreate: Bool) { self.page = page; self.mayCreate = mayCreate }
}
