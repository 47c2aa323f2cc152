import Vapor
import EnjeuCore
import EnjeuWeb

extension Request {
    /// What the layout needs from this request: language, viewer, CSRF token, URL and the pending flash.
    var chrome: Chrome {
        Chrome(lang: lang, viewer: viewer.map { Chrome.Viewer(handle: $0.handle, unread: $0.unread) }, csrf: csrf,
               url: url.string, flash: cookies[Cookies.flash].flatMap { Flash(rawValue: $0.string) })
    }

    /// A full HTML page around the content a view made; shows and clears the pending flash message.
    func page(_ view: PageView, status: HTTPResponseStatus = .ok) -> Response {
        let res = Response(status: status)
        res.headers.contentType = .html
        res.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        res.body = .init(string: Layout.render(chrome, title: view.title, main: keep(view, status: status)))
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
extension Request {
    private struct LangKey: StorageKey { typealias Value = Lang }

    /// The signed-in person's preference, else the `enjeu_lang` cookie, else the browser's first choice, else French.
    var lang: Lang {
        if let cached = storage[LangKey.self] { return cached }
        let resolved: Lang = viewer.map { Lang(rawValue: $0.lang) ?? .fr }
            ?? cookies[Cookies.lang].flatMap { Lang(rawValue: $0.string) }
            ?? (headers.first(name: .acceptLanguage)?.lowercased().hasPrefix("en") == true ? .en : .fr)
        storage[LangKey.self] = resolved
        return resolved
    }
}

