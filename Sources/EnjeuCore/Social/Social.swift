import Foundation

/// The social space's rules: posts and comments, mentions, endorsements, notification kinds, feed events, matching.
public enum Social {
    public static let postMax = 10_000
    public static let commentMax = 5_000
    public static let noteMax = 500
    /// A post notifies at most this many people by mention (a long list of @handles is not a broadcast channel).
    public static let mentionMax = 20

    /// The @handles a text names, lowercased, in order, without duplicates. A handle starts after a character that
    /// cannot be part of one (so « ana@exemple.org » names nobody) and is 3 to 30 of [a-z0-9_].
    public static func mentions(in text: String) -> [String] {
        var found: [String] = [], seen = Set<String>()
        let scalars = Array(text.unicodeScalars)
        func isHandleChar(_ u: Unicode.Scalar) -> Bool { (u >= "a" && u <= "z") || (u >= "A" && u <= "Z") || (u >= "0" && u <= "9") || u == "_" }
        var i = 0
        while i < scalars.count {
            defer { i += 1 }
            guard scalars[i] == "@", i == 0 || !(isHandleChar(scalars[i - 1]) || scalars[i - 1] == "." || scalars[i - 1] == "@") else { continue }
            var j = i + 1
            while j < scalars.count && isHandleChar(scalars[j]) { j += 1 }
            let handle = String(String.UnicodeScalarView(scalars[(i + 1)..<j])).lowercased()
            if Rules.isValidHandle(handle), !seen.contains(handle) {
                seen.insert(handle)
                found.append(handle)
                if found.count == mentionMax { break }
            }
            i = j - 1
        }
        return found
    }

    public static func validatePost(_ raw: String) -> Result<String, Violations> {
        let body = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        var v = Violations()
        v.checkLength(.postBody, body, min: 1, max: postMax)
        return v.isEmpty ? .success(body) : .failure(v)
    }

    public static func validateComment(_ raw: String) -> Result<String, Violations> {
        let body = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        var v = Violations()
        v.checkLength(.commentBody, body, min: 1, max: commentMax)
        return v.isEmpty ? .success(body) : .failure(v)
    }
}

/// What an endorsement is about: one of the community's values, or a skill. Two spellings of one topic
/// (« Coopération », « cooperation ») share a key.
public struct Topic: Sendable, Hashable {
    public let label: String
    public let key: String

    public init?(_ raw: String) {
        let label = raw.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        guard (2...60).contains(label.count), !label.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else { return nil }
        self.label = label
        self.key = Folding.fold(label)
    }
}

public struct EndorsementDraft: Sendable {
    public let to: String
    public let topic: String
    public let note: String
    public init(to: String, topic: String, note: String) { self.to = to; self.topic = topic; self.note = note }

    public struct Valid: Sendable { public let handle: String; public let topic: Topic; public let note: String }

    /// `endorser` is the endorsing member's handle: nobody endorses themselves.
    public func validated(endorser: String) -> Result<Valid, Violations> {
        var v = Violations()
        let handle = to.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: "@", with: "")
        if !Rules.isValidHandle(handle) { v.add(.to, .handleFormat) } else if handle == endorser { v.add(.to, .notYourself) }
        let topic = Topic(topic)
        if topic == nil { v.add(.topic, self.topic.trimmingCharacters(in: .whitespaces).isEmpty ? .required : .outOfRange(min: 2, max: 60)) }
        let note = self.note.trimmingCharacters(in: .whitespacesAndNewlines)
        v.checkLength(.note, note, min: 0, max: Social.noteMax)
        guard v.isEmpty, let topic else { return .failure(v) }
        return .success(Valid(handle: handle, topic: topic, note: note))
    }
}

/// Why a person is notified; each kind can be switched off (in the app, by e-mail) in their preferences.
public enum NotificationKind: String, CaseIterable, Sendable, Codable {
    case mention, reply, decision, request, recognition, endorsement
    /// A dormant community calls its members back (Communities/StageService.swift).
    case revival
}

/// Events of other features that appear in a community's feed beside the posts.
public enum FeedEvent: String, CaseIterable, Sendable, Codable {
    case revision, adopted, actionDone = "action_done", member
}

/// Values-based matching: what two sets of values or skills share, by folded word.
public enum Matching {
    /// The folded keys of a comma- or newline-separated list (a profile's values and skills are stored that way).
    public static func keys(_ list: String) -> [String: String] {
        var out: [String: String] = [:]
        for part in list.split(whereSeparator: { $0 == "," || $0 == "\n" || $0 == ";" }) {
            if let t = Topic(String(part)) { out[t.key] = out[t.key] ?? t.label }
        }
        return out
    }

    /// The shared labels (in the other side's spelling) and a Jaccard score in 0…1.
    public static func overlap(_ mine: [String: String], _ theirs: [String: String]) -> (shared: [String], score: Double) {
        let common = Set(mine.keys).intersection(theirs.keys)
        guard !common.isEmpty else { return ([], 0) }
        let union = Set(mine.keys).union(theirs.keys).count
        return (common.sorted().compactMap { theirs[$0] }, Double(common.count) / Double(union))
    }
}

/// How results anchor credibility (the teleport of the seeded EigenTrust): verified results, counted per member.
public struct Results: Sendable, Equatable, Codable {
    public var amendmentsAdopted = 0
    public var figuresConfirmed = 0
    public var actionsCompleted = 0
    public var referralsCompleted = 0
    public init(amendmentsAdopted: Int = 0, figuresConfirmed: Int = 0, actionsCompleted: Int = 0, referralsCompleted: Int = 0) {
        self.amendmentsAdopted = amendmentsAdopted; self.figuresConfirmed = figuresConfirmed
        self.actionsCompleted = actionsCompleted; self.referralsCompleted = referralsCompleted
    }
    public var total: Int { amendmentsAdopted + figuresConfirmed + actionsCompleted + referralsCompleted }
    /// log₂(1 + results): the tenth result weighs less than the first, so a flood of small results buys little.
    public var anchorWeight: Double { log2(1 + Double(total)) }
}

extension Credibility {
    /// One community's credibility. Overall: every endorsement, teleporting to members in proportion to
    /// `Results.anchorWeight` (without any result yet, the formal stewards anchor it). Per topic: only that topic's
    /// endorsements flow, teleporting to the overall trust, so an endorser weighs what the whole community trusts them.
    public struct Input: Sendable {
        public let members: Int
        /// (endorser, endorsed, topic key)
        public let endorsements: [(from: Int, to: Int, topic: String)]
        public let results: [Int: Results]
        public let stewards: [Int]
        public init(members: Int, endorsements: [(from: Int, to: Int, topic: String)], results: [Int: Results], stewards: [Int]) {
            self.members = members; self.endorsements = endorsements; self.results = results; self.stewards = stewards
        }
    }

    public struct Scores: Sendable {
        /// Relative scores (|V|·t_i: 1 is average) overall and per topic key.
        public let overall: [Double]
        public let topics: [String: [Double]]
        public let anchors: [Int: Double]
        public let anchoredOnStewards: Bool
    }

    public static func anchors(_ input: Input) -> (weights: [Int: Double], onStewards: Bool) {
        var w: [Int: Double] = [:]
        for (i, r) in input.results where r.total > 0 && (0..<input.members).contains(i) { w[i] = r.anchorWeight }
        if !w.isEmpty { return (w, false) }
        for s in input.stewards where (0..<input.members).contains(s) { w[s] = 1 }
        return (w, true)
    }

    public static func compute(_ input: Input) -> Scores {
        let (weights, onStewards) = anchors(input)
        let n = input.members
        let base = eigenTrust(nodes: n, edges: input.endorsements.map { Edge(from: $0.from, to: $0.to) }, seedWeights: weights)
        let overall = base.relative
        var trusted: [Int: Double] = [:]
        for (i, t) in base.scores.enumerated() where t > 0 { trusted[i] = t }
        var byTopic: [String: [Edge]] = [:]
        for e in input.endorsements { byTopic[e.topic, default: []].append(Edge(from: e.from, to: e.to)) }
        let topics = byTopic.mapValues { eigenTrust(nodes: n, edges: $0, seedWeights: trusted).relative }
        return Scores(overall: overall, topics: topics, anchors: weights, anchoredOnStewards: onStewards)
    }
}
