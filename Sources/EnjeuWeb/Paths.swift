import Foundation

/// Every page URL, spelled once.
package enum Paths {
    package static let home = "/"
    package static let signUp = "/signup"
    package static let signIn = "/signin"
    package static let signOut = "/signout"
    package static let lang = "/lang"
    package static let me = "/me"
    package static let tokens = "/me/tokens"
    package static func revokeToken(_ id: UUID) -> String { "/me/tokens/\(id.uuidString)/revoke" }
    package static func person(_ handle: String) -> String { "/people/\(handle)" }
    package static let communities = "/communities"
    package static let newCommunity = "/communities/new"
    package static func communities(q: String?, after: String?) -> String {
        var items: [URLQueryItem] = []
        if let q, !q.isEmpty { items.append(URLQueryItem(name: "q", value: q)) }
        if let after { items.append(URLQueryItem(name: "after", value: after)) }
        return communities + query(items)
    }
    package static func community(_ slug: String) -> String { "/communities/\(slug)" }
    package static func members(_ slug: String, after: String? = nil) -> String {
        "/communities/\(slug)/members" + query(after.map { [URLQueryItem(name: "after", value: $0)] } ?? [])
    }
    package static func member(_ slug: String, _ handle: String, _ action: String) -> String { "/communities/\(slug)/members/\(handle)/\(action)" }
    package static func join(_ slug: String) -> String { "/communities/\(slug)/join" }
    package static func withdraw(_ slug: String) -> String { "/communities/\(slug)/withdraw" }
    package static func leave(_ slug: String) -> String { "/communities/\(slug)/leave" }
    package static func charter(_ slug: String) -> String { "/communities/\(slug)/charter" }
    package static func acceptCharter(_ slug: String) -> String { "/communities/\(slug)/charter/accept" }
    package static func requests(_ slug: String) -> String { "/communities/\(slug)/requests" }
    package static func approve(_ slug: String, _ id: UUID) -> String { "/communities/\(slug)/requests/\(id.uuidString)/approve" }
    package static func decline(_ slug: String, _ id: UUID) -> String { "/communities/\(slug)/requests/\(id.uuidString)/decline" }
    package static func settings(_ slug: String) -> String { "/communities/\(slug)/settings" }

    package static func signIn(next: String) -> String { signIn + query([URLQueryItem(name: "next", value: next)]) }

    package static func query(_ items: [URLQueryItem]) -> String {
        guard !items.isEmpty else { return "" }
        var c = URLComponents()
        c.queryItems = items
        return c.percentEncodedQuery.map { "?" + $0.replacingOccurrences(of: "+", with: "%2B") } ?? ""
    }

    /// Only local paths are followed after sign-in, so `next` cannot send anyone to another site.
    package static func safeNext(_ next: String?) -> String {
        // Browsers drop tabs and newlines and read "\\" as "/", so "/\t/evil.example" would leave the site: refuse them all.
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"),
              !next.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 || $0 == "\\" || $0.value == 0x7F })
        else { return home }
        return next
    }
}

/// #CodeSocial URLs.
extension Paths {
    package static func code(_ slug: String) -> String { "/communities/\(slug)/code" }
    package static func codeHistory(_ slug: String, after: String? = nil) -> String {
        code(slug) + "/history" + query(after.map { [URLQueryItem(name: "after", value: $0)] } ?? [])
    }
    package static func codeRevision(_ slug: String, _ n: Int, split: Bool = false) -> String { code(slug) + "/revisions/\(n)" + (split ? "?view=split" : "") }
    package static func codeDiff(_ slug: String, from: Int, to: Int, split: Bool = false) -> String {
        code(slug) + "/diff?from=\(from)&to=\(to)" + (split ? "&view=split" : "")
    }
    package static func codeBlame(_ slug: String, _ section: String) -> String { code(slug) + "/blame/\(section)" }
    package static func amendments(_ slug: String, status: String? = nil, after: String? = nil) -> String {
        var q: [String] = []
        if let status { q.append("status=\(status)") }
        if let after { q.append("after=\(after)") }
        return code(slug) + "/amendments" + (q.isEmpty ? "" : "?" + q.joined(separator: "&"))
    }
    package static func newAmendment(_ slug: String, section: String? = nil, fact: UUID? = nil) -> String {
        var q: [String] = []
        if let section { q.append("section=\(section)") }
        if let fact { q.append("fact=\(fact.uuidString)") }
        return code(slug) + "/amendments/new" + (q.isEmpty ? "" : "?" + q.joined(separator: "&"))
    }
    package static func amendment(_ slug: String, _ id: UUID, split: Bool = false) -> String { code(slug) + "/amendments/\(id.uuidString)" + (split ? "?view=split" : "") }
    package static func amendmentAction(_ slug: String, _ id: UUID, _ action: String) -> String { amendment(slug, id) + "/" + action }
    package static func codeFacts(_ slug: String) -> String { code(slug) + "/facts" }
    package static func codeDiagnosis(_ slug: String) -> String { code(slug) + "/diagnosis" }
    package static func codeSettings(_ slug: String) -> String { code(slug) + "/settings" }
    package static func codeExport(_ slug: String, _ format: String) -> String { code(slug) + "/export." + format }
}

/// #ChiffresEnsemble URLs.
extension Paths {
    package static func figures(_ slug: String) -> String { "/communities/\(slug)/figures" }
    package static func figures(_ slug: String, q: String?, after: String?) -> String {
        var items: [URLQueryItem] = []
        if let q, !q.isEmpty { items.append(URLQueryItem(name: "q", value: q)) }
        if let after { items.append(URLQueryItem(name: "after", value: after)) }
        return figures(slug) + query(items)
    }
    package static func newIndicator(_ slug: String) -> String { figures(slug) + "/new" }
    package static func indicator(_ slug: String, _ id: UUID) -> String { figures(slug) + "/\(id.uuidString)" }
    package static func contribute(_ slug: String, _ id: UUID) -> String { indicator(slug, id) + "/contribute" }
    package static func flagContribution(_ slug: String, _ id: UUID) -> String { figures(slug) + "/contributions/\(id.uuidString)/flag" }
    package static func credits(_ slug: String) -> String { figures(slug) + "/credits" }
    package static func figureRules(_ slug: String) -> String { figures(slug) + "/rules" }
    package static func figureRefresh(_ slug: String) -> String { figures(slug) + "/refresh" }
    package static func datasets(_ slug: String) -> String { figures(slug) + "/datasets" }
    package static func dataset(_ slug: String, _ id: UUID, sort: String? = nil) -> String {
        datasets(slug) + "/\(id.uuidString)" + (sort.map { "?sort=\($0)" } ?? "")
    }
    /// Exports are served at the same relative paths under the pages (session) and under /api/v1 (token).
    package static func datasetExport(_ slug: String, _ id: UUID, _ file: String) -> String { dataset(slug, id) + "/" + file }
}

/// Journey URLs.
extension Paths {
    package static func journey(_ slug: String) -> String { "/communities/\(slug)/journey" }
    package static func journeyActions(_ slug: String) -> String { journey(slug) + "/actions" }
    package static func journeyAction(_ slug: String, _ id: UUID) -> String { journeyActions(slug) + "/\(id.uuidString)" }
    package static func journeyEvaluation(_ slug: String) -> String { journey(slug) + "/evaluation" }
    package static func journeyWall(_ slug: String) -> String { journey(slug) + "/recognitions" }
    package static func journeyReport(_ slug: String) -> String { journey(slug) + "/report" }
}

/// Economy URLs.
extension Paths {
    package static func economy(_ slug: String) -> String { "/communities/\(slug)/economy" }
    package static func offer(_ slug: String, _ id: UUID) -> String { economy(slug) + "/offers/\(id.uuidString)" }
    package static func economyFlows(_ slug: String) -> String { economy(slug) + "/flows" }
    package static func economyPyramid(_ slug: String) -> String { economy(slug) + "/pyramid" }
}

// MARK: Social space
extension Paths {
    package static let feed = "/feed"
    package static let notifications = "/notifications"
    package static let matches = "/me/matches"
    package static let events = "/events"
    package static func communityFeed(_ slug: String, after: String? = nil) -> String {
        "/communities/\(slug)/feed" + (after.map { query([URLQueryItem(name: "after", value: $0)]) } ?? "")
    }
    package static func post(_ slug: String, _ id: UUID) -> String { "/communities/\(slug)/posts/\(id.uuidString)" }
    package static func follow(_ slug: String) -> String { "/communities/\(slug)/follow" }
    package static func followPerson(_ handle: String) -> String { "/people/\(handle)/follow" }
    package static func credibility(_ slug: String, topic: String? = nil) -> String {
        "/communities/\(slug)/credibility" + (topic.map { query([URLQueryItem(name: "topic", value: $0)]) } ?? "")
    }
    package static func credibility(_ slug: String, _ handle: String) -> String { "/communities/\(slug)/credibility/\(handle)" }
    package static func endorsements(_ slug: String) -> String { "/communities/\(slug)/endorsements" }
    package static func revokeEndorsement(_ slug: String, _ id: UUID) -> String { "/communities/\(slug)/endorsements/\(id.uuidString)/revoke" }
    package static func credibilityRefresh(_ slug: String) -> String { "/communities/\(slug)/credibility/refresh" }
}
