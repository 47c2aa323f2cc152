import Foundation
import EnjeuCore

/// A POST form carrying the CSRF token.
package func postForm(_ action: String, csrf: String, cls: String? = nil, @NodeBuilder _ children: () -> [Node]) -> Node {
    var attrs: [Attr] = [Attr("method", "post"), Attr("action", action)]
    if let cls { attrs.append(.cls(cls)) }
    return el("form", attrs) {
        el("input", .type("hidden"), .name("_csrf"), .value(csrf))
        children()
    }
}

/// What a form shows: the values typed and every problem found, so nothing typed is lost.
package struct FormState: Sendable {
    package var values: [String: String] = [:]
    package var violations = Violations()
    package var message: Text?

    package init(values: [String: String] = [:], violations: Violations = Violations(), message: Text? = nil) {
        self.values = values; self.violations = violations; self.message = message
    }

    package subscript(_ f: InputField) -> String { values[f.key] ?? "" }
}

package func errorSummary(_ state: FormState, _ l: Lang) -> [Node] {
    guard !state.violations.isEmpty || state.message != nil else { return [] }
    return [el("div", .cls("error-summary"), Attr("role", "alert"), Attr("tabindex", "-1")) {
        el("h2") { l[.formHasErrors] }
        el("ul") {
            if let m = state.message { el("li") { l[m] } }
            for v in state.violations.all {
                el("li") { el("a", .href("#f-" + v.field.key)) { l[Text.describe(v)] } }
            }
        }
    }]
}

package enum Input {
    case text(type: String = "text", autocomplete: String? = nil)
    case area(rows: Int)
    case choice([(String, Text)])
}

package func field(_ f: InputField, _ state: FormState, _ l: Lang, input: Input = .text(), required: Bool = false,
           hint: Text? = nil, label: Text? = nil, maxLength: Int? = nil, pattern: String? = nil) -> Node {
    let id = "f-" + f.key
    // By submitted name: the form's `.body` shows the error about a post's text (`.postBody`).
    let problem = state.violations.all.first { $0.field.key == f.key }
    var attrs: [Attr] = [.id(id), .name(f.key)]
    var described: [String] = []
    if hint != nil { described.append(id + "-hint") }
    if problem != nil { described.append(id + "-error"); attrs.append(Attr("aria-invalid", "true")) }
    if !described.isEmpty { attrs.append(Attr("aria-describedby", described.joined(separator: " "))) }
    if required { attrs.append(.flag("required")) }
    if let maxLength { attrs.append(Attr("maxlength", String(maxLength))) }
    if let pattern { attrs.append(Attr("pattern", pattern)) }
    return el("div", .cls(problem == nil ? "field" : "field invalid")) {
        el("label", Attr("for", id)) { l[label ?? Text.label(f)] }
        if let hint { el("p", .cls("hint"), .id(id + "-hint")) { l[hint] } }
        if let problem { el("p", .cls("error"), .id(id + "-error")) { l[Text.describe(problem)] } }
        switch input {
        case let .text(type, autocomplete):
            el("input", attrs + [.type(type), .value(type == "password" ? "" : state[f])]
                + (autocomplete.map { [Attr("autocomplete", $0)] } ?? []))
        case let .area(rows):
            el("textarea", attrs + [Attr("rows", String(rows))]) { state[f] }
        case let .choice(options):
            el("select", attrs) {
                for (value, label) in options {
                    el("option", [.value(value)] + (state[f] == value ? [.flag("selected")] : [])) { l[label] }
                }
            }
        }
    }
}

package func pager(next: String?, _ l: Lang) -> [Node] {
    guard let next else { return [] }
    return [el("nav", .cls("pager"), .aria("label", l[.pagination])) { el("a", .href(next), Attr("rel", "next")) { l[.nextPage] } }]
}

/// Dates as people read them; formatters are costly to build, so one per language is kept.
package func dateText(_ d: Date, _ l: Lang) -> String {
    (l == .fr ? DateFormats.fr : DateFormats.en).string(from: d)
}

/// The same with the time of day (Paris).
package func dateTimeText(_ d: Date, _ l: Lang) -> String {
    (l == .fr ? DateFormats.frTime : DateFormats.enTime).string(from: d)
}

private enum DateFormats {
    package static func make(_ locale: String, time: DateFormatter.Style = .none) -> DateFormatter {
        let f = DateFormatter()
        f.locale = Locale(identifier: locale)
        f.dateStyle = .medium
        f.timeStyle = time
        f.timeZone = TimeZone(identifier: "Europe/Paris")
        return f
    }
    // DateFormatter is thread-safe for formatting on Linux and Darwin once configured.
    package nonisolated(unsafe) static let fr = make("fr_FR")
    package nonisolated(unsafe) static let en = make("en_GB")
    package nonisolated(unsafe) static let frTime = make("fr_FR", time: .short)
    package nonisolated(unsafe) static let enTime = make("en_GB", time: .short)
}
