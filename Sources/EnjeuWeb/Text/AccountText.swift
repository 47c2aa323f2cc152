import Foundation
import EnjeuCore

/// Keys of the texts of accounts that recover (address verification, password reset, sessions); their words are in
/// Catalogue/account.json.
package enum AccountText: String, CaseIterable, TextKey {
    package static let domain = "account"
    case forgotLink, forgotTitle, forgotLead, forgotButton, sentTitle, sentLead, noMailConfigured
    case resetTitle, resetLead, resetButton, resetDoneTitle, resetDone
    case verifyTitle, verifyLead, verifyButton, verifiedTitle, verified
    case linkTitle, askNewLink, resendFromAccount
    case securityTitle, emailTitle, emailVerified, emailUnverified, unverifiedLead, resendButton
    case sessionsTitle, sessionsLead, sessionsCaption, device, openedOn, thisDevice, endSession, endOthers, noOtherSession
    case unknownDevice, lastSeen, seenRecently, lastSeenUnknown
    case passwordTitle, passwordLead, passwordButton

    /// The e-mail that proves an address: (subject, plain-text body).
    package static func verifyMail(name: String, link: String, days: Int) -> (subject: Text, body: Text) {
        (Text(fr: "Enjeu : confirmez votre adresse e-mail", en: "Enjeu: confirm your e-mail address"),
         Text(fr: "Bonjour \(name),\n\nPour confirmer que cette adresse est la vôtre, ouvrez ce lien puis appuyez sur « Confirmer » :\n\n\(link)\n\nLe lien est valable \(days) jours et ne sert qu'une fois. Si vous n'avez pas créé de compte sur Enjeu, ignorez ce message.\n",
              en: "Hello \(name),\n\nTo confirm that this address is yours, open this link and press “Confirm”:\n\n\(link)\n\nThe link is valid for \(days) days and works once. If you did not create an Enjeu account, ignore this message.\n"))
    }

    /// The e-mail that resets a password: (subject, plain-text body).
    package static func resetMail(name: String, link: String, minutes: Int) -> (subject: Text, body: Text) {
        (Text(fr: "Enjeu : choisir un nouveau mot de passe", en: "Enjeu: choose a new password"),
         Text(fr: "Bonjour \(name),\n\nQuelqu'un (vous, sans doute) a demandé à changer le mot de passe de votre compte Enjeu. Pour en choisir un nouveau, ouvrez ce lien :\n\n\(link)\n\nLe lien est valable \(minutes) minutes et ne sert qu'une fois ; vos autres sessions seront fermées. Si vous n'avez rien demandé, ignorez ce message : votre mot de passe ne change pas.\n",
              en: "Hello \(name),\n\nSomeone (you, probably) asked to change the password of your Enjeu account. To choose a new one, open this link:\n\n\(link)\n\nThe link is valid for \(minutes) minutes and works once; your other sessions will be signed out. If you asked for nothing, ignore this message: your password does not change.\n"))
    }

    /// « Expire le 3 mars 2026 ».
    package static func expiresOn(_ date: String) -> Text { Text(fr: "Expire le \(date)", en: "Expires on \(date)") }
}

/// Why a link from an e-mail does not work.
package enum LinkProblem: String, CaseIterable, Sendable {
    /// No such link: mistyped, cut, forged, or replaced by a newer one.
    case unknown
    case used
    case expired

    package var text: Text { Self.textTexts[self] }
    private static let textTexts = CaseTexts<Self>("account.link")
}

/// What an action of the account page did, shown once back on it (`?done=`).
package enum AccountNotice: String, CaseIterable, Sendable {
    case resent, alreadyVerified, sessionEnded, othersEnded, passwordChanged

    package var text: Text { Self.textTexts[self] }
    private static let textTexts = CaseTexts<Self>("account.notice")
}
