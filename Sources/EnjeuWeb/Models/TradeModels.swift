import Foundation
import EnjeuCore

/// A trade's or sector's page (`/figures/trades/<tag>`): one tag's indicators across the programmes the reader may see
/// inside, what is missing, and the indicators members ask for. Built by the app from the same reads as the API.
package struct TradePage: Sendable {
    package struct Indicator: Sendable, Equatable {
        package let programme: String, programmeName: String
        package let name: String, unit: String, period: String, place: String, tags: [String]
        package let contributors: Int, sources: Int
        /// Only where the programme publishes its estimates as open data; nil elsewhere (they cost its credits there).
        package let estimate: Estimate?
        /// Per-community medians beside the pooled estimate, when values came through more than one community.
        package let spread: [Group]
        package let gaps: [TradeGap]
        package init(programme: String, programmeName: String, name: String, unit: String, period: String, place: String, tags: [String],
                     contributors: Int, sources: Int, estimate: Estimate?, spread: [Group], gaps: [TradeGap]) {
            self.programme = programme; self.programmeName = programmeName; self.name = name; self.unit = unit; self.period = period
            self.place = place; self.tags = tags; self.contributors = contributors; self.sources = sources; self.estimate = estimate
            self.spread = spread; self.gaps = gaps
        }
    }
    package struct Estimate: Sendable, Equatable {
        package let kind: FigureEstimate.Kind, value: Double, low: Double, high: Double
        package init(kind: FigureEstimate.Kind, value: Double, low: Double, high: Double) {
            self.kind = kind; self.value = value; self.low = low; self.high = high
        }
    }
    /// A community's group beside the pooled estimate, by the name the reader sees (`ProgrammeSources`' rule).
    package typealias Group = ProgrammeSources.Group
    package struct Request: Sendable, Equatable {
        package let id: UUID, name: String, unit: String, period: String, place: String, supporters: Int, supported: Bool
        package init(id: UUID, name: String, unit: String, period: String, place: String, supporters: Int, supported: Bool) {
            self.id = id; self.name = name; self.unit = unit; self.period = period; self.place = place
            self.supporters = supporters; self.supported = supported
        }
    }

    package let tag: String
    package let indicators: [Indicator]
    /// The next page of indicators (`?after=`), nil on the last.
    package let next: String?
    /// Most supported first; shown on the first page of indicators only.
    package let requests: [Request]?
    /// Signed out: a link to sign in instead of the form and the buttons.
    package let signedIn: Bool
    /// The request form (its values and field-named errors after a refused submission).
    package let form: FormState
    /// Why a support was refused (already supported), shown by the requests.
    package let notice: Text?

    package init(tag: String, indicators: [Indicator], next: String?, requests: [Request]?, signedIn: Bool, form: FormState = FormState(),
                 notice: Text? = nil) {
        self.tag = tag; self.indicators = indicators; self.next = next; self.requests = requests; self.signedIn = signedIn
        self.form = form; self.notice = notice
    }
}
