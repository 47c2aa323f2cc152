import Fluent
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// Exports of a social code: Markdown, JSON, and a `git fast-import` stream of its whole history.
/// The two that walk the history stream it in keyset pages of revisions: memory stays bounded by one page, whatever
/// the number of revisions (a whole history in one buffer grew as revisions × code size).
enum CodeExports {
    /// Revisions read per page: with a section at most `AmendmentRules.bodyMax`, a page of the git export holds at most
    /// about pageSize × sections × 100 KB of text.
    static let pageSize = 10

    /// The page routes (session), declared in `CodeEndpoints`; the API registers the same handlers under its own.
    static func registerPages(_ r: any RoutesBuilder) {
        r.community(CodeEndpoints.exportMarkdown) { req, ctx in try await markdown(req, ctx) }
        r.community(CodeEndpoints.exportJSON) { req, ctx in try await json(req, ctx) }
        r.community(CodeEndpoints.exportGit) { req, ctx in gitFastImport(req, ctx) }
    }

    static func markdown(_ req: Request, _ ctx: CommunityContext) async throws -> Response {
        let snap = try await CodeQueries(req.context).snapshot(ctx.id, at: ctx.community.codeRevision)
        let md = CodeExport.markdown(snap, communityName: ctx.community.name, revision: ctx.community.codeRevision,
                                     titles: { req.lang[.section($0)] }, revisionLabel: { req.lang[.revisionLabel($0)] })
        return file(md: md, ctx)
    }

    static func gitFastImport(_ req: Request, _ ctx: CommunityContext) -> Response {
        let (community, head, name, lang) = (ctx.id, ctx.community.codeRevision, ctx.community.name, req.lang)
        let db = req.db
        return Response.streamed(HTTPMediaType(type: "text", subType: "plain", parameters: ["charset": "utf-8"]),
                                 filename: "\(ctx.community.slug)-codesocial.fi", logger: req.logger) { emit in
            var git = FastImportWriter(communityName: name)
            try await walk(CodeQueries(db: db), community, upTo: head) { page, written in
                var out = ByteBuffer()
                for r in page {
                    let revision = ExportedRevision(number: r.number, authorName: r.authorName, authorHandle: r.author,
                                                    date: r.createdAt, summary: r.summary, code: written[r.number] ?? CodeSnapshot())
                    out.writeBytes(git.commit(revision, titles: { lang[.section($0)] }, revisionLabel: { lang[.revisionLabel($0)] }))
                }
                try await emit(out)
            }
            try await emit(ByteBuffer(bytes: git.done()))
        }
    }

    static func file(md: String, _ ctx: CommunityContext) -> Response {
        let res = Response(status: .ok, body: .init(string: md))
        res.headers.contentType = HTTPMediaType(type: "text", subType: "markdown", parameters: ["charset": "utf-8"])
        res.headers.contentDisposition = .init(.inline, filename: "\(ctx.community.slug)-codesocial.md")
        return res
    }

    /// `{"community", "name", "revision", "revisions": [every revision, oldest first], "sections": [the code at head]}`,
    /// keys sorted as the API's encoder sorts them; the revisions are written page by page.
    static func json(_ req: Request, _ ctx: CommunityContext) async throws -> Response {
        let head = ctx.community.codeRevision
        let sections = CodeQueries.sections(try await CodeQueries(req.context).snapshot(ctx.id, at: head), req.lang)
        let encoder = try ContentConfiguration.global.requireEncoder(for: .json)
        @Sendable func encoded(_ value: some Encodable) throws -> ByteBuffer {
            var buffer = ByteBuffer(), headers = HTTPHeaders()
            try encoder.encode(value, to: &buffer, headers: &headers)
            return buffer
        }
        var start = ByteBuffer(string: "{\"community\":")
        start.writeImmutableBuffer(try encoded(ctx.community.slug))
        start.writeString(",\"name\":")
        start.writeImmutableBuffer(try encoded(ctx.community.name))
        start.writeString(",\"revision\":\(head),\"revisions\":[")
        var end = ByteBuffer(string: "],\"sections\":")
        end.writeImmutableBuffer(try encoded(sections))
        end.writeString("}")
        let (opening, closing) = (start, end)

        let community = ctx.id
        let db = req.db
        return Response.streamed(.json, filename: nil, logger: req.logger) { emit in
            try await emit(opening)
            var elements = JSONElements()
            try await walk(CodeQueries(db: db), community, upTo: head, bodies: false) { page, _ in
                try await emit(try elements.page(page) { r, out in out.writeImmutableBuffer(try encoded(r)) })
            }
            try await emit(closing)
        }
    }

    /// Revisions 1...head in pages, oldest first, each page with the section bodies its revisions wrote (unless
    /// `bodies` is false).
    static func walk(_ queries: CodeQueries, _ community: UUID, upTo head: Int, bodies: Bool = true,
                     _ body: ([CodeQueries.RevisionItem], [Int: CodeSnapshot]) async throws -> Void) async throws {
        var last = 0
        while last < head {
            let page = try await queries.revisions(community, after: last, upTo: head, limit: pageSize)
            guard let first = page.first?.number, let end = page.last?.number else { return }
            try await body(page, bodies ? try await queries.writtenSections(community, revisions: first...end) : [:])
            last = end
        }
    }
}

extension CodeQueries {
    /// The section versions revisions in `range` wrote, by revision: what each commit of the git export changes.
    func writtenSections(_ communityID: UUID, revisions range: ClosedRange<Int>) async throws -> [Int: CodeSnapshot] {
        struct Row: Decodable { let section: String; let revision: Int; let body: String }
        let rows = try await db.rows("""
            SELECT section, revision, body FROM code_section_versions
            WHERE community_id = \(bind: communityID) AND revision >= \(bind: range.lowerBound) AND revision <= \(bind: range.upperBound)
            """, as: Row.self)
        var out: [Int: CodeSnapshot] = [:]
        for r in rows { if let key = SectionKey(rawValue: r.section) { out[r.revision, default: CodeSnapshot()].bodies[key] = r.body } }
        return out
    }
}
