import Foundation
import Testing
import EnjeuCore
@testable import EnjeuWeb

/// Organisations' pages and the network page rendered from plain models, without a database.
@Suite struct OrganisationViewTests {
    typealias C = CommunityViewTests
    static let hostile = C.hostile

    static func profile(representatives: [String] = ["ada", "bob"]) -> OrganisationProfile {
        OrganisationProfile(slug: "atelier", name: hostile, kind: .publicBody, purpose: hostile, place: hostile,
                            website: "https://atelier.example.org", registrationNumber: hostile, createdAt: C.date,
                            representatives: representatives, communities: [NamedCommunity(slug: "jardin", name: hostile)])
    }

    @Test(arguments: Lang.allCases)
    func aVisitorReadsTheProfileWithoutForms(_ l: Lang) {
        let out = C.html(OrganisationViews.profilePage(OrganisationPage(profile: Self.profile(), isRepresentative: false), l, csrf: "t"))
        #expect(!out.contains("<script>") && out.contains(C.escaped))
        #expect(out.contains(escape(l[OrganisationText.kind(.publicBody)])) && out.contains("href=\"https://atelier.example.org\""))
        #expect(out.contains("href=\"/communities/jardin\"") && out.contains("href=\"/people/ada\""))
        #expect(!out.contains("<form"))
    }

    @Test(arguments: Lang.allCases)
    func aRepresentativeAddsAndRemovesButNeverTheLast(_ l: Lang) {
        let two = C.html(OrganisationViews.profilePage(OrganisationPage(profile: Self.profile(), isRepresentative: true), l, csrf: "t"))
        #expect(two.contains("action=\"/organisations/atelier/representatives\""))
        #expect(two.contains("action=\"/organisations/atelier/representatives/bob/remove\""))
        let one = C.html(OrganisationViews.profilePage(OrganisationPage(profile: Self.profile(representatives: ["ada"]), isRepresentative: true),
                                                       l, csrf: "t"))
        #expect(!one.contains("/remove\"") && one.contains("action=\"/organisations/atelier/representatives\""))
    }

    @Test(arguments: Lang.allCases)
    func theJoinPageOffersWhatEachOrganisationMayDo(_ l: Lang) {
        let c = C.community(.outsider)
        let empty = C.html(OrganisationViews.joinPage(OrganisationJoinPage(community: c, organisations: []), l, csrf: "t"))
        #expect(empty.contains(escape(l[OrganisationText.noOrganisation])) && empty.contains("href=\"/organisations/new\""))
        let orgs = [RepresentedOrganisation(slug: "a", name: Self.hostile, standing: .none),
                    RepresentedOrganisation(slug: "b", name: "B", standing: .pending),
                    RepresentedOrganisation(slug: "c", name: "C", standing: .member(status: .approved, charterCurrent: false))]
        let out = C.html(OrganisationViews.joinPage(OrganisationJoinPage(community: c, organisations: orgs), l, csrf: "t"))
        #expect(!out.contains("<script>"))
        #expect(out.components(separatedBy: "action=\"/communities/atelier/organisations/join\"").count == 2, "only the one that never asked")
        #expect(out.components(separatedBy: "action=\"/communities/atelier/organisations/charter\"").count == 2, "only the admitted one")
        #expect(out.contains(escape(l[OrganisationText.standingPending])))
    }

    static func link(_ kind: LinkKind, _ status: LinkStatus, from source: String, to target: String) -> CommunityLinkItem {
        CommunityLinkItem(id: UUID(), kind: kind, status: status, source: NamedCommunity(slug: source, name: source + " " + hostile),
                          target: NamedCommunity(slug: target, name: target + " " + hostile), proposedAt: C.date, decidedAt: nil, endedAt: nil)
    }

    @Test(arguments: Lang.allCases)
    func aNetworkListsItsMembersAndItsStewardsDecide(_ l: Lang) {
        let links = [Self.link(.memberOf, .accepted, from: "ferme", to: "atelier"), Self.link(.partner, .proposed, from: "club", to: "atelier"),
                     Self.link(.memberOf, .ended, from: "atelier", to: "vieux")]
        let visitor = C.html(NetworkViews.linksPage(NetworkPage(community: C.community(.anonymous), links: Array(links.prefix(1))), l, csrf: "t"))
        #expect(!visitor.contains("<script>") && visitor.contains(escape(l[NetworkText.isNetwork])) && visitor.contains("href=\"/communities/ferme\""))
        #expect(!visitor.contains("<form"))
        let steward = C.html(NetworkViews.linksPage(NetworkPage(community: C.community(C.steward), links: links), l, csrf: "t"))
        #expect(steward.contains("action=\"/communities/atelier/links\""))
        #expect(steward.contains("/communities/atelier/links/\(links[1].id)/accept") && steward.contains(escape(l[NetworkText.history])))
        #expect(!steward.contains("/communities/atelier/links/\(links[2].id)/end"), "an ended link has nothing left to do")
        let empty = C.html(NetworkViews.linksPage(NetworkPage(community: C.community(.anonymous), links: []), l, csrf: "t"))
        #expect(empty.contains(escape(l[NetworkText.noLink])))
    }
}
