import Foundation
import EnjeuCore
import EnjeuWeb

/// A member's contribution to a community (issue 18), declared once.
enum ContributionAPIEndpoints {
    typealias Op = APIOperation
    static let part = APIQuery(name: "part", schema: ["type": "string", "enum": .array(ContributionPart.allCases.map { .string($0.rawValue) })],
                               description: "One list alone, to page it with `after`")
    static let contribution = Op<String, String>(.GET, "/api/v1/communities/:slug/members/:handle/contribution", gate: .community(.seeInside),
                                                 name: "api.community.member.contribution",
                                                 "A member's part in the collective beside the collective's own evaluation: their verified results and the community's, the collective scores of the actions they took part in and of all the community's actions; the actions, adopted amendments, figures confirmed by the consensus (values not shown: give to get), ledger entries, referrals, recognitions and endorsements given and received, each a keyset page (`part` and `after` page one); 404 to whoever cannot read the community's members",
                                                 query: [.after, part], .ok(ContributionOut.self, "MemberContribution"))
    static let summary = Op< >(.PUT, "/api/v1/me/contribution-summary", gate: .signedIn, name: "api.me.contribution-summary",
                               "Show (`{\"show\": true}`) or hide (false, the default) a summary of my contributions on my profile: my verified results in each community its reader may see",
                               body: .json(SummarySetting.self, "SummarySetting"), .ok(SummarySetting.self, "SummarySetting"))
    static let all: [APIDoc] = [contribution.doc, summary.doc]
}
