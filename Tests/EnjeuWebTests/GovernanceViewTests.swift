import Foundation
import Testing
import EnjeuCore
@testable import EnjeuWeb

/// Governance pages on plain models: escaping, both languages, forms shown only to who may use them, the decision record.
@Suite struct GovernanceViewTests {
    static let hostile = "<script>alert(1)</script>&\"'"
    static let at = Date(timeIntervalSince1970: 1_750_000_000)

    static func community(contribute: Bool, apply: Bool = false) -> CodeCommunity {
        CodeCommunity(place: CommunityPlace(slug: "atelier", name: hostile, viewerHandle: "ada", canContribute: contribute, canSteward: false),
                      head: 0, canSeeInside: true, canApplyDecisions: apply)
    }

    static let roles = KeysetPage(items: [
        GovernanceRoleItem(id: UUID(), name: "founder", purpose: "", rights: Right.allCases, builtin: "founder", holders: ["ada"], createdAt: at),
        GovernanceRoleItem(id: UUID(), name: hostile, purpose: hostile, rights: [.applyDecisions], builtin: nil, holders: ["ben"], createdAt: at),
    ], next: nil)

    static let proposal = GovernanceProposalItem(
        id: UUID(), kind: .role, status: .adopted, summary: hostile, reason: hostile, author: "ben",
        role: RoleProposal(action: .create, role: nil, name: hostile, purpose: hostile, rights: [.applyDecisions]), assignment: nil,
        credibilityRule: nil, closesAt: at, createdAt: at, decidedAt: at, decidedBy: "cleo", authority: .role)

    func html(_ p: PageView) -> String { p.main.map(\.html).joined() }

    @Test func rolesPageEscapesAndShowsFormsToContributorsOnly() {
        for l in Lang.allCases {
            let page = html(GovernanceViews.rolesPage(RolesPage(community: Self.community(contribute: true), roles: Self.roles, proposals: [Self.proposal],
                                                                rule: CredibilityRuleItem(topic: Self.hostile, count: 3, rights: [.moderate])), l, csrf: "t"))
            #expect(!page.contains("<script>"))
            #expect(page.contains("/communities/atelier/roles"))
            #expect(page.contains("rights[]"))
            #expect(page.contains(l == .fr ? "appliquer une décision" : "apply a decision"))
            #expect(page.contains(l == .fr ? "Fondateur" : "Founder") || page.contains(l == .fr ? "fondateur" : "founder"))
            let reader = html(GovernanceViews.rolesPage(RolesPage(community: Self.community(contribute: false), roles: Self.roles, proposals: [],
                                                                  rule: nil), l, csrf: "t"))
            #expect(!reader.contains("<form"))
        }
    }

    @Test func proposalPageShowsWhoAppliedItAndWhy() {
        let fr = html(GovernanceViews.proposalPage(ProposalPage(community: Self.community(contribute: true, apply: true), proposal: Self.proposal,
                                                                positions: [], tally: DecisionEngine.tally([], activeMembers: 2, policy: DecisionPolicy()),
                                                                rule: .consent, canDecide: true), .fr, csrf: "t"))
        #expect(!fr.contains("<script>"))
        #expect(fr.contains("@cleo"))
        #expect(fr.contains("un rôle qui donne le droit d'appliquer les décisions") || fr.contains("un rôle qui donne le droit d&#39;appliquer les décisions"))
        // Adopted: no position form, no decide button.
        #expect(!fr.contains("/decide"))
    }
}
