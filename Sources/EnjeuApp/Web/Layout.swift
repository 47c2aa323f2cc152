import Vapor
import EnjeuCore

/// One-shot messages shown after a redirect; the cookie holds only the case name, never user text.
enum Flash: String, CaseIterable {
    case welcome, signedOut, communityCreated, joinRequested, requestWithdrawn, approved, declined
    case charterAccepted, left, saved, charterVersioned, memberChanged, tokenRevoked
    case amendmentProposed, positionTaken, stillOpen, decided, factAdded
    case figureContributed, figureFlagged

    var text: Text {
        switch self {
        case .welcome: Text(fr: "Bienvenue sur Enjeu.", en: "Welcome to Enjeu.")
        case .signedOut: Text(fr: "Vous êtes déconnecté·e.", en: "You are signed out.")
        case .communityCreated: Text(fr: "Communauté créée : vous en êtes le fondateur ou la fondatrice.", en: "Community created: you are its founder.")
        case .joinRequested: Text(fr: "Demande envoyée. Les animateurs vous répondront ici.", en: "Request sent. The stewards will answer you here.")
        case .requestWithdrawn: Text(fr: "Demande retirée.", en: "Request withdrawn.")
        case .approved: Text(fr: "Demande acceptée : la personne doit maintenant accepter la charte.", en: "Request approved: the person must now accept the charter.")
        case .declined: Text(fr: "Demande refusée ; la personne verra votre motif.", en: "Request declined; the person will see your reason.")
        case .charterAccepted: Text(fr: "Charte acceptée : vous êtes membre actif·ve.", en: "Charter accepted: you are an active member.")
        case .left: Text(fr: "Vous avez quitté la communauté.", en: "You left the community.")
        case .saved: Text(fr: "Modifications enregistrées.", en: "Changes saved.")
        case .charterVersioned: Text(fr: "Nouvelle version de la charte publiée ; chaque membre doit l'accepter à nouveau.", en: "New charter version published; every member must accept it again.")
        case .memberChanged: Text(fr: "Membre mis·e à jour.", en: "Member updated.")
        case .tokenRevoked: Text(fr: "Jeton révoqué.", en: "Token revoked.")
        case .amendmentProposed: .amendmentProposedFlash
        case .positionTaken: Text(fr: "Position enregistrée.", en: "Position recorded.")
        case .stillOpen: Text(fr: "La règle ne permet pas encore de conclure : l'amendement reste ouvert.", en: "The rule cannot conclude yet: the amendment stays open.")
        case .decided: Text(fr: "Décision appliquée.", en: "Decision applied.")
        case .factAdded: Text(fr: "Fait ajouté.", en: "Fact added.")
        case .figureContributed: Text(fr: "Merci : votre valeur est enregistrée et l’estimation recalculée. Elle vous rapportera des crédits une fois corroborée.",
                                      en: "Thank you: your value is recorded and the estimate recomputed. It will earn you credits once corroborated.")
        case .figureFlagged: Text(fr: "Signalement enregistré ; l’estimation en tient compte.", en: "Flag recorded; the estimate takes it into account.")
        }
    }
}

enum Layout {
    static func render(req: Request, title: String, main: [Node], flash: Flash? = nil) -> String {
        let l = req.lang
        let viewer = req.viewer
        let csrf = CSRFMiddleware.token(req)
        let body = el("body", viewer == nil ? [] : [Attr("data-events", Paths.events)]) {
            el("a", .cls("skip"), .href("#main")) { l[.skipToContent] }
            el("header", .cls("site")) {
                el("nav", .aria("label", l[.navMain])) {
                    el("a", .cls("brand"), .href(Paths.home)) { "Enjeu" }
                    el("ul") {
                        el("li") { el("a", .href(Paths.communities)) { l[.navCommunities] } }
                        if let viewer {
                            el("li") { el("a", .href(Paths.feed)) { l[SocialText.myFeed] } }
                            el("li") { el("a", .href(Paths.newCommunity)) { l[.navCreate] } }
                            el("li") {
                                el("a", .href(Paths.notifications), .id("notifications-link")) {
                                    l[SocialText.notifications] + " "
                                    el("span", .id("unread-count"), .cls(viewer.unread > 0 ? "badge" : "badge empty"), Attr("data-count", String(viewer.unread))) {
                                        viewer.unread >= 100 ? "99+" : String(viewer.unread)
                                    }
                                }
                            }
                            el("li") { el("a", .href(Paths.person(viewer.handle))) { "@" + viewer.handle } }
                            el("li") {
                                postForm(Paths.signOut, csrf: csrf, cls: "inline") { el("button", .cls("link")) { l[.signOut] } }
                            }
                        } else {
                            el("li") { el("a", .href(Paths.signIn)) { l[.signIn] } }
                            el("li") { el("a", .cls("button"), .href(Paths.signUp)) { l[.signUp] } }
                        }
                    }
                }
            }
            el("main", .id("main")) {
                if let flash { el("p", .cls("flash"), Attr("role", "status")) { l[flash.text] } }
                // Live notifications land here (enjeu.js listens to the event stream of signed-in pages).
                if viewer != nil { el("div", .id("live"), Attr("aria-live", "polite"), Attr("data-title", l[SocialText.live])) {} }
                main
            }
            el("footer", .cls("site")) {
                postForm(Paths.lang, csrf: csrf, cls: "lang") {
                    el("input", .type("hidden"), .name("next"), .value(req.url.string))
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

extension Request {
    /// A full HTML page; shows and clears the pending flash message.
    func page(_ title: String, status: HTTPResponseStatus = .ok, @NodeBuilder _ main: () -> [Node]) -> Response {
        let flash = cookies[Cookies.flash].flatMap { Flash(rawValue: $0.string) }
        let res = Response(status: status)
        res.headers.contentType = .html
        res.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        res.body = .init(string: Layout.render(req: self, title: title, main: main(), flash: flash))
        if cookies[Cookies.flash] != nil { res.cookies[Cookies.flash] = Cookies.make("", req: self, maxAge: 0) }
        return res
    }

    /// 303 to a page, with a one-shot message.
    func redirect(to path: String, flash: Flash) -> Response {
        let res = redirect(to: path, redirectType: .normal)
        res.cookies[Cookies.flash] = Cookies.make(flash.rawValue, req: self, maxAge: 60)
        return res
    }

    var csrf: String { CSRFMiddleware.token(self) }
}

/// Security headers on every response: a CSP without inline scripts, no framing, no sniffing.
struct SecurityHeadersMiddleware: AsyncMiddleware {
    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let res = try await next.respond(to: req)
        res.headers.replaceOrAdd(name: "Content-Security-Policy",
                                 value: "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
        res.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        res.headers.replaceOrAdd(name: "Referrer-Policy", value: "same-origin")
        res.headers.replaceOrAdd(name: "X-Frame-Options", value: "DENY")
        return res
    }
}
