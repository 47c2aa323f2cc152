import Fluent
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// A network's view: its member communities (the sources of accepted `member-of` links to it), its organisations, and
/// what each member contributes, decided for every read by `AccessPolicy.contributes` on the members loaded once here
/// (a network has at most a few hundred members, each one row).
struct NetworkQueries {
    let ctx: ServiceContext
    let network: CommunityContext
    /// Every member community, whatever the reader may see of it.
    let members: [Member]

    struct Member: Sendable {
        let id: UUID, slug: String, name: String, visibility: Visibility
        let shareCatalogue: Bool, shareFigures: Bool, shareEvaluation: Bool, shareFlows: Bool
        /// Whether the reader may read this community anyway (`CommunityAccess.readable`).
        let readable: Bool
        /// The id as the queries below write it (`ids(_:)`), made once.
        let idText: String

        var sharing: NetworkSharing {
            NetworkSharing(catalogue: shareCatalogue, figures: shareFigures, evaluation: shareEvaluation, flows: shareFlows)
        }
        func contributes(_ feature: SharedFeature) -> Bool { AccessPolicy.contributes(feature, visibility: visibility, sharing: sharing) }
        var named: Bool { AccessPolicy.namesInNetwork(visibility: visibility, sharing: sharing, readerMayRead: readable) }
        var shown: NetworkMember {
            NetworkMember(slug: slug, name: name, visibility: visibility, shares: SharedFeature.allCases.filter(contributes))
        }
    }

    static let membersPage = 100

    static func load(_ ctx: ServiceContext, _ network: CommunityContext) async throws -> NetworkQueries {
        let members = try await ctx.db.rows("""
            SELECT c.id, c.slug, c.name, c.visibility, c.share_catalogue, c.share_figures, c.share_evaluation, c.share_flows,
              CASE WHEN \(CommunityAccess.readable("c", by: network.viewer?.id)) THEN 1 ELSE 0 END AS readable
            FROM community_links l JOIN communities c ON c.id = l.source_id
            WHERE l.target_id = \(bind: network.id) AND l.status = \(bind: LinkStatus.accepted.rawValue)
              AND l.kind = \(bind: LinkKind.memberOf.rawValue)
            """, reading: { row in
                let id = try row.decode(column: "id", as: UUID.self)
                return Member(id: id, slug: try row.decode(column: "slug", as: String.self), name: try row.decode(column: "name", as: String.self),
                              visibility: try row.decode(column: "visibility", as: Visibility.self),
                              shareCatalogue: try row.decode(column: "share_catalogue", as: Bool.self),
                              shareFigures: try row.decode(column: "share_figures", as: Bool.self),
                              shareEvaluation: try row.decode(column: "share_evaluation", as: Bool.self),
                              shareFlows: try row.decode(column: "share_flows", as: Bool.self),
                              readable: try row.decode(column: "readable", as: Int.self) == 1, idText: id.uuidString)
            })
        return NetworkQueries(ctx: ctx, network: network, members: members)
    }

    /// The members that contribute `feature`.
    func contributing(_ feature: SharedFeature) -> [Member] { members.filter { $0.contributes(feature) } }

    /// The ids of these members (and of the network itself with `network: true`) as a list of literals for `IN (…)`.
    /// Bound, every id would be encoded to text again for each query, and SQLKit escapes each literal it is given:
    /// together a third of a network request in profiles. An id's text is hexadecimal digits and dashes, nothing to escape.
    func ids(_ members: [Member], network withNetwork: Bool = false) -> SQLQueryString {
        let texts = (withNetwork ? [network.id.uuidString] : []) + members.map(\.idText)
        // `IN (NULL)` holds nothing, where `IN ()` is an error on PostgreSQL.
        guard !texts.isEmpty else { return "NULL" }
        return "\(unsafeRaw: texts.map { "'" + $0 + "'" }.joined(separator: ", "))"
    }

    /// The members named to this reader, by name then id; `after` as the pages give it.
    func namedMembers(after: String?) throws -> KeysetPage<NetworkMember> {
        // Sort keys made once: an id's text is costly, and a sort compares each member many times.
        let sorted = members.filter(\.named).map { (key: ($0.name, $0.id.uuidString), member: $0) }.sorted { $0.key < $1.key }
        var rest = sorted[...]
        if let cursor = try Cursor.after(after) {
            let last = (cursor.key, cursor.id.uuidString)
            rest = sorted.drop { $0.key <= last }
        }
        return KeysetPage(rows: rest.prefix(Self.membersPage + 1).map(\.member), size: Self.membersPage) { Cursor(key: $0.name, id: $0.id) }
            .map(\.shown)
    }

    /// Member communities of other instances (accepted `member-of` links to this one, `FederatedLinks`), 200 at most by
    /// age of the link, each with the latest three items it published that reached the network (it follows them).
    func remoteMembers() async throws -> [RemoteNetworkMember] {
        struct Row: Decodable { let actor_iri: String, name: String?, username: String?, domain: String? }
        let rows = try await ctx.db.rows("""
            SELECT l.actor_iri, a.name, a.username, a.domain FROM remote_links l LEFT JOIN remote_actors a ON a.iri = l.actor_iri
            WHERE l.community_id = \(bind: network.id) AND l.side = 'target' AND l.kind = \(bind: LinkKind.memberOf.rawValue)
              AND l.status = \(bind: LinkStatus.accepted.rawValue)
            ORDER BY l.id LIMIT 200
            """, as: Row.self)
        guard !rows.isEmpty else { return [] }
        struct Item: Decodable { let actor_iri: String, kind: String, name: String?, content: String, url: String?, object_iri: String }
        var shared: [String: [RemoteNetworkMember.Shared]] = [:]
        for item in try await ctx.db.rows("""
            SELECT actor_iri, kind, name, content, url, object_iri FROM federated_items
            WHERE community_id = \(bind: network.id) AND actor_iri IN (\(binds: rows.map(\.actor_iri))) ORDER BY id DESC LIMIT 600
            """, as: Item.self) where shared[item.actor_iri, default: []].count < 3 {
            let title = item.name.flatMap { $0.isEmpty ? nil : $0 } ?? String(item.content.prefix(80))
            shared[item.actor_iri, default: []].append(.init(kind: item.kind, title: title, url: item.url ?? item.object_iri))
        }
        return rows.map { r in
            let handle = r.username.flatMap { u in r.domain.map { "@\(u)@\($0)" } } ?? "@" + Actor.remoteHandle(r.actor_iri)
            return RemoteNetworkMember(handle: handle, name: r.name.flatMap { $0.isEmpty ? nil : $0 } ?? handle, url: r.actor_iri,
                                       shared: shared[r.actor_iri] ?? [])
        }
    }

    /// Organisations that are active members of the network community itself (their profiles are public).
    func organisations(after: String?, limit: Int = 200) async throws -> KeysetPage<NetworkOrganisation> {
        struct Row: Decodable { let id: UUID, slug: String, name: String, kind: OrganisationKind }
        var q: SQLQueryString = """
            SELECT o.id, o.slug, o.name, o.kind FROM organisation_memberships om JOIN organisations o ON o.id = om.organisation_id
            WHERE om.community_id = \(bind: network.id) AND om.status = \(bind: MembershipStatus.active.rawValue)
            """
        if let cursor = try Cursor.after(after) { q = q + " AND o.id < \(bind: cursor.id)" }
        q = q + " ORDER BY o.id DESC LIMIT \(literal: limit + 1)"
        return KeysetPage(rows: try await ctx.db.rows(q, as: Row.self), size: limit) { $0.id }
            .map { NetworkOrganisation(slug: $0.slug, name: $0.name, kind: $0.kind) }
    }

    /// One catalogue: the network's own offers and those of the members that contribute theirs, searched as any
    /// catalogue is (`EconomyQueries.offers`, the term index), owners left out.
    func offers(q: String?, after: String?) async throws -> KeysetPage<NetworkOffer> {
        return try await EconomyQueries(ctx).offers(.network(ids(contributing(.catalogue), network: true)), q: q, kind: nil, after: after).map {
            NetworkOffer(id: $0.id, kind: $0.kind, title: $0.title, description: $0.description, terms: $0.terms, tags: $0.tagList,
                         place: $0.place, createdAt: $0.createdAt, community: NamedCommunity(slug: $0.slug, name: $0.communityName))
        }
    }

    /// At most this many estimates are set side by side (the most recently defined indicators first).
    static let figuresLimit = 1_000

    /// The consensus estimates (`estimate` kind: two close values or more) of the members that contribute their
    /// figures, grouped by indicator name (case and accents aside) and unit.
    func figures() async throws -> [NetworkFigureGroup] {
        let sharing = contributing(.figures)
        guard !sharing.isEmpty else { return [] }
        struct Row { let communityId: UUID, name: String, unit: String, period: String, estValue: Double, estLow: Double, estHigh: Double, estContributors: Int }
        let rows = try await ctx.db.rows("""
            SELECT i.community_id, i.name, i.unit, i.period, i.est_value, i.est_low, i.est_high, i.est_contributors FROM indicators i
            WHERE i.community_id IN (\(ids(sharing))) AND i.est_kind = \(bind: FigureEstimate.Kind.estimate.rawValue)
            ORDER BY i.id DESC LIMIT \(literal: Self.figuresLimit)
            """, reading: {
                Row(communityId: try $0.decode(column: "community_id", as: UUID.self), name: try $0.decode(column: "name", as: String.self),
                    unit: try $0.decode(column: "unit", as: String.self), period: try $0.decode(column: "period", as: String.self),
                    estValue: try $0.decode(column: "est_value", as: Double.self), estLow: try $0.decode(column: "est_low", as: Double.self),
                    estHigh: try $0.decode(column: "est_high", as: Double.self), estContributors: try $0.decode(column: "est_contributors", as: Int.self))
            })
        let byID = Dictionary(uniqueKeysWithValues: sharing.map { ($0.id, NamedCommunity(slug: $0.slug, name: $0.name)) })
        // A few names recur across hundreds of communities: each is folded once.
        var folded: [String: String] = [:]
        let groups = Dictionary(grouping: rows) { row -> String in
            let name = folded[row.name] ?? Folding.fold(row.name).trimmingCharacters(in: .whitespaces)
            folded[row.name] = name
            return name + "\u{1F}" + row.unit
        }
        return groups.values.compactMap { rows -> NetworkFigureGroup? in
            guard let first = rows.first else { return nil }
            let figures = rows.compactMap { r in byID[r.communityId].map {
                NetworkFigure(community: $0, period: r.period, value: r.estValue, low: r.estLow, high: r.estHigh, contributors: r.estContributors)
            } }.sorted { ($0.community.name, $0.period) < ($1.community.name, $1.period) }
            return NetworkFigureGroup(name: first.name, unit: first.unit, figures: figures)
        }.sorted { ($0.name.lowercased(), $0.unit) < ($1.name.lowercased(), $1.unit) }
    }
}
