import Foundation
import EnjeuCore

/// Governance in the #CodeSocial: roles and their holders, the forms to propose a role, an assignment and the
/// credibility rule; governance proposals decided like amendments.
package enum GovernanceViews {
    static func rightsText(_ rights: [Right], _ l: Lang) -> String {
        rights.isEmpty ? l[GovernanceText.noRights] : rights.map { l[GovernanceText.right($0)] }.joined(separator: ", ")
    }

    /// A predefined role's name in the reader's language; a community's own as written.
    static func roleName(_ r: GovernanceRoleItem, _ l: Lang) -> String {
        r.builtin.flatMap(Role.init(rawValue:)).map { l[Text.role($0)] } ?? r.name
    }

    /// What a proposal changes, in one line.
    package static func describe(_ p: GovernanceProposalItem, _ l: Lang) -> String {
        if let r = p.role {
            return l[GovernanceText.roleAction(r.action)] + " « " + r.name + " »" + (r.action == .remove ? "" : " — " + rightsText(r.rights, l))
        }
        if let a = p.assignment { return l[GovernanceText.assignmentAction(a.action)] + " « " + a.roleName + " » — @" + a.handle }
        if let s = p.stage { return l[CharterProposalText.stageChange] + l[CodeText.colon] + l[Text.stage(s.from)] + " → " + l[Text.stage(s.to)] }
        if let c = p.credibilityRule {
            return ruleText(CredibilityRuleItem(topic: c.topic, count: c.count, rights: c.rights, weighPositions: c.weighPositions, cap: c.cap), l)
        }
        return p.summary
    }

    /// A credibility rule in words: the rights it gives, and how it weighs positions.
    static func ruleText(_ r: CredibilityRuleItem, _ l: Lang) -> String {
        var parts: [String] = []
        if r.count > 0 { parts.append(l[GovernanceText.credibilityRule(count: r.count, topic: r.topic, rights: rightsText(r.rights, l))]) }
        if r.weighPositions { parts.append(l[GovernanceText.weighsPositions(cap: r.cap)]) }
        return parts.isEmpty ? l[GovernanceText.credibilityRuleNone] : parts.joined(separator: " ")
    }

    /// The counted positions in one line, with their sums weighed by credibility when the rule weighs them.
    package static func tallyLine(_ t: Tally, _ l: Lang) -> String {
        var line = l[CodeText.tallyText] + l[CodeText.colon] + "\(l[.stance(.consent)]) \(t.consents) · \(l[.stance(.object)]) \(t.objections) · "
            + "\(l[.stance(.abstain)]) \(t.abstentions) · " + l[CodeText.quorumWord] + " \(t.positions)/\(t.quorum)"
        if t.weighted { line += " · " + l[GovernanceText.weighedTally(consents: t.weightedConsents, objections: t.weightedObjections)] }
        return line
    }

    static func rightsBoxes(_ prefix: String, _ state: FormState, _ l: Lang) -> Node {
        let chosen = Set((state.values["rights"] ?? "").split(separator: ",").map(String.init))
        let invalid = state.violations.all.first { $0.field == .rights }
        return el("fieldset", .cls(invalid == nil ? "checkboxes" : "checkboxes invalid"), .id("f-rights")) {
            el("legend") { l[Text.label(.rights)] }
            if let invalid { el("p", .cls("error")) { l[Text.describe(invalid)] } }
            for r in Right.allCases {
                el("div", .cls("field checkbox")) {
                    el("input", [.id(prefix + r.rawValue), .name("rights[]"), .type("checkbox"), .value(r.rawValue)] + (chosen.contains(r.rawValue) ? [.flag("checked")] : []))
                    el("label", Attr("for", prefix + r.rawValue)) { l[GovernanceText.right(r)] }
                }
            }
        }
    }

    package static func rolesPage(_ m: RolesPage, _ l: Lang, csrf: String) -> PageView {
        let c = m.community, slug = c.slug
        return PageView(title: l[GovernanceText.rolesTitle] + " · " + c.name) {
            CodeViews.nav(c, l)
            el("h1") { l[GovernanceText.rolesTitle] }
            el("p", .cls("lead")) { l[GovernanceText.rolesLead] }
            // Four columns with inline forms do not fit a phone: the table scrolls in its own region, not the page.
            el("div", .cls("table-scroll"), Attr("tabindex", "0"), Attr("role", "region"), .aria("label", l[GovernanceText.rolesTitle])) {
            el("table", .cls("roles")) {
                tableHead([l[GovernanceText.roleName], l[GovernanceText.rolePurpose], l[GovernanceText.roleRights], l[GovernanceText.roleHolders]])
                el("tbody") {
                    for r in m.roles.items {
                        el("tr", .id("role-" + r.id.uuidString)) {
                            el("th", Attr("scope", "row")) {
                                roleName(r, l)
                                if r.builtin != nil { " "; statusBadge(.info, l[GovernanceText.builtin]) }
                            }
                            el("td") { r.purpose }
                            el("td") { rightsText(r.rights, l) }
                            el("td") {
                                r.holders.map { "@" + $0 }.joined(separator: ", ")
                                if c.canContribute && r.builtin != Role.founder.rawValue {
                                    postForm(GovernanceEndpoints.assign.path(slug, r.id), csrf: csrf, cls: "inline") {
                                        el("label", Attr("for", "assign-" + r.id.uuidString), .cls("visually-hidden")) { l[GovernanceText.assignLead] }
                                        el("input", .id("assign-" + r.id.uuidString), .name("handle"), .type("text"), .flag("required"),
                                           Attr("placeholder", l[GovernanceText.assignLead]),
                                           .value(m.assignmentForm.values["role"] == r.id.uuidString ? m.assignmentForm[.handle] : ""))
                                        el("button") { l[GovernanceText.proposeAssignment] }
                                    }
                                }
                                if c.canContribute && r.builtin == nil {
                                    postForm(GovernanceEndpoints.changeRole.path(slug, r.id), csrf: csrf, cls: "inline") {
                                        el("input", .type("hidden"), .name("action"), .value(RoleProposal.Action.remove.rawValue))
                                        el("button", .cls("danger")) { l[GovernanceText.removeRole] }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            }
            if let problem = m.assignmentForm.violations.all.first {
                el("p", .cls("error"), Attr("role", "alert")) { l[Text.describe(problem)] }
            }
            if let message = m.assignmentForm.message { el("p", .cls("error"), Attr("role", "alert")) { l[message] } }
            pager(next: m.roles.next.map { GovernanceEndpoints.roles.path(slug, query: [("after", $0)]) }, l)
            titledSection("open-proposals", l[GovernanceText.openProposals]) {
                if m.proposals.isEmpty { el("p", .cls("muted")) { l[GovernanceText.noProposals] } }
                el("ul") {
                    for p in m.proposals {
                        el("li") { el("a", .href(GovernanceEndpoints.proposal.path(slug, p.id))) { describe(p, l) } }
                    }
                }
                el("p") { el("a", .href(GovernanceEndpoints.proposals.path(slug))) { l[GovernanceText.proposalsTitle] } }
            }
            titledSection("credibility-rule", l[GovernanceText.credibilityRuleTitle]) {
                el("p", .cls("lead")) { l[GovernanceText.credibilityRuleLead] }
                el("p") {
                    m.rule.map { ruleText($0, l) } ?? l[GovernanceText.credibilityRuleNone]
                }
                if c.canContribute {
                    errorSummary(m.ruleForm, l)
                    postForm(GovernanceEndpoints.proposeRule.path(slug), csrf: csrf) {
                        field(.count, m.ruleForm, l, input: .text(type: "number"), required: true)
                        // No topic: earned rights are community-wide until rights per topic exist (a topic is refused).
                        rightsBoxes("rule-", m.ruleForm, l)
                        el("div", .cls("field checkbox")) {
                            el("input", [.id("weighPositions"), .name("weighPositions"), .type("checkbox")]
                                + (m.ruleForm.values["weighPositions"] == "on" ? [.flag("checked")] : []))
                            el("label", Attr("for", "weighPositions")) { l[GovernanceText.weighPositionsLabel] }
                        }
                        field(.cap, m.ruleForm, l, input: .text(type: "text"), hint: GovernanceText.capHint.text)
                        el("button") { l[GovernanceText.proposeCredibilityRule] }
                    }
                }
            }
            if c.canContribute {
                titledSection("propose-role", l[GovernanceText.proposeRole]) {
                    el("p", .cls("hint")) { l[GovernanceText.proposeRoleLead] }
                    errorSummary(m.roleForm, l)
                    postForm(GovernanceEndpoints.proposeRole.path(slug), csrf: csrf) {
                        field(.name, m.roleForm, l, required: true, label: GovernanceText.roleName.text, maxLength: 80)
                        field(.purpose, m.roleForm, l, input: .area(rows: 2), label: GovernanceText.rolePurpose.text)
                        rightsBoxes("role-", m.roleForm, l)
                        el("button") { l[GovernanceText.proposeRole] }
                    }
                }
            }
        }
    }

    package static func proposalsPage(_ c: CodeCommunity, _ proposals: KeysetPage<GovernanceProposalItem>, _ l: Lang) -> PageView {
        PageView(title: l[GovernanceText.proposalsTitle] + " · " + c.name) {
            CodeViews.nav(c, l)
            el("h1") { l[GovernanceText.proposalsTitle] }
            el("p", .cls("lead")) { l[GovernanceText.proposalsLead] }
            if proposals.items.isEmpty { emptyState(l[GovernanceText.noProposals]) }
            el("ul", .cls("requests")) {
                for p in proposals.items {
                    el("li", .cls("card")) {
                        el("h2") { el("a", .href(GovernanceEndpoints.proposal.path(c.slug, p.id))) { describe(p, l) } }
                        el("p", .cls("badges")) {
                            statusBadge(p.status.tone, l[.amendmentStatus(p.status)], classes: "status-\(p.status.rawValue)")
                            " "; statusBadge(.info, l[GovernanceText.kind(p.kind)])
                        }
                        el("p", .cls("muted")) { l[GovernanceText.proposedBy] + " @" + p.author + " · " + dateText(p.createdAt, l) }
                    }
                }
            }
            pager(next: proposals.next.map { GovernanceEndpoints.proposals.path(c.slug, query: [("after", $0)]) }, l)
        }
    }

    package static func proposalPage(_ m: ProposalPage, _ l: Lang, csrf: String) -> PageView {
        let c = m.community, p = m.proposal, slug = c.slug
        return PageView(title: describe(p, l)) {
            CodeViews.nav(c, l)
            el("p", .cls("badges")) {
                statusBadge(p.status.tone, l[.amendmentStatus(p.status)], classes: "status-\(p.status.rawValue)")
                " "; statusBadge(.info, l[GovernanceText.kind(p.kind)])
            }
            el("h1") { describe(p, l) }
            el("p", .cls("muted")) {
                l[GovernanceText.proposedBy] + " "
                el("a", .href(AccountEndpoints.person.path(p.author))) { "@" + p.author }
                " · " + dateText(p.createdAt, l)
                if p.status == .open { " · " + l[CodeText.closesOn] + " " + dateText(p.closesAt, l) }
            }
            if let r = p.role, !r.purpose.isEmpty { el("p") { l[GovernanceText.rolePurpose] + l[CodeText.colon] + r.purpose } }
            if !p.reason.isEmpty { markdown(RenderedMarkdown(markdown: p.reason)) }
            // A stage proposal is Enjeu's: its why is said in the reader's language, not stored in the job's.
            if p.stage != nil && p.reason.isEmpty { el("p") { l[CharterProposalText.stageByEnjeu] } }
            if let charter = p.charter { charterBlock(charter, l) }
            if let authority = p.authority, p.status != .open {
                el("p", .cls("decision-record")) {
                    l[GovernanceText.appliedBy] + l[CodeText.colon]
                    if let by = p.decidedBy { el("a", .href(AccountEndpoints.person.path(by))) { "@" + by } } else { "—" }
                    " · " + l[GovernanceText.appliedWhy] + l[CodeText.colon] + l[authorityText(authority)]
                    if let at = p.decidedAt { " · " + dateText(at, l) }
                }
            }
            titledSection("positions", l[CodeText.positionsTitle]) {
                el("p") { tallyLine(m.tally, l) }
                el("p") { l[.rule(m.rule)] }
                el("ul", .cls("positions")) {
                    for pos in m.positions {
                        el("li", pos.current ? [] : [.cls("superseded")]) {
                            el("strong") { l[.stance(pos.stance)] }
                            " — "
                            el("a", .href(AccountEndpoints.person.path(pos.handle))) { pos.displayName }
                            if !pos.current { statusBadge(.info, l[CodeText.superseded]) }
                            if !pos.reason.isEmpty { el("blockquote") { pos.reason } }
                        }
                    }
                }
                if c.canContribute && p.status == .open {
                    postForm(GovernanceEndpoints.position.path(slug, p.id), csrf: csrf, cls: "stack") {
                        CodeViews.radios("stance", name: "stance", Stance.allCases.map { ($0.rawValue, Text.stance($0)) }, l, selected: nil)
                        CodeViews.labelled("position-reason", l[CodeText.positionReasonHint]) {
                            el("textarea", .id("position-reason"), .name("reason"), Attr("rows", "2"), Attr("maxlength", "5000"))
                        }
                        el("button") { l[CodeText.takePosition] }
                    }
                }
                if m.canDecide && p.status == .open {
                    postForm(GovernanceEndpoints.decide.path(slug, p.id), csrf: csrf, cls: "inline") { el("button") { l[GovernanceText.decideNow] } }
                    el("p", .cls("hint")) { l[CodeText.decideHint] }
                }
            }
            el("p") { el("a", .href(GovernanceEndpoints.roles.path(slug))) { l[GovernanceText.rolesTitle] } }
        }
    }

    static func authorityText(_ a: DecisionAuthority) -> GovernanceText {
        switch a {
        case .steward: .whySteward
        case .role: .whyRole
        case .credibility: .whyCredibility
        case .closing: .whyClosing
        }
    }

    /// A charter proposal's text and, when it changes them, the rules it writes.
    static func charterBlock(_ p: CharterProposal, _ l: Lang) -> Node {
        titledSection("proposed-charter", l[CharterProposalText.proposedText] + " · v\(p.baseVersion + 1)", [.cls("charter-text")]) {
            paragraphs(p.text)
            if p.rules != nil || p.stewardsReadFree != nil {
                el("h3") { l[CharterProposalText.proposedRules] }
                if let r = p.rules { el("p") { l[FiguresText.rulesText(r)] } }
                if let free = p.stewardsReadFree { el("p") { l[free ? CharterProposalText.stewardsFreeYes : CharterProposalText.stewardsFreeNo] } }
            }
        }
    }
}
