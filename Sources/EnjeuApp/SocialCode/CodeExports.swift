import Fluent
import Vapor
import EnjeuCore

/// Exports of a social code: Markdown, JSON, and a `git fast-import` stream of its whole history.
enum CodeExports {
    static func register(_ c: any RoutesBuilder) {
        c.community(.GET, "export.md", need: .readCode) { req, ctx in
            let snap = try await CodeQueries(req).snapshot(ctx.id, at: ctx.community.codeRevision)
            let md = CodeExport.markdown(snap, communityName: ctx.community.name, revision: ctx.community.codeRevision,
                                         titles: { req.lang[.section($0)] }, revisionLabel: { req.lang[.revisionLabel($0)] })
            return file(md: md, ctx)
        }
        c.community(.GET, "export.json", need: .readCode) { req, ctx in try await json(req, ctx) }
        c.community(.GET, "export.git-fast-import", need: .readCode) { req, ctx in
            let history = try await fullHistory(req.db, ctx.id)
            let data = CodeExport.gitFastImport(history, communityName: ctx.community.name, titles: { req.lang[.section($0)] },
                                                revisionLabel: { req.lang[.revisionLabel($0)] })
            let res = Response(status: .ok, body: .init(data: data))
            res.headers.contentType = HTTPMediaType(type: "text", subType: "plain", parameters: ["charset": "utf-8"])
            res.headers.contentDisposition = .init(.attachment, filename: "\(ctx.community.slug)-codesocial.fi")
            return res
        }
    }

    static func file(md: String, _ ctx: CommunityContext) -> Response {
        let res = Response(status: .ok, body: .init(string: md))
        res.headers.contentType = HTTPMediaType(type: "text", subType: "markdown", parameters: ["charset": "utf-8"])
        res.headers.contentDisposition = .init(.inline, filename: "\(ctx.community.slug)-codesocial.md")
        return res
    }

    struct ExportJSON: Content {
        let community: String
        let name: String
        let revision: Int
        let sections: [CodeQueries.SectionText]
        let revisions: [CodeQueries.RevisionItem]
    }

    static func json(_ req: Request, _ ctx: CommunityContext) async throws -> ExportJSON {
        let queries = CodeQueries(req)
        let snap = try await queries.snapshot(ctx.id, at: ctx.community.codeRevision)
        let head = ctx.community.codeRevision
        let revisions = head == 0 ? [] : try await queries.revisions(ctx.id, numbers: 1...head)
        return ExportJSON(community: ctx.community.slug, name: ctx.community.name, revision: head,
                          sections: CodeQueries.sections(snap, req.lang),
                          revisions: revisions)
    }

    /// Every revision with the whole code at that point: two queries, folded in memory.
    static func fullHistory(_ db: any Database, _ communityID: UUID) async throws -> [ExportedRevision] {
        let revisions = try await CodeRevision.query(on: db).filter(\.$communityID == communityID)
            .join(User.self, on: \CodeRevision.$author.$id == \User.$id).sort(\.$number).all()
        let versions = try await CodeSectionVersion.query(on: db).filter(\.$communityID == communityID).sort(\.$revision).all()
        var byRevision: [Int: [CodeSectionVersion]] = [:]
        for v in versions { byRevision[v.revision, default: []].append(v) }
        var code = CodeSnapshot()
        return try revisions.map { r in
            for v in byRevision[r.number] ?? [] { code.bodies[v.section] = v.body }
            let u = try r.joined(User.self)
            return ExportedRevision(number: r.number, authorName: u.displayName, authorHandle: u.handle, date: r.createdAt, summary: r.summary, code: code)
        }
    }
}
