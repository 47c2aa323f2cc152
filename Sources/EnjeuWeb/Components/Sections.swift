import EnjeuCore

/// A section named by its `h2` (`aria-labelledby`), so that assistive technologies list the page's parts by name;
/// `attrs` (class, id) come before the label.
package func titledSection(_ titleID: String, _ title: String, _ attrs: [Attr] = [], @NodeBuilder _ children: () -> [Node]) -> Node {
    el("section", attrs + [.aria("labelledby", titleID)]) {
        el("h2", .id(titleID)) { title }
        children()
    }
}

/// A titled section holding one form: its heading, what is wrong with what was sent, the form.
package func formSection(_ titleID: String, _ title: String, _ attrs: [Attr] = [], state: FormState, _ l: Lang, action: String,
                         csrf: String, @NodeBuilder fields: () -> [Node]) -> Node {
    titledSection(titleID, title, attrs) {
        errorSummary(state, l)
        postForm(action, csrf: csrf, fields)
    }
}

/// A page that is one form, in a narrow column: its title and lead, what is wrong with what was sent, the form, then
/// what follows it (a link elsewhere).
package func formColumn(_ title: String, lead: String? = nil, _ state: FormState, _ l: Lang, action: String, csrf: String,
                        @NodeBuilder fields: () -> [Node], @NodeBuilder after: () -> [Node] = { [] }) -> Node {
    el("section", .cls("narrow")) {
        el("h1") { title }
        if let lead { el("p", .cls("lead")) { lead } }
        errorSummary(state, l)
        postForm(action, csrf: csrf, fields)
        after()
    }
}

/// A table's header row, one column heading each.
package func tableHead(_ headings: [String]) -> Node {
    el("thead") { el("tr") { for h in headings { el("th", Attr("scope", "col")) { h } } } }
}
