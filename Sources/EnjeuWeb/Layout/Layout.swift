import Foundation
import EnjeuCore

/// What every page shows around its content: filled once per request by the app, read by the layout.
package struct Chrome: Sendable {
    /// The signed-in person as the header shows them.
    package struct Viewer: Sendable {
        package let handle: String
        package let unread: Int
        package init(handle: String, unread: Int) { self.handle = handle; self.unread = unread }
    }

    package let lang: Lang
    package let viewer: Viewer?
    package let csrf: String
    /// The page's own URL, where the language switch comes back to.
    package let url: String
    package let flash: Flash?

    package init(lang: Lang, viewer: Viewer?, csrf: String, url: String, flash: Flash?) {
        self.lang = lang; self.viewer = viewer; self.csrf = csrf; self.url = url; self.flash = flash
    }
}

package enum Layout {
    /// The whole document; `main` is the page's own content.
    package static func render(_ chrome: Chrome, title: String, main: [Node]) -> String {
        let l = chrome.lang
        let viewer = chrome.viewer
        let csrf = chrome.csrf
        let body = el("body", viewer == nil ? [] : [Attr("data-events", SocialEndpoints.events.path())]) {
            el("a", .cls("skip"), .href("#main")) { l[.skipToContent] }
            el("header", .cls("site")) {
                el("nav", .aria("label", l[.navMain])) {
                    el("a", .cls("brand"), .href(CommunityEndpoints.home.path())) { "Enjeu" }
                    el("ul") {
                        el("li") { el("a", .href(CommunityEndpoints.browse.path())) { l[.navCommunities] } }
                        if let viewer {
                            el("li") { el("a", .href(SocialEndpoints.myFeed.path())) { l[SocialText.myFeed] } }
                            el("li") { el("a", .href(CommunityEndpoints.newCommunity.path())) { l[.navCreate] } }
                            el("li") {
                                el("a", .href(SocialEndpoints.notifications.path()), .id("notifications-link")) {
                                    l[SocialText.notifications] + " "
                                    el("span", .id("unread-count"), .cls(viewer.unread > 0 ? "badge" : "badge empty"), Attr("data-count", String(viewer.unread))) {
                                        viewer.unread >= 100 ? "99+" : String(viewer.unread)
                                    }
                                }
                            }
                            el("li") { el("a", .href(AccountEndpoints.person.path(viewer.handle))) { "@" + viewer.handle } }
                            el("li") {
                                postForm(AccountEndpoints.signOut.path(), csrf: csrf, cls: "inline") { el("button", .cls("link")) { l[.signOut] } }
                            }
                        } else {
                            el("li") { el("a", .href(AccountEndpoints.signIn.path())) { l[.signIn] } }
                            el("li") { el("a", .cls("button"), .href(AccountEndpoints.signUp.path())) { l[.signUp] } }
                        }
                    }
                }
            }
            // tabindex -1: the skip link moves focus here, not only the scroll position.
            el("main", .id("main"), Attr("tabindex", "-1")) {
                if let flash = chrome.flash { el("p", .cls("flash"), Attr("role", "status")) { l[flash.text] } }
                // Live notifications land here (enjeu.js listens to the event stream of signed-in pages).
                if viewer != nil { el("div", .id("live"), Attr("aria-live", "polite"), Attr("data-title", l[SocialText.live])) {} }
                main
            }
            el("footer", .cls("site")) {
                postForm(AccountEndpoints.lang.path(), csrf: csrf, cls: "lang") {
                    el("input", .type("hidden"), .name("next"), .value(chrome.url))
                    el("label", Attr("for", "lang-select")) { l[.langLabel] }
                    el("select", .id("lang-select"), .name("lang")) {
                        el("option", [.value("fr")] + (l == .fr ? [.flag("selected")] : [])) { "Français" }
                        el("option", [.value("en")] + (l == .en ? [.flag("selected")] : [])) { "English" }
                    }
                    el("button") { l[.langApply] }
                }
                el("p") { l[.footerTagline] }
            }
        }
        var out = "<!doctype html><html lang=\"\(l.rawValue)\"><head><meta charset=\"utf-8\">"
            + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            + "<title>" + escape(title) + " · Enjeu</title>"
            + "<link rel=\"stylesheet\" href=\"/enjeu.css\"><script src=\"/enjeu.js\" defer></script></head>"
        out.reserveCapacity(16_384)
        body.write(into: &out)
        out += "</html>"
        return out
    }
}

/// What a feature's view returns: the page title and its main content, placed in the layout by the app.
package struct PageView: Sendable {
    package let title: String
    package let main: [Node]
    package init(title: String, main: [Node]) { self.title = title; self.main = main }
    package init(title: String, @NodeBuilder _ main: () -> [Node]) { self.title = title; self.main = main() }
}
