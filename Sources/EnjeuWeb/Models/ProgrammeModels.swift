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

    package init(name: String, purpose: String, through: String?, communities: [Community], indicators: [Indicator], insideVisible: Bool) {
        self.name = name; self.purpose = purpose; self.through = through; self.communities = communities
        self.indicators = indicators; self.insideVisible = insideVisible
    }
}
