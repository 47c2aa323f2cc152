import Fluent
import Vapor
import EnjeuCore
import EnjeuWeb

/// My data's JSON API: ask for an export, follow it and download it, delete my account.
struct MyDataAPI {
    struct Created: Content { let id: UUID }
    struct ExportOut: Content {
        let id: UUID, status: String, done: Int, total: Int, createdAt: Date, finishedAt: Date?, expiresAt: Date?
        init(_ r: DataExport.Row) {
            id = r.id; status = r.status; done = r.done; total = r.total; createdAt = r.createdAt; finishedAt = r.finishedAt; expiresAt = r.expiresAt
        }
    }
    struct Deleted: Content { let deleted: Bool }

    func register(_ r: any RoutesBuilder) {
        typealias E = MyDataAPIEndpoints
        r.signedIn(E.requestExport) { req, viewer in
            let id = try await DataExport(req.context).request(viewer.id)
            let res = try await Created(id: id).encodeResponse(for: req)
            res.status = .accepted
            return res
        }
        r.signedIn(E.export) { req, viewer in
            guard let id = req.parameters.get("id", as: UUID.self) else { throw AppError.notFound }
            return try await Self.export(req, viewer, id, json: true)
        }
        r.signedIn(E.deleteMe) { req, viewer in
            let input = (try? req.content.decode(AccountDeletion.In.self)) ?? AccountDeletion.In(password: nil)
            try await req.application.authLimiter.check(req, bucket: "delete-account", account: viewer.id.uuidString)
            try await AccountDeletion(req.context).delete(viewer, password: input.password)
            req.viewer = nil
            return Deleted(deleted: true)
        }
    }

    /// The export's ZIP once ready (streamed from its file), its status before (JSON, or nil for the page to show it).
    static func export(_ req: Request, _ viewer: Viewer, _ id: UUID, json: Bool) async throws -> Response {
        let exports = DataExport(req.context)
        let row = try await exports.find(id, of: viewer.id)
        if exports.downloadable(row) {
            let res = try await req.fileio.asyncStreamFile(at: exports.file(row.id), mediaType: HTTPMediaType(type: "application", subType: "zip"))
            res.headers.contentDisposition = .init(.attachment, filename: "enjeu-\(viewer.handle)-\(row.id.uuidString.prefix(8).lowercased()).zip")
            res.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
            return res
        }
        if row.state == .done || row.state == .expired { throw AppError.notFound }  // past its 24 hours: the file is gone
        guard json else { return req.redirect(to: AccountEndpoints.myData.path()) }
        let res = try await ExportOut(row).encodeResponse(for: req)
        res.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return res
    }
}
