import Foundation
import EnjeuCore

/// A steward's action on a member names itself in the URL (`/members/ada/promote`).
extension MemberChange: PathValue { package var pathSegment: String { rawValue } }

/// The page routes of communities and memberships, and the site's home, declared once: the app registers them,
/// views and the layout link to them.
package enum CommunityEndpoints {
    /// The site's home: my communities, and some to discover.
    package static let home = Endpoint< >(.GET, "/", gate: .anyone, name: "home")

    /// `?q=` searches, `?after=` pages.
    package static let browse = Endpoint< >(.GET, "/communities", gate: .anyone, name: "community.browse")
    package static let newCommunity = Endpoint< >(.GET, "/communities/new", gate: .signedIn, name: "community.new")
    package static let create = Endpoint< >(.POST, "/communities", gate: .signedIn, name: "community.create")

    /// A community's home: its card for everyone, its people for those who may see inside.
    package static let community = Endpoint<String>(.GET, "/communities/:slug", gate: .community(.seeCard), name: "community.home")
    /// `?after=` pages.
    package static let members = Endpoint<String>(.GET, "/communities/:slug/members", gate: .community(.seeInside), name: "community.members")
    package static let changeMember = Endpoint<String, String, MemberChange>(.POST, "/communities/:slug/members/:handle/:change",
                                                                             gate: .community(.steward), name: "community.members.change")

    package static let join = Endpoint<String>(.POST, "/communities/:slug/join", gate: .community(.requestToJoin), name: "community.join")
    /// Open to anyone who sees the card: the service answers 409 when there is no pending request.
    package static let withdraw = Endpoint<String>(.POST, "/communities/:slug/withdraw", gate: .community(.seeCard), name: "community.join.withdraw")
    package static let leave = Endpoint<String>(.POST, "/communities/:slug/leave", gate: .community(.leave), name: "community.leave")

    package static let charter = Endpoint<String>(.GET, "/communities/:slug/charter", gate: .community(.seeCard), name: "community.charter")
    package static let acceptCharter = Endpoint<String>(.POST, "/communities/:slug/charter/accept", gate: .community(.acceptCharter),
                                                        name: "community.charter.accept")
    package static let publishCharter = Endpoint<String>(.POST, "/communities/:slug/charter", gate: .community(.steward),
                                                         name: "community.charter.publish")

    /// Pending join requests; `?after=` pages.
    package static let requests = Endpoint<String>(.GET, "/communities/:slug/requests", gate: .community(.steward), name: "community.requests")
    package static let approve = Endpoint<String, UUID>(.POST, "/communities/:slug/requests/:id/approve", gate: .community(.steward),
                                                        name: "community.requests.approve")
    package static let decline = Endpoint<String, UUID>(.POST, "/communities/:slug/requests/:id/decline", gate: .community(.steward),
                                                        name: "community.requests.decline")

    package static let settings = Endpoint<String>(.GET, "/communities/:slug/settings", gate: .community(.steward), name: "community.settings")
    package static let saveSettings = Endpoint<String>(.POST, "/communities/:slug/settings", gate: .community(.steward),
                                                       name: "community.settings.save")
}
