import Foundation
import EnjeuCore

extension SocialViews {
    private static func score(_ x: Double) -> String { String(format: "%.2f", x) }

    package static func credibilityPage(_ m: CredibilityPage, _ l: Lang, csrf: String) -> PageView {
        let slug = m.place.slug
        let current = [Attr("aria-current", "page")]
        return PageView(title: l[SocialText.credibility] + " · " + m.place.name) {
            nav(m.place, l)
            el("h1") { l[SocialText.credibility] }
            el("p", .cls("lead")) { l[SocialText.credibilityLead] }
            el("p", .cls("hint")) { m.computedAt.map { l[SocialText.computedAt(dateText($0, l))] } ?? l[SocialText.notComputed] }
            seeds(m, l, csrf: csrf)
            el("nav", .cls("topics"), .aria("label", l[SocialText.topic])) {
                el("a", [.href(SocialEndpoints.credibility.path(slug))] + (m.topicKey.isEmpty ? current : [])) { l[SocialText.overall] }
                for t in m.topics {
                    el("a", [.href(SocialEndpoints.credibility.path(slug, query: [("topic", t.topic)]))] + (t.topicKey == m.topicKey ? current : [])) {
                        t.topic + " (\(t.n))"
                    }
                }
            }
            if m.ranking.isEmpty {
                emptyState(l[SocialText.noRankingYet] + " " + l[FirstStepsText.credibility],
                           action: m.place.canContribute ? (l[FirstStepsText.credibilityAction], CommunityEndpoints.members.path(slug)) : nil)
            } else {
                el("table", .id("ranking")) {
                    tableHead([SocialText.rank, SocialText.member, SocialText.score, SocialText.why].map { l[$0] })
                    el("tbody") {
                        for r in m.ranking {
                            el("tr") {
                                el("td") { String(r.rank) }
                                el("td") { r.displayName + " · @" + r.handle + (r.role == .member ? "" : " (" + l[Text.role(r.role)] + ")") }
                                el("td") { score(r.score) }
                                el("td") { el("a", .href(SocialEndpoints.why.path(slug, r.handle))) { l[SocialText.why] } }
                            }
                        }
                    }
                }
            }
            pager(next: m.next.map { SocialEndpoints.credibility.path(slug, query: [("topic", m.topic.isEmpty ? nil : m.topic), ("after", $0)]) }, l)
            titledSection("leaders-title", l[SocialText.leaders], [.id("leaders")]) {
                el("p") { l[SocialText.leadersLead] }
                el("dl", .cls("facts")) {
                    for group in m.leaders {
                        el("dt") { group.topic.topic }
                        el("dd") { group.top.map { "@" + $0.handle + " (" + score($0.score) + ")" }.joined(separator: ", ") }
                    }
                    el("dt") { l[SocialText.formal] }
                    el("dd") { m.stewards.map { "@" + $0.handle }.joined(separator: ", ") }
                    el("dt") { l[SocialText.earnedOnly] }
                    el("dd") { m.earnedOnly.map { "@" + $0 }.joined(separator: ", ") }
                    el("dt") { l[SocialText.formalOnly] }
                    el("dd") { m.formalOnly.map { "@" + $0 }.joined(separator: ", ") }
                }
            }
            if m.place.canContribute { endorseForm(slug, m.form, l, csrf: csrf, values: m.values, to: nil) }
            if m.place.canSteward {
                postForm(SocialEndpoints.recompute.path(slug), csrf: csrf, cls: "inline") { el("button", .cls("secondary")) { l[SocialText.recompute] } }
            }
            el("details") { el("summary") { l[SocialText.formulaTitle] }; el("p") { l[SocialText.formula] } }
        }
    }

    /// Where trust starts (founders and stewards until a verified result, then the members with results) and what
    /// makes a done action a result; stewards change its threshold here.
    static func seeds(_ m: CredibilityPage, _ l: Lang, csrf: String) -> Node {
        var state = m.thresholdForm
        if state.values["threshold"] == nil { state.values["threshold"] = WellAssessed.text(m.threshold, decimalComma: l == .fr) }
        return el("section", .id("seeds"), .aria("label", l[SocialText.results])) {
            if m.computedAt != nil { el("p", .id("anchor")) { l[SocialText.seeds(onStewards: m.anchoredOnStewards)] } }
            el("p", .id("well-assessed")) {
                l[SocialText.wellAssessed(WellAssessed.text(m.threshold, decimalComma: l == .fr), assessors: WellAssessed.minimumAssessors)]
            }
            if m.place.canSteward {
                errorSummary(state, l)
                postForm(SocialEndpoints.threshold.path(m.place.slug), csrf: csrf, cls: "inline") {
                    field(.threshold, state, l, input: .text(type: "text"), required: true, maxLength: 5)
                    el("button", .type("submit"), .cls("secondary")) { l[SocialText.setThreshold] }
                }
            }
        }
    }

    /// Endorsing a member: anyone (`to` nil, the member is typed) or the member whose page this is.
    static func endorseForm(_ slug: String, _ s: FormState, _ l: Lang, csrf: String, values: [String], to: String?) -> Node {
        var state = s
        if let to, state.values["to"] == nil { state.values["to"] = to }
        return titledSection("endorse-title", l[SocialText.endorse], [.id("endorse")]) {
            el("p") { l[SocialText.endorseLead] }
            errorSummary(state, l)
            postForm(SocialEndpoints.endorse.path(slug), csrf: csrf) {
                if let to { el("input", .type("hidden"), .name("to"), .value(to)) } else { field(.to, state, l, required: true, label: SocialText.member.text) }
                el("div", .cls("field")) {
                    el("label", Attr("for", "f-topic")) { l[Text.label(.topic)] }
                    if let p = state.violations.all.first(where: { $0.field == .topic }) { el("p", .cls("error"), .id("f-topic-error")) { l[Text.describe(p)] } }
                    el("input", .id("f-topic"), .name("topic"), .value(state[.topic]), Attr("list", "topic-values"), .flag("required"), Attr("maxlength", "60"))
                    el("datalist", .id("topic-values")) { for v in values { el("option", .value(v)) } }
                }
                field(.note, state, l, maxLength: Social.noteMax)
                el("button", .type("submit")) { l[SocialText.endorse] }
            }
        }
    }

    package static func whyPage(_ m: CredibilityWhyPage, _ l: Lang, csrf: String) -> PageView {
        let slug = m.place.slug
        let member = m.member
        return PageView(title: l[SocialText.why] + " · @" + member.handle) {
            nav(m.place, l)
            el("h1") { member.displayName + " · @" + member.handle }
            el("p", .cls("lead"), .id("score")) {
                if let o = m.overall {
                    l[SocialText.score] + " : " + score(o.score) + " — " + l[SocialText.rank] + " \(o.rank) / \(m.members)"
                } else { l[SocialText.notComputed] }
            }
            if let at = m.computedAt { el("p", .cls("hint")) { l[SocialText.computedAt(dateText(at, l))] } }
            el("p", .id("grants")) {
                let grants = [member.grants.isEmpty ? nil : GovernanceViews.rightsText(member.grants, l),
                              m.positionWeight.map { l[GovernanceText.positionWeighs($0)] }].compactMap { $0 }
                l[GovernanceText.grants] + l[CodeText.colon] + (grants.isEmpty ? l[GovernanceText.grantsNone] : grants.joined(separator: " · "))
            }
            let topicScores = m.topicScores
            if !topicScores.isEmpty {
                el("ul", .cls("topic-scores")) {
                    for t in topicScores { el("li") { t.label + " : " + score(t.score) + " (" + l[SocialText.rank] + " \(t.rank))" } }
                }
            }
            titledSection("received-title", l[SocialText.received], [.id("received")]) {
                if m.received.isEmpty { el("p") { l[.nothingYet] } }
                el("ul") {
                    for e in m.received {
                        el("li") {
                            l[SocialText.endorsedBy(e.fromHandle, e.topic, e.fromScore)]
                            if !e.note.isEmpty { el("q") { e.note } }
                        }
                    }
                }
            }
            titledSection("results-title", l[SocialText.results], [.id("results")]) {
                let lines = SocialText.resultLines(m.results)
                if lines.isEmpty { el("p") { l[.nothingYet] } }
                el("ul") { for line in lines { el("li") { l[line] } } }
                el("p") { l[SocialText.anchor(m.results, onStewards: m.anchoredOnStewards, steward: member.role != .member)] }
            }
            titledSection("given-title", l[SocialText.given], [.id("given")]) {
                if m.given.isEmpty { el("p") { l[.nothingYet] } }
                el("ul") {
                    for e in m.given {
                        el("li") {
                            "@" + e.toHandle + " — " + e.topic
                            if m.mine {
                                postForm(SocialEndpoints.revoke.path(slug, e.id), csrf: csrf, cls: "inline") { el("button", .cls("link danger")) { l[SocialText.revoke] } }
                            }
                        }
                    }
                }
            }
            if m.place.canContribute && !m.mine { endorseForm(slug, m.form, l, csrf: csrf, values: m.values, to: member.handle) }
            el("details", .flag("open")) { el("summary") { l[SocialText.formulaTitle] }; el("p") { l[SocialText.formula] } }
        }
    }
}
