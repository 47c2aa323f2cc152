import Foundation
import EnjeuCore
import EnjeuWeb

/// Posts, follows, notifications, endorsements and credibility under /api/v1, declared once (see `CommunityAPIEndpoints`).
enum SocialAPIEndpoints {
    typealias API = SocialAPI
    typealias Op = APIOperation
    static let post = APISchema(API.PostOut.self, "Post")
    static let created = APIResponse.created(API.Created.self)
    static let preferences = APIResponse.ok(APISchema([API.PrefOut].self, "Preferences", components: [APISchema(API.PrefOut.self, "Preference")]))

    static let posts = Op<String>(.GET, "/api/v1/communities/:slug/posts", gate: .community(.seeInside), name: "api.social.posts",
                                  "The community feed: posts and events of other features, newest first", .ok(.page(API.PostOut.self, "Post")))
    static let publish = Op<String>(.POST, "/api/v1/communities/:slug/posts", gate: .community(.contribute), name: "api.social.post.publish",
                                    "Post (safe Markdown); @handles of members are notified",
                                    body: .json(SocialService.PostIn.self, "BodyIn"), APIResponse(status: 201, schema: post))
    static let postDetail = Op<String, UUID>(.GET, "/api/v1/communities/:slug/posts/:id", gate: .community(.seeInside), name: "api.social.post",
                                             "A post and its comments (oldest first, keyset `after`)",
                                             .ok(APISchema(API.PostWithComments.self, "PostDetail",
                                                           components: [post, APISchema(API.CommentOut.self, "Comment")])))
    static let comment = Op<String, UUID>(.POST, "/api/v1/communities/:slug/posts/:id/comments", gate: .community(.contribute),
                                          name: "api.social.post.comment", "Comment; the post's author and mentioned members are notified",
                                          body: .json(SocialService.PostIn.self, "CommentBodyIn"), created)
    static let editPost = Op<String, UUID>(.PATCH, "/api/v1/communities/:slug/posts/:id", gate: .community(.contribute),
                                           name: "api.social.post.edit",
                                           "Edit my post (its author only): the earlier text is kept for moderators, « modifié » shows to all",
                                           body: .json(SocialService.PostIn.self, "BodyIn"), .ok(post))
    static let deletePost = Op<String, UUID>(.DELETE, "/api/v1/communities/:slug/posts/:id", gate: .community(.contribute),
                                             name: "api.social.post.delete",
                                             "Delete a post (its author, or a moderator): the text is erased, « message supprimé » keeps its place and its comments",
                                             .ok(post))
    static let editComment = Op<String, UUID, UUID>(.PATCH, "/api/v1/communities/:slug/posts/:id/comments/:cid", gate: .community(.contribute),
                                                    name: "api.social.comment.edit", "Edit my comment (its author only)",
                                                    body: .json(SocialService.PostIn.self, "CommentBodyIn"), .ok(API.CommentOut.self, "Comment"))
    static let deleteComment = Op<String, UUID, UUID>(.DELETE, "/api/v1/communities/:slug/posts/:id/comments/:cid", gate: .community(.contribute),
                                                      name: "api.social.comment.delete",
                                                      "Delete a comment (its author, or a moderator): « message supprimé » keeps its place in the thread",
                                                      .ok(API.CommentOut.self, "Comment"))
    static let revisions = Op<String, UUID>(.GET, "/api/v1/communities/:slug/posts/:id/revisions", gate: .community(.contribute),
                                            name: "api.social.post.revisions",
                                            "Earlier texts of an edited post and of its comments, newest first (moderators; others get 404)",
                                            .ok(.page(API.RevisionOut.self, "PostRevision")))
    static let follow = Op<String>(.POST, "/api/v1/communities/:slug/follow", gate: .community(.seeInside), name: "api.social.follow",
                                   "Follow a community (its posts reach my feed)", token: true, .noContent)
    static let unfollow = Op<String>(.DELETE, "/api/v1/communities/:slug/follow", gate: .community(.seeInside), name: "api.social.unfollow",
                                     "Stop following a community", token: true, .noContent)
    static let myFeed = Op< >(.GET, "/api/v1/feed", gate: .signedIn, name: "api.social.my-feed",
                              "My feed across my communities and what I follow", .ok(.page(API.PostOut.self, "Post")))
    static let followPerson = Op<String>(.POST, "/api/v1/people/:handle/follow", gate: .signedIn, name: "api.social.person.follow",
                                         "Follow a member", .noContent)
    static let unfollowPerson = Op<String>(.DELETE, "/api/v1/people/:handle/follow", gate: .signedIn, name: "api.social.person.unfollow",
                                           "Stop following a member", .noContent)
    static let notifications = Op< >(.GET, "/api/v1/notifications", gate: .signedIn, name: "api.social.notifications",
                                      "My notifications, newest first, with the unread count (?unread=1)", query: [.after],
                                      .ok(APISchema(API.NotificationsOut.self, "NotificationPage",
                                                    components: [APISchema(API.NotificationOut.self, "Notification")])))
    static let markRead = Op< >(.POST, "/api/v1/notifications/read", gate: .signedIn, name: "api.social.notifications.read",
                                "Mark notifications as read: {\"ids\": […]} or {\"all\": true}", body: .json(SocialService.ReadIn.self, "ReadIn"),
                                .ok(API.Marked.self))
    static let readPreferences = Op< >(.GET, "/api/v1/notifications/preferences", gate: .signedIn, name: "api.social.preferences",
                                       "My preferences per kind (in the app, by e-mail digest)", preferences)
    static let setPreference = Op< >(.PUT, "/api/v1/notifications/preferences", gate: .signedIn, name: "api.social.preferences.update",
                                     "Set one kind's preferences", body: .json(SocialService.PrefIn.self, "Preference"), preferences)
    static let events = Op< >(.GET, "/api/v1/events", gate: .signedIn, name: "api.social.events",
                              "Server-sent events for the caller: `notification` and `post` (text/event-stream). At most `ENJEU_SSE_MAX_PER_ACCOUNT` (5) "
                                  + "open streams per account, pages and API together, and `ENJEU_SSE_MAX_STREAMS` (2000) per instance: 429 with a reason beyond",
                              .okUndescribed)
    static let endorse = Op<String>(.POST, "/api/v1/communities/:slug/endorsements", gate: .community(.contribute), name: "api.social.endorse",
                                    "Endorse a member on a topic (a value or a skill); never oneself, once per topic",
                                    body: .json(SocialService.EndorseIn.self, "EndorsementIn"), created)
    static let revokeEndorsement = Op<String, UUID>(.DELETE, "/api/v1/communities/:slug/endorsements/:id", gate: .community(.contribute),
                                                    name: "api.social.endorsement.revoke", "Withdraw my endorsement", .noContent)
    static let credibility = Op<String>(.GET, "/api/v1/communities/:slug/credibility", gate: .community(.seeInside), name: "api.social.credibility",
                                        "Credibility ranking, overall or ?topic=, as last computed in the background", .ok(API.RankingOut.self, "Ranking"))
    static let why = Op<String, String>(.GET, "/api/v1/communities/:slug/credibility/:handle", gate: .community(.seeInside),
                                        name: "api.social.credibility.member",
                                        "A member's credibility and its reasons (endorsements, results, formula)", .ok(CredibilityWhy.Out.self, "Why"))
    static let refreshCredibility = Op<String>(.POST, "/api/v1/communities/:slug/credibility/refresh", gate: .community(.steward),
                                               name: "api.social.credibility.refresh", "Recompute credibility now (stewards)",
                                               .ok(CredibilityWhy.Refreshed.self))
    static let threshold = Op<String>(.PUT, "/api/v1/communities/:slug/credibility/threshold", gate: .community(.steward),
                                      name: "api.social.credibility.threshold",
                                      "Set the mean of the four criteria (1 to 4, default 2.5) from which a done action assessed by at least two of its participants is their verified result (stewards); credibility is recomputed next",
                                      body: .json(API.ThresholdIO.self, "Threshold"), .ok(API.ThresholdIO.self, "Threshold"))
    static let matches = Op< >(.GET, "/api/v1/matches", gate: .signedIn, name: "api.social.matches",
                               "Members and communities sharing my values, with the reason",
                               .ok(APISchema(Matches.Out.self, "Matches", components: [APISchema(Matches.Suggestion.self, "Match")])))

    static let all: [APIDoc] = [
        posts.doc, publish.doc, postDetail.doc, comment.doc, editPost.doc, deletePost.doc, editComment.doc, deleteComment.doc, revisions.doc, follow.doc, unfollow.doc, myFeed.doc, followPerson.doc, unfollowPerson.doc,
        notifications.doc, markRead.doc, readPreferences.doc, setPreference.doc, events.doc, endorse.doc, revokeEndorsement.doc,
        credibility.doc, why.doc, threshold.doc, refreshCredibility.doc, matches.doc,
    ]
}
