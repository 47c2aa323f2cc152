import Foundation
import EnjeuCore
import EnjeuWeb

/// The limits the validators enforce, as the OpenAPI document states them. `OpenAPILimitsTests` checks each one against
/// the running server, so a limit cannot be stated without being enforced, nor the other way round.
extension OpenAPIDocument {
    /// A text's length: in characters, except that with `bytes` the maximum is in UTF-8 bytes (an accented letter
    /// counts 2), stated as `x-max-utf8-bytes` since JSON Schema's `maxLength` counts characters; a minimum is always
    /// in characters.
    struct Length: Sendable {
        let min: Int?, max: Int?, bytes: Bool
        init(_ min: Int?, _ max: Int?, bytes: Bool = false) { self.min = min; self.max = max; self.bytes = bytes }
    }

    /// Lengths of the request schemas' text fields, written into `limitedSchemas`. Numeric ranges, item counts and
    /// patterns are written in `schemas` themselves.
    static let lengths: [String: [String: Length]] = [
        "NewAccount": ["displayName": Length(1, Rules.nameMax), "password": Length(Rules.passwordMin, Rules.passwordMaxBytes, bytes: true),
                       "email": Length(nil, 254, bytes: true)],
        "Credentials": ["name": Length(nil, 100)],
        "ProfileUpdate": ["displayName": Length(1, Rules.nameMax), "bio": Length(nil, Rules.longTextMax)],
        "NewCommunity": ["name": Length(2, Rules.nameMax), "purpose": Length(10, Rules.longTextMax), "perimeter": Length(nil, Rules.shortTextMax),
                         "rhythm": Length(nil, Rules.shortTextMax), "charter": Length(Rules.charterMin, Rules.longTextMax)],
        "CommunityUpdate": ["name": Length(2, Rules.nameMax), "purpose": Length(10, Rules.longTextMax), "perimeter": Length(nil, Rules.shortTextMax),
                            "rhythm": Length(nil, Rules.shortTextMax)],
        "JoinBody": ["message": Length(nil, 2_000)],
        "ReasonBody": ["reason": Length(1, 2_000)],
        "NewCharter": ["text": Length(Rules.charterMin, Rules.longTextMax)],
        "BodyIn": ["body": Length(1, Social.postMax)],
        "CommentBodyIn": ["body": Length(1, Social.commentMax)],
        "EndorsementIn": ["topic": Length(2, 60), "note": Length(nil, Social.noteMax)],
        "NewOffer": ["title": Length(3, Rules.nameMax), "description": Length(10, 5_000), "terms": Length(nil, 2_000), "place": Length(nil, Rules.nameMax)],
        "NewReferral": ["beneficiary": Length(2, Rules.nameMax), "note": Length(nil, 2_000)],
        "NewFlow": ["unit": Length(nil, 20), "description": Length(nil, 2_000), "note": Length(nil, 2_000)],
        "ReverseIn": ["note": Length(3, 2_000)],
        "NewResponsibility": ["role": Length(2, Rules.nameMax), "what": Length(nil, 2_000)],
        "NewIndicator": ["name": Length(3, Rules.nameMax), "definition": Length(10, 5_000), "place": Length(nil, Rules.nameMax)],
        "NewContribution": ["source": Length(3, 500), "comment": Length(nil, 2_000)],
        "NewFlag": ["reason": Length(10, 2_000), "source": Length(nil, 500)],
        "NewDataset": ["name": Length(3, Rules.nameMax), "description": Length(nil, 5_000)],
        "NewAmendment": ["summary": Length(1, AmendmentRules.summaryMax), "reason": Length(nil, AmendmentRules.reasonMax)],
        "Change": ["body": Length(nil, AmendmentRules.bodyMax, bytes: true)],
        "PositionIn": ["reason": Length(nil, 5_000)],
        "CommentIn": ["body": Length(1, 10_000)],
        "FactIn": ["url": Length(nil, 2_000), "note": Length(nil, 5_000)],
        "DiagnosisIn": ["comment": Length(nil, 2_000)],
        "NewProposal": ["title": Length(2, Rules.nameMax), "body": Length(5, Rules.longTextMax)],
        "NewAction": ["title": Length(3, Rules.nameMax), "description": Length(nil, 5_000), "needs": Length(nil, 2_000)],
        "StatusIn": ["note": Length(nil, 5_000)],
        "NewAssessment": ["comment": Length(nil, 5_000)],
        "NewRecognition": ["message": Length(3, 2_000)],
        "NewRetrospective": ["worked": Length(3, 5_000), "didNot": Length(3, 5_000), "change": Length(nil, 5_000)],
    ]

    /// The most a route reads of a body: what `app.routes.defaultMaxBodySize` and the routes' `maxBody` enforce.
    static let defaultMaxBody = 1 << 20
    static let maxBody: [String: Int] = ["/communities/{slug}/flows/import": FlowImport.Limits().maxBytes]

    /// Bodies that are not JSON, by path.
    nonisolated(unsafe) static let rawBodies: [String: [String: Any]] = {
        let limits = FlowImport.Limits()
        let cells = 2 * (FlowImport.required.count + FlowImport.optional.count + FlowImport.exportOnly.count)
        return ["/communities/{slug}/flows/import": [
            "required": true,
            "description": "CSV in UTF-8, read as it arrives: at most \(limits.maxBytes) bytes (413 beyond), \(limits.maxRows) rows of flows, "
                + "\(limits.maxCellBytes) bytes in a cell and \(cells) cells in a row (422 beyond, nothing imported)",
            "content": ["text/csv": ["schema": ["type": "string"]]],
            "x-max-rows": limits.maxRows, "x-max-cell-bytes": limits.maxCellBytes, "x-max-cells-per-row": cells,
        ]]
    }()

    /// `schemas` with the validators' lengths written in.
    nonisolated(unsafe) static let limitedSchemas: [String: Any] = {
        var out = schemas
        for (name, fields) in lengths {
            guard var schema = out[name] as? [String: Any], var props = schema["properties"] as? [String: Any] else { continue }
            for (field, limit) in fields {
                var prop = props[field] as? [String: Any] ?? ["type": "string"]
                if let min = limit.min { prop["minLength"] = min }
                if let max = limit.max, limit.bytes {
                    prop["x-max-utf8-bytes"] = max
                    let said = "At most \(max) bytes in UTF-8 (an accented letter counts 2)"
                    prop["description"] = (prop["description"] as? String).map { $0 + ". " + said } ?? said
                } else if let max = limit.max { prop["maxLength"] = max }
                props[field] = prop
            }
            schema["properties"] = props
            out[name] = schema
        }
        return out
    }()
}
