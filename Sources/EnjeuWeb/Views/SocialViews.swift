import Foundation
import EnjeuCore

/// The social space's pages: feeds, posts and comments, notifications, credibility and its "why", matches.
/// Without JavaScript everything works on reload; with it, new posts and notifications arrive live (enjeu.js).
package enum SocialViews {
    // Formatting with a configured formatter is thread-safe; building one per post is not cheap.
    nonisolated(unsafe) private static let iso = ISO8601DateFormatter()

    static func nav(_ p: CommunityPlace, _ l: Lang) -> Node {
        subnav(l[SocialText.feed], p, [
            (l[SocialText.feed], SocialEndpoints.feed.path(p.slug)),
            (l[SocialText.credibility], SocialEndpoints.credibility.path(p.slug)),
        ])
    }

    /// One item of a feed; `showCommunity` on feeds that mix communities.
    static func postItem(_ entry: FeedEntry, _ l: Lang, showCommunity: Bool = false) -> Node {
        let p = entry.item
        return el("article", .cls(p.event == nil ? "post" : "post event"), .id("p-" + p.id.uuidString)) {
            el("p", .cls("meta")) {
                if let h = p.authorHandle, p.event == nil, p.deletedAt == nil {
                    el("a", .href(AccountEndpoints.person.path(h))) { (p.authorName ?? h) + " · @" + h }
                }
                if showCommunity { " · "; el("a", .href(SocialEndpoints.feed.path(p.slug))) { p.communityName } }
                " · "
                el("time", Attr("datetime", iso.string(from: p.createdAt))) { dateText(p.createdAt, l) }
                if p.editedAt != nil && p.deletedAt == nil { " · "; el("span", .cls("edited")) { l[SocialText.edited] } }
            }
            if p.deletedAt != nil {
                el("p", .cls("deleted")) { el("em") { l[SocialText.deletedMessage] } }
            } else if let e = p.event {
                el("p") {
                    if p.link.isEmpty { l[SocialText.event(e, actor: p.authorHandle, subject: p.subject)] }
                    else { el("a", .href(p.link)) { l[SocialText.event(e, actor: p.authorHandle, subject: p.subject)] } }
                }
            } else {
                if p.hiddenAt != nil { ModerationViews.hiddenNotice(p.hiddenReason, l) }
                markdown(entry.body)
                el("p", .cls("post-actions")) { el("a", .href(SocialEndpoints.post.path(p.slug, p.id))) { l[SocialText.commentCount(p.comments)] } }
            }
        }
    }

    /// One post alone, without the layout: the live feed fetches it (`?fragment=1`) when the event stream names it.
    package static func postFragment(_ entry: FeedEntry, _ l: Lang) -> Node { postItem(entry, l) }

    package static func feedPage(_ m: CommunityFeedPage, _ l: Lang, csrf: String) -> PageView {
        let slug = m.place.slug
        let s = m.form
        return PageView(title: l[SocialText.feed] + " · " + m.place.name) {
            nav(m.place, l)
            el("h1") { l[SocialText.feed] }
            el("p", .cls("lead")) { l[SocialText.feedLead] }
            if let following = m.following {
                postForm(SocialEndpoints.follow.path(slug), csrf: csrf, cls: "inline") {
                    el("input", .type("hidden"), .name("on"), .value(following ? "0" : "1"))
                    el("button", .cls("secondary")) { l[following ? SocialText.unfollow : SocialText.follow] }
                }
            }
            if m.place.canContribute {
                el("section", .aria("labelledby", "write-title")) {
                    el("h2", .id("write-title"), .cls("visually-hidden")) { l[SocialText.write] }
                    errorSummary(s, l)
                    postForm(SocialEndpoints.publish.path(slug), csrf: csrf) {
                        field(.body, s, l, input: .area(rows: 3), required: true, hint: SocialText.bodyHint.text, label: SocialText.message.text, maxLength: Social.postMax)
                        el("button", .type("submit")) { l[SocialText.write] }
                    }
                }
            }
            el("div", .id("feed"), Attr("data-live-feed", slug)) {
                for entry in m.entries { postItem(entry, l) }
            }
            if m.entries.isEmpty {
                emptyState(l[FirstStepsText.feed], action: m.place.canContribute ? (l[FirstStepsText.feedAction], "#f-body") : nil)
            }
            pager(next: m.next.map { SocialEndpoints.feed.path(slug, query: [("after", $0)]) }, l)
        }
    }

    package static func postPage(_ m: PostPage, _ l: Lang, csrf: String) -> PageView {
        let slug = m.place.slug
        let post = m.entry.item
        let s = m.form
        let own = post.authorHandle != nil && post.authorHandle == m.place.viewerHandle
        return PageView(title: l[SocialText.feed] + " · " + m.place.name) {
            nav(m.place, l)
            postItem(m.entry, l)
            if post.deletedAt == nil && post.event == nil {
                itemActions(own: m.place.canContribute && own,
                            moderate: m.canModerate, id: "p-" + post.id.uuidString, body: post.body, max: Social.postMax,
                            edit: SocialEndpoints.editPost.path(slug, post.id), delete: SocialEndpoints.deletePost.path(slug, post.id), l, csrf: csrf)
                moderation(.post, post.id, own: own, hidden: post.hiddenAt != nil, back: SocialEndpoints.post.path(slug, post.id), m.place, l,
                           csrf: csrf)
            }
            if m.canModerate && !m.revisions.isEmpty {
                titledSection("history-title", l[SocialText.history]) {
                    el("p", .cls("hint")) { l[SocialText.historyLead] }
                    el("ol", .cls("revisions")) {
                        for r in m.revisions {
                            el("li") {
                                el("p", .cls("meta")) {
                                    l[r.commentId == nil ? SocialText.historyPost : SocialText.historyComment]; " · @" + r.editorHandle + " · "; dateText(r.createdAt, l)
                                }
                                el("pre", .cls("revision")) { r.body }
                            }
                        }
                    }
                }
            }
            titledSection("comments-title", l[SocialText.comments]) {
                el("ol", .cls("comments")) {
                    for entry in m.comments {
                        let k = entry.item
                        el("li", .id("c-" + k.id.uuidString)) {
                            if k.deletedAt != nil {
                                el("p", .cls("meta deleted")) { dateText(k.createdAt, l); " · "; el("em") { l[SocialText.deletedMessage] } }
                            } else {
                                el("p", .cls("meta")) {
                                    if let remote = k.remoteURL {
                                        el("a", .href(remote), Attr("rel", "nofollow ugc")) { k.authorName + " · @" + k.authorHandle }
                                    } else {
                                        el("a", .href(AccountEndpoints.person.path(k.authorHandle))) { k.authorName + " · @" + k.authorHandle }
                                    }
                                    " · "; dateText(k.createdAt, l)
                                    if k.editedAt != nil { " · "; el("span", .cls("edited")) { l[SocialText.edited] } }
                                }
                                if k.hiddenAt != nil { ModerationViews.hiddenNotice(k.hiddenReason, l) }
                                markdown(entry.body)
                                itemActions(own: m.place.canContribute && k.authorHandle == m.place.viewerHandle, moderate: m.canModerate,
                                            id: "c-" + k.id.uuidString, body: k.body, max: Social.commentMax,
                                            edit: SocialEndpoints.editComment.path(slug, post.id, k.id),
                                            delete: SocialEndpoints.deleteComment.path(slug, post.id, k.id), l, csrf: csrf)
                                moderation(.comment, k.id, own: k.authorHandle == m.place.viewerHandle, hidden: k.hiddenAt != nil,
                                           back: SocialEndpoints.post.path(slug, post.id) + "#c-" + k.id.uuidString, m.place, l, csrf: csrf)
                            }
                        }
                    }
                }
                pager(next: m.next.map { SocialEndpoints.post.path(slug, post.id, query: [("after", $0)]) }, l)
                if m.place.canContribute {
                    errorSummary(s, l)
                    postForm(SocialEndpoints.comment.path(slug, post.id), csrf: csrf) {
                        field(.body, s, l, input: .area(rows: 3), required: true, hint: SocialText.bodyHint.text, label: SocialText.reply.text, maxLength: Social.commentMax)
                        el("button", .type("submit")) { l[SocialText.reply] }
                    }
                }
            }
        }
    }

    /// A member reports another's words; the author of hidden words asks for a review (signed-in readers only).
    static func moderation(_ kind: ReportKind, _ id: UUID, own: Bool, hidden: Bool, back: String, _ place: CommunityPlace,
                           _ l: Lang, csrf: String) -> Node {
        if own && hidden { return ModerationViews.reviewForm(kind, id, back: back, l, csrf: csrf) }
        if !own && place.canContribute { return ModerationViews.reportForm(kind, id, back: back, l, csrf: csrf) }
        return Node(raw: "")
    }

    /// Its author's « Modifier » (a disclosure with the text to change) and « Supprimer »; a moderator's « Supprimer ».
    /// Plain forms and buttons: the keyboard reaches and opens each; ids carry the item's, so several live on one page.
    static func itemActions(own: Bool, moderate: Bool, id: String, body: String, max: Int, edit: String, delete: String,
                            _ l: Lang, csrf: String) -> Node {
        guard own || moderate else { return Node(raw: "") }
        return el("div", .cls("item-actions")) {
            if own {
                el("details") {
                    el("summary") { l[SocialText.edit] }
                    postForm(edit, csrf: csrf) {
                        el("label", Attr("for", "e-" + id)) { l[SocialText.editLabel] }
                        el("textarea", .id("e-" + id), .name("body"), Attr("rows", "4"), Attr("maxlength", String(max)), Attr("required", "required")) { body }
                        el("button", .type("submit")) { l[SocialText.saveEdit] }
                    }
                }
            }
            postForm(delete, csrf: csrf, cls: "inline") {
                el("button", .type("submit"), .cls("secondary"), .aria("describedby", id)) { l[SocialText.delete] }
            }
        }
    }

    package static func myFeedPage(_ m: MyFeedPage, _ l: Lang) -> PageView {
        PageView(title: l[SocialText.myFeed]) {
            el("h1") { l[SocialText.myFeed] }
            el("p", .cls("lead")) { l[SocialText.myFeedLead] }
            el("p") { el("a", .href(SocialEndpoints.matches.path())) { l[SocialText.matches] } }
            el("div", .id("feed")) { for entry in m.entries { postItem(entry, l, showCommunity: true) } }
            if m.entries.isEmpty { el("p") { l[.nothingYet] } }
            pager(next: m.next.map { SocialEndpoints.myFeed.path(query: [("after", $0)]) }, l)
        }
    }

    package static func matchesPage(_ m: MatchesPage, _ l: Lang) -> PageView {
        func list(_ items: [MatchSuggestion]) -> Node {
            el("ul", .cls("matches")) {
                for s in items { el("li") { el("a", .href(s.link)) { s.name + (s.kind == .member ? " · @" + s.key : "") }; " — "; s.reason } }
            }
        }
        return PageView(title: l[SocialText.matches]) {
            el("h1") { l[SocialText.matches] }
            el("p", .cls("lead")) { l[SocialText.matchesLead] }
            if m.basis.isEmpty { el("p") { el("a", .href(AccountEndpoints.editProfile.path())) { l[SocialText.noBasis] } } }
            el("h2") { l[SocialText.matchCommunities] }
            if m.communities.isEmpty { el("p") { l[.nothingYet] } }
            list(m.communities)
            el("h2") { l[SocialText.matchMembers] }
            if m.members.isEmpty { el("p") { l[.nothingYet] } }
            list(m.members)
        }
    }
}
