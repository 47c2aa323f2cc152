import Foundation
import EnjeuCore

/// Community pages: browse, create, settings and the shared pieces (card, header, crumbs); the home, members, requests
/// and charter pages are in the `+Home` and `+Members` files.
package enum CommunityViews {
    package static func browsePage(_ m: CommunityBrowsePage, _ l: Lang) -> PageView {
        PageView(title: l[.communitiesTitle]) {
            el("h1") { l[.communitiesTitle] }
            el("form", Attr("method", "get"), Attr("action", CommunityEndpoints.browse.path()), Attr("role", "search"), .cls("search")) {
                el("label", Attr("for", "q")) { l[.searchLabel] }
                el("input", .id("q"), .name("q"), .type("search"), .value(m.q ?? ""), Attr("maxlength", "200"))
                el("button", .type("submit")) { l[.search] }
            }
            if m.page.items.isEmpty { el("p", .cls("muted")) { l[.noCommunityFound] } }
            el("ul", .cls("cards")) { for c in m.page.items { el("li") { card(c, l) } } }
            // An empty search is left out of the next page's address.
            pager(next: m.page.next.map { CommunityEndpoints.browse.path(query: [("q", m.q.flatMap { $0.isEmpty ? nil : $0 }), ("after", $0)]) }, l)
        }
    }

    package static func card(_ c: CommunityCard, _ l: Lang) -> Node {
        el("article", .cls("card")) {
            el("h2") { el("a", .href(CommunityEndpoints.community.path(c.slug))) { c.name } }
            el("p", .cls("badges")) {
                el("span", .cls("badge stage-\(c.stage.rawValue)")) { l[Text.stage(c.stage)] }
                if c.visibility == .members { el("span", .cls("badge")) { l[.membersOnlyBadge] } }
                if let n = c.memberCount { el("span", .cls("badge")) { l[.memberCount(n)] } }
            }
            el("p") { excerpt(c.purpose, 280) }
            if !c.perimeter.isEmpty { el("p", .cls("muted")) { l[Text.label(.perimeter)] + l[CodeText.colon] + c.perimeter } }
        }
    }

    /// At most `max` characters, with "…" only when something was cut (counting bytes first keeps short texts cheap).
    package static func excerpt(_ s: String, _ max: Int) -> String {
        guard s.utf8.count > max, let cut = s.index(s.startIndex, offsetBy: max, limitedBy: s.endIndex), cut < s.endIndex else { return s }
        return String(s[..<cut]) + "…"
    }

    static func stageOptions() -> [(String, Text)] { LifeStage.allCases.map { ($0.rawValue, Text.stage($0)) } }
    static func visibilityOptions() -> [(String, Text)] { Visibility.allCases.map { ($0.rawValue, Text.visibility($0)) } }

    package static func newCommunityForm(_ s: FormState, _ l: Lang, csrf: String) -> PageView {
        PageView(title: l[.newCommunityTitle]) {
            formColumn(l[.newCommunityTitle], lead: l[.newCommunityLead], s, l, action: CommunityEndpoints.create.path(), csrf: csrf) {
                templateChoice(s, l)
                field(.name, s, l, required: true, maxLength: Rules.nameMax)
                field(.slug, s, l, required: true, hint: CommonText.slugHint.text, maxLength: 60, pattern: "[a-z0-9-]{3,60}")
                field(.purpose, s, l, input: .area(rows: 4), required: true, hint: CommonText.purposeHint.text)
                field(.perimeter, s, l, hint: CommonText.perimeterHint.text, maxLength: Rules.shortTextMax)
                field(.rhythm, s, l, hint: CommonText.rhythmHint.text, maxLength: Rules.shortTextMax)
                field(.stage, s, l, input: .choice(stageOptions()))
                field(.visibility, s, l, input: .choice(visibilityOptions()))
                field(.charter, s, l, input: .area(rows: 8), required: true, hint: CommonText.charterHint.text)
                el("button", .type("submit")) { l[.createCommunity] }
            } after: {
                // Figures shared by several communities are a programme's: its own form.
                el("p", .cls("muted")) { el("a", .href(ProgrammeEndpoints.newProgramme.path())) { l[ProgrammeText.createLink] } }
            }
        }
    }

    /// The four templates and "none", as radio buttons in a group named by its legend; `?template=` preselects one.
    static func templateChoice(_ s: FormState, _ l: Lang) -> Node {
        let chosen = s.values["template"] ?? CommunityTemplate.blank
        let problem = s.violations.all.first { $0.field == .template }
        let options: [(value: String, name: String, hint: String)] = [(CommunityTemplate.blank, l[FirstStepsText.blank], l[FirstStepsText.blankHint])]
            + CommunityTemplate.allCases.map { ($0.rawValue, l[$0.name], l[$0.purpose]) }
        let described = "f-template-hint" + (problem == nil ? "" : " f-template-error")
        return el("fieldset", .id("f-template"), .cls(problem == nil ? "field templates" : "field templates invalid"), .aria("describedby", described)) {
            el("legend") { l[Text.label(.template)] }
            el("p", .cls("hint"), .id("f-template-hint")) { l[FirstStepsText.templateHint] }
            if let problem { el("p", .cls("error"), .id("f-template-error")) { l[Text.describe(problem)] } }
            for option in options {
                el("div", .cls("choice")) {
                    el("input", [.type("radio"), .name("template"), .value(option.value), .id("template-" + option.value)]
                        + (option.value == chosen ? [.flag("checked")] : []))
                    el("label", Attr("for", "template-" + option.value)) {
                        el("strong") { option.name }
                        el("span", .cls("muted")) { " — " + option.hint }
                    }
                }
            }
        }
    }

    package static func settingsPage(_ m: CommunitySettingsPage, _ l: Lang, csrf: String) -> PageView {
        let c = m.community
        let s = m.form
        return PageView(title: l[.settingsTitle] + " · " + c.name) {
            crumbs(c)
            formColumn(l[.settingsTitle], s, l, action: CommunityEndpoints.saveSettings.path(c.slug), csrf: csrf) {
                el("input", .type("hidden"), .name("version"), .value(s.values["version"] ?? String(c.version)))
                field(.name, s, l, required: true, maxLength: Rules.nameMax)
                field(.purpose, s, l, input: .area(rows: 4), required: true)
                field(.perimeter, s, l, maxLength: Rules.shortTextMax)
                field(.rhythm, s, l, maxLength: Rules.shortTextMax)
                field(.stage, s, l, input: .choice(stageOptions()))
                field(.visibility, s, l, input: .choice(visibilityOptions()))
                el("button", .type("submit")) { l[.save] }
            } after: {
                el("p") { el("a", .href(CommunityEndpoints.charter.path(c.slug))) { l[.editCharterLink] } }
                NetworkViews.sharingForm(c.slug, m.sharing, l, csrf: csrf)
            }
        }
    }

    /// The way back to the community's home, atop its inner pages.
    static func crumbs(_ c: ViewedCommunity) -> Node {
        el("p", .cls("crumbs")) { el("a", .href(CommunityEndpoints.community.path(c.slug))) { c.name } }
    }

    static func header(_ c: ViewedCommunity, _ l: Lang) -> Node {
        el("header", .cls("community")) {
            el("p", .cls("badges")) {
                el("span", .cls("badge stage-\(c.stage.rawValue)")) { l[Text.stage(c.stage)] }
                if c.visibility == .members { el("span", .cls("badge")) { l[.membersOnlyBadge] } }
            }
            el("h1") { c.name }
            el("p", .cls("lead")) { c.purpose }
            el("dl", .cls("facts")) {
                if !c.perimeter.isEmpty { el("dt") { l[Text.label(.perimeter)] }; el("dd") { c.perimeter } }
                if !c.rhythm.isEmpty { el("dt") { l[Text.label(.rhythm)] }; el("dd") { c.rhythm } }
            }
        }
    }

    static func personChip(_ m: CommunityMember, _ l: Lang) -> Node {
        el("a", .href(AccountEndpoints.person.path(m.handle)), .cls("chip")) {
            el("span", .cls("name")) { m.displayName }
            el("span", .cls("muted")) { " @" + m.handle }
            if m.role != .member { el("span", .cls("badge")) { l[Text.role(m.role)] } }
        }
    }
}
