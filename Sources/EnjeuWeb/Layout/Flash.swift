import Foundation
import EnjeuCore

/// One-shot messages shown after a redirect; the cookie holds only the case name, never user text.
package enum Flash: String, CaseIterable {
    case welcome, signedOut, communityCreated, joinRequested, requestWithdrawn, approved, declined
    case charterAccepted, left, saved, charterVersioned, memberChanged, tokenRevoked
    case amendmentProposed, positionTaken, stillOpen, decided, factAdded, proposalOpened, proposalStillOpen
    case figureContributed, figureFlagged, indicatorRequested, requestSupported
    case organisationCreated, representativeAdded, representativeRemoved, organisationJoinRequested, organisationCharterAccepted
    case linkProposed, linkAccepted, linkDeclined, linkEnded
    case programmeCreated
    case accountDeleted, exportRequested, reported, reviewAsked

    package var text: Text { Self.textTexts[self] }
    private static let textTexts = CaseTexts<Self>("flash.text")
}

