import Foundation
import Vapor

/// E-mail that carries a link (address verification, password reset): through ENJEU_SMTP_URL when it is set, otherwise
/// to the log, where the operator finds the link to hand over. Called from queued jobs, never while a request waits.
enum Mailer {
    static func settings(_ config: EnjeuConfig) -> SMTPSettings? { config.smtpURL.flatMap(SMTPSettings.init(url:)) }

    /// Whether this instance sends e-mail at all (pages say so when it does not).
    static func isConfigured(_ config: EnjeuConfig) -> Bool { settings(config) != nil }

    /// `path` is the link's path on this site; the e-mail's body holds it whole (`link` of the settings).
    static func send(_ ctx: ServiceContext, to: String, path: String, compose: (_ link: String) -> (subject: String, body: String)) async throws {
        guard let settings = settings(ctx.config) else {
            ctx.logger.notice("no e-mail configured (ENJEU_SMTP_URL): hand this link to its owner",
                              metadata: ["to": "\(to)", "link": "\(path)"])
            return
        }
        let mail = compose(settings.link(path))
        try await SMTP.send(settings, to: to, subject: mail.subject, body: mail.body)
    }
}
