import Foundation
import EnjeuCore

/// A cycle's restitution: the page, and the same as a Markdown download.
extension JourneyViews {
    package static func reportPage(_ m: JourneyCycleReport, _ l: Lang) -> PageView {
        let p = m.place
        return PageView(title: l[JourneyText.report] + " · " + p.name) {
            nav(p, l)
            el("article", .cls("report")) {
                el("h1") { l[JourneyText.report] + " · " + p.name + " · " + l[JourneyText.cycle(m.cycle)] }
                el("p", .cls("lead")) { l[JourneyText.reportLead] }
                el("p", .cls("actions")) { el("a", .href(JourneyEndpoints.reportMarkdown.path(p.slug))) { l[JourneyText.downloadMarkdown] } }
                el("h2") { l[JourneyText.title] }
                el("ol") {
                    for step in JourneyStep.allCases { el("li") { l[JourneyText.step(step)] + " — " + l[JourneyText.state(m.states[step] ?? .notStarted)] } }
                }
                for kind in ProposalKind.allCases {
                    let adopted = m.adopted(kind)
                    if !adopted.isEmpty {
                        el("h3") { l[JourneyText.kind(kind)] }
                        el("ul") { for a in adopted { el("li") { el("strong") { a.title }; " — " + a.body } } }
                    }
                }
                el("h2") { l[JourneyText.actions] }
                el("ul", .cls("report-actions")) {
                    for a in m.actions {
                        el("li") {
                            el("strong") { a.action.title }; " · " + l[JourneyText.actionStatus(a.action.status)]
                            if !a.team.isEmpty { " · " + l[JourneyText.team] + l[CodeText.colon] + a.team.map(\.displayName).joined(separator: ", ") }
                            if !a.action.outcome.isEmpty { el("p") { l[JourneyText.outcome] + l[CodeText.colon] + a.action.outcome } }
                        }
                    }
                }
                el("h2") { l[JourneyText.evaluation] }
                if m.partial { el("p", .cls("hint")) { l[JourneyText.membersApart] } }
                evaluationBlock(m.figures, label: l[JourneyText.cycle(m.cycle)], l)
                el("h2") { l[JourneyText.recognitionTitle] }
                el("ul") { for r in m.recognitions { el("li") { r.fromName + " → " + r.toLabel + l[CodeText.colon] + r.message } } }
                periodBlock(m, l)
            }
        }
    }

    /// The report as Markdown; members' text is escaped (`markdownInline`), so it reads as typed.
    package static func reportMarkdown(_ m: JourneyCycleReport, _ l: Lang) -> String {
        let own = m.figures.own, peers = m.figures.peers
        var md = "# \(l[JourneyText.report]) — \(m.place.name) — \(l[JourneyText.cycle(m.cycle)])\n\n"
        md += "## \(l[JourneyText.title])\n\n"
        for step in JourneyStep.allCases { md += "\(step.number). \(l[JourneyText.step(step)]) — \(l[JourneyText.state(m.states[step] ?? .notStarted)])\n" }
        for kind in ProposalKind.allCases {
            let adopted = m.adopted(kind)
            if adopted.isEmpty { continue }
            md += "\n### \(l[JourneyText.kind(kind)])\n\n"
            for p in adopted { md += "- **\(markdownInline(p.title))** — \(markdownInline(p.body))\n" }
        }
        md += "\n## \(l[JourneyText.actions])\n\n"
        for item in m.actions {
            let a = item.action
            md += "- **\(markdownInline(a.title))** (\(l[JourneyText.actionStatus(a.status)]))"
            if !item.team.isEmpty { md += " — \(l[JourneyText.team])\(l[CodeText.colon])\(item.team.map { markdownInline($0.displayName) }.joined(separator: ", "))" }
            if !a.outcome.isEmpty { md += "\n  \(l[JourneyText.outcome])\(l[CodeText.colon])\(markdownInline(a.outcome))" }
            md += "\n"
        }
        md += "\n## \(l[JourneyText.evaluation])\n\n| | \(l[JourneyText.selfAssessment]) (n=\(own.count)) | \(l[JourneyText.peerAssessment]) (n=\(peers.count)) |\n|---|---|---|\n"
        for c in Criterion.allCases {
            md += "| \(l[JourneyText.criterion(c)]) | \(own.mean(c).map { NumberFormat.fixed($0, decimals: 1) } ?? "—") | \(peers.mean(c).map { NumberFormat.fixed($0, decimals: 1) } ?? "—") |\n"
        }
        if m.partial { md += "\n\(l[JourneyText.membersApart])\n" }
        md += "\n## \(l[JourneyText.recognitionTitle])\n\n"
        for x in m.recognitions { md += "- \(markdownInline(x.fromName)) → \(markdownInline(x.toLabel))\(l[CodeText.colon])\(markdownInline(x.message))\n" }
        let p = m.period
        if let since = p.since { md += "\n_\(l[JourneyText.period(dateText(since, l), p.until.map { dateText($0, l) })])_\n" }
        md += "\n## \(l[JourneyText.periodFigures])\n\n"
        if p.figures.isEmpty { md += "\(l[JourneyText.periodNone])\n" }
        for f in p.figures { md += "- \(markdownInline(f.name)) (\(markdownInline(f.unit))) — \(f.values) \(l[JourneyText.periodValues]), \(f.contributors) \(l[JourneyText.periodContributors])\n" }
        md += "\n## \(l[JourneyText.periodFlows])\n\n"
        if p.flows.isEmpty { md += "\(l[JourneyText.periodNone])\n" }
        for f in p.flows { md += "- \(markdownInline(flowLine(f, l)))\n" }
        md += "\n## \(l[JourneyText.periodCode])\n\n"
        if p.revisions.isEmpty { md += "\(l[JourneyText.periodNone])\n" }
        for r in p.revisions { md += "- \(markdownInline(l[JourneyText.revisionLine(r.number, r.summary)]))\n" }
        return md
    }

    /// The figures, the economy and the code changes within the cycle's dates.
    static func periodBlock(_ m: JourneyCycleReport, _ l: Lang) -> [Node] {
        let p = m.period, slug = m.place.slug
        var nodes: [Node] = []
        if let since = p.since { nodes.append(el("p", .cls("hint")) { l[JourneyText.period(dateText(since, l), p.until.map { dateText($0, l) })] }) }
        nodes.append(el("h2") { l[JourneyText.periodFigures] })
        nodes.append(p.figures.isEmpty ? el("p") { l[JourneyText.periodNone] } : el("ul") {
            for f in p.figures {
                el("li") {
                    el("a", .href(FiguresEndpoints.indicator.path(slug, f.id))) { f.name }
                    " (" + f.unit + ") — \(f.values) " + l[JourneyText.periodValues] + ", \(f.contributors) " + l[JourneyText.periodContributors]
                }
            }
        })
        nodes.append(el("h2") { l[JourneyText.periodFlows] })
        nodes.append(p.flows.isEmpty ? el("p") { l[JourneyText.periodNone] } : el("ul") { for f in p.flows { el("li") { flowLine(f, l) } } })
        nodes.append(el("h2") { l[JourneyText.periodCode] })
        nodes.append(p.revisions.isEmpty ? el("p") { l[JourneyText.periodNone] } : el("ul") {
            for r in p.revisions { el("li") { el("a", .href(CodeEndpoints.revision.path(slug, r.number))) { l[JourneyText.revisionLine(r.number, r.summary)] } } }
        })
        return nodes
    }

    /// « matériel · quantitatif · h — 12 flux, total 30 » (the unit as members typed it).
    static func flowLine(_ f: CyclePeriod.Flows, _ l: Lang) -> String {
        let nature = l.stored(f.nature, EconomyText.nature), measure = l.stored(f.measure, EconomyText.measure)
        var line = nature + " · " + measure + (f.unit.isEmpty ? "" : " · " + f.unit) + " — \(f.entries) " + l[JourneyText.periodEntries]
        if let total = f.total { line += ", " + l[JourneyText.periodTotal] + " " + NumberFormat.number(total) }
        return line
    }

    /// Member text inside the Markdown report: one line, Markdown and table syntax escaped, so it reads as typed.
    static func markdownInline(_ s: String) -> String {
        var out = ""
        for ch in s.replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\n", with: " ") {
            if "\\`*_[]()#<>|!".contains(ch) { out.append("\\") }
            out.append(ch)
        }
        return out
    }
}
