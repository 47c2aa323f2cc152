import Fluent
import SQLKit

/// What each community shares with the networks it belongs to (`NetworkSharing`): four switches, off by default.
/// Columns of `communities`, so an update bumps the community's generation like any other change of its row.
struct M033AddNetworkSharing: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.addColumns(to: Community.schema, .bool("share_catalogue", default: false), .bool("share_figures", default: false),
                                .bool("share_evaluation", default: false), .bool("share_flows", default: false))
    }

    func revert(on db: any Database) async throws {
        try await db.dropColumns(from: Community.schema, "share_catalogue", "share_figures", "share_evaluation", "share_flows")
    }
}
