import Foundation
import Testing
import EnjeuCore
@testable import EnjeuWeb

/// A network's view and the sharing form, rendered from plain models.
@Suite struct NetworkViewViewTests {
    typealias C = CommunityViewTests
    static let hostile = C.hostile

    static func page(evaluation: NetworkEvaluation, figures: [NetworkFigureGroup], offers: [NetworkOffer], next: String?) -> NetworkViewPage {
        let members = KeysetPage(items: [NetworkMember(slug: "ferme", name: hostile, visibility: .members, shares: [.catalogue]),
                                         NetworkMember(slug: "jardin", name: "Jardin", visibility: .public, shares: SharedFeature.allCases)],
                                 next: "m1")
        let organisations = KeysetPage(items: [NetworkOrganisation(slug: "coop", name: hostile, kind: .cooperative)], next: nil)
        return NetworkViewPage(community: C.community(.anonymous),
                               overview: NetworkOverview(members: members, organisations: organisations, evaluation: evaluation, figures: figures),
                               q: hostile, offers: KeysetPage(items: offers, next: next), flows: flows)
    }

    /// Ferme gave the network 12 h; the party names are hostile text.
    static let flows = NetworkFlowMatrix(
        matrix: EconomyMatrix(by: "actor", rows: ["community:ferme"], columns: ["community:reseau"],
                              cells: [EconomyMatrix.Cell(row: "community:ferme", column: "community:reseau", totals: ["h": 12], qualitative: 0, flows: 2,
                                                         events: "/api/v1/communities/reseau/network/flows?from=community:ferme&to=community:reseau")],
                              totals: ["h": 12], qualitative: 0, largest: 2),
        names: ["community:ferme": hostile, "community:reseau": "Réseau"])

    @Test(arguments: Lang.allCases)
    func theFlowsBetweenMembersLeadToTheirEntries(_ l: Lang) {
        let out = C.html(NetworkViews.networkPage(Self.page(evaluation: NetworkEvaluation(contributors: 0, own: NetworkTotal(members: 0, total: nil),
                                                                                           peers: NetworkTotal(members: 0, total: nil)),
                                                            figures: [], offers: [], next: nil), l))
        #expect(out.contains("id=\"network-flows-title\"") && out.contains(">12"))
        #expect(out.contains("href=\"/communities/\(C.community(.anonymous).slug)/network/flows?from=community:ferme&amp;to=community:reseau\"")
                || out.contains("network/flows?from=community%3Aferme"), "a cell leads to its entries")
        #expect(!out.contains(Self.hostile), "names are escaped")
        let entries = C.html(NetworkViews.flowsPage(NetworkFlowsPage(community: C.community(.anonymous), from: "community:ferme", to: "community:reseau",
                                                                     names: Self.flows.names,
                                                                     flows: KeysetPage(items: [NetworkFlow(id: UUID(), from: "community:ferme", to: "community:reseau",
                                                                                                          nature: "immaterial", measure: "quantitative", quantity: 12,
                                                                                                          unit: "h", description: "Chantier", date: "2026-09-01")],
                                                                                       next: nil)), l))
        #expect(entries.contains("Réseau") && entries.contains("Chantier") && entries.contains("12") && !entries.contains(Self.hostile))
    }

    @Test(arguments: Lang.allCases)
    func theViewShowsEachSectionAccessibly(_ l: Lang) {
        let published = NetworkTotal(members: 3, total: ScoreAggregate(count: 3, sums: [7, 7, 7, 7]))
        let evaluation = NetworkEvaluation(contributors: 3, own: published, peers: NetworkTotal(members: 2, total: nil))
        let figures = [NetworkFigureGroup(name: Self.hostile, unit: "€", figures: [
            NetworkFigure(community: NamedCommunity(slug: "ferme", name: Self.hostile), period: "2026", value: 12.5, low: 11, high: 14, contributors: 3),
        ])]
        let offer = NetworkOffer(id: UUID(), kind: "product", title: Self.hostile, description: Self.hostile, terms: "", tags: [], place: "Lyon",
                                 createdAt: C.date, community: NamedCommunity(slug: "ferme", name: "Ferme"))
        let out = C.html(NetworkViews.networkPage(Self.page(evaluation: evaluation, figures: figures, offers: [offer], next: "o1"), l))
        #expect(!out.contains("<script>") && out.contains(C.escaped))
        #expect(out.contains("<h1>" + escape(l[NetworkText.viewTitle]) + "</h1>"))
        for id in ["network-members-title", "network-organisations-title", "network-catalogue-title", "network-figures-title",
                   "network-evaluation-title"] {
            #expect(out.contains("<h2 id=\"\(id)\""), "\(id)")
        }
        #expect(out.contains(escape(l[NetworkText.membersOnly])) && out.contains(escape(l[NetworkText.feature(.catalogue)])))
        #expect(out.contains("href=\"/communities/atelier/network?members=m1\"") && out.contains("href=\"/organisations/coop\""))
        #expect(out.contains("<label for=\"network-q\">") && out.contains("id=\"network-q\""))
        #expect(out.contains("href=\"/communities/atelier/network?q=") && out.contains("after=o1"))
        #expect(out.contains("<caption>" + C.escaped + " (€)</caption>") && out.contains("<th scope=\"row\">" + C.escaped + "</th>"))
        #expect(out.contains("<th scope=\"col\">") && out.contains("12.50") && out.contains("2.33"))
        #expect(out.contains(escape(l[NetworkText.withheld])), "the peers' total rests on two members")
        #expect(!out.contains("<form method=\"post\""), "nothing to change on this page")
    }

    @Test(arguments: Lang.allCases)
    func anEmptyNetworkSaysSo(_ l: Lang) {
        let none = NetworkTotal(members: 0, total: nil)
        let out = C.html(NetworkViews.networkPage(Self.page(evaluation: NetworkEvaluation(contributors: 0, own: none, peers: none), figures: [],
                                                            offers: [], next: nil), l))
        #expect(out.contains(escape(l[NetworkText.noOffers])) && out.contains(escape(l[NetworkText.noFigures])))
        #expect(!out.contains("after="))
    }

    @Test(arguments: Lang.allCases)
    func stewardsTickWhatTheyShare(_ l: Lang) {
        let page = CommunitySettingsPage(community: C.community(C.steward), form: FormState(), sharing: NetworkSharing(figures: true))
        let out = C.html(CommunityViews.settingsPage(page, l, csrf: "t"))
        #expect(out.contains("action=\"/communities/atelier/sharing\"") && out.contains(escape(l[NetworkText.sharingLead])))
        for f in SharedFeature.allCases {
            #expect(out.contains("<label for=\"share-\(f.rawValue)\">" + escape(l[NetworkText.feature(f)]) + "</label>"))
        }
        #expect(out.contains("name=\"figures\" value=\"on\" checked=\"checked\"") && !out.contains("name=\"catalogue\" value=\"on\" checked"))
    }
}
