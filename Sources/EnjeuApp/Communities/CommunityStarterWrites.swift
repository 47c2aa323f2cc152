import Fluent
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// What a template adds to a community inside the transaction that creates it (`CommunityService.create`): the first
/// revision of its #CodeSocial (the skeleton, authored by the founder, adopted by no amendment) and the journey begun at
/// step 1, its shared values open for adoption under the community's decision rule.
extension CommunityService {
    func plant(_ starter: CommunityStarter, in db: any Database, community: Community, founder: Viewer, now: Date) async throws {
        let cid = try community.requireID()
        let r = CodeRevision()
        r.id = ctx.newID()
        r.communityID = cid
        r.number = 1
        r.parent = 0
        r.summary = starter.revisionSummary
        r.$author.id = founder.id
        r.amendmentID = nil
        r.sections = starter.template.sections.map(\.rawValue).joined(separator: ",")
        r.createdAt = now
        try await r.create(on: db)
        for key in starter.template.sections {
            try await CodeSectionVersion(id: ctx.newID(), communityID: cid, section: key, revision: 1,
                                         body: AmendmentRules.normalise(starter.sections[key] ?? "")).create(on: db)
        }
        // A journey begun from no journey template: its proposals are the community template's values.
        try await sql(db).raw("""
            INSERT INTO journeys (community_id, cycle, template, started_at) VALUES (\(bind: cid), 1, \(bind: JourneyTemplate.free.rawValue), \(bind: now))
            """).run()
        try await JourneyService.recordCycle(db, ctx.newID(), cid, 1, now)
        let closes = now.addingTimeInterval(Double(community.codeOpenDays) * 86_400)
        for value in starter.values {
            try await sql(db).raw("""
                INSERT INTO journey_proposals (id, community_id, cycle, kind, title, body, author_id, status, closes_at, created_at)
                VALUES (\(bind: ctx.newID()), \(bind: cid), 1, \(bind: ProposalKind.value.rawValue), \(bind: value.title), \(bind: value.meaning),
                  \(bind: founder.id), \(bind: ProposalStatus.open.rawValue), \(bind: closes), \(bind: now))
                """).run()
        }
    }
}
