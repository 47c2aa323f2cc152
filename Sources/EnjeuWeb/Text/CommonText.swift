import EnjeuCore

/// The catalogue of user-facing strings, French first.
/// Keys of these texts; their words are in Catalogue/common.json.
package enum CommonText: String, CaseIterable, TextKey {
    package static let domain = "common"
    case skipToContent, navMain, navCommunities, navCreate, langLabel, langApply, footerTagline, pagination, nextPage
    case formHasErrors, save, actions, nothingYet, createdOn, homeTitle, homeLead, browseCommunities, myCommunities
    case noCommunityYet, discover, signUp, signUpTitle, signUpLead, signUpButton, signIn, signInButton, signOut
    case haveAccount, noAccount, handleHint, passwordHint, whoIAm, emptyBio, editProfile, bioHint, tagsHint
    case apiTokens, tokensLead, tokenCreated, createToken, activeTokens, revoke, communitiesTitle, searchLabel
    case search, noCommunityFound, membersOnlyBadge, newCommunityTitle, newCommunityLead, slugHint, purposeHint
    case perimeterHint, rhythmHint, charterHint, createCommunity, yourPlace, stewardsTitle, allMembers, membersTitle
    case charterTitle, charterHistory, charterUpToDate, charterToAccept, joinNeedsAccount, joinExplain
    case joinMessageLabel, joinMessageHint, askToJoin, requestPending, withdrawRequest, requestDeclined
    case approvedAcceptCharter, readAndAccept, acceptCharter, youAreSuspended, charterChangedAcceptAgain
    case requestsTitle, requestsWaiting, manageMembers, settingsTitle, leaveCommunity, noPendingRequests, noMessage
    case approve, decline, declineReasonLabel, newCharterVersion, newCharterHint, publishVersion, editCharterLink
    case errTitle, errNotFound, errUnauthorized, errMalformed, errServer, errCsrf, errWrongCredentials
    case errAlreadyRequested, errAlreadyMember, errNoPendingRequest, errAlreadyDecided, errNothingToAccept
    case errCharterChanged, errCannotLeave, errAcceptCharterFirst, errStewardsOnly, errNotOnYourself, errNotOnFounder
    case errNothingToChange, errStale, errQueryTooLong, errBadCursor, errTooManyTokens, errNulCharacter, errCommunityClosed
    case errMissingField, errWrongType, errMissingValue, errInvalidJSON, backHome
}

extension Text {
    // Navigation and layout

    // Home
    package static let journeySteps: [Text] = [
        Text(fr: "La communauté de référence et ses valeurs partagées", en: "The reference community and its shared values"),
        Text(fr: "Le bien commun : finalités et enjeux", en: "The common good: purposes and stakes"),
        Text(fr: "Le projet communautaire", en: "The community project"),
        Text(fr: "Le plan d'action participatif", en: "The participatory action plan"),
        Text(fr: "L'action menée ensemble", en: "The action carried out together"),
        Text(fr: "Une gouvernance qui progresse", en: "Governance that progresses"),
    ]

    // Accounts

    // Communities
    package static func memberCount(_ n: Int) -> Text {
        Text(fr: n <= 1 ? "\(n) membre" : "\(n) membres", en: n == 1 ? "1 member" : "\(n) members")
    }
    package static let defaultCharter = Text(
        fr: "Je contribue autant que je reçois : je partage ce que je sais, je cite mes sources, je respecte le temps des autres.\n\nCe que la communauté produit ensemble reste accessible à celles et ceux qui y contribuent.",
        en: "I contribute as much as I receive: I share what I know, I cite my sources, I respect others' time.\n\nWhat the community produces together stays open to those who contribute to it.")
    package static func youAreMember(_ role: Text) -> Text {
        Text(fr: "Vous êtes membre de cette communauté (\(role.fr.lowercased())).", en: "You are a member of this community (\(role.en.lowercased())).")
    }
    package static func memberChange(_ c: MemberChange) -> Text { memberChangeTexts[c] }
    private static let memberChangeTexts = CaseTexts<MemberChange>("common.memberChange")

    // Errors
    package static func errTooLarge(bytes: Int) -> Text {
        let size = bytes >= 1 << 20 ? "\(bytes >> 20) Mio" : "\(max(1, bytes >> 10)) kio"
        return Text(fr: "Contenu trop volumineux (\(size) au plus pour cette adresse).",
                    en: "Content too large (\(size.replacingOccurrences(of: "io", with: "iB")) at most for this address).")
    }
    package static func errTooMany(seconds: Int) -> Text {
        Text(fr: "Trop de requêtes : réessayez dans \(seconds) s.", en: "Too many requests: try again in \(seconds) s.")
    }
}

