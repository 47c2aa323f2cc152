import Foundation
import Vapor
import EnjeuCore
import EnjeuWeb

/// A community's vitality and the life stage it suggests (issue 18), declared once.
enum StageAPIEndpoints {
    typealias Op = APIOperation
    static let vitality = Op<String>(.GET, "/api/v1/communities/:slug/vitality", gate: .community(.seeInside), name: "api.community.vitality",
                                     "The community's vitality over the last 30 days beside the 30 days before (active members, decisions taken, actions completed, figures contributed, flows recorded, each with its trend: up, steady or down), its stage and the stage the measures suggest (`StageRule`: emerging, growing, mature, dormant, closed); 404 to whoever cannot read the community's inside",
                                     .ok(VitalityOut.self, "Vitality"))
    static let all: [APIDoc] = [vitality.doc]
}

/// The JSON of a community's vitality.
struct VitalityOut: Content {
    struct Measure: Content {
        let metric: String, current: Int, previous: Int, trend: String
    }
    let stage: String, suggested: String, windowDays: Int, members: Int, measures: [Measure]

    init(_ v: Vitality, stage: LifeStage) {
        self.stage = stage.rawValue
        suggested = StageRule.suggested(v, current: stage).rawValue
        windowDays = StageRule.windowDays
        members = v.members
        measures = VitalityMetric.allCases.map { m in
            Measure(metric: m.rawValue, current: v[m].current, previous: v[m].previous, trend: v[m].trend.rawValue)
        }
    }
}
