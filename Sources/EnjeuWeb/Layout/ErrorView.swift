import EnjeuCore

/// The page behind every HTML error: its status and the reason, in the reader's language.
package enum ErrorView {
    package static func page(status: UInt, reason: String, _ l: Lang) -> PageView {
        PageView(title: l[.errTitle]) {
            el("section", .cls("narrow error-page")) {
                el("h1") { "\(status)" }
                el("p", .cls("lead")) { reason }
                el("p") { el("a", .href(CommunityEndpoints.home.path())) { l[.backHome] } }
            }
        }
    }
}
