import Foundation
import Testing
import EnjeuCore
@testable import EnjeuWeb

/// The economy's views rendered from models alone: escaping of every member-typed text (titles, actors, notes, chart
/// labels), both languages, empty lists, each status of a flow and a referral, and links built from the endpoints.
@Suite struct EconomyViewTests {
    static let hostile = "<script>alert(1)</script>&\"'"
    static let hostileEscaped = "&lt;script&gt;alert(1)&lt;/script&gt;&amp;&quot;&#39;"
    static let date = Date(timeIntervalSince1970: 1_700_000_000)
    static let offerID = UUID(uuidString: "0190A000-0000-7000-8000-0000000000A1")!
    static let ownerID = UUID(uuidString: "0190A000-0000-7000-8000-0000000000B1")!
    static let slug = "atelier"

    func html(_ view: PageView) -> String { view.main.map(\.html).joined() }

    /// No markup from user text survives anywhere in the page, and the text itself is there, escaped.
    func expectEscaped(_ page: String, _ sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!page.lowercased().contains("<script"), sourceLocation: sourceLocation)
        #expect(page.contains(Self.hostileEscaped), sourceLocation: sourceLocation)
    }

    func place(name: String = "Atelier", member: Bool = true) -> CommunityPlace {
        CommunityPlace(slug: Self.slug, name: name, viewerHandle: member ? "ada" : nil, canContribute: member, canSteward: false)
    }

    func offer(title: String = "Cours de tissage", owner: String = "Camille", place: String = "Lyon", tags: [String] = ["textile"],
               community: String = "Atelier") -> EconomyOffer {
        EconomyOffer(id: Self.offerID, communityId: UUID(), ownerId: Self.ownerID, ownerHandle: "camille", ownerName: owner, kind: OfferKind.service.rawValue,
                     title: title, description: "Une initiation.\n\nDeux heures.", terms: "", tags: tags.joined(separator: "\n"), place: place,
                     createdAt: Self.date, slug: Self.slug, communityName: community)
    }

    func referral(_ state: ReferralStatus, beneficiary: String = "Mme Durand", note: String = "") -> EconomyReferral {
        EconomyReferral(id: UUID(), offerId: Self.offerID, offerTitle: "Cours", offerKind: OfferKind.service.rawValue, ownerId: Self.ownerID,
                        ownerHandle: "camille", referrerHandle: "malik", beneficiary: beneficiary, beneficiaryKey: "outside:mme durand", note: note,
                        state: state, flowId: nil, createdAt: Self.date)
    }

    func flow(_ state: FlowStatus, from: String = "member:camille", to: String = "member:sophie", description: String = "Formation",
              recorder: String? = "camille", confirmer: String? = nil) -> EconomyFlow {
        EconomyFlow(id: UUID(), fromKey: from, toKey: to, nature: FlowNature.immaterial.rawValue, measure: FlowMeasure.quantitative.rawValue,
                    quantity: 4, unit: "h", description: description, appreciation: nil, date: "2026-09-12", note: "", offerId: nil, actionId: nil,
                    referralId: nil, reversesId: nil, reversed: 0, createdAt: Self.date, state: state, recordedBy: nil, recorder: recorder,
                    confirmer: confirmer, confirmedAt: confirmer == nil ? nil : Self.date)
    }

    func matrix(_ cells: [(String, String, Int)], by: String = "actor") -> EconomyMatrix {
        let built = cells.map { r, c, n in
            EconomyMatrix.Cell(row: r, column: c, totals: ["h": Double(n)], qualitative: 0, flows: n,
                               events: "/api/v1/communities/\(Self.slug)/flows?" + query([("from", r), ("to", c), ("current", "1")]).dropFirst())
        }
        return EconomyMatrix(by: by, rows: Array(Set(cells.map(\.0))).sorted(), columns: Array(Set(cells.map(\.1))).sorted(), cells: built,
                             totals: ["h": Double(cells.map(\.2).reduce(0, +))], qualitative: 0)
    }

    var emptyNature: EconomyMatrix {
        EconomyMatrix(by: "nature", rows: FlowNature.allCases.map(\.rawValue), columns: FlowMeasure.allCases.map(\.rawValue), cells: [], totals: [:], qualitative: 0)
    }

    func keyset<T>(_ items: [T], next: String? = nil) -> KeysetPage<T> { KeysetPage(items: items, next: next) }

    // MARK: Catalogues

    @Test(arguments: [Lang.fr, Lang.en])
    func anEmptyEcosystemSaysSoAndOffersNoNextPage(_ l: Lang) {
        let page = html(EconomyViews.ecosystemPage(EconomyEcosystemPage(q: nil, page: keyset([] as [EconomyOffer])), l))
        #expect(page.contains("<h1>\(escape(l[EconomyText.ecosystem]))</h1>"))
        #expect(page.contains("<p>\(escape(l[.nothingYet]))</p>"))
        #expect(page.contains("action=\"/catalogue\""))
        #expect(!page.contains("rel=\"next\""))
        #expect(page.contains("<ul class=\"offers\"></ul>"))
    }

    @Test(arguments: [Lang.fr, Lang.en])
    func theEcosystemEscapesOffersAndNamesTheirCommunity(_ l: Lang) {
        let h = Self.hostile
        let m = EconomyEcosystemPage(q: h, page: keyset([offer(title: h, owner: h, place: h, tags: ["a&b", h], community: "Tisserands")], next: "abc"))
        let page = html(EconomyViews.ecosystemPage(m, l))
        expectEscaped(page)
        #expect(page.contains("value=\"\(Self.hostileEscaped)\""), "the query typed stays in the search box, escaped")
        #expect(page.contains("href=\"/communities/atelier/economy/offers/\(Self.offerID.uuidString)\""))
        #expect(page.contains("Tisserands"))
        #expect(page.contains("href=\"/catalogue?tag=a%26b\""), "a tag filters the ecosystem, encoded")
        #expect(page.contains("&amp;after=abc\" rel=\"next\"") && page.contains("href=\"/catalogue?q="), "a search's next page keeps the search")
        let browsing = html(EconomyViews.ecosystemPage(EconomyEcosystemPage(q: nil, page: keyset([offer()], next: "abc")), l))
        #expect(browsing.contains("href=\"/catalogue?after=abc\" rel=\"next\""))
    }

    @Test(arguments: [Lang.fr, Lang.en])
    func aCommunityCatalogueShowsMultipliersExportsAndThePublishForm(_ l: Lang) {
        let h = Self.hostile
        let m = EconomyCataloguePage(place: place(name: h), q: nil, offers: keyset([offer(tags: ["laine"])], next: "n1"),
                                     multipliers: EconomyMultipliers(diversity: 3, salesForce: 2, crossSolicitation: 1, referralsCompleted: 7),
                                     form: FormState(values: ["kind": "service", "name": h], violations: Violations(.definition, .required)))
        let view = EconomyViews.cataloguePage(m, l, csrf: "tok")
        let page = html(view)
        expectEscaped(page)
        #expect(view.title == l[EconomyText.catalogue] + " · " + h, "the title is escaped by the layout, not here")
        #expect(page.contains("<dd class=\"m-completed\">7</dd>") && page.contains("<dd class=\"m-sales\">2</dd>"))
        #expect(page.contains("href=\"/communities/atelier/economy?tag=laine\""), "a tag filters this community's catalogue")
        #expect(page.contains("href=\"/communities/atelier/economy?after=n1\" rel=\"next\""))
        #expect(page.contains("href=\"/communities/atelier/economy/offers.csv\""))
        #expect(page.contains("action=\"/communities/atelier/economy/offers\"") && page.contains("value=\"tok\""))
        #expect(page.contains("class=\"error-summary\""))
        #expect(page.contains("href=\"/communities/atelier/economy/flows\"") && page.contains("href=\"/communities/atelier/economy/pyramid\""))
        #expect(page.contains("href=\"/communities/atelier/code#economic\"") && page.contains("href=\"/communities/atelier\""))
    }

    @Test(arguments: [Lang.fr, Lang.en])
    func aReaderWhoMayNotContributeSeesNoFormAndNoMultipliers(_ l: Lang) {
        let m = EconomyCataloguePage(place: place(member: false), q: nil, offers: keyset([] as [EconomyOffer]), multipliers: nil, form: FormState())
        let page = html(EconomyViews.cataloguePage(m, l, csrf: "tok"))
        #expect(!page.contains("<form method=\"post\""))
        #expect(!page.contains("m-completed"))
        #expect(page.contains(escape(l[FirstStepsText.catalogue])) && !page.contains(escape(l[FirstStepsText.catalogueAction])))
    }

    // MARK: An offer and its referrals

    @Test(arguments: [Lang.fr, Lang.en])
    func theOwnerMovesReferralsOnAndOthersReferTheOffer(_ l: Lang) {
        let h = Self.hostile
        let referrals = [referral(.proposed, beneficiary: h, note: h), referral(.takenUp), referral(.completed), referral(.declined)]
        let owner = EconomyOfferPage(place: place(), offer: offer(title: h, owner: h), referrals: keyset(referrals, next: "r2"), viewerIsOwner: true, form: FormState())
        let page = html(EconomyViews.offerPage(owner, l, csrf: "tok"))
        expectEscaped(page)
        for s in ReferralStatus.allCases { #expect(page.contains("class=\"referral status-\(s.rawValue)\"")) }
        #expect(page.contains(escape(l[EconomyText.referralStatus(.takenUp)])))
        // proposed → taken up or declined; taken up → completed or declined; none from completed or declined.
        #expect(page.components(separatedBy: "name=\"status\" value=\"declined\"").count - 1 == 2)
        #expect(page.components(separatedBy: "name=\"status\" value=\"completed\"").count - 1 == 1)
        #expect(page.components(separatedBy: "name=\"status\" value=\"taken-up\"").count - 1 == 1)
        #expect(page.contains("action=\"/communities/atelier/economy/referrals/\(referrals[0].id.uuidString)/status\""))
        #expect(!page.contains("/referrals\""), "the owner does not refer her own offer")
        #expect(page.contains("href=\"/communities/atelier/economy/offers/\(Self.offerID.uuidString)?after=r2\""))
        #expect(page.contains("href=\"/people/camille\""))

        let other = EconomyOfferPage(place: place(), offer: offer(), referrals: keyset([referral(.proposed)]), viewerIsOwner: false, form: FormState())
        let otherPage = html(EconomyViews.offerPage(other, l, csrf: "tok"))
        #expect(otherPage.contains("action=\"/communities/atelier/economy/offers/\(Self.offerID.uuidString)/referrals\""))
        #expect(!otherPage.contains("name=\"status\""))
    }

    // MARK: The ledger

    @Test(arguments: [Lang.fr, Lang.en])
    func theLedgerSaysWhoRecordedAndWhoConfirmedEachEntry(_ l: Lang) {
        let entries = [flow(.pending), flow(.declined, confirmer: "sophie"), flow(.confirmed, confirmer: "sophie"),
                       flow(.confirmed, confirmer: "camille"), flow(.confirmed, recorder: nil, confirmer: nil)]
        let m = EconomyFlowsPage(place: place(), awaiting: nil, actorMatrix: matrix([]), natureMatrix: emptyNature, ledger: keyset(entries, next: "f2"),
                                 form: FormState())
        let page = html(EconomyViews.flowsPage(m, l, csrf: "tok"))
        for s in FlowStatus.allCases {
            #expect(page.contains("<tr class=\"status-\(s.rawValue)\">"))
            #expect(page.contains("<span class=\"badge tone-\(s.tone.rawValue) flow-\(s.rawValue)\">\(escape(l[EconomyText.flowStatus(s)]))</span>"))
        }
        let fr = l == .fr
        #expect(page.contains(fr ? "refusé par @sophie" : "declined by @sophie"))
        #expect(page.contains(fr ? "confirmé par @sophie" : "confirmed by @sophie"))
        #expect(page.contains(escape(fr ? "confirmé à l’enregistrement" : "confirmed on recording")))
        #expect(page.contains(fr ? "confirmateur inconnu" : "confirmer unknown"))
        #expect(page.contains(escape(l[EconomyText.recordedBy(nil)])))
        #expect(page.contains("href=\"/communities/atelier/economy/flows?after=f2\" rel=\"next\""))
        #expect(page.contains("href=\"/communities/atelier/economy/flows.csv\"") && page.contains("href=\"/communities/atelier/economy/flows.jsonld\""))
        #expect(page.contains("action=\"/communities/atelier/economy/flows\""))
        #expect(!page.contains("pending-flow"), "nothing awaits this reader")
    }

    @Test(arguments: [Lang.fr, Lang.en])
    func flowsAwaitingTheViewerHaveConfirmAndDeclineButtons(_ l: Lang) {
        let h = Self.hostile
        let waiting = flow(.pending, from: "outside:" + h, to: "member:ada", description: h, recorder: "bob")
        let m = EconomyFlowsPage(place: place(), awaiting: keyset([waiting]), actorMatrix: matrix([]), natureMatrix: emptyNature, ledger: keyset([waiting]),
                                 form: FormState())
        let page = html(EconomyViews.flowsPage(m, l, csrf: "tok"))
        expectEscaped(page)
        #expect(page.contains("<h2 id=\"awaiting-title\">\(escape(l[EconomyText.awaiting]))</h2>"))
        #expect(page.contains("action=\"/communities/atelier/economy/flows/\(waiting.id.uuidString)/confirm\""))
        #expect(page.contains("action=\"/communities/atelier/economy/flows/\(waiting.id.uuidString)/decline\""))
        #expect(page.contains(escape(l[EconomyText.recordedBy("bob")])))
        let reader = EconomyFlowsPage(place: place(member: false), awaiting: nil, actorMatrix: matrix([]), natureMatrix: emptyNature,
                                      ledger: keyset([] as [EconomyFlow]), form: FormState())
        let readerPage = html(EconomyViews.flowsPage(reader, l, csrf: "tok"))
        #expect(!readerPage.contains("awaiting-title") && !readerPage.contains("<form method=\"post\""))
    }

    @Test(arguments: [Lang.fr, Lang.en])
    func theMatricesEscapeActorsInTheChartAndTheTableAndLinkToTheirFlows(_ l: Lang) {
        let evil = "outside:" + Self.hostile
        let m = EconomyFlowsPage(place: place(), awaiting: nil, actorMatrix: matrix([("member:camille", evil, 3), ("community", "member:camille", 1)]),
                                 natureMatrix: emptyNature, ledger: keyset([] as [EconomyFlow]), form: FormState())
        let page = html(EconomyViews.flowsPage(m, l, csrf: "tok"))
        expectEscaped(page)
        #expect(page.contains("<svg class=\"chart heat\""))
        #expect(page.contains("<table class=\"heatmap\""))
        #expect(page.contains("<text class=\"tick\" transform=") && page.contains(">&lt;script&gt;alert(1)&lt;/scri</text>"), "cut to 22 characters, escaped")
        #expect(page.contains("<title>@camille → \(Self.hostileEscaped) : 3</title>"))
        #expect(page.contains("<rect class=\"heat-4\"") && page.contains("<rect class=\"heat-2\"") && page.contains("<rect class=\"heat-0\""))
        #expect(page.contains("<th scope=\"col\">\(Self.hostileEscaped)</th>"))
        #expect(page.contains("href=\"/communities/atelier/economy/flows?from=member:camille&amp;to=outside:%3Cscript%3Ealert(1)%3C/script%3E%26%22&#39;&amp;current=1\""))
        #expect(page.contains(">3.00 h</a>") && page.contains(">1.00 h</a>") && page.contains("4.00 h · "), "cells and totals per unit")
        // The nature matrix names its axes in the reader's language.
        #expect(page.contains("<th scope=\"row\">\(escape(l[EconomyText.nature(.material)]))</th>"))
        #expect(page.contains("<th scope=\"col\">\(escape(l[EconomyText.measure(.qualitative)]))</th>"))
    }

    // MARK: The pyramid

    @Test(arguments: [Lang.fr, Lang.en])
    func thePyramidDrawsItsLayersAndNamesWhereCapitalAndCreationDoNotMeet(_ l: Lang) {
        let h = Self.hostile
        let rows = [EconomyResponsibility(id: UUID(), handle: "ada", displayName: h, layer: "creation", role: h, what: h, amount: nil, unit: "", share: nil),
                    EconomyResponsibility(id: UUID(), handle: "bob", displayName: "Bob", layer: "capital", role: "Apport", what: "", amount: 1200.5,
                                          unit: "€", share: 12.5)]
        let m = EconomyPyramidPage(place: place(name: h), pyramid: EconomyPyramid(rows), form: FormState(values: ["layer": "creation"]))
        let page = html(EconomyViews.pyramidPage(m, l, csrf: "tok"))
        expectEscaped(page)
        #expect(page.contains("<svg class=\"chart pyramid\" viewBox=\"0 0 340 180\""))
        #expect(page.contains("<polygon class=\"layer creation\"") && page.contains("<polygon class=\"layer capital\""))
        #expect(page.contains(">\(escape(l[EconomyText.layer(.creation)])) (1)</text>") && page.contains(">\(escape(l[EconomyText.layer(.support)])) (0)</text>"))
        #expect(page.contains(" · 1201 €") && page.contains(" · 12.50 %"))
        #expect(page.contains("id=\"gap-title\"") && page.contains("@bob") && page.contains("@ada"))
        #expect(page.contains("action=\"/communities/atelier/economy/pyramid\""))
        let empty = html(EconomyViews.pyramidPage(EconomyPyramidPage(place: place(member: false), pyramid: EconomyPyramid([]), form: FormState()), l, csrf: ""))
        #expect(!empty.contains("gap-title") && !empty.contains("<form method=\"post\""))
    }

    @Test func summariesAndWhoReadTheirStatus() {
        let f = flow(.declined, from: "community", to: "outside:Boutique", description: "", confirmer: nil)
        #expect(EconomyText.summary(f, .fr) == "2026-09-12 · la communauté → Boutique · 4.00 h")
        #expect(EconomyText.who(f, .en) == "recorded by @camille · declined by ?")
        #expect(EconomyText.who(flow(.pending), .en) == "recorded by @camille")
    }
}
