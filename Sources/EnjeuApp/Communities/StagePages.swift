import Fluent
import Vapor
import EnjeuCore
import EnjeuWeb

/// A community's vitality and life stage: the JSON of its measures (the community page shows them too, `loadHome`).
struct StagePages {
    func register(_ r: any RoutesBuilder) {
        r.community(StageAPIEndpoints.vitality) { req, c in
            VitalityOut(try await VitalityQueries(req.context).vitality(of: c.community, now: req.context.now), stage: c.community.stage)
        }
    }
}
