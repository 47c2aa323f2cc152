import Fluent
import Vapor
import EnjeuCore
import EnjeuWeb

/// The #CodeSocial JSON API, under /api/v1/communities/{slug}/code.
struct CodeAPI {
    typealias SectionOut = CodeQueries.SectionText
    struct RevisionOut: Content { let number: Int; let parent: Int?; let summary: String?; let author: String?; let createdAt: Date? }
    struct CodeOut: Content { let revision: RevisionOut; let sections: [SectionOut]; let published: Bool; let rule: DecisionRule; let quorum: Int; let openDays: Int }
    struct NewAmendment: Content { let baseRevision: Int; let summary: String; let reason: String?; let changes: [CodeService.Change] }
    struct AmendmentCreated: Content { let id: UUID; let status: AmendmentStatus }
    struct AmendmentOut: Content {
        let amendment: CodeQueries.AmendmentItem
        let changes: [SectionOut]
        /// Positions, comments and the quorum's member count are for members; a published code shows none of them to others.
        let positions: [CodeQueries.PositionItem]
        let comments: [CodeQueries.CommentItem]
        let tally: Tally?
    }
    struct PositionIn: Content { let position: String; let reason: String? }
    struct CommentIn: Content { let body: String }
    struct StatusOut: Content { let status: String }
    struct DiffOut: Content {
        struct Section: Content { let key: String; let lines: [Line] }
        struct Line: Content { let kind: String; let old: Int?; let new: Int?; let text: String; let changed: [String] }
        let from: Int
        let to: Int
        let sections: [Section]
    }
    struct BlameOut: Content {
        struct Line: Content { let number: Int; let text: String; let revision: Int; let author: String? }
        let section: String
        let lines: [Line]
    }
    struct DiagnosisIn: Content { let section: String; let rating: String; let comment: String? }

    func register(_ r: any RoutesBuilder) {
        typealias E = CodeAPIEndpoints
        r.community(E.code) { req, ctx in
            let queries = CodeQueries(req.context)
            let head = ctx.community.codeRevision
            let snap = try await queries.snapshot(ctx.id, at: head)
            let rev = head > 0 ? try await queries.revision(ctx.id, head) : nil
            let co = ctx.community
            return CodeOut(revision: RevisionOut(number: head, parent: rev?.parent, summary: rev?.summary, author: rev?.author, createdAt: rev?.createdAt),
                           sections: CodeQueries.sections(snap, req.lang),
                           published: co.codePublished, rule: co.codeRule, quorum: co.codeQuorum, openDays: co.codeOpenDays)
        }
        r.community(E.amendments) { req, ctx in
            let status = req.optionalQuery("status")
            if let status, AmendmentStatus(rawValue: status) == nil { throw AppError.invalid(Violations(.status, .notAChoice)) }
            return try await CodeQueries(req.context).amendments(ctx.id, status: status.flatMap(AmendmentStatus.init(rawValue:)),
                                                                after: req.after)
        }
        r.community(E.propose) { req, ctx in
            let b = try req.content.decode(NewAmendment.self)
            let a = try await CodeService(req.context).propose(ctx, baseRevision: b.baseRevision, summary: b.summary, reason: b.reason ?? "", changes: b.changes)
            return try await AmendmentCreated(id: a.id!, status: a.status).created(for: req)
        }
        r.community(E.amendment) { req, ctx in
            let (a, item) = try await CodeQueries(req.context).requireAmendment(req.parameters.get("id", as: UUID.self), in: ctx)
            let queries = CodeQueries(req.context)
            let insider = ctx.can(.seeInside)
            return AmendmentOut(amendment: item,
                                changes: try await queries.changes(a).sorted { $0.key.order < $1.key.order }
                                    .map { SectionOut(key: $0.key.rawValue, title: req.lang[.section($0.key)], body: $0.value) },
                                positions: insider ? try await queries.positions(a) : [], comments: insider ? try await queries.comments(a) : [],
                                tally: insider ? try await queries.tally(a, ctx.community) : nil)
        }
        r.community(E.position) { req, ctx in
            let (a, _) = try await CodeQueries(req.context).requireAmendment(req.parameters.get("id", as: UUID.self), in: ctx)
            let b = try req.content.decode(PositionIn.self)
            try await CodeService(req.context).position(ctx, a, stance: b.position, reason: b.reason ?? "")
            return StatusOut(status: "ok")
        }
        r.community(E.comment) { req, ctx in
            let (a, _) = try await CodeQueries(req.context).requireAmendment(req.parameters.get("id", as: UUID.self), in: ctx)
            let b = try req.content.decode(CommentIn.self)
            try await CodeService(req.context).comment(ctx, a, body: b.body)
            return try await StatusOut(status: "ok").created(for: req)
        }
        r.community(E.revise) { req, ctx in
            let (a, _) = try await CodeQueries(req.context).requireAmendment(req.parameters.get("id", as: UUID.self), in: ctx)
            let b = try req.content.decode(NewAmendment.self)
            try await CodeService(req.context).revise(ctx, a, summary: b.summary, reason: b.reason ?? "", changes: b.changes)
            return StatusOut(status: AmendmentStatus.open.rawValue)
        }
        r.community(E.withdraw) { req, ctx in
            let (a, _) = try await CodeQueries(req.context).requireAmendment(req.parameters.get("id", as: UUID.self), in: ctx)
            try await CodeService(req.context).withdraw(ctx, a)
            return StatusOut(status: AmendmentStatus.withdrawn.rawValue)
        }
        r.community(E.decide) { req, ctx in
            let (a, _) = try await CodeQueries(req.context).requireAmendment(req.parameters.get("id", as: UUID.self), in: ctx)
            return try await CodeService(req.context).decide(ctx, a.id!)
        }
        r.community(E.revisions) { req, ctx in
            try CodePages.refuseBefore(req)
            return try await CodeQueries(req.context).revisions(ctx.id, after: req.after)
        }
        r.community(E.revision) { req, ctx in
            guard let n = req.parameters.get("n", as: Int.self), let rev = try await CodeQueries(req.context).revision(ctx.id, n) else { throw AppError.notFound }
            let snap = try await CodeQueries(req.context).snapshot(ctx.id, at: n)
            return RevisionDetail(revision: rev, sections: CodeQueries.sections(snap, req.lang))
        }
        r.community(E.diff) { req, ctx in
            let head = ctx.community.codeRevision
            guard let from = req.optionalQuery("from", as: Int.self), let to = req.optionalQuery("to", as: Int.self),
                  (0...head).contains(from), (0...head).contains(to)
            else { throw AppError.badRequest(CodeText.errUnknownRevision.text) }
            let queries = CodeQueries(req.context)
            let a = try await queries.snapshot(ctx.id, at: from), b = try await queries.snapshot(ctx.id, at: to)
            return DiffOut(from: from, to: to, sections: SectionKey.allCases.filter { a[$0] != b[$0] }.map { key in
                DiffOut.Section(key: key.rawValue, lines: TextDiff.inline(a[key], b[key]).map { line in
                    DiffOut.Line(kind: line.kind.rawValue, old: line.oldNumber, new: line.newNumber, text: line.text,
                                 changed: line.segments.filter(\.changed).map(\.text))
                })
            })
        }
        r.community(E.blame) { req, ctx in
            guard let key = req.parameters.get("section").flatMap(SectionKey.init(rawValue:)) else { throw AppError.notFound }
            let (blame, _, revisions) = try await CodeQueries(req.context).blame(ctx.id, key, upTo: ctx.community.codeRevision)
            return BlameOut(section: key.rawValue, lines: blame.enumerated().map {
                BlameOut.Line(number: $0.offset + 1, text: $0.element.text, revision: $0.element.revision, author: revisions[$0.element.revision]?.author)
            })
        }
        r.community(E.facts) { req, ctx in
            try await CodeQueries(req.context).facts(ctx.id, after: req.after, limit: 50)
        }
        r.community(E.addFact) { req, ctx in
            let b = try req.content.decode(CodeService.FactInput.self)
            let f = try await CodeService(req.context).addFact(ctx, b)
            return try await AmendmentCreated(id: f.id!, status: .open).created(for: req)
        }
        r.community(E.diagnose) { req, ctx in
            let b = try req.content.decode(DiagnosisIn.self)
            try await CodeService(req.context).diagnose(ctx, section: b.section, rating: b.rating, comment: b.comment ?? "")
            return StatusOut(status: "ok")
        }
        r.community(E.settings) { req, ctx in
            let b = try req.content.decode(CodeService.SettingsInput.self)
            try await CodeService(req.context).updateSettings(ctx, b)
            return StatusOut(status: "ok")
        }
        r.community(E.publication) { req, ctx in
            let b = try req.content.decode(CodeService.PublicationInput.self)
            try await CodeService(req.context).publish(ctx, b.published)
            return StatusOut(status: "ok")
        }
        r.community(E.exportMarkdown) { req, ctx in try await CodeExports.markdown(req, ctx) }
        r.community(E.exportJSON) { req, ctx in try await CodeExports.json(req, ctx) }
        r.community(E.exportGit) { req, ctx in CodeExports.gitFastImport(req, ctx) }
    }

    struct RevisionDetail: Content { let revision: CodeQueries.RevisionItem; let sections: [SectionOut] }
}
