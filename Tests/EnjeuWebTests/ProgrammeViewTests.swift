import Foundation
import Testing
import EnjeuCore
@testable import EnjeuWeb

/// A programme's home rendered from plain models: hostile text escaped, both languages, empty states, no values.
@Suite struct ProgrammeViewTests {
    typealias C = CommunityViewTests

    static func page(indicators: [ProgrammePage.Indicator], communities: [ProgrammePage.Community], inside: Bool = true) -> ProgrammePage {
        ProgrammePage(name: C.hostile, purpose: C.hostile, through: C.hostile, communities: communities, indicators: indicators,
                      insideVisible: inside)
    }

    @Test(arguments: Lang.allCases)
    func participantsSeeWhereEachEstimateComesFrom(_ l: Lang) {
        let out = C.html(ProgrammeViews.homePage(Self.page(
            indicators: [ProgrammePage.Indicator(name: C.hostile, unit: "€ (k)", period: "2026-Q3", place: "Lyon", contributors: 5,
                                                 communities: ["Tisserands", C.hostile])],
            communities: [ProgrammePage.Community(slug: "tisserands", name: C.hostile)]), l))
        #expect(!out.contains("<script>") && out.contains(C.escaped))
        #expect(out.contains("href=\"/communities/tisserands\""))
        #expect(out.contains(escape(l[ProgrammeText.indicators])) && out.contains(escape(l[ProgrammeText.sources])))
        #expect(out.contains(l == .fr ? "5 contributeur·rices · Tisserands" : "5 contributors · Tisserands"))
        #expect(!out.contains("<form"))
    }

    @Test(arguments: Lang.allCases)
    func emptyProgrammesSayWhatIsMissingAndOthersSeeNoSources(_ l: Lang) {
        let empty = C.html(ProgrammeViews.homePage(Self.page(indicators: [], communities: []), l))
        #expect(empty.contains(escape(l[ProgrammeText.noCommunity])) && empty.contains(escape(l[ProgrammeText.noIndicator])))
        let outsider = C.html(ProgrammeViews.homePage(Self.page(
            indicators: [ProgrammePage.Indicator(name: "Tarif", unit: "€", period: "2026", place: "", contributors: nil, communities: [])],
            communities: []), l))
        #expect(outsider.contains("<td>—</td>"))
        let hidden = C.html(ProgrammeViews.homePage(Self.page(indicators: [], communities: [], inside: false), l))
        #expect(!hidden.contains(escape(l[ProgrammeText.indicators])) && hidden.contains(escape(l[ProgrammeText.lead])))
    }
}
