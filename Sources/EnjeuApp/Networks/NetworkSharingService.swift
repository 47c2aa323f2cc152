import Fluent
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// What a community shares with its networks: read by its stewards' settings page, written by them only (the gate).
struct NetworkSharingService {
    let ctx: ServiceContext
    init(_ ctx: ServiceContext) { self.ctx = ctx }

    private struct Row: Decodable {
        let shareCatalogue: Bool, shareFigures: Bool, shareEvaluation: Bool, shareFlows: Bool
        enum CodingKeys: String, CodingKey {
            case shareCatalogue = "share_catalogue", shareFigures = "share_figures", shareEvaluation = "share_evaluation", shareFlows = "share_flows"
        }
    }

    func sharing(_ c: CommunityContext) async throws -> NetworkSharing {
        guard let r = try await ctx.db.row("""
            SELECT share_catalogue, share_figures, share_evaluation, share_flows FROM communities WHERE id = \(bind: c.id)
            """, as: Row.self) else { throw AppError.notFound }
        return NetworkSharing(catalogue: r.shareCatalogue, figures: r.shareFigures, evaluation: r.shareEvaluation, flows: r.shareFlows)
    }

    /// All four switches at once (the caller decoded every one), with a line in the audit trail.
    func update(_ c: CommunityContext, _ s: NetworkSharing) async throws {
        try await ctx.write { db in
            try await sql(db).raw("""
                UPDATE communities SET share_catalogue = \(bind: s.catalogue), share_figures = \(bind: s.figures),
                  share_evaluation = \(bind: s.evaluation), share_flows = \(bind: s.flows) WHERE id = \(bind: c.id)
                """).run()
            let shared = SharedFeature.allCases.filter(s.shares).map(\.rawValue).joined(separator: ",")
            try await AuditEvent.record(db, ctx, community: c.id, "community.sharing", shared)
        }
    }
}
