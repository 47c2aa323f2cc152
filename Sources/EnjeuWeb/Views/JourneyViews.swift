import Foundation
import EnjeuCore

/// The journey's pages: the six steps and their proposals, the actions; evaluation, recognition and the report are in
/// `JourneyViews+Evaluation.swift`.
package enum JourneyViews {
    /// The journey's own navigation, on every page of it.
    static func nav(_ p: CommunityPlace, _ l: Lang) -> Node {
        subnav(l[JourneyText.title], p, [
            (l[JourneyText.title], JourneyEndpoints.overview.path(p.slug)),
            (l[JourneyText.actions], JourneyEndpoints.actions.path(p.slug)),
            (l[JourneyText.evaluation], JourneyEndpoints.evaluation.path(p.slug)),
            (l[JourneyText.recognitionTitle], JourneyEndpoints.wall.path(p.slug)),
            (l[JourneyText.report], JourneyEndpoints.report.path(p.slug)),
        ])
    }

    // MARK: The six steps

    package static func overviewPage(_ m: JourneyOverview, _ l: Lang, csrf: String) -> PageView {
        let p = m.place
        let s = m.form
        return PageView(title: l[JourneyText.title] + " · " + p.name) {
            nav(p, l)
            el("h1") { l[JourneyText.title] + " · " + l[JourneyText.cycle(m.cycle)] }
            el("p", .cls("lead")) { l[JourneyText.lead] }
            if m.proposals.isEmpty && m.actions.isEmpty {
                emptyState(l[FirstStepsText.journey], action: p.canContribute ? (l[FirstStepsText.journeyAction], "#proposals") : nil)
            }
            if !m.started && p.canSteward { startForm(p, l, csrf: csrf) }
            el("ol", .cls("journey-steps")) {
                for step in JourneyStep.allCases { stepItem(step, m, l, csrf: csrf) }
            }
            if p.canContribute {
                formSection("propose-title", l[JourneyText.proposeTitle], [.id("proposals")], state: s, l, action: JourneyEndpoints.propose.path(p.slug),
                            csrf: csrf) {
                    field(.kind, s, l, input: .choice(ProposalKind.allCases.map { ($0.rawValue, JourneyText.kind($0)) }))
                    field(.name, s, l, required: true, label: JourneyText.titleLabel.text)
                    field(.definition, s, l, input: .area(rows: 4), required: true, label: JourneyText.bodyLabel.text)
                    el("button", .type("submit")) { l[JourneyText.propose] }
                }
            }
        }
    }

    /// The templates a steward starts the journey from.
    static func startForm(_ p: CommunityPlace, _ l: Lang, csrf: String) -> Node {
        titledSection("start-title", l[JourneyText.startTitle], [.cls("callout")]) {
            el("p") { l[JourneyText.startLead] }
            postForm(JourneyEndpoints.start.path(p.slug), csrf: csrf) {
                el("fieldset") {
                    el("legend") { l[JourneyText.startTitle] }
                    for t in JourneyTemplate.allCases {
                        el("label", .cls("choice")) {
                            el("input", [.type("radio"), .name("template"), .value(t.rawValue)] + (t == .free ? [.flag("checked")] : []))
                            " " + l[t.title]
                        }
                    }
                }
                el("button", .type("submit")) { l[JourneyText.start] }
            }
        }
    }

    /// One step: its state, what comes next, and its artefacts.
    static func stepItem(_ step: JourneyStep, _ m: JourneyOverview, _ l: Lang, csrf: String) -> Node {
        let state = m.states[step] ?? .notStarted
        let p = m.place
        func artefacts(_ kinds: [ProposalKind]) -> [JourneyProposal] { m.proposals.filter { kinds.contains($0.kind) } }
        return el("li", .cls("step state-" + state.rawValue), .id(step.rawValue)) {
            el("h2") { "\(step.number). " + l[JourneyText.step(step)] + " "; statusBadge(state.tone, l[JourneyText.state(state)]) }
            el("p", .cls("hint")) { l[JourneyText.next(step, state)] }
            switch step {
            case .values: proposalList(artefacts([.value]), p, l, csrf: csrf)
            case .commonGood: proposalList(artefacts([.purpose, .stake]), p, l, csrf: csrf)
            case .project: proposalList(artefacts([.project]), p, l, csrf: csrf)
            case .actionPlan, .action:
                el("ul") {
                    for a in m.actions.filter({ step == .actionPlan ? $0.status == .planned : $0.status != .planned }) {
                        el("li") {
                            el("a", .href(JourneyEndpoints.action.path(p.slug, a.id))) { a.title }
                            el("span", .cls("muted")) { " · " + l[JourneyText.actionStatus(a.status)] + (a.ownerHandle.map { " · @" + $0 } ?? "") }
                        }
                    }
                }
                if step == .actionPlan { el("p") { el("a", .href(JourneyEndpoints.actions.path(p.slug))) { l[JourneyText.newAction] } } }
            case .governance: governance(m, l, csrf: csrf)
            }
        }
    }

    /// Step 6: the retrospectives, the form to write one, and the next cycle once governance has progressed.
    static func governance(_ m: JourneyOverview, _ l: Lang, csrf: String) -> [Node] {
        let p = m.place
        let s = m.form
        return [
            el("ul") {
                for r in m.retrospectives {
                    el("li") {
                        el("strong") { l[JourneyText.worked] + l[CodeText.colon] }; r.worked + " — "
                        el("strong") { l[JourneyText.didNot] + l[CodeText.colon] }; r.didNot
                        if let a = r.amendmentId {
                            " — "; el("a", .href(CodeEndpoints.amendment.path(p.slug, a))) {
                                l[JourneyText.change] + " (" + (r.amendmentStatus.map { l[.amendmentStatus($0)] } ?? "") + ")"
                            }
                        }
                    }
                }
            },
        ] + (p.canContribute ? [
            el("details") {
                el("summary") { l[JourneyText.retroTitle] }
                postForm(JourneyEndpoints.retrospective.path(p.slug), csrf: csrf) {
                    field(.body, s, l, input: .area(rows: 2), required: true, label: JourneyText.worked.text)
                    field(.reason, s, l, input: .area(rows: 2), required: true, label: JourneyText.didNot.text)
                    field(.changes, s, l, input: .area(rows: 2), label: JourneyText.change.text)
                    el("button", .type("submit")) { l[JourneyText.retroTitle] }
                }
            },
        ] : []) + (p.canSteward && m.canStartNextCycle ? [
            postForm(JourneyEndpoints.nextCycle.path(p.slug), csrf: csrf) { el("button", .type("submit")) { l[JourneyText.nextCycle] } },
        ] : [])
    }

    /// A step's proposals, each with its positions counted and, while open, the forms to take a position or decide.
    static func proposalList(_ items: [JourneyProposal], _ place: CommunityPlace, _ l: Lang, csrf: String) -> Node {
        el("ul", .cls("proposals")) {
            for p in items {
                el("li", .id("p-" + p.id.uuidString), .cls("proposal status-" + p.status.rawValue)) {
                    el("strong") { p.title }
                    statusBadge(p.status.tone, l[JourneyText.proposalStatus(p.status)])
                    paragraphs(p.body)
                    el("p", .cls("muted")) {
                        l[Text.stance(.consent)] + " \(p.consents) · " + l[Text.stance(.object)] + " \(p.objections) · "
                            + l[Text.stance(.abstain)] + " \(p.abstentions) · @" + p.authorHandle
                    }
                    if p.status == .open && place.canContribute {
                        postForm(JourneyEndpoints.position.path(place.slug, p.id), csrf: csrf, cls: "inline position") {
                            el("label", Attr("for", "stance-" + p.id.uuidString)) { l[JourneyText.positionTitle] }
                            el("select", .id("stance-" + p.id.uuidString), .name("stance")) {
                                for st in Stance.allCases { el("option", .value(st.rawValue)) { l[Text.stance(st)] } }
                            }
                            el("input", .type("text"), .name("reason"), .aria("label", l[Text.label(.reason)]))
                            el("button", .type("submit")) { l[JourneyText.takePosition] }
                        }
                        if place.canSteward {
                            postForm(JourneyEndpoints.decide.path(place.slug, p.id), csrf: csrf, cls: "inline") {
                                el("button", .type("submit"), .cls("secondary")) { l[JourneyText.applyRule] }
                            }
                        }
                    }
                }
            }
        }
    }

    // MARK: Actions

    package static func actionsPage(_ m: JourneyActionList, _ l: Lang, csrf: String) -> PageView {
        let p = m.place
        let s = m.form
        return PageView(title: l[JourneyText.actions]) {
            nav(p, l)
            el("h1") { l[JourneyText.actions] }
            // An empty list says what goes there and what to do first, rather than showing a header-only table.
            if m.actions.items.isEmpty {
                emptyState(l[FirstStepsText.actions], action: p.canContribute ? (l[FirstStepsText.actionsAction], "#new-action") : nil)
            } else {
                el("table", .cls("actions")) {
                    tableHead([JourneyText.titleLabel, JourneyText.stake, JourneyText.owner, JourneyText.due].map { l[$0] } + [l[Text.label(.status)]])
                    el("tbody") {
                        for a in m.actions.items {
                            el("tr") {
                                el("td", Attr("data-label", l[JourneyText.titleLabel])) { el("a", .href(JourneyEndpoints.action.path(p.slug, a.id))) { a.title } }
                                el("td", Attr("data-label", l[JourneyText.stake])) { a.stakeTitle ?? "" }
                                el("td", Attr("data-label", l[JourneyText.owner])) { a.ownerHandle.map { "@" + $0 } ?? "" }
                                el("td", Attr("data-label", l[JourneyText.due])) { a.dueOn ?? "" }
                                el("td", Attr("data-label", l[Text.label(.status)])) { l[JourneyText.actionStatus(a.status)] }
                            }
                        }
                    }
                }
            }
            pager(next: m.actions.next.map { JourneyEndpoints.actions.path(p.slug, query: [("after", $0)]) }, l)
            if p.canContribute {
                formSection("new-action", l[JourneyText.newAction], state: s, l, action: JourneyEndpoints.createAction.path(p.slug), csrf: csrf) {
                    field(.name, s, l, required: true, label: JourneyText.titleLabel.text)
                    field(.definition, s, l, input: .area(rows: 3))
                    field(.kind, s, l, input: .choice([("", JourneyText.none.text)] + m.stakes.map { ($0.id.uuidString, Text(fr: $0.title, en: $0.title)) }),
                          label: JourneyText.stake.text)
                    field(.skills, s, l, label: JourneyText.needs.text)
                    field(.date, s, l, input: .text(type: "date"), label: JourneyText.due.text)
                    el("button", .type("submit")) { l[JourneyText.newAction] }
                }
            }
        }
    }

    package static func actionPage(_ m: JourneyActionDetail, _ l: Lang, csrf: String) -> PageView {
        let p = m.place, a = m.action, s = m.form, inTeam = m.viewerInTeam, current = a.status
        let open = current == .planned || current == .inProgress
        return PageView(title: a.title) {
            nav(p, l)
            el("h1") { a.title }
            el("p", .cls("badges")) { statusBadge(a.status.tone, l[JourneyText.actionStatus(a.status)]) }
            paragraphs(a.description)
            el("dl", .cls("facts")) {
                el("dt") { l[JourneyText.stake] }; el("dd") { a.stakeTitle ?? "—" }
                el("dt") { l[JourneyText.needs] }; el("dd") { a.needs.isEmpty ? "—" : a.needs }
                el("dt") { l[JourneyText.due] }; el("dd") { a.dueOn ?? "—" }
                el("dt") { l[JourneyText.owner] }; el("dd") { a.ownerHandle.map { "@" + $0 } ?? "—" }
                el("dt") { l[JourneyText.team] }
                el("dd", .cls("team")) {
                    for (i, person) in m.team.enumerated() {
                        if i > 0 { ", " }
                        if p.canContribute && person.handle != p.viewerHandle {
                            el("a", .href(JourneyEndpoints.assessMember.path(p.slug, person.handle)),
                               .aria("label", l[JourneyText.assessMember(person.displayName)])) { person.displayName }
                        } else { person.displayName }
                    }
                }
                if !a.outcome.isEmpty { el("dt") { l[JourneyText.outcome] }; el("dd", .cls("outcome")) { a.outcome } }
            }
            if p.canContribute && !inTeam && open {
                postForm(JourneyEndpoints.volunteer.path(p.slug, a.id), csrf: csrf) { el("button", .type("submit")) { l[JourneyText.volunteer] } }
            }
            if (inTeam || p.canSteward) && open {
                formSection("move-title", l[JourneyText.move], state: s, l, action: JourneyEndpoints.actionStatus.path(p.slug, a.id), csrf: csrf) {
                    field(.status, s, l, input: .choice(ActionStatus.allCases.filter { $0 == current || current.canMove(to: $0) }
                        .map { ($0.rawValue, JourneyText.actionStatus($0)) }))
                    field(.note, s, l, input: .area(rows: 3), label: JourneyText.noteLabel.text)
                    el("button", .type("submit")) { l[JourneyText.move] }
                }
            }
            if !m.updates.isEmpty {
                titledSection("updates-title", l[JourneyText.updates]) {
                    el("ul", .cls("updates")) {
                        for u in m.updates {
                            el("li") {
                                dateText(u.createdAt, l) + " · @" + u.handle + " · " + l[JourneyText.actionStatus(u.status)] + (u.note.isEmpty ? "" : " — " + u.note)
                            }
                        }
                    }
                }
            }
            if !m.figures.isEmpty { evaluationBlock(m.figures, label: a.title, l) }
            if current == .done && inTeam { assessForm(p, .action, id: a.id.uuidString, l, csrf: csrf) }
            if p.canContribute && !inTeam {
                recognitionForm(p, to: "action:" + a.id.uuidString, label: l[JourneyText.team] + " — " + a.title, l, csrf: csrf)
            }
        }
    }
}
