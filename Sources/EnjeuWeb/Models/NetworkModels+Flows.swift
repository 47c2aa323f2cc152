import Foundation
import EnjeuCore

/// The flows between a network's parties: the matrix (an `EconomyMatrix` whose rows and columns are parties,
/// "community:slug" or "org:slug") and the names to show for them.
package struct NetworkFlowMatrix: Codable, Sendable {
    package let matrix: EconomyMatrix
    /// Each party of the matrix by key: its community's or organisation's name.
    package let names: [String: String]
    package init(matrix: EconomyMatrix, names: [String: String]) { self.matrix = matrix; self.names = names }
}

/// One entry between two parties of a network, as both may read it: no one who recorded or confirmed it is named
/// (they are their communities' business), nor the ledger that holds it.
package struct NetworkFlow: Codable, Sendable {
    package let id: UUID, from: String, to: String, nature: String, measure: String, quantity: Double?, unit: String
    package let description: String, date: String
    package init(id: UUID, from: String, to: String, nature: String, measure: String, quantity: Double?, unit: String, description: String, date: String) {
        self.id = id; self.from = from; self.to = to; self.nature = nature; self.measure = measure; self.quantity = quantity; self.unit = unit
        self.description = description; self.date = date
    }
}

/// `/communities/<slug>/network/flows?from=&to=`: the entries behind one cell of the network's matrix.
package struct NetworkFlowsPage: Sendable {
    package let community: ViewedCommunity, from: String, to: String, names: [String: String], flows: KeysetPage<NetworkFlow>
    package init(community: ViewedCommunity, from: String, to: String, names: [String: String], flows: KeysetPage<NetworkFlow>) {
        self.community = community; self.from = from; self.to = to; self.names = names; self.flows = flows
    }
}
