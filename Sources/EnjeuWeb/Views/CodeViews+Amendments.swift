import Foundation
import EnjeuCore

/// Amendments: the list, the form that proposes or revises one, one amendment with its positions and comments; and the settings.
extension CodeViews {
    package static func amendmentsPage(_ m: AmendmentListPage, _ l: Lang) -> PageView {
        let c = m.community
        let slug = c.slug
        let status = m.status
        return PageView(title: l[CodeText.amendmentsTitle] + " · " + c.name) {
            nav(c, l)
            el("h1") { l[CodeText.amendmentsTitle] }
            el("p", .cls("toggle")) {
                el("a", [.href(CodeEndpoints.amendments.path(slug))] + (status == nil ? [Attr("aria-current", "page")] : [])) { l[CodeText.allStatuses] }
                for s in AmendmentStatus.allCases {
                    " · "
                    el("a", [.href(CodeEndpoints.amendments.path(slug, query: [("status", s.rawValue)]))] + (status == s ? [Attr("aria-current", "page")] : [])) {
                        l[.amendmentStatus(s)]
                    }
                }
            }
            if c.canContribute { el("p") { el("a", .cls("button"), .href(CodeEndpoints.newAmendment.path(slug))) { l[CodeText.proposeChange] } } }
            if m.amendments.items.isEmpty { emptyState(l[CodeText.noAmendment] + (status == nil ? " " + l[FirstStepsText.amendments] : "")) }
            el("ul", .cls("requests")) {
                for a in m.amendments.items {
                    el("li", .cls("card")) {
                        el("h2") { el("a", .href(CodeEndpoints.amendment.path(slug, a.id))) { a.summary } }
                        el("p", .cls("badges")) { statusBadge(a.status.tone, l[.amendmentStatus(a.status)], classes: "status-\(a.status.rawValue)") }
                        el("p", .cls("muted")) { l[CodeText.byAuthor] + " @" + a.author + " · " + dateText(a.createdAt, l) }
                    }
                }
            }
            pager(next: m.amendments.next.map { CodeEndpoints.amendments.path(slug, query: [("status", status?.rawValue), ("after", $0)]) }, l)
        }
    }

    package static func amendmentForm(_ m: AmendmentFormPage, _ l: Lang, csrf: String) -> PageView {
        let s = m.form
        let focus = s.values["focus"]
        let action = m.revising.map { CodeEndpoints.revise.path(m.community.slug, $0) } ?? CodeEndpoints.propose.path(m.community.slug)
        return PageView(title: l[CodeText.proposeChange]) {
            nav(m.community, l)
            el("h1") { l[CodeText.proposeChange] }
            errorSummary(s, l)
            postForm(action, csrf: csrf, cls: "amendment-form") {
                el("input", .type("hidden"), .name("baseRevision"), .value(s.values["baseRevision"] ?? "0"))
                el("p", .cls("muted")) { l[CodeText.baseRevision] + " " + (s.values["baseRevision"] ?? "0") }
                field(.summary, s, l, required: true, label: CodeText.summaryLabel.text, maxLength: AmendmentRules.summaryMax)
                field(.reason, s, l, input: .area(rows: 3), label: CodeText.reasonLabel.text)
                el("p", .cls("hint")) { l[CodeText.markdownHint] }
                for key in SectionKey.allCases {
                    el("details", focus == nil || focus == key.rawValue ? [Attr("open", nil)] : []) {
                        el("summary") { l[.section(key)] }
                        el("label", Attr("for", "section-" + key.rawValue), .cls("visually-hidden")) { l[.section(key)] }
                        el("p", .cls("hint")) { l[.sectionGuide(key)] }
                        el("textarea", .id("section-" + key.rawValue), .name("section-" + key.rawValue), Attr("rows", "8")) { s.values["section-" + key.rawValue] ?? "" }
                    }
                }
                el("button", .type("submit")) { l[CodeText.submitAmendment] }
            }
        }
    }

    package static func amendmentPage(_ m: AmendmentPage, _ l: Lang, csrf: String) -> PageView {
        let c = m.community, slug = c.slug, a = m.amendment, canWrite = c.canContribute
        let proposal = m.proposal.sorted { $0.key.order < $1.key.order }
        return PageView(title: a.summary) {
            nav(c, l)
            el("p", .cls("badges")) { statusBadge(a.status.tone, l[.amendmentStatus(a.status)], classes: "status-\(a.status.rawValue)") }
            el("h1") { a.summary }
            el("p", .cls("muted")) {
                l[CodeText.byAuthor] + " "
                el("a", .href(AccountEndpoints.person.path(a.author))) { a.authorName }
                " · " + l[CodeText.baseRevision] + " \(a.baseRevision) · " + dateText(a.createdAt, l)
                if a.status == .open { " · " + l[CodeText.closesOn] + " " + dateText(a.closesAt, l) }
                if let r = a.resultRevision { " · "; el("a", .href(CodeEndpoints.revision.path(slug, r))) { l[.revisionLabel(r)] } }
            }
            if !a.reason.isEmpty { markdown(RenderedMarkdown(markdown: a.reason)) }
            if a.status == .conflict { conflicts(m, proposal, l) }
            viewToggle(l, inline: CodeEndpoints.amendment.path(slug, a.id),
                       split: CodeEndpoints.amendment.path(slug, a.id, query: [("view", "split")]), isSplit: m.split)
            for (key, body) in proposal {
                el("section", .cls("diff-section")) {
                    el("h2") { l[.section(key)] }
                    let lines = TextDiff.inline(m.base[key], body)
                    m.split ? splitDiff(lines, l, left: .revisionLabel(a.baseRevision), right: CodeText.proposedVersion.text) : inlineDiff(lines, l)
                }
            }
            positions(m, l, csrf: csrf)
            if a.status == .open || a.status == .conflict {
                el("div", .cls("actions")) {
                    if m.viewerIsAuthor && canWrite {
                        el("a", .cls("button secondary-link"), .href(CodeEndpoints.reviseForm.path(slug, a.id))) { l[CodeText.reviseAmendment] }
                        postForm(CodeEndpoints.withdraw.path(slug, a.id), csrf: csrf, cls: "inline") { el("button", .cls("danger")) { l[CodeText.withdrawAmendment] } }
                    }
                    if c.canApplyDecisions && a.status == .open {
                        postForm(CodeEndpoints.decide.path(slug, a.id), csrf: csrf, cls: "inline") { el("button") { l[CodeText.decideNow] } }
                        el("p", .cls("hint")) { l[CodeText.decideHint] }
                    }
                }
            }
            titledSection("comments-title", l[CodeText.commentsTitle], [.id("comments")]) {
                for comment in m.comments {
                    el("article", .cls("comment")) {
                        el("p", .cls("muted")) { el("a", .href(AccountEndpoints.person.path(comment.handle))) { comment.displayName }; " · " + dateText(comment.createdAt, l) }
                        markdown(RenderedMarkdown(markdown: comment.body))
                    }
                }
                if canWrite {
                    postForm(CodeEndpoints.comment.path(slug, a.id), csrf: csrf) {
                        labelled("comment", l[CodeText.addComment]) { el("textarea", .id("comment"), .name("comment"), Attr("rows", "3"), .flag("required")) }
                        el("button") { l[CodeText.addComment] }
                    }
                }
            }
        }
    }

    /// Where the amendment and the current code both changed the same lines since its base: the author must rebase.
    static func conflicts(_ m: AmendmentPage, _ proposal: [(key: SectionKey, value: String)], _ l: Lang) -> [Node] {
        [el("div", .cls("callout")) { el("p") { l[CodeText.conflictExplain] } }] + proposal.flatMap { key, theirs in
            Merge.threeWay(base: m.base[key], ours: m.current[key], theirs: theirs).chunks.compactMap { chunk -> Node? in
                guard case let .conflict(_, ours, theirsLines) = chunk else { return nil }
                return el("section", .cls("conflict")) {
                    el("h2") { l[.section(key)] }
                    el("div", .cls("two")) {
                        el("div") { el("h3") { l[CodeText.currentVersion] }; el("pre") { ours.joined(separator: "\n") } }
                        el("div") { el("h3") { l[CodeText.proposedVersion] }; el("pre") { theirsLines.joined(separator: "\n") } }
                    }
                }
            }
        }
    }

    static func positions(_ m: AmendmentPage, _ l: Lang, csrf: String) -> Node {
        let a = m.amendment
        let tally = m.tally
        return titledSection("positions", l[CodeText.positionsTitle]) {
            // A published code shows its rule to everyone, the counts only to members (as in the API).
            if m.community.canSeeInside {
                el("p") { GovernanceViews.tallyLine(tally, l) }
            }
            el("p") { l[.rule(m.rule)] }
            el("ul", .cls("positions")) {
                for p in m.positions {
                    el("li", p.current ? [] : [.cls("superseded")]) {
                        el("strong") { l[.stance(p.stance)] }
                        " — "
                        el("a", .href(AccountEndpoints.person.path(p.handle))) { p.displayName }
                        if p.textVersion != a.textVersion { el("span", .cls("badge")) { l[CodeText.olderText] } }
                        if !p.current { statusBadge(.info, l[CodeText.superseded]) }
                        if !p.reason.isEmpty { el("blockquote") { p.reason } }
                    }
                }
            }
            if m.community.canContribute && a.status == .open {
                postForm(CodeEndpoints.position.path(m.community.slug, a.id), csrf: csrf, cls: "stack") {
                    radios("stance", name: "stance", Stance.allCases.map { ($0.rawValue, Text.stance($0)) }, l, selected: nil)
                    labelled("position-reason", l[CodeText.positionReasonHint]) {
                        el("textarea", .id("position-reason"), .name("reason"), Attr("rows", "2"), Attr("maxlength", "5000"))
                    }
                    el("button") { l[CodeText.takePosition] }
                }
            }
        }
    }

    package static func publicationPage(_ m: CodePublicationPage, _ l: Lang, csrf: String) -> PageView {
        let s = FormState(values: ["published": m.published ? "on" : ""])
        return PageView(title: l[CodeText.publicationTitle]) {
            nav(m.community, l)
            formColumn(l[CodeText.publicationTitle], s, l, action: CodeEndpoints.savePublication.path(m.community.slug), csrf: csrf) {
                el("p") { l[CodeText.publicationLead] }
                el("div", .cls("field checkbox")) {
                    el("input", [.id("published"), .name("published"), .type("checkbox")] + (m.published ? [.flag("checked")] : []))
                    el("label", Attr("for", "published")) { l[CodeText.publishedLabel] }
                }
                el("button") { l[.save] }
            }
        }
    }

    package static func settingsPage(_ m: CodeSettingsPage, _ l: Lang, csrf: String) -> PageView {
        let s = m.form
        return PageView(title: l[CodeText.codeSettingsTitle]) {
            nav(m.community, l)
            formColumn(l[CodeText.codeSettingsTitle], s, l, action: CodeEndpoints.saveSettings.path(m.community.slug), csrf: csrf) {
                field(.rule, s, l, input: .choice(DecisionRule.allCases.map { ($0.rawValue, Text.rule($0)) }), label: CodeText.ruleLabel.text)
                field(.quorum, s, l, input: .text(type: "number"), required: true, label: CodeText.quorumLabel.text)
                field(.openDays, s, l, input: .text(type: "number"), required: true, label: CodeText.openDaysLabel.text)
                el("div", .cls("field checkbox")) {
                    el("input", [.id("published"), .name("published"), .type("checkbox")] + (s.values["published"] == "on" ? [.flag("checked")] : []))
                    el("label", Attr("for", "published")) { l[CodeText.publishedLabel] }
                }
                el("button") { l[.save] }
            }
        }
    }
}
