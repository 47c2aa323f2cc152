import EnjeuCore

/// Member text as the core's safe Markdown renderer made it (`Markdown.html`: the author's HTML escaped, links
/// checked): the only markup from member text a view emits.
package struct RenderedMarkdown: Sendable {
    package let html: String
    package init(markdown source: String) { html = Markdown.html(source) }
    /// `html` must come from `Markdown.html` (the app keeps posts' cached by id: posts are never edited).
    package init(rendered html: String) { self.html = html }
}

/// Rendered member text in its block, the one raw node of the views.
package func markdown(_ body: RenderedMarkdown) -> Node {
    el("div", .cls("markdown")) { Node(raw: body.html) }
}
