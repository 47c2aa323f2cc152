import Foundation
import EnjeuCore

/// Evaluation and recognition: the community's figures, a member's dashboard, the assessment and recognition forms,
/// the recognition wall.
extension JourneyViews {
    package static func evaluationPage(_ m: JourneyEvaluation, _ l: Lang) -> PageView {
        let p = m.place
        return PageView(title: l[JourneyText.evaluation] + " · " + p.name) {
            nav(p, l)
            el("h1") { l[JourneyText.evaluation] }
            el("p", .cls("hint")) { l[m.withholds ? JourneyText.membersApart : JourneyText.membersIncluded] }
            if m.overall.isEmpty && m.cycles.allSatisfy(\.figures.isEmpty) {
                emptyState(l[FirstStepsText.evaluation], action: p.canContribute ? (l[FirstStepsText.evaluationAction], JourneyEndpoints.actions.path(p.slug)) : nil)
            }
            evaluationBlock(m.overall, label: l[JourneyText.community], l)
            for c in m.cycles {
                el("h2") { l[JourneyText.cycle(c.cycle)] }
                evaluationBlock(c.figures, label: l[JourneyText.cycle(c.cycle)], l)
            }
            if let handle = p.viewerHandle, p.canContribute {
                el("p") { el("a", .href(JourneyEndpoints.memberDashboard.path(p.slug, handle))) { l[JourneyText.myDashboard] } }
            }
        }
    }

    package static func dashboardPage(_ m: JourneyDashboard, _ l: Lang) -> PageView {
        let title = l[m.isOwn ? JourneyText.myDashboard.text : JourneyText.dashboardOf(m.label)]
        return PageView(title: title) {
            nav(m.place, l)
            el("h1") { title }
            evaluationBlock(m.figures, label: m.label, l)
        }
    }

    /// Assessing another member's contribution (or one's own, shown apart as self-assessment).
    package static func memberAssessmentPage(_ m: JourneyMemberAssessment, _ l: Lang, csrf: String) -> PageView {
        PageView(title: l[JourneyText.assessTitle] + " · " + m.label) {
            nav(m.place, l)
            el("h1") { l[JourneyText.assessTitle] + " · " + m.label }
            assessForm(m.place, .member, id: m.handle, l, csrf: csrf)
        }
    }

    /// A radar chart of self- and peer-assessment, with the number of assessments behind each, and the same as a table.
    static func evaluationBlock(_ f: JourneyFigures, label: String, _ l: Lang) -> Node {
        let title = l[JourneyText.evaluation] + " — " + label
        return el("section", .cls("evaluation"), .aria("label", title)) {
            radar(f, label: title, l)
            el("p", .cls("legend")) {
                el("span", .cls("key own")) { l[JourneyText.selfAssessment] + " (" + l[JourneyText.assessments(f.own.count)] + ")" }; " "
                el("span", .cls("key peers")) { l[JourneyText.peerAssessment] + " (" + l[JourneyText.assessments(f.peers.count)] + ")" }
            }
            el("table", .cls("evaluation")) {
                tableHead([JourneyText.evaluation, JourneyText.selfAssessment, JourneyText.peerAssessment].map { l[$0] })
                el("tbody") {
                    for c in Criterion.allCases {
                        el("tr") {
                            el("th", Attr("scope", "row")) { l[JourneyText.criterion(c)] }
                            el("td") { f.own.mean(c).map { NumberFormat.fixed($0, decimals: 1) + " / 4" } ?? "—" }
                            el("td") { f.peers.mean(c).map { NumberFormat.fixed($0, decimals: 1) + " / 4" } ?? "—" }
                        }
                    }
                    el("tr") {
                        el("th", Attr("scope", "row")) { l[JourneyText.count] }
                        el("td") { String(f.own.count) }; el("td") { String(f.peers.count) }
                    }
                }
            }
        }
    }

    /// The four criteria on a 0–4 scale; a series with no assessment is not drawn.
    static func radar(_ f: JourneyFigures, label: String, _ l: Lang) -> Node {
        let series = [(f.own, "own", JourneyText.selfAssessment), (f.peers, "peers", JourneyText.peerAssessment)]
            .filter { $0.0.count > 0 }
            .map { agg, cls, name in RadarSeries(name: l[name], cls: cls, values: Criterion.allCases.map { agg.mean($0) }) }
        return Chart.radar(axes: Criterion.allCases.map { l[JourneyText.criterion($0)] }, series: series, max: 4, label: label)
    }

    static func assessForm(_ p: CommunityPlace, _ kind: JourneySubjectKind, id: String, _ l: Lang, csrf: String) -> Node {
        titledSection("assess-title", l[JourneyText.assessTitle], [.cls("assess")]) {
            postForm(JourneyEndpoints.assess.path(p.slug), csrf: csrf) {
                el("input", .type("hidden"), .name("subjectKind"), .value(kind.rawValue))
                el("input", .type("hidden"), .name("subjectId"), .value(id))
                for c in Criterion.allCases {
                    el("fieldset", .cls("radios scale")) {
                        el("legend") { l[JourneyText.criterion(c)] }
                        for n in 0...4 {
                            el("label", .cls("choice")) {
                                el("input", [.type("radio"), .name(c.rawValue), .value(String(n))] + (n == 2 ? [.flag("checked")] : []))
                                " " + l[JourneyText.level(c, n)]
                            }
                        }
                    }
                }
                el("label", Attr("for", "assess-comment")) { l[Text.label(.comment)] }
                el("textarea", .id("assess-comment"), .name("comment"), Attr("rows", "2"))
                el("button", .type("submit")) { l[JourneyText.assess] }
            }
        }
    }

    /// `to`: `kind:id` of who is recognised (`action:<uuid>`, `community:<slug>`).
    static func recognitionForm(_ p: CommunityPlace, to: String, label: String, _ l: Lang, csrf: String) -> Node {
        titledSection("recognize-title", l[JourneyText.recognize] + " · " + label, [.cls("recognize")]) {
            postForm(JourneyEndpoints.recognize.path(p.slug), csrf: csrf) {
                el("input", .type("hidden"), .name("to"), .value(to))
                el("label", Attr("for", "recognize-message")) { l[JourneyText.messageLabel] }
                el("textarea", .id("recognize-message"), .name("message"), Attr("rows", "2"), .flag("required"))
                el("fieldset") {
                    el("legend") { l[JourneyText.criteriaLabel] }
                    for c in Criterion.allCases {
                        el("label", .cls("choice")) { el("input", .type("checkbox"), .name("criteria[]"), .value(c.rawValue)); " " + l[JourneyText.criterion(c)] }
                    }
                }
                el("button", .type("submit")) { l[JourneyText.recognize] }
            }
        }
    }

    // MARK: The recognition wall

    package static func wallPage(_ m: JourneyWall, _ l: Lang, csrf: String) -> PageView {
        let p = m.place
        return PageView(title: l[JourneyText.recognitionTitle]) {
            nav(p, l)
            el("h1") { l[JourneyText.recognitionTitle] }
            el("p", .cls("lead")) { l[JourneyText.recognitionLead] }
            errorSummary(m.form, l)
            if !m.balance.isEmpty { balanceTable(m.balance, l) }
            if m.recognitions.items.isEmpty {
                emptyState(l[FirstStepsText.wall], action: p.canContribute ? (l[FirstStepsText.wallAction], "#recognize-title") : nil)
            }
            el("ul", .cls("wall")) {
                for r in m.recognitions.items {
                    el("li", .cls("recognition to-" + r.toKind.rawValue)) {
                        el("p") { el("strong") { r.fromName }; " → "; el("strong") { r.toLabel }
                            el("span", .cls("badge")) { l[r.toKind == .member ? JourneyText.individual : JourneyText.collective] } }
                        paragraphs(r.message)
                        if !r.criteria.isEmpty {
                            el("p", .cls("muted")) { r.criteriaList.map { l[JourneyText.criterion($0)] }.joined(separator: " · ") }
                        }
                    }
                }
            }
            pager(next: m.recognitions.next.map { JourneyEndpoints.wall.path(p.slug, query: [("after", $0)]) }, l)
            if p.canContribute { recognitionForm(p, to: "community:" + p.slug, label: l[JourneyText.community], l, csrf: csrf) }
        }
    }

    static func balanceTable(_ balance: [RecognitionBalance], _ l: Lang) -> Node {
        titledSection("balance-title", l[JourneyText.balanceTitle]) {
            el("table", .cls("balance")) {
                tableHead([JourneyText.cycleHeader, JourneyText.individual, JourneyText.collective].map { l[$0] })
                el("tbody") {
                    for b in balance {
                        el("tr") {
                            el("th", Attr("scope", "row")) { String(b.cycle) }
                            el("td") { el("span", .cls("bar individual"), Attr("data-n", String(b.individual))) { String(b.individual) } }
                            el("td") { el("span", .cls("bar collective"), Attr("data-n", String(b.collective))) { String(b.collective) } }
                        }
                    }
                }
            }
        }
    }
}
