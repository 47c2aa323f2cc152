import Testing
@testable import EnjeuCore

@Suite struct AccessPolicyTests {
    let allRelations: [ViewerRelation] = [.anonymous, .outsider, .pending]
        + Role.allCases.flatMap { role in
            MembershipStatus.allCases.flatMap { status in
                [true, false].map { ViewerRelation.member(role: role, status: status, charterCurrent: $0) }
            }
        }

    @Test func cardIsAlwaysVisible() {
        for v in Visibility.allCases { for r in allRelations {
            #expect(AccessPolicy.allows(.seeCard, visibility: v, relation: r))
        } }
    }

    /// An active membership, or a suspended one: a suspended member reads what they could read (issue 20).
    @Test func membersOnlyInsideNeedsAnActiveMembership() {
        for r in allRelations {
            let expected: Bool
            if case let .member(_, status, _) = r { expected = status == .active || status == .suspended } else { expected = false }
            #expect(AccessPolicy.allows(.seeInside, visibility: .members, relation: r) == expected, "\(r)")
            #expect(AccessPolicy.allows(.seeInside, visibility: .public, relation: r))
        }
    }

    /// A programme's exports: anyone once it publishes (public and licensed), else its participants only, as `contribute`;
    /// a members-only programme never publishes, whatever it says.
    @Test func openDataIsReadByAnyoneOnlyOncePublished() {
        for v in Visibility.allCases { for r in allRelations {
            let participant = AccessPolicy.allows(.contribute, visibility: v, relation: r)
            #expect(AccessPolicy.allows(.readOpenData, visibility: v, relation: r, dataPublished: false) == participant, "\(v) \(r)")
            #expect(AccessPolicy.allows(.readOpenData, visibility: v, relation: r, dataPublished: true) == (v == .public || participant), "\(v) \(r)")
        } }
        #expect(AccessPolicy.allows(.readOpenData, visibility: .public, relation: .anonymous, dataPublished: true))
        #expect(!AccessPolicy.allows(.readOpenData, visibility: .members, relation: .anonymous, dataPublished: true))
    }

    @Test func contributingNeedsTheCurrentCharter() {
        #expect(AccessPolicy.allows(.contribute, visibility: .public, relation: .member(role: .member, status: .active, charterCurrent: true)))
        #expect(!AccessPolicy.allows(.contribute, visibility: .public, relation: .member(role: .steward, status: .active, charterCurrent: false)))
        #expect(!AccessPolicy.allows(.contribute, visibility: .public, relation: .member(role: .member, status: .approved, charterCurrent: false)))
        #expect(!AccessPolicy.allows(.contribute, visibility: .public, relation: .member(role: .member, status: .suspended, charterCurrent: true)))
        #expect(!AccessPolicy.allows(.contribute, visibility: .public, relation: .outsider))
    }

    @Test func stewardshipNeedsAnActiveStewardOrFounder() {
        for r in allRelations {
            var expected = false
            if case let .member(role, status, _) = r { expected = status == .active && role != .member }
            #expect(AccessPolicy.allows(.steward, visibility: .members, relation: r) == expected, "\(r)")
        }
    }

    @Test func onlyOutsidersAndFormerMembersMayAskToJoin() {
        #expect(AccessPolicy.allows(.requestToJoin, visibility: .members, relation: .outsider))
        #expect(AccessPolicy.allows(.requestToJoin, visibility: .members, relation: .member(role: .member, status: .left, charterCurrent: false)))
        #expect(!AccessPolicy.allows(.requestToJoin, visibility: .members, relation: .anonymous))
        #expect(!AccessPolicy.allows(.requestToJoin, visibility: .members, relation: .pending))
        #expect(!AccessPolicy.allows(.requestToJoin, visibility: .members, relation: .member(role: .member, status: .suspended, charterCurrent: true)))
    }

    @Test func theFounderCannotLeave() {
        #expect(!AccessPolicy.allows(.leave, visibility: .public, relation: .member(role: .founder, status: .active, charterCurrent: true)))
        #expect(AccessPolicy.allows(.leave, visibility: .public, relation: .member(role: .steward, status: .active, charterCurrent: true)))
    }
}
