import Foundation
import Fluent
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// The ledger's matrices: actor × actor (`by: actor`) or nature × measure (`by: nature`), per unit, of the flows that
/// count (confirmed, neither reversed nor a reversal). Over all time they are read from the sums `EconomyIndex` keeps,
/// never from the ledger; a period (`since`, `until`) is summed from the ledger's entries of that period.
extension EconomyQueries {
    /// The heatmap's axes: the busiest actors on each (the whole matrix is in the API).
    static let heatmapAxis = 30

    struct Pair: Hashable { let row: String, column: String }

    /// Cells by (row, column), with the totals per unit and the qualitative flows of the whole matrix.
    struct Sums {
        var cells: [Pair: MatrixCell] = [:]
        var totals: [String: Double] = [:]
        var qualitative = 0

        mutating func add(_ pair: Pair, flows: Int, qualitative: Int, unit: String?, total: Double?) {
            var c = cells[pair] ?? MatrixCell()
            c.flows += flows
            c.qualitative += qualitative
            if let unit, let total, !unit.isEmpty { c.totals[unit, default: 0] += total }
            cells[pair] = c
        }
    }

    /// The whole matrix (the API).
    func matrix(_ community: UUID, slug: String, by: String, since: String?, until: String?, nature: String?) async throws -> Matrix {
        let nature = nature.flatMap(FlowNature.init(rawValue:))?.rawValue
        let sums: Sums
        if since != nil || until != nil {
            sums = try await ledgerSums(community, by: by, since: since, until: until, nature: nature)
        } else if by == "nature" {
            sums = try await kindSums(community).byNature(nature)
        } else {
            var s = try await pairSums(community, nature: nature ?? "", rows: nil, columns: nil)
            let totals = try await kindSums(community).byNature(nature)
            s.totals = totals.totals; s.qualitative = totals.qualitative
            sums = s
        }
        let rows = Array(Set(sums.cells.keys.map(\.row))).sorted(), columns = Array(Set(sums.cells.keys.map(\.column))).sorted()
        return Self.build(sums, slug: slug, by: by, rows: rows, columns: columns, largest: nil, since: since, until: until, nature: nature)
    }

    /// The flows page's two matrices, the actor one cut to the `heatmapAxis` busiest actors on each axis (alphabetical
    /// when there are no more), with the largest cell of the whole matrix for the heatmap's scale.
    func pageMatrices(_ community: UUID, slug: String, since: String?, until: String?, nature: String?) async throws -> (actor: Matrix, nature: Matrix) {
        let nature = nature.flatMap(FlowNature.init(rawValue:))?.rawValue
        if since != nil || until != nil {
            let actor = try await ledgerSums(community, by: "actor", since: since, until: until, nature: nature)
            let kinds = try await ledgerSums(community, by: "nature", since: since, until: until, nature: nil)
            let (rows, columns, largest) = Self.busiest(actor)
            return (Self.build(actor, slug: slug, by: "actor", rows: rows, columns: columns, largest: largest, since: since, until: until, nature: nature),
                    Self.build(kinds, slug: slug, by: "nature", rows: [], columns: [], largest: nil, since: since, until: until, nature: nil))
        }
        struct AxisRow: Decodable { let side: String, actor: String?, flows: Int? }
        func top(_ side: String) -> SQLQueryString {
            """
            SELECT side, actor, flows FROM (SELECT side, actor, flows FROM flow_actors WHERE community_id = \(bind: community)
              AND nature = \(bind: nature ?? "") AND side = \(literal: side) ORDER BY flows DESC, actor LIMIT \(literal: Self.heatmapAxis + 1)) t
            """
        }
        let axes = try await db.rows("""
            \(top("from")) UNION ALL \(top("to"))
            UNION ALL SELECT 'largest' AS side, NULL AS actor, MAX(flows) AS flows FROM flow_pairs WHERE community_id = \(bind: community) AND nature = \(bind: nature ?? "")
            """, as: AxisRow.self)
        func axis(_ side: String) -> [String] {
            let found = axes.filter { $0.side == side }.compactMap { r in r.actor.map { ($0, r.flows ?? 0) } }
            guard found.count > Self.heatmapAxis else { return found.map(\.0).sorted() }
            // In the order `busiest` gives: flows, then key as Swift sorts it.
            return Array(found.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }.prefix(Self.heatmapAxis).map(\.0))
        }
        let rows = axis("from"), columns = axis("to")
        var actor = try await pairSums(community, nature: nature ?? "", rows: rows, columns: columns)
        let kinds = try await kindSums(community)
        let totals = kinds.byNature(nature)
        actor.totals = totals.totals; actor.qualitative = totals.qualitative
        let largest = axes.first { $0.side == "largest" }?.flows ?? 0
        return (Self.build(actor, slug: slug, by: "actor", rows: rows, columns: columns, largest: largest, since: nil, until: nil, nature: nature),
                Self.build(kinds.byNature(nil), slug: slug, by: "nature", rows: [], columns: [], largest: nil, since: nil, until: nil, nature: nil))
    }

    // MARK: Reading the sums

    /// Actor pairs of the kept sums (`nature` "" for all), within the given rows and columns if any.
    private func pairSums(_ community: UUID, nature: String, rows: [String]?, columns: [String]?) async throws -> Sums {
        if let rows, let columns, rows.isEmpty || columns.isEmpty { return Sums() }
        struct Row: Decodable { let a: String, b: String, flows: Int, qualitative: Int, unit: String?, total: Double? }
        var q: SQLQueryString = """
            SELECT p.from_key AS a, p.to_key AS b, p.flows, p.qualitative, u.unit, u.total FROM flow_pairs p
            LEFT JOIN flow_units u ON u.community_id = p.community_id AND u.nature = p.nature AND u.from_key = p.from_key AND u.to_key = p.to_key
            WHERE p.community_id = \(bind: community) AND p.nature = \(bind: nature)
            """
        if let rows, let columns { q = q + " AND p.from_key IN (\(binds: rows)) AND p.to_key IN (\(binds: columns))" }
        var sums = Sums(), seen = Set<Pair>()
        for r in try await db.rows(q, as: Row.self) {
            let pair = Pair(row: r.a, column: r.b)
            // A pair comes once per unit: its counts are added once.
            let first = seen.insert(pair).inserted
            sums.add(pair, flows: first ? r.flows : 0, qualitative: first ? r.qualitative : 0, unit: r.unit, total: r.total)
        }
        return sums
    }

    /// The kept sums per nature, measure and unit.
    fileprivate struct KindRow: Decodable { let nature: String, measure: String, unit: String, flows: Int, qualitative: Int, quantified: Int, total: Double }

    fileprivate func kindSums(_ community: UUID) async throws -> [KindRow] {
        try await db.rows("""
            SELECT nature, measure, unit, flows, qualitative, quantified, total FROM flow_kinds WHERE community_id = \(bind: community)
            """, as: KindRow.self)
    }

    /// Summed per group of the ledger, as the kept sums are, for a period.
    private func ledgerSums(_ community: UUID, by: String, since: String?, until: String?, nature: String?) async throws -> Sums {
        struct Row: Decodable { let a: String, b: String, unit: String, total: Double?, flows: Int, qualitative: Int }
        let (a, b) = by == "nature" ? ("nature", "measure") : ("from_key", "to_key")
        var counted: SQLQueryString = "f.status = \(literal: FlowStatus.confirmed.rawValue) AND f.reverses_id IS NULL AND f.cancelled = \(bind: false)"
        if let since { counted = counted + " AND f.date >= \(bind: since)" }
        if let until { counted = counted + " AND f.date <= \(bind: until)" }
        if let nature { counted = counted + " AND f.nature = \(bind: nature)" }
        var q: SQLQueryString = """
            SELECT \(unsafeRaw: a) AS a, \(unsafeRaw: b) AS b, unit, SUM(quantity) AS total, COUNT(*) AS flows,
              CAST(SUM(CASE WHEN quantity IS NULL THEN 1 ELSE 0 END) AS BIGINT) AS qualitative FROM (
            """
        q = q + EconomyIndex.ledgers([community], where: counted) + ") l GROUP BY \(unsafeRaw: a), \(unsafeRaw: b), unit"
        var sums = Sums()
        for r in try await db.rows(q, as: Row.self) {
            sums.add(Pair(row: r.a, column: r.b), flows: r.flows, qualitative: r.qualitative, unit: r.unit, total: r.total)
            if let t = r.total, !r.unit.isEmpty { sums.totals[r.unit, default: 0] += t }
            sums.qualitative += r.qualitative
        }
        return sums
    }

    // MARK: Building

    /// The busiest rows and columns of a whole matrix (ties in alphabetical order), and its largest cell.
    static func busiest(_ sums: Sums) -> (rows: [String], columns: [String], largest: Int) {
        func top(_ key: (Pair) -> String) -> [String] {
            var weight: [String: Int] = [:]
            for (pair, c) in sums.cells { weight[key(pair), default: 0] += c.flows }
            let keys = weight.keys.sorted()
            guard keys.count > heatmapAxis else { return keys }
            return Array(keys.sorted { weight[$0]! > weight[$1]! }.prefix(heatmapAxis))
        }
        return (top(\.row), top(\.column), sums.cells.values.map(\.flows).max() ?? 0)
    }

    /// The matrix of these cells within `rows` × `columns` (nature × measure: every nature and measure), each cell
    /// with the API list of its flows.
    static func build(_ sums: Sums, slug: String, by: String, rows: [String], columns: [String], largest: Int?,
                      since: String?, until: String?, nature: String?) -> Matrix {
        let byNature = by == "nature"
        let rows = byNature ? FlowNature.allCases.map(\.rawValue) : rows
        let columns = byNature ? FlowMeasure.allCases.map(\.rawValue) : columns
        let shownRows = Set(rows), shownColumns = Set(columns)
        let flowsPath = EconomyAPIEndpoints.flows.endpoint.path(slug)
        let cells = sums.cells.filter { byNature || (shownRows.contains($0.key.row) && shownColumns.contains($0.key.column)) }.map { pair, c in
            let items: [(String, String?)] = [(byNature ? "nature" : "from", pair.row), (byNature ? "measure" : "to", pair.column),
                                              ("current", "1"), ("since", since), ("until", until), ("nature", byNature ? nil : nature)]
            return Matrix.Cell(row: pair.row, column: pair.column, totals: c.totals, qualitative: c.qualitative, flows: c.flows,
                               events: flowsPath + query(items))
        }.sorted { ($0.row, $0.column) < ($1.row, $1.column) }
        return Matrix(by: byNature ? "nature" : "actor", rows: rows, columns: columns, cells: cells, totals: sums.totals,
                      qualitative: sums.qualitative, largest: largest)
    }
}

private extension Array where Element == EconomyQueries.KindRow {
    /// Nature × measure cells, and the totals and qualitative flows of one nature (all when nil).
    func byNature(_ nature: String?) -> EconomyQueries.Sums {
        var sums = EconomyQueries.Sums()
        for k in self where nature == nil || k.nature == nature {
            let quantified = k.quantified > 0 && !k.unit.isEmpty
            sums.add(.init(row: k.nature, column: k.measure), flows: k.flows, qualitative: k.qualitative, unit: quantified ? k.unit : nil, total: k.total)
            if quantified { sums.totals[k.unit, default: 0] += k.total }
            sums.qualitative += k.qualitative
        }
        return sums
    }
}
