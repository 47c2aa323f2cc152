import Fluent
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// The flows between a network's parties (issue 16): the network itself, its members that contribute their flows
/// (`AccessPolicy.contributes(.flows)`) and the organisations that are its members. Read from `party_flows`, the sums
/// kept with every entry between parties, never from the ledgers; a cell's entries from the flows by their parties.
extension NetworkQueries {
    /// The parties shown, by key, with their names.
    func flowParties() async throws -> [String: String] {
        struct Row: Decodable { let slug: String, name: String }
        var names = [Actor.peer(network.community.slug).key: network.community.name]
        for m in contributing(.flows) { names[Actor.peer(m.slug).key] = m.name }
        let organisations = try await ctx.db.rows("""
            SELECT o.slug, o.name FROM organisations o JOIN organisation_memberships m ON m.organisation_id = o.id
            WHERE m.community_id = \(bind: network.id) AND m.status = \(bind: MembershipStatus.active.rawValue)
            """, as: Row.self)
        for o in organisations { names[Actor.organisation(o.slug).key] = o.name }
        return names
    }

    /// The API's matrix, a page of rows at a time (`after`: the last row's cursor): party × party, per unit, each
    /// cell with the API list of its entries. A network of 200 members trading with each other has 40,000 cells: no
    /// page holds them all, and the whole network's totals are not summed for each page.
    func flowMatrix(after: String?, rows pageSize: Int = 10) async throws -> (matrix: NetworkFlowMatrix, next: String?) {
        let names = try await flowParties()
        let parties = names.keys.sorted()
        let cursor = try Cursor.after(after)
        var rows = parties.filter { p in cursor.map { p > $0.key } ?? true }
        let more = rows.count > pageSize
        rows = Array(rows.prefix(pageSize))
        let matrix = try await cells(rows: rows, columns: parties, names: names)
        // Rows are parties, unique by key: the cursor's id is not needed.
        let next = more ? rows.last.map { Cursor(key: $0, id: Self.noID).encoded } : nil
        return (matrix, next)
    }

    /// The page's matrix: the `pageAxis` busiest parties on each axis (by their flows with anyone), and the cells
    /// between them.
    func busiestFlowMatrix() async throws -> NetworkFlowMatrix {
        struct Row: Decodable { let side: String, party: String }
        let names = try await flowParties()
        let parties = names.keys.sorted()
        guard !parties.isEmpty else { return NetworkFlowMatrix(matrix: Self.emptyMatrix, names: [:]) }
        func top(_ side: String) -> SQLQueryString {
            """
            SELECT side, party FROM (SELECT side, party FROM party_totals WHERE side = \(literal: side) AND party IN (\(binds: parties))
              ORDER BY flows DESC, party LIMIT \(literal: Self.pageAxis)) t
            """
        }
        let axes = try await ctx.db.rows(top("from") + " UNION ALL " + top("to"), as: Row.self)
        let rows = axes.filter { $0.side == "from" }.map(\.party), columns = axes.filter { $0.side == "to" }.map(\.party)
        // The page draws cells, not the whole network's totals (the API's first page gives them).
        return try await cells(rows: rows, columns: columns, names: names)
    }

    /// Fifteen parties a side, 225 cells: a table that stays readable on a phone, in a page that stays fast (at thirty, the
    /// matrix was four fifths of a 370 KB page and of its time).
    static let pageAxis = 15

    private static let noID = UUID(uuidString: "00000000-0000-0000-0000-000000000000")!
    private static let emptyMatrix = EconomyMatrix(by: "actor", rows: [], columns: [], cells: [], totals: [:], qualitative: 0, largest: 0)

    /// The cells of `rows` × `columns`, read from `party_flows`.
    private func cells(rows: [String], columns: [String], names: [String: String]) async throws -> NetworkFlowMatrix {
        struct Row { let from: String, to: String, unit: String, flows: Int, qualitative: Int, total: Double }
        guard !rows.isEmpty, !columns.isEmpty else { return NetworkFlowMatrix(matrix: Self.emptyMatrix, names: [:]) }
        var sums = EconomyQueries.Sums()
        for r in try await ctx.db.rows("""
            SELECT from_party, to_party, unit, flows, qualitative, total FROM party_flows
            WHERE from_party IN (\(binds: rows)) AND to_party IN (\(binds: columns))
            """, reading: {
                Row(from: try $0.decode(column: "from_party", as: String.self), to: try $0.decode(column: "to_party", as: String.self),
                    unit: try $0.decode(column: "unit", as: String.self), flows: try $0.decode(column: "flows", as: Int.self),
                    qualitative: try $0.decode(column: "qualitative", as: Int.self), total: try $0.decode(column: "total", as: Double.self))
            }) {
            sums.add(.init(row: r.from, column: r.to), flows: r.flows, qualitative: r.qualitative, unit: r.unit.isEmpty ? nil : r.unit, total: r.total)
        }
        let flowsPath = NetworkAPIEndpoints.flows.endpoint.path(network.community.slug)
        let cells = sums.cells.map { pair, c in
            EconomyMatrix.Cell(row: pair.row, column: pair.column, totals: c.totals, qualitative: c.qualitative, flows: c.flows,
                               events: flowsPath + query([("from", pair.row), ("to", pair.column)]))
        }.sorted { ($0.row, $0.column) < ($1.row, $1.column) }
        let rowsWithCells = Set(cells.map(\.row)), columnsWithCells = Set(cells.map(\.column))
        let shownRows = rows.filter(rowsWithCells.contains), shownColumns = columns.filter(columnsWithCells.contains)
        let matrix = EconomyMatrix(by: "actor", rows: shownRows, columns: shownColumns, cells: cells, totals: [:], qualitative: 0,
                                   largest: cells.map(\.flows).max())
        return NetworkFlowMatrix(matrix: matrix, names: names.filter { rowsWithCells.contains($0.key) || columnsWithCells.contains($0.key) })
    }

    /// The entries that count from one party to another, newest first; 404 for a party the network does not show.
    func flows(from: String, to: String, after: String?, limit: Int = 50) async throws -> (names: [String: String], page: KeysetPage<NetworkFlow>) {
        struct Row: Decodable {
            let id: UUID, from: String, to: String, nature: String, measure: String, quantity: Double?, unit: String, description: String, date: String
            enum CodingKeys: String, CodingKey { case id, nature, measure, quantity, unit, description, date, from = "from_party", to = "to_party" }
        }
        let names = try await flowParties()
        guard names[from] != nil, names[to] != nil else { throw AppError.notFound }
        var q: SQLQueryString = """
            SELECT f.id, f.from_party, f.to_party, f.nature, f.measure, f.quantity, f.unit, f.description, f.date FROM flows f
            WHERE f.from_party = \(bind: from) AND f.to_party = \(bind: to) AND f.status = \(bind: FlowStatus.confirmed.rawValue)
              AND f.reverses_id IS NULL AND f.cancelled = \(bind: false)
            """
        if let cursor = try Cursor.after(after)?.id { q = q + " AND f.id < \(bind: cursor)" }
        q = q + " ORDER BY f.id DESC LIMIT \(literal: limit + 1)"
        let rows = try await ctx.db.rows(q, as: Row.self)
        let page = KeysetPage(rows: rows, size: limit) { $0.id }.map {
            NetworkFlow(id: $0.id, from: $0.from, to: $0.to, nature: $0.nature, measure: $0.measure, quantity: $0.quantity, unit: $0.unit,
                        description: $0.description, date: $0.date)
        }
        return (names, page)
    }
}
