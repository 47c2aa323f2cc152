import Foundation
import Testing
@testable import EnjeuCore

/// Roles × rights × capabilities (issue 18): the access policy as a matrix, and the rules of governance proposals.
@Suite struct GovernanceRulesTests {
    let relations: [ViewerRelation] = [.anonymous, .outsider, .pending]
        + Role.allCases.flatMap { role in
            MembershipStatus.allCases.flatMap { status in
                [true, false].map { ViewerRelation.member(role: role, status: status, charterCurrent: $0) }
            }
        }
    /// No right, each right alone, every right.
    let rightSets: [Rights] = [.none] + Right.allCases.map { Rights([$0]) } + [.all]

    /// A right's capability is held by an active founder or steward whatever the rights say, and by an active member exactly
    /// when their rights contain it; never by anyone else (suspended, left, approved, outsiders), whatever they say.
    @Test func rightsMatrix() {
        for v in Visibility.allCases { for r in relations { for rights in rightSets { for right in Right.allCases {
            let capability = Capability(right)
            #expect(capability.right == right)
            var expected = false
            if case let .member(role, status, _) = r, status == .active { expected = role.isSteward || rights.contains(right) }
            #expect(AccessPolicy.allows(capability, visibility: v, relation: r, rights: rights) == expected, "\(v) \(r) \(rights.list) \(right)")
        } } } }
    }

    /// Rights never widen what is not a right: a member with every right is no steward, and contributes only with the charter.
    @Test func rightsGiveNothingElse() {
        let member = ViewerRelation.member(role: .member, status: .active, charterCurrent: false)
        #expect(!AccessPolicy.allows(.steward, visibility: .public, relation: member, rights: .all))
        #expect(!AccessPolicy.allows(.contribute, visibility: .public, relation: member, rights: .all))
        for c in Capability.allCases where c.right == nil {
            for r in relations {
                #expect(AccessPolicy.allows(c, visibility: .members, relation: r, rights: .all) == AccessPolicy.allows(c, visibility: .members, relation: r),
                        "\(c) \(r)")
            }
        }
    }

    @Test func rightsAreTheFixedListAsKebabCase() throws {
        #expect(Right.allCases.map(\.rawValue) == ["approve-members", "moderate", "apply-decisions", "record-flows", "set-figures-rules",
                                                   "edit-pyramid", "publish-code", "manage-links"])
        #expect(Set(Right.allCases.map(\.bit)).count == Right.allCases.count)
        #expect(Rights.all.list == Right.allCases)
        #expect(Rights(mask: Rights([.moderate, .applyDecisions]).mask).list == [.moderate, .applyDecisions])
        #expect(try Rights.parse(["moderate", "moderate"]).get() == Rights([.moderate]))
        #expect(Rights.parse(["fly"]).failureField == .rights)
    }

    @Test func roleProposalValidation() {
        #expect(RoleProposal.validated(action: .create, role: nil, name: "Facilitateur", purpose: "", rights: ["apply-decisions"]).isSuccess)
        #expect(RoleProposal.validated(action: .create, role: nil, name: "Facilitateur", purpose: "", rights: ["admin"]).failureField == .rights)
        #expect(RoleProposal.validated(action: .create, role: nil, name: " ", purpose: "", rights: []).failureField == .name)
        #expect(RoleProposal.validated(action: .change, role: nil, name: "Facilitateur", purpose: "", rights: []).failureField == .role)
        #expect(CredibilityRuleProposal.validated(topic: "", count: 3, rights: []).failureField == .rights)
        #expect(CredibilityRuleProposal.validated(topic: "", count: 999, rights: ["moderate"]).failureField == .count)
        #expect(CredibilityRuleProposal.validated(topic: "x", count: 3, rights: ["moderate"]).failureField == .topic)
        #expect(CredibilityRuleProposal.validated(topic: "", count: 0, rights: []).isSuccess)
    }

    @Test func payloadsRoundTrip() throws {
        let p = RoleProposal(action: .create, role: nil, name: "Facilitateur", purpose: "Tenir le rythme", rights: [.applyDecisions])
        #expect(ProposalPayload.decode(RoleProposal.self, ProposalPayload.encode(p)) == p)
        #expect(ProposalPayload.decode(RoleProposal.self, "{") == nil)
    }

    @Test func authorityAndSomeoneToApply() {
        #expect(DecisionAuthority.of(role: .steward, roleRights: .none, earnedRights: .none) == .steward)
        #expect(DecisionAuthority.of(role: .member, roleRights: Rights([.applyDecisions]), earnedRights: .all) == .role)
        #expect(DecisionAuthority.of(role: .member, roleRights: Rights([.moderate]), earnedRights: Rights([.applyDecisions])) == .credibility)
        #expect(!Governance.someoneCanApply(stewards: 0, roleHolders: 0, credible: 0))
        #expect(Governance.someoneCanApply(stewards: 0, roleHolders: 0, credible: 1))
    }
}

extension Result {
    var isSuccess: Bool { if case .success = self { true } else { false } }
}

extension Result where Failure == Violations {
    var failureField: InputField? { if case let .failure(v) = self { v.all.first?.field } else { nil } }
}
