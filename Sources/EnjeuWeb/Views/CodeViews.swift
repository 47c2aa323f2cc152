import Foundation
import EnjeuCore

/// The pages of the #CodeSocial: the document, history, diffs, blame, amendments, facts, self-diagnosis, settings.
/// The document page and its parts are here; revisions in `+Revisions`, amendments in `+Amendments`, diff tables in `+Diff`.
package enum CodeViews {
    static func nav(_ c: CodeCommunity, _ l: Lang) -> Node {
        subnav(l[CodeText.codeTitle], c.place, [
            (l[CodeText.codeTitle], CodeEndpoints.document.path(c.slug)),
            (l[CodeText.historyTitle], CodeEndpoints.history.path(c.slug)),
            (l[CodeText.amendmentsTitle], CodeEndpoints.amendments.path(c.slug)),
            (l[GovernanceText.rolesTitle], GovernanceEndpoints.roles.path(c.slug)),
            (l[GovernanceText.proposalsTitle], GovernanceEndpoints.proposals.path(c.slug)),
            c.canSteward ? (l[CodeText.codeSettingsTitle], CodeEndpoints.settings.path(c.slug))
                : c.canPublishCode ? (l[CodeText.publicationTitle], CodeEndpoints.publication.path(c.slug)) : nil,
        ])
    }

    package static func documentPage(_ m: CodeDocumentPage, _ l: Lang, csrf: String) -> PageView {
        let c = m.community
        let slug = c.slug
        return PageView(title: l[CodeText.codeTitle] + " · " + c.name) {
            nav(c, l)
            el("h1") { l[CodeText.codeTitle] + " — " + c.name }
            el("p", .cls("lead")) { l[CodeText.codeLead] }
            el("p", .cls("revision-line")) {
                if let head = m.head {
                    el("strong") { l[.revisionLabel(head.number)] }
                    " · " + head.summary + " · " + l[CodeText.byAuthor] + " "
                    el("a", .href(AccountEndpoints.person.path(head.author))) { head.authorName }
                    " · " + dateText(head.createdAt, l) + " · "
                    el("a", .href(CodeEndpoints.revision.path(slug, head.number))) { l[CodeText.viewDiff] }
                } else {
                    l[CodeText.noRevisionYet]
                }
            }
            if m.head == nil {
                emptyState(l[FirstStepsText.code], action: c.canContribute ? (l[FirstStepsText.codeAction], CodeEndpoints.newAmendment.path(slug)) : nil)
            }
            el("p", .cls("actions")) {
                if c.canContribute { el("a", .cls("button"), .href(CodeEndpoints.newAmendment.path(slug))) { l[CodeText.proposeChange] }; " " }
                el("span", .cls("muted")) { l[CodeText.exportTitle] + l[CodeText.colon] }
                el("a", .href(CodeEndpoints.exportMarkdown.path(slug))) { "Markdown" }; " · "
                el("a", .href(CodeEndpoints.exportJSON.path(slug))) { "JSON" }; " · "
                el("a", .href(CodeEndpoints.exportGit.path(slug))) { "git fast-import" }
            }
            if !m.openAmendments.isEmpty {
                el("section", .cls("callout"), .aria("label", l[CodeText.amendmentsTitle])) {
                    el("h2") { l[CodeText.amendmentsTitle] + " · " + l[.amendmentStatus(.open)] }
                    el("ul") { for a in m.openAmendments { el("li") { el("a", .href(CodeEndpoints.amendment.path(slug, a.id))) { a.summary } } } }
                }
            }
            divergenceTable(l, m.diagnosis.current, m.contested)
            evolutionTable(l, m.diagnosis.byRevision)
            for key in SectionKey.allCases {
                sectionView(c, key, body: m.code[key], rendered: m.rendered[key], facts: m.facts.filter { $0.section == key }, contested: (m.contested[key] ?? 0) > 0,
                            ratings: m.diagnosis.current[key] ?? [:], l, csrf: csrf)
            }
        }
    }

    /// Where the self-diagnosis says a section is not lived (more "not yet" and "partly" than "practised"), or facts contest it.
    static func divergenceTable(_ l: Lang, _ current: [SectionKey: [PracticeRating: Int]], _ contested: [SectionKey: Int]) -> [Node] {
        guard !current.isEmpty || !contested.isEmpty else { return [] }
        return [titledSection("diagnosis", l[CodeText.diagnosisTitle]) {
            el("table", .cls("diagnosis")) {
                tableHead([l[CodeText.sectionLabel]] + PracticeRating.allCases.map { l[Text.rating($0)] } + [l[CodeText.contested]])
                el("tbody") {
                    for key in SectionKey.allCases {
                        let counts = current[key] ?? [:]
                        let contests = contested[key] ?? 0
                        let gap = (counts[.notYet] ?? 0) + (counts[.partly] ?? 0) > (counts[.practised] ?? 0)
                        if !counts.isEmpty || contests > 0 {
                            el("tr", gap ? [.cls("gap")] : []) {
                                el("th", Attr("scope", "row")) { el("a", .href("#" + key.rawValue)) { l[.section(key)] }; if gap { statusBadge(.trouble, l[CodeText.divergence]) } }
                                for r in PracticeRating.allCases { el("td") { String(counts[r] ?? 0) } }
                                el("td") { String(contests) }
                            }
                        }
                    }
                }
            }
        }]
    }

    /// How ratings evolved: for each section and revision, how many people rated it practised / partly / not yet.
    static func evolutionTable(_ l: Lang, _ rows: [SectionRevision: [PracticeRating: Int]]) -> [Node] {
        guard rows.count > 1 else { return [] }
        return [el("details") {
            el("summary") { l[CodeText.evolutionTitle] }
            el("table", .cls("diagnosis")) {
                tableHead([l[CodeText.sectionLabel], l[CodeText.revisionWord]] + PracticeRating.allCases.map { l[Text.rating($0)] })
                el("tbody") {
                    for key in rows.keys.sorted() {
                        el("tr") {
                            el("th", Attr("scope", "row")) { l[.section(key.section)] }
                            el("td") { String(key.revision) }
                            for r in PracticeRating.allCases { el("td") { String(rows[key]?[r] ?? 0) } }
                        }
                    }
                }
            }
        }]
    }

    static func sectionView(_ c: CodeCommunity, _ key: SectionKey, body: String, rendered: RenderedMarkdown?, facts: [CodeFactItem], contested: Bool,
                            ratings: [PracticeRating: Int], _ l: Lang, csrf: String) -> Node {
        let slug = c.slug
        let canWrite = c.canContribute
        return el("section", .cls("code-section"), .id(key.rawValue), .aria("labelledby", "h-" + key.rawValue)) {
            el("h2", .id("h-" + key.rawValue)) {
                l[.section(key)]
                if contested { statusBadge(.trouble, l[CodeText.contested]) }
            }
            if body.isEmpty {
                el("div", .cls("guide")) { el("p") { el("strong") { l[CodeText.emptySection] } }; el("p") { l[.sectionGuide(key)] } }
            } else {
                markdown(rendered ?? RenderedMarkdown(markdown: body))
            }
            el("p", .cls("section-links")) {
                el("a", .href(CodeEndpoints.blame.path(slug, key))) { l[CodeText.blameLink] }
                if canWrite { " · "; el("a", .href(CodeEndpoints.newAmendment.path(slug, query: [("section", key.rawValue)]))) { l[CodeText.proposeOnSection] } }
            }
            if !facts.isEmpty {
                el("details", contested ? [Attr("open", nil)] : []) {
                    el("summary") { l[CodeText.facts] + " (\(facts.count))" }
                    el("ul", .cls("facts")) {
                        for f in facts {
                            el("li", .cls(f.stance.rawValue)) {
                                el("span", .cls("badge")) { l[.factStance(f.stance)] }
                                " "
                                if f.kind == .link, let href = Markdown.safeHref(f.url) { el("a", .href(href), Attr("rel", "nofollow noopener")) { f.note.isEmpty ? f.url : f.note } }
                                else { f.note }
                                if !f.observedOn.isEmpty { el("span", .cls("muted")) { " · " + f.observedOn } }
                                if c.canSeeInside { el("span", .cls("muted")) { " · @" + f.author } }
                                if f.stance == .contests && canWrite {
                                    " · "; el("a", .href(CodeEndpoints.newAmendment.path(slug, query: [("fact", f.id.uuidString)]))) { l[CodeText.openAmendmentFromFact] }
                                }
                            }
                        }
                    }
                }
            }
            if canWrite { sectionForms(slug, key, ratings: ratings, l, csrf: csrf) }
        }
    }

    /// Adding a fact and rating the section, folded under the section.
    static func sectionForms(_ slug: String, _ key: SectionKey, ratings: [PracticeRating: Int], _ l: Lang, csrf: String) -> Node {
        el("div", .cls("section-forms")) {
            el("details") {
                el("summary") { l[CodeText.addFact] }
                postForm(CodeEndpoints.addFact.path(slug), csrf: csrf, cls: "stack") {
                    el("input", .type("hidden"), .name("section"), .value(key.rawValue))
                    radios("stance-\(key.rawValue)", name: "stance", FactStance.allCases.map { ($0.rawValue, Text.factStance($0)) }, l,
                           selected: FactStance.supports.rawValue)
                    radios("kind-\(key.rawValue)", name: "kind", [(FactKind.link.rawValue, CodeText.kindLink.text), (FactKind.note.rawValue, CodeText.kindNote.text)], l,
                           selected: FactKind.link.rawValue)
                    labelled("url-\(key.rawValue)", l[CodeText.factURL]) {
                        el("input", .id("url-\(key.rawValue)"), .name("url"), .type("url"), Attr("maxlength", "2000"))
                    }
                    labelled("note-\(key.rawValue)", l[Text.label(.note)]) {
                        el("textarea", .id("note-\(key.rawValue)"), .name("note"), Attr("rows", "2"), Attr("maxlength", "5000"))
                    }
                    labelled("date-\(key.rawValue)", l[CodeText.factDateHint]) {
                        el("input", .id("date-\(key.rawValue)"), .name("date"), .type("date"))
                    }
                    el("button") { l[CodeText.addFact] }
                }
            }
            el("details") {
                el("summary") { l[CodeText.rateThis] + " · " + PracticeRating.allCases.map { l[.rating($0)] + " \(ratings[$0] ?? 0)" }.joined(separator: " / ") }
                postForm(CodeEndpoints.diagnose.path(slug), csrf: csrf, cls: "stack") {
                    el("input", .type("hidden"), .name("section"), .value(key.rawValue))
                    radios("rating-\(key.rawValue)", name: "rating", PracticeRating.allCases.map { ($0.rawValue, Text.rating($0)) }, l, selected: nil)
                    labelled("dcomment-\(key.rawValue)", l[Text.label(.comment)]) {
                        el("input", .id("dcomment-\(key.rawValue)"), .name("comment"), Attr("maxlength", "2000"))
                    }
                    el("button") { l[.save] }
                }
            }
        }
    }

    /// A required choice (when nothing is preselected) as a fieldset of radio buttons.
    static func radios(_ id: String, name: String, _ options: [(String, Text)], _ l: Lang, selected: String?) -> Node {
        el("fieldset", .cls("radios")) {
            el("legend") { l[Text.label(InputField(rawValue: name) ?? .kind)] }
            for (value, label) in options {
                el("label") {
                    el("input", [.type("radio"), .name(name), .value(value)] + (value == selected ? [.flag("checked")] : []) + (selected == nil ? [.flag("required")] : []))
                    " " + l[label]
                }
            }
        }
    }

    static func labelled(_ id: String, _ label: String, @NodeBuilder _ input: () -> [Node]) -> Node {
        el("div", .cls("field")) { el("label", Attr("for", id)) { label }; input() }
    }
}
