import Foundation
import EnjeuCore

// Page models every feature shares.

/// The community a feature's page (figures, journey, economy, social, the code…) belongs to, and what its viewer may
/// do there.
package struct CommunityPlace: Sendable {
    package let slug: String, name: String, viewerHandle: String?, canContribute: Bool, canSteward: Bool
    /// A programme's figures (`/programmes/<slug>`): the same pages, whose links go to the programme's routes.
    package var isProgramme = false
    /// Where the place's own page is: the community's home, or the programme's.
    package var homePath: String { isProgramme ? ProgrammeEndpoints.home.path(slug) : CommunityEndpoints.community.path(slug) }

    package init(slug: String, name: String, viewerHandle: String?, canContribute: Bool, canSteward: Bool) {
        self.slug = slug; self.name = name; self.viewerHandle = viewerHandle; self.canContribute = canContribute; self.canSteward = canSteward
    }
}

/// A search as typed (`q`) and a page of what it found.
package struct SearchPage<Item: Sendable>: Sendable {
    package let q: String?, page: KeysetPage<Item>
    package init(q: String?, page: KeysetPage<Item>) { self.q = q; self.page = page }
}
