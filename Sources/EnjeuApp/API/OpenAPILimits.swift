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

    /// Lengths of the request schemas' text fields, by schema and field.
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
        "NewSolicitation": ["message": Length(3, 2_000)],
        "NewOrganisation": ["name": Length(2, Rules.nameMax), "purpose": Length(10, Rules.longTextMax), "place": Length(nil, Rules.shortTextMax),
                            "registrationNumber": Length(nil, OrganisationDraft.registrationMax)],
        "OrganisationUpdate": ["name": Length(2, Rules.nameMax), "purpose": Length(10, Rules.longTextMax), "place": Length(nil, Rules.shortTextMax),
                               "registrationNumber": Length(nil, OrganisationDraft.registrationMax)],
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

    /// Numeric ranges, item counts and patterns of request fields (a dotted path reaches into a nested object).
    static let limits: [String: [String: JSONValue]] = [
        "NewAccount": ["handle": .pattern("^[a-z][a-z0-9_]{2,29}$")],
        "NewCommunity": ["slug": .pattern(slugPattern)],
        "ProfileUpdate": ["values": entries, "skills": entries],
        "ReadIn": ["ids": ["maxItems": 500]],
        "NewOffer": ["tags": tags],
        "NewIndicator": ["tags": tags],
        "NewFlow": ["quantity": .range(0, 1e15), "appreciation": .range(1, 5)],
        "NewResponsibility": ["amount": .range(0, nil), "share": .range(0, 100)],
        "NewContribution": ["value": .range(-1e15, 1e15)],
        "NewFlag": ["correctedValue": .range(-1e15, 1e15)],
        "CreditRules": ["allowance": .range(0, 1_000), "readCost": .range(0, 100), "earn": .range(0, 100), "halfLifeDays": .range(7, 3_650)],
        "CodeSettings": ["quorum": .range(0, 100), "openDays": .range(1, 90)],
        "NewAmendment": ["changes": ["minItems": 1]],
        "NewAssessment": Dictionary(uniqueKeysWithValues: Criterion.allCases.map { ("scores." + $0.rawValue, JSONValue.range(0, 4)) }),
    ]

    /// Fields a type lets be absent but the validator requires (a 422 without them).
    static let validatorRequires: [String: [String]] = ["NewContribution": ["value"]]

    static let slugPattern = "^[a-z0-9-]{3,60}$"
    /// Tags of an offer or an indicator, counted once split on commas and deduplicated (case and accents aside).
    static let tags: JSONValue = ["maxItems": 10, "description": "Counted after splitting on commas and removing duplicates (case and accents aside); each cut to 60 characters"]
    /// Values held and skills: one text, entries separated by commas, semicolons or new lines.
    static let entries: JSONValue = ["x-max-entries": 30, "description": .string("Entries separated by commas, semicolons or new lines: at most 30 "
        + "once duplicates are removed (case and accents aside); each cut to 60 characters")]

    /// `lengths` as JSON Schema keywords.
    static func lengthKeywords(_ limit: Length, description: String?) -> JSONValue {
        var out: JSONValue = [:]
        if let min = limit.min { out["minLength"] = .int(min) }
        if let max = limit.max, limit.bytes {
            out["x-max-utf8-bytes"] = .int(max)
            let said = "At most \(max) bytes in UTF-8 (an accented letter counts 2)"
            out["description"] = .string(description.map { $0 + ". " + said } ?? said)
        } else if let max = limit.max {
            out["maxLength"] = .int(max)
        }
        return out
    }
}

extension JSONValue {
    static func pattern(_ p: String) -> JSONValue { ["pattern": .string(p)] }
    static func range(_ min: Double?, _ max: Double?) -> JSONValue {
        func number(_ x: Double) -> JSONValue { x == x.rounded() && abs(x) < 1e18 ? .int(Int(x)) : .double(x) }
        var out: JSONValue = [:]
        if let min { out["minimum"] = number(min) }
        if let max { out["maximum"] = number(max) }
        return out
    }
    /// `{"enum": […]}` of an enum's raw values.
    static func oneOf<E: CaseIterable & RawRepresentable>(_: E.Type) -> JSONValue where E.RawValue == String {
        oneOf(E.allCases.map(\.rawValue))
    }
    static func oneOf(_ values: [String]) -> JSONValue { ["enum": .array(values.map { .string($0) })] }
    static func about(_ text: String) -> JSONValue { ["description": .string(text)] }
    static let date: JSONValue = ["format": "date"]

    /// The two merged, objects key by key (the right one wins elsewhere).
    static func + (a: JSONValue, b: JSONValue) -> JSONValue {
        guard case var .object(left) = a, case let .object(right) = b else { return b }
        for (k, v) in right { left[k] = left[k].map { $0 + v } ?? v }
        return .object(left)
    }
}
