import Foundation
import EnjeuCore

/// The page routes of the social space, declared once: the app registers them, views link to them.
package enum SocialEndpoints {
    /// A community's feed; `?after=` pages it.
    package static let feed = Endpoint<String>(.GET, "/communities/:slug/feed", gate: .community(.seeInside), name: "social.feed")
    package static let publish = Endpoint<String>(.POST, "/communities/:slug/feed", gate: .community(.contribute), name: "social.feed.post")
    /// One post and its comments (`?after=` pages them); `?fragment=1` is the post alone, for the live feed.
    package static let post = Endpoint<String, UUID>(.GET, "/communities/:slug/posts/:id", gate: .community(.seeInside), name: "social.post")
    package static let comment = Endpoint<String, UUID>(.POST, "/communities/:slug/posts/:id/comments", gate: .community(.contribute),
                                                        name: "social.post.comment")
    /// `on=1` follows a public community, `on=0` stops.
    package static let follow = Endpoint<String>(.POST, "/communities/:slug/follow", gate: .community(.seeInside), name: "social.follow")
    package static let followPerson = Endpoint<String>(.POST, "/people/:handle/follow", gate: .signedIn, name: "social.person.follow")

    /// My feed across communities; `?after=` pages it.
    package static let myFeed = Endpoint< >(.GET, "/feed", gate: .signedIn, name: "social.my-feed")
    package static let notifications = Endpoint< >(.GET, "/notifications", gate: .signedIn, name: "social.notifications")
    /// `id=` marks one notification read; without it, all of them.
    package static let markRead = Endpoint< >(.POST, "/notifications/read", gate: .signedIn, name: "social.notifications.read")
    package static let preferences = Endpoint< >(.POST, "/notifications/preferences", gate: .signedIn, name: "social.notifications.preferences")
    /// The live event stream (server-sent events) of signed-in pages.
    package static let events = Endpoint< >(.GET, "/events", gate: .signedIn, name: "social.events")
    package static let matches = Endpoint< >(.GET, "/me/matches", gate: .signedIn, name: "social.matches")

    /// The ranking and the leaders; `?topic=` narrows to one topic, `?after=` pages.
    package static let credibility = Endpoint<String>(.GET, "/communities/:slug/credibility", gate: .community(.seeInside),
                                                      name: "social.credibility")
    /// Why a member has their credibility.
    package static let why = Endpoint<String, String>(.GET, "/communities/:slug/credibility/:handle", gate: .community(.seeInside),
                                                      name: "social.credibility.why")
    package static let recompute = Endpoint<String>(.POST, "/communities/:slug/credibility/refresh", gate: .community(.steward),
                                                    name: "social.credibility.refresh")
    package static let endorse = Endpoint<String>(.POST, "/communities/:slug/endorsements", gate: .community(.contribute),
                                                  name: "social.endorse")
    package static let revoke = Endpoint<String, UUID>(.POST, "/communities/:slug/endorsements/:id/revoke", gate: .community(.contribute),
                                                       name: "social.endorsement.revoke")
}
