import Fluent
import Vapor
import EnjeuCore
import EnjeuWeb

/// Accounts that recover, as pages: forgotten password and reset, the e-mailed verification link, and « Compte et
/// sécurité » (address, password, sessions). Registered by `AccountPages`; the views are in `AccountViews+Recovery`.
struct RecoveryPages {
    struct EmailForm: Content { var email: String? }
    struct PasswordForm: Content { var password: String? }
    struct ChangePasswordForm: Content { var current: String?; var password: String?; var confirmation: String? }

    func register(_ r: any RoutesBuilder) {
        r.open(AccountEndpoints.forgotPassword) { req in req.page(AccountViews.forgotPasswordPage(FormState(), req.lang, csrf: req.csrf)) }
        r.open(AccountEndpoints.requestReset) { req in
            let f = (try? req.content.decode(EmailForm.self)) ?? EmailForm()
            try await req.application.resetLimiter.check(req, bucket: "reset", account: f.email)
            do {
                try await RecoveryService(req.context).requestReset(email: f.email ?? "")
            } catch let AppError.invalid(v) {
                let s = FormState(values: ["email": f.email ?? ""], violations: v)
                return req.page(AccountViews.forgotPasswordPage(s, req.lang, csrf: req.csrf), status: .unprocessableEntity)
            }
            return req.page(AccountViews.resetRequestedPage(mailConfigured: Mailer.isConfigured(req.application.enjeu), req.lang))
        }
        r.open(AccountEndpoints.resetForm) { req in
            try await linkPage(req, .reset) { token in
                try await RecoveryService(req.context).check(token, .reset)
                return req.page(AccountViews.resetPasswordPage(token: token, FormState(), req.lang, csrf: req.csrf))
            }
        }
        r.open(AccountEndpoints.resetPassword) { req in
            try await req.application.authLimiter.check(req, bucket: "reset-link")
            return try await linkPage(req, .reset) { token in
                let f = (try? req.content.decode(PasswordForm.self)) ?? PasswordForm()
                do {
                    try await RecoveryService(req.context).resetPassword(token: token, password: f.password ?? "", keeping: req.viewer?.sessionID)
                } catch let AppError.invalid(v) {
                    return req.page(AccountViews.resetPasswordPage(token: token, FormState(violations: v), req.lang, csrf: req.csrf),
                                    status: .unprocessableEntity)
                }
                return req.page(AccountViews.passwordChangedPage(req.lang))
            }
        }
        r.open(AccountEndpoints.verifyEmail) { req in
            try await linkPage(req, .verify) { token in
                try await RecoveryService(req.context).check(token, .verify)
                return req.page(AccountViews.verifyEmailPage(token: token, req.lang, csrf: req.csrf))
            }
        }
        r.open(AccountEndpoints.confirmEmail) { req in
            try await req.application.authLimiter.check(req, bucket: "verify")
            return try await linkPage(req, .verify) { token in
                try await RecoveryService(req.context).verify(token: token)
                return req.page(AccountViews.emailVerifiedPage(req.lang))
            }
        }
        r.signedIn(AccountEndpoints.security) { req, viewer in
            let notice = (try? req.query.get(String.self, at: "done")).flatMap(AccountNotice.init(rawValue:))
            return req.page(AccountViews.securityPage(try await loadSecurity(req.context, viewer, notice: notice), req.lang, csrf: req.csrf))
        }
        r.signedIn(AccountEndpoints.resendVerification) { req, viewer in
            try await req.application.resetLimiter.check(req, bucket: "verify-resend", account: viewer.id.uuidString)
            let sent = try await RecoveryService(req.context).resendVerification(viewer.id)
            return back(req, sent ? .resent : .alreadyVerified)
        }
        r.signedIn(AccountEndpoints.endSession) { req, viewer in
            guard let id = req.parameters.get("id", as: UUID.self) else { throw AppError.notFound }
            try await AccountService(req.context).endSession(id, of: viewer)
            return back(req, .sessionEnded)
        }
        r.signedIn(AccountEndpoints.endOtherSessions) { req, viewer in
            try await AccountService(req.context).endOtherSessions(of: viewer)
            return back(req, .othersEnded)
        }
        r.signedIn(AccountEndpoints.changePassword) { req, viewer in
            // Each try costs bcrypt's work and may be someone guessing the password of a browser left open.
            try await req.application.authLimiter.check(req, bucket: "password-change", account: viewer.id.uuidString)
            let f = (try? req.content.decode(ChangePasswordForm.self)) ?? ChangePasswordForm()
            do {
                try await AccountService(req.context).changePassword(of: viewer, PasswordChange(
                    current: f.current ?? "", password: f.password ?? "", confirmation: f.confirmation ?? ""))
            } catch let AppError.invalid(v) {
                let model = try await loadSecurity(req.context, viewer, notice: nil, passwordForm: FormState(violations: v))
                return req.page(AccountViews.securityPage(model, req.lang, csrf: req.csrf), status: .unprocessableEntity)
            }
            return back(req, .passwordChanged)
        }
    }

    /// The page of an e-mailed link (`:token`), or the page saying why the link does not work (410).
    private func linkPage(_ req: Request, _ purpose: LinkPurpose, _ body: (String) async throws -> Response) async throws -> Response {
        do {
            return try await body(req.parameters.get("token") ?? "")
        } catch let refused as LinkRefused {
            return req.page(AccountViews.linkProblemPage(refused.problem, purpose, req.lang), status: .gone)
        }
    }

    /// Back to the account page, which says what was done.
    private func back(_ req: Request, _ notice: AccountNotice) -> Response {
        req.redirect(to: AccountEndpoints.security.path(query: [("done", notice.rawValue)]), redirectType: .normal)
    }

    func loadSecurity(_ ctx: ServiceContext, _ viewer: Viewer, notice: AccountNotice?,
                      passwordForm: FormState = FormState()) async throws -> SecurityPage {
        guard let user = try await User.find(viewer.id, on: ctx.db) else { throw AppError.notFound }
        return SecurityPage(email: user.email, emailVerified: user.emailVerifiedAt != nil, mailConfigured: Mailer.isConfigured(ctx.config),
                            sessions: try await AccountService(ctx).sessions(of: viewer), notice: notice, passwordForm: passwordForm,
                            now: ctx.now)
    }
}

extension Application {
    private struct ResetLimiterKey: StorageKey, LockKey { typealias Value = RateLimiter }

    /// Requests that send a link by e-mail (password reset, verification again): per client address as sign-in is
    /// counted, and per address or account named far more tightly, since each one may fill somebody's mailbox.
    var resetLimiter: RateLimiter {
        shared(ResetLimiterKey.self) {
            RateLimiter(perMinute: enjeu.authRateLimit, perAccount: min(enjeu.authRateLimit, AccountToken.resetsPerMinutePerAccount))
        }
    }
}
