import Foundation
import EnjeuCore

/// The page routes of accounts (sign-up, sign-in, language, profiles, API tokens), declared once: the app registers them,
/// views and the layout link to them.
package enum AccountEndpoints {
    package static let signUp = Endpoint< >(.GET, "/signup", gate: .anyone, name: "account.signUp")
    package static let createAccount = Endpoint< >(.POST, "/signup", gate: .anyone, name: "account.signUp.submit")
    /// `?next=` is where to go once signed in (see `safeNext`).
    package static let signIn = Endpoint< >(.GET, "/signin", gate: .anyone, name: "account.signIn")
    package static let startSession = Endpoint< >(.POST, "/signin", gate: .anyone, name: "account.signIn.submit")
    package static let signOut = Endpoint< >(.POST, "/signout", gate: .signedIn, name: "account.signOut")
    /// Anyone may switch language; a signed-in person's choice is also saved on their profile.
    package static let lang = Endpoint< >(.POST, "/lang", gate: .anyone, name: "account.lang")

    package static let person = Endpoint<String>(.GET, "/people/:handle", gate: .signedIn, name: "account.person")
    package static let editProfile = Endpoint< >(.GET, "/me", gate: .signedIn, name: "account.profile.edit")
    package static let saveProfile = Endpoint< >(.POST, "/me", gate: .signedIn, name: "account.profile.save")

    package static let tokens = Endpoint< >(.GET, "/me/tokens", gate: .signedIn, name: "account.tokens")
    package static let createToken = Endpoint< >(.POST, "/me/tokens", gate: .signedIn, name: "account.tokens.create")
    package static let revokeToken = Endpoint<UUID>(.POST, "/me/tokens/:id/revoke", gate: .signedIn, name: "account.tokens.revoke")

    /// The sign-in page that comes back to `next` afterwards.
    package static func signIn(next: String) -> String { signIn.path(query: [("next", next)]) }

    /// Only local paths are followed after sign-in, so `next` cannot send anyone to another site.
    package static func safeNext(_ next: String?) -> String {
        // Browsers drop tabs and newlines and read "\\" as "/", so "/\t/evil.example" would leave the site: refuse them all.
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"),
              !next.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 || $0 == "\\" || $0.value == 0x7F })
        else { return CommunityEndpoints.home.path() }
        return next
    }
}
