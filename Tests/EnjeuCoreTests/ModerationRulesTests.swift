import Foundation
import Testing
@testable import EnjeuCore

@Suite struct ModerationRulesTests {
    @Test func reportDraftNamesEveryBadField() {
        let id = UUID().uuidString
        guard case let .failure(v) = ReportDraft.validated(kind: "tweet", id: "x", reason: "rude", text: nil) else { Issue.record("accepted"); return }
        #expect(v.first(for: .kind) == .notAChoice && v.first(for: .id) == .notAChoice && v.first(for: .reason) == .notAChoice)
        guard case let .failure(w) = ReportDraft.validated(kind: "post", id: id, reason: "other", text: "   ") else { Issue.record("accepted"); return }
        #expect(w.first(for: .text) == .required)
        guard case let .failure(x) = ReportDraft.validated(kind: nil, id: nil, reason: nil, text: String(repeating: "a", count: 2_001)) else {
            Issue.record("accepted"); return
        }
        #expect(x.first(for: .kind) == .required && x.first(for: .id) == .required && x.first(for: .text) == .tooLong(max: 2_000))
        let ok = try? ReportDraft.validated(kind: "amendment-comment", id: id, reason: "personal-data", text: " mon adresse ").get()
        #expect(ok?.kind == .amendmentComment && ok?.reason == .personalData && ok?.text == "mon adresse")
    }

    @Test func thresholdAndSuspensionEnds() {
        #expect(!ModerationRules.reachesThreshold(reporters: 2, threshold: 3))
        #expect(ModerationRules.reachesThreshold(reporters: 3, threshold: 3))
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(ModerationRules.suspended(until: nil, now: now))
        #expect(ModerationRules.suspended(until: now.addingTimeInterval(1), now: now))
        #expect(!ModerationRules.suspended(until: now, now: now))
        #expect((try? ModerationRules.suspension(reason: "  ", until: nil, now: now).get()) == nil)
        #expect((try? ModerationRules.suspension(reason: "ok", until: now.addingTimeInterval(-1), now: now).get()) == nil)
        #expect((try? ModerationRules.suspension(reason: " Spam ", until: nil, now: now).get()) == "Spam")
    }

    @Test func suspendedMembersReadAndWriteNothing() {
        let suspended = ViewerRelation.member(role: .steward, status: .suspended, charterCurrent: true)
        for v in [Visibility.public, .members] {
            #expect(AccessPolicy.allows(.seeInside, visibility: v, relation: suspended))
            #expect(AccessPolicy.allows(.readCode, visibility: v, relation: suspended))
            for c in [Capability.contribute, .steward, .moderate, .acceptCharter] {
                #expect(!AccessPolicy.allows(c, visibility: v, relation: suspended), "\(c)")
            }
        }
        #expect(AccessPolicy.allows(.moderate, visibility: .members, relation: .member(role: .steward, status: .active, charterCurrent: true)))
        #expect(!AccessPolicy.allows(.moderate, visibility: .public, relation: .member(role: .member, status: .active, charterCurrent: true)))
    }

    @Test func journalPublicity() {
        #expect(JournalAction.isPublic("item.hide") && JournalAction.isPublic("charter.version"))
        #expect(!JournalAction.isPublic("member.suspend") && !JournalAction.isPublic("join.approve") && !JournalAction.isPublic("role.assign"))
    }

    @Test func aDepartedHandleIsReplacedWholeOnly() {
        #expect(Pseudonyms.replacing(handle: "al", with: "parti_e_1_ab", in: "@al v2, @alice, al_x, my-al, al") == "@parti_e_1_ab v2, @alice, al_x, my-al, parti_e_1_ab")
        #expect(Pseudonyms.replacing(handle: "alice", with: "g", in: "join.approve alice") == "join.approve g")
        #expect(Pseudonyms.replacing(handle: "bob", with: "g", in: "nothing here") == "nothing here")
        #expect(JournalAction.isPublic("post.delete") && !JournalAction.isPublic("account.delete"))
    }
}
