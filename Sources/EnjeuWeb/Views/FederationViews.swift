import EnjeuCore

/// The « Fédivers » page of a community: how to follow it from elsewhere, whom it follows and what they publish, and
/// for its stewards the publish switch, the follow form and where their deliveries stand. Plain HTML forms.
package enum FederationViews {
    typealias T = FederationText

    package static func page(_ m: FederationPage, _ l: Lang, csrf: String) -> PageView {
        let c = m.community
        let steward = c.can(.steward)
        return PageView(title: l[T.pageTitle] + " · " + c.name) {
            CommunityViews.crumbs(c)
            el("h1") { l[T.pageTitle] }
            if let handle = m.handle {
                if m.federates {
                    el("p", .cls("lead")) { l[T.lead(handle)] }
                    el("p") { l[T.followers(m.followers)] }
                } else {
                    el("p", .cls("callout")) { l[T.notPublishing] }
                }
            } else {
                el("p", .cls("callout")) { l[T.off] }
            }
            if steward && m.handle != nil {
                let publish = FormState(values: [InputField.publish.key: m.publish ? "true" : "false"])
                formSection("publish-title", l[T.publishTitle], state: publish, l,
                            action: FederationPageEndpoints.publish.path(c.slug), csrf: csrf) {
                    field(.publish, publish, l, input: .choice([("true", T.publishOn), ("false", T.publishOff)]), hint: T.publishHint)
                    el("button", .type("submit")) { l[T.save] }
                }
                if m.federates {
                    formSection("follow-title", l[T.followTitle], state: m.form, l, action: FederationPageEndpoints.follow.path(c.slug), csrf: csrf) {
                        field(.actor, m.form, l, required: true, hint: T.followHint, maxLength: 300)
                        el("button", .type("submit")) { l[T.follow] }
                    }
                }
                if let d = m.deliveries {
                    titledSection("deliveries-title", l[T.deliveriesTitle]) {
                        el("p") { l[T.deliveries(d)] }
                        el("p", .cls("hint")) { l[T.deliveriesHint] }
                    }
                }
            }
            titledSection("following-title", l[T.followingTitle]) {
                if m.following.isEmpty { el("p", .cls("muted")) { l[T.noFollowing] } }
                else {
                    el("ul", .cls("links")) {
                        for f in m.following {
                            el("li") {
                                el("a", .href(f.actor), Attr("rel", "nofollow ugc")) { f.actor }
                                " "
                                statusBadge(f.state == "accepted" ? .done : f.state == "rejected" ? .trouble : .open, l[T.followState(f.state)])
                            }
                        }
                    }
                }
            }
            titledSection("received-title", l[T.receivedTitle]) {
                errorSummary(m.solicitation, l)
                if m.received.isEmpty { el("p", .cls("muted")) { l[T.noReceived] } }
                else {
                    el("ol", .cls("feed")) {
                        for (index, item) in m.received.enumerated() {
                            el("li") {
                                el("article") {
                                    if let name = item.name, !name.isEmpty { el("h3") { name } }
                                    el("p", .cls("meta")) { (item.authorName ?? item.actor) + " · "; dateText(item.at, l) }
                                    for paragraph in item.content.components(separatedBy: "\n\n") where !paragraph.isEmpty {
                                        el("p") { paragraph }
                                    }
                                    if let url = item.url {
                                        el("p") { el("a", .href(url), Attr("rel", "nofollow ugc")) { l[T.openOriginal] } }
                                    }
                                    if item.kind == "Proposal" && m.federates && c.can(.manageLinks) {
                                        solicitForm(item, index: index, c, l, csrf: csrf)
                                    }
                                }
                            }
                        }
                    }
                    pager(next: m.nextReceived.map { FederationPageEndpoints.page.path(c.slug, query: [("after", $0)]) }, l)
                }
            }
        }
    }

    /// « Nous sommes intéressé·es » for an offer of another instance: a message to its owner, in the community's name.
    static func solicitForm(_ item: FederationPage.Received, index: Int, _ c: ViewedCommunity, _ l: Lang, csrf: String) -> Node {
        let id = "solicit-\(index)"
        return postForm(FederationPageEndpoints.solicit.path(c.slug), csrf: csrf, cls: "solicit") {
            el("input", .type("hidden"), .name(InputField.proposal.key), .value(item.object))
            el("label", Attr("for", id)) { l[T.solicitLabel(item.name ?? item.object)] }
            el("textarea", .id(id), .name(InputField.message.key), Attr("rows", "2"), Attr("minlength", "3"), Attr("maxlength", "2000"),
               .flag("required")) { "" }
            el("button", .type("submit")) { l[T.solicit] }
        }
    }
}
