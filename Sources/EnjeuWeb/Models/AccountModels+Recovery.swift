import Foundation
import EnjeuCore

// What the pages of accounts that recover show: the account and security page, and the pages of e-mailed links.

/// One open browser session of the account.
package struct SessionItem: Sendable {
    package let id: UUID
    /// The browser's `User-Agent` when the session was opened, if it sent one.
    package let userAgent: String?
    package let createdAt: Date
    package let expiresAt: Date
    /// When it was last used, to within a few minutes; nil for a session not used since the column exists.
    package let lastSeenAt: Date?
    /// The session of the browser looking at the page.
    package let isCurrent: Bool

    package init(id: UUID, userAgent: String?, createdAt: Date, expiresAt: Date, lastSeenAt: Date? = nil, isCurrent: Bool) {
        self.id = id; self.userAgent = userAgent; self.createdAt = createdAt; self.expiresAt = expiresAt; self.lastSeenAt = lastSeenAt
        self.isCurrent = isCurrent
    }
}

/// « Compte et sécurité »: the address and whether it is verified, the password form, and the open sessions.
package struct SecurityPage: Sendable {
    package let email: String
    package let emailVerified: Bool
    /// Whether this instance sends e-mail (if not, links go to the operator, and the page says so).
    package let mailConfigured: Bool
    /// Newest first, the current one included.
    package let sessions: [SessionItem]
    package let notice: AccountNotice?
    /// The change-password form: its problems after a refused change (nothing typed is sent back: they are passwords).
    package let passwordForm: FormState
    /// When the page was made, to say a session was used « in the last minutes ».
    package let now: Date

    package init(email: String, emailVerified: Bool, mailConfigured: Bool, sessions: [SessionItem], notice: AccountNotice?,
                 passwordForm: FormState = FormState(), now: Date = Date()) {
        self.email = email; self.emailVerified = emailVerified; self.mailConfigured = mailConfigured; self.sessions = sessions
        self.notice = notice; self.passwordForm = passwordForm; self.now = now
    }
}

/// What an e-mailed link is for: the pages of a link that does not work say what to do next.
package enum LinkPurpose: Sendable {
    case verify, reset
}
