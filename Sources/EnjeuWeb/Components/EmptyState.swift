import EnjeuCore

/// What an empty page or list is for, and the first thing to do there; `action` only when the viewer may do it.
package func emptyState(_ what: String, action: (label: String, href: String)? = nil) -> Node {
    el("div", .cls("empty-state")) {
        el("p", .cls("empty")) { what }
        if let action { el("p") { el("a", .cls("button"), .href(action.href)) { action.label } } }
    }
}
