import Foundation

/// Every page URL, spelled once.
enum Paths {
    static let home = "/"
    static let signUp = "/signup"
    static let signIn = "/signin"
    static let signOut = "/signout"
    static let lang = "/lang"
    static let me = "/me"
    static let tokens = "/me/tokens"
    static func revokeToken(_ id: UUID) -> String { "/me/tokens/\(id.uuidString)/revoke" }
    static func person(_ handle: String) -> String { "/people/\(handle)" }
    static let communities = "/communities"
    static let newCommunity = "/communities/new"
    static func communities(q: String?, after: String?) -> String {
        var items: [URLQueryItem] = []
        if let q, !q.isEmpty { items.append(URLQueryItem(name: "q", value: q)) }
        if let after { items.append(URLQueryItem(name: "after", value: after)) }
        return communities + query(items)
    }
    static func community(_ slug: String) -> String { "/communities/\(slug)" }
    static func members(_ slug: String, after: String? = nil) -> String {
        "/communities/\(slug)/members" + query(after.map { [URLQueryItem(name: "after", value: $0)] } ?? [])
    }
    static func member(_ slug: String, _ handle: String, _ action: String) -> String { "/communities/\(slug)/members/\(handle)/\(action)" }
    static func join(_ slug: String) -> String { "/communities/\(slug)/join" }
    static func withdraw(_ slug: String) -> String { "/communities/\(slug)/withdraw" }
    static func leave(_ slug: String) -> String { "/communities/\(slug)/leave" }
    static func charter(_ slug: String) -> String { "/communities/\(slug)/charter" }
    static func acceptCharter(_ slug: String) -> String { "/communities/\(slug)/charter/accept" }
    static func requests(_ slug: String) -> String { "/communities/\(slug)/requests" }
    static func approve(_ slug: String, _ id: UUID) -> String { "/communities/\(slug)/requests/\(id.uuidString)/approve" }
    static func decline(_ slug: String, _ id: UUID) -> String { "/communities/\(slug)/requests/\(id.uuidString)/decline" }
    static func settings(_ slug: String) -> String { "/communities/\(slug)/settings" }

    static func signIn(next: String) -> String { signIn + query([URLQueryItem(name: "next", value: next)]) }

    static func query(_ items: [URLQueryItem]) -> String {
        guard !items.isEmpty else { return "" }
        var c = URLComponents()
        c.queryItems = items
        return c.percentEncodedQuery.map { "?" + $0.replacingOccurrences(of: "+", with: "%2B") } ?? ""
    }

    /// Only local paths are followed after sign-in, so `next` cannot send anyone to another site.
    static func safeNext(_ next: String?) -> String {
        // Browsers drop tabs and newlines and read "\\" as "/", so "/\t/evil.example" would leave the site: refuse them all.
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"),
              !next.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 || $0 == "\\" || $0.value == 0x7F })
        else { return home }
        return next
    }
}

/// #CodeSocial URLs.
extension Paths {
    static func code(_ slug: String) -> String { "/communities/\(slug)/code" }
    static func codeHistory(_ slug: String, after: String? = nil) -> String {
        code(slug) + "/history" + query(after.map { [URLQueryItem(name: "after", value: $0)] } ?? [])
    }
    static func codeRevision(_ slug: String, _ n: Int, split: Bool = false) -> String { code(slug) + "/revisions/\(n)" + (split ? "?view=split" : "") }
    static func codeDiff(_ slug: String, from: Int, to: Int, split: Bool = false) -> String {
        code(slug) + "/diff?from=\(from)&to=\(to)" + (split ? "&view=split" : "")
    }
    static func codeBlame(_ slug: String, _ section: String) -> String { code(slug) + "/blame/\(section)" }
    static func amendments(_ slug: String, status: String? = nil, after: String? = nil) -> String {
        var q: [String] = []
        if let status { q.append("status=\(status)") }
        if let after { q.append("after=\(after)") }
        return code(slug) + "/amendments" + (q.isEmpty ? "" : "?" + q.joined(separator: "&"))
    }
    static func newAmendment(_ slug: String, section: String? = nil, fact: UUID? = nil) -> String {
        var q: [String] = []
        if let section { q.append("section=\(section)") }
        if let fact { q.append("fact=\(fact.uuidString)") }
        return code(slug) + "/amendments/new" + (q.isEmpty ? "" : "?" + q.joined(separator: "&"))
    }
    static func amendment(_ slug: String, _ id: UUID, split: Bool = false) -> String { code(slug) + "/amendments/\(id.uuidString)" + (split ? "?view=split" : "") }
    static func amendmentAction(_ slug: String, _ id: UUID, _ action: String) -> String { amendment(slug, id) + "/" + action }
    static func codeFacts(_ slug: String) -> String { code(slug) + "/facts" }
    static func codeDiagnosis(_ slug: String) -> String { code(slug) + "/diagnosis" }
    static func codeSettings(_ slug: String) -> String { code(slug) + "/settings" }
    static func codeExport(_ slug: String, _ format: String) -> String { code(slug) + "/export." + format }
}

/// #ChiffresEnsemble URLs.
extension Paths {
    static func figures(_ slug: String) -> String { "/communities/\(slug)/figures" }
    static func figures(_ slug: String, q: String?, after: String?) -> String {
        var items: [URLQueryItem] = []
        if let q, !q.isEmpty { items.append(URLQueryItem(name: "q", value: q)) }
        if let after { items.append(URLQueryItem(name: "after", value: after)) }
        return figures(slug) + query(items)
    }
    static func newIndicator(_ slug: String) -> String { figures(slug) + "/new" }
    static func indicator(_ slug: String, _ id: UUID) -> String { figures(slug) + "/\(id.uuidString)" }
    static func contribute(_ slug: String, _ id: UUID) -> String { indicator(slug, id) + "/contribute" }
    static func flagContribution(_ slug: String, _ id: UUID) -> String { figures(slug) + "/contributions/\(id.uuidString)/flag" }
    static func credits(_ slug: String) -> String { figures(slug) + "/credits" }
    static func figureRules(_ slug: String) -> String { figures(slug) + "/rules" }
    static func figureRefresh(_ slug: String) -> String { figures(slug) + "/refresh" }
    static func datasets(_ slug: String) -> String { figures(slug) + "/datasets" }
    static func dataset(_ slug: String, _ id: UUID, sort: String? = nil) -> String {
        datasets(slug) + "/\(id.uuidString)" + (sort.map { "?sort=\($0)" } ?? "")
    }
    /// Exports are served at the same relative paths under the pages (session) and under /api/v1 (token).
    static func datasetExport(_ slug: String, _ id: UUID, _ file: String) -> String { dataset(slug, id) + "/" + file }
}

/// Journey URLs.
extension Paths {
    static func journey(_ slug: String) -> String { "/communities/\(slug)/journey" }
    static func journeyActions(_ slug: String) -> String { journey(slug) + "/actions" }
    static func journeyAction(_ slug: String, _ id: UUID) -> String { journeyActions(slug) + "/\(id.uuidString)" }
    static func journeyEvaluation(_ slug: String) -> String { journey(slug) + "/evaluation" }
    static func journeyWall(_ slug: String) -> String { journey(slug) + "/recognitions" }
    static func journeyReport(_ slug: String) -> String { journey(slug) + "/report" }
}

/// Economy URLs.
extension Paths {
    static func economy(_ slug: String) -> String { "/communities/\(slug)/economy" }
    static func offer(_ slug: String, _ id: UUID) -> String { economy(slug) + "/offers/\(id.uuidString)" }
    static func economyFlows(_ slug: String) -> String { economy(slug) + "/flows" }
    static func economyPyramid(_ slug: String) -> String { economy(slug) + "/pyramid" }
}

// MARK: Social space
extension Paths {
    static let feed = "/feed"
    static let notifications = "/notifications"
    static let matches = "/me/matches"
    static let events = "/events"
    static func communityFeed(_ slug: String, after: String? = nil) -> String {
        "/communities/\(slug)/feed" + (after.map { query([URLQueryItem(name: "after", value: $0)]) } ?? "")
    }
    static func post(_ slug: String, _ id: UUID) -> String { "/communities/\(slug)/posts/\(id.uuidString)" }
    static func follow(_ slug: String) -> String { "/communities/\(slug)/follow" }
    static func followPerson(_ handle: String) -> String { "/people/\(handle)/follow" }
    static func credibility(_ slug: String, topic: String? = nil) -> String {
        "/communities/\(slug)/credibility" + (topic.map { query([URLQueryItem(name: "topic", value: $0)]) } ?? "")
    }
    static func credibility(_ slug: String, _ handle: String) -> String { "/communities/\(slug)/credibility/\(handle)" }
    static func endorsements(_ slug: String) -> String { "/communities/\(slug)/endorsements" }
    static func revokeEndorsement(_ slug: String, _ id: UUID) -> String { "/communities/\(slug)/endorsements/\(id.uuidString)/revoke" }
    static func credibilityRefresh(_ slug: String) -> String { "/communities/\(slug)/credibility/refresh" }
}
