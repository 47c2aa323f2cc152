import Fluent
import Vapor
import EnjeuCore
import EnjeuWeb

/// « Mes données » (`/me/data`): the export's button, progress and link, and account deletion with the password.
struct MyDataPages {
    private typealias E = AccountEndpoints

    func register(_ r: any RoutesBuilder) {
        r.signedIn(E.myData) { req, viewer in try await page(req, viewer, FormState()) }
        r.signedIn(E.requestExport) { req, viewer in
            _ = try await DataExport(req.context).request(viewer.id)
            return req.redirect(to: E.myData.path(), flash: .exportRequested)
        }
        r.signedIn(E.downloadExport) { req, viewer in
            guard let id = req.parameters.get("id", as: UUID.self) else { throw AppError.notFound }
            return try await MyDataAPI.export(req, viewer, id, json: false)
        }
        r.signedIn(E.deleteAccount) { req, viewer in
            let password = (try? req.content.get(String.self, at: "password")) ?? ""
            try await req.application.authLimiter.check(req, bucket: "delete-account", account: viewer.id.uuidString)
            do {
                try await AccountDeletion(req.context).delete(viewer, password: password)
            } catch let error as AppError {
                switch error {
                case let .invalid(v): return try await page(req, viewer, FormState(violations: v), status: .unprocessableEntity)
                case let .conflict(t): return try await page(req, viewer, FormState(message: t), status: .conflict)
                default: throw error
                }
            }
            req.viewer = nil
            let res = req.redirect(to: CommunityEndpoints.home.path(), flash: .accountDeleted)
            res.cookies[Cookies.session] = Cookies.make("", req: req, maxAge: 0)
            return res
        }
    }

    private func page(_ req: Request, _ viewer: Viewer, _ form: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let exports = DataExport(req.context)
        let rows = try await exports.recent(of: viewer.id)
        let model = MyDataPage(exports: rows.map {
            .init(id: $0.id, status: $0.status, done: $0.done, total: $0.total, createdAt: $0.createdAt, expiresAt: $0.expiresAt,
                  downloadable: exports.downloadable($0))
        }, form: form)
        let res = req.page(MyDataViews.page(model, req.lang, csrf: req.csrf), status: status)
        res.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return res
    }
}
