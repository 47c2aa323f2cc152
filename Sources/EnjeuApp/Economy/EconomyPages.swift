import Fluent
import Vapor
import EnjeuCore
import EnjeuWeb

/// The economy pages: the contributive catalogue and its referrals, the ledger of flows with its matrices, the pyramid.
struct EconomyPages {
    func register(_ r: any RoutesBuilder) {
        r.open(.GET, "catalogue") { req in try await ecosystemPage(req) }
        let c = r.grouped("communities", ":slug", "economy")
        c.community(.GET, need: .seeInside) { req, ctx in try await cataloguePage(req, ctx, FormState(values: ["kind": "service"])) }
        c.community(.POST, "offers", need: .contribute) { req, ctx in
            let f = (try? req.content.decode([String: String].self)) ?? [:]
            do {
                let id = try await EconomyService(req: req).publish(ctx, .init(kind: f["kind"] ?? "", title: f["name"] ?? "", description: f["definition"] ?? "",
                                                                              terms: f["terms"], tags: Tags.normalise(f["tags"] ?? ""), place: f["place"]))
                return req.redirect(to: Paths.offer(ctx.community.slug, id), flash: .saved)
            } catch let AppError.invalid(v) {
                return try await cataloguePage(req, ctx, FormState(values: f, violations: v), status: .unprocessableEntity)
            }
        }
        c.community(.GET, "offers", ":id", need: .seeInside) { req, ctx in try await offerPage(req, ctx, FormState()) }
        c.community(.POST, "offers", ":id", "referrals", need: .contribute) { req, ctx in
            let o = try await EconomyQueries(req).requireOffer(ctx)
            let f = (try? req.content.decode([String: String].self)) ?? [:]
            do {
                _ = try await EconomyService(req: req).refer(ctx, offer: o, .init(beneficiary: f["beneficiary"] ?? "", note: f["note"]))
            } catch let AppError.invalid(v) {
                return try await offerPage(req, ctx, FormState(values: f, violations: v), status: .unprocessableEntity)
            }
            return req.redirect(to: Paths.offer(ctx.community.slug, o.id), flash: .saved)
        }
        c.community(.POST, "referrals", ":id", "status", need: .contribute) { req, ctx in
            guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)),
                  let r = try await EconomyQueries.referralRow(req.db, ctx.id, id) else { throw AppError.notFound }
            let f = (try? req.content.decode([String: String].self)) ?? [:]
            try await EconomyService(req: req).setReferralStatus(ctx, referral: id, status: f["status"] ?? "")
            return req.redirect(to: Paths.offer(ctx.community.slug, r.offerId), flash: .saved)
        }
        c.community(.GET, "flows", need: .seeInside) { req, ctx in try await flowsPage(req, ctx, FormState(values: ["nature": "material", "measure": "quantitative", "date": FiguresService.isoDay(req.now)])) }
        c.community(.POST, "flows", need: .contribute) { req, ctx in
            let f = (try? req.content.decode([String: String].self)) ?? [:]
            do {
                let quantity = (f["quantity"] ?? "").isEmpty ? nil : FiguresPages.number(f["quantity"] ?? "")
                if !(f["quantity"] ?? "").isEmpty && quantity == nil { throw AppError.invalid(Violations(.quantity, .notANumber)) }
                _ = try await EconomyService(req: req).recordFlow(ctx, .init(from: f["from"] ?? "", to: f["to"] ?? "", nature: f["nature"] ?? "",
                                                                            measure: f["measure"] ?? "", quantity: quantity, unit: f["unit"],
                                                                            description: f["definition"], appreciation: (f["appreciation"]).flatMap { Int($0) },
                                                                            date: f["date"] ?? "", note: f["note"], offer: nil))
            } catch let AppError.invalid(v) {
                return try await flowsPage(req, ctx, FormState(values: f, violations: v), status: .unprocessableEntity)
            } catch let AppError.rejected(t) {
                return try await flowsPage(req, ctx, FormState(values: f, message: t), status: .unprocessableEntity)
            }
            return req.redirect(to: Paths.economyFlows(ctx.community.slug), flash: .saved)
        }
        // The exports also under the pages, so a signed-in member downloads them with their session.
        c.community(.GET, "flows.csv", need: .seeInside) { req, ctx in try EconomyExports(req: req, ctx: ctx).flowsCSV() }
        c.community(.GET, "flows.jsonld", need: .seeInside) { req, ctx in try EconomyExports(req: req, ctx: ctx).valueFlows() }
        c.community(.GET, "offers.csv", need: .seeInside) { req, ctx in EconomyExports(req: req, ctx: ctx).offersCSV() }
        EconomyConfirmations.register(pages: c)
        c.community(.GET, "pyramid", need: .seeInside) { req, ctx in try await pyramidPage(req, ctx, FormState(values: ["layer": "creation"])) }
        c.community(.POST, "pyramid", need: .contribute) { req, ctx in
            let f = (try? req.content.decode([String: String].self)) ?? [:]
            do {
                _ = try await EconomyService(req: req).addResponsibility(ctx, .init(member: f["handle"] ?? "", layer: f["layer"] ?? "", role: f["role"] ?? "",
                                                                                   what: f["definition"], amount: (f["quantity"]).flatMap(FiguresPages.number),
                                                                                   unit: f["unit"], share: (f["share"]).flatMap(FiguresPages.number)))
            } catch let AppError.invalid(v) {
                return try await pyramidPage(req, ctx, FormState(values: f, violations: v), status: .unprocessableEntity)
            }
            return req.redirect(to: Paths.economyPyramid(ctx.community.slug), flash: .saved)
        }
    }

    func nav(_ req: Request, _ ctx: CommunityContext) -> Node {
        let l = req.lang
        let slug = ctx.community.slug
        return el("nav", .cls("subnav"), .aria("label", l[EconomyText.title])) {
            el("a", .href(Paths.community(slug))) { ctx.community.name }
            el("a", .href(Paths.economy(slug))) { l[EconomyText.catalogue] }
            el("a", .href(Paths.economyFlows(slug))) { l[EconomyText.flows] }
            el("a", .href(Paths.economyPyramid(slug))) { l[EconomyText.pyramid] }
            el("a", .href(Paths.code(slug) + "#economic")) { l[EconomyText.codeSection] }
        }
    }

    func offerList(_ l: Lang, _ items: [EconomyQueries.OfferRow], showCommunity: Bool) -> Node {
        el("ul", .cls("offers")) {
            for o in items {
                el("li", .cls("offer")) {
                    el("a", .href(Paths.offer(o.slug, o.id))) { o.title }
                    el("span", .cls("badge")) { l[EconomyText.kind(o.kind)] }
                    el("p", .cls("muted")) {
                        ([o.ownerName] + (showCommunity ? [o.communityName] : []) + [o.place]).filter { !$0.isEmpty }.joined(separator: " · ")
                        for t in o.tagList {
                            " · "
                            el("a", .href((showCommunity ? "/catalogue" : Paths.economy(o.slug)) + "?tag=" + (t.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? t))) { "#" + t }
                        }
                    }
                }
            }
        }
    }

    func searchForm(_ l: Lang, action: String, q: String?) -> Node {
        el("form", .cls("search"), Attr("method", "get"), Attr("action", action), Attr("role", "search")) {
            el("label", Attr("for", "q")) { l[EconomyText.search] }
            el("input", .id("q"), .name("q"), .type("search"), .value(q ?? ""))
            el("label", Attr("for", "kind-filter")) { l[Text.label(.kind)] }
            el("select", .id("kind-filter"), .name("kind")) {
                el("option", .value("")) { l[JourneyText.none] }
                for k in OfferKind.allCases { el("option", .value(k.rawValue)) { l[EconomyText.kind(k.rawValue)] } }
            }
            el("button", .type("submit")) { l[FiguresText.searchButton] }
        }
    }

    func ecosystemPage(_ req: Request) async throws -> Response {
        let l = req.lang
        let q = try? req.query.get(String.self, at: "q")
        let page = try await EconomyQueries(req).offers(.ecosystem(viewer: req.viewer?.id), q: q, kind: try? req.query.get(String.self, at: "kind"),
                                                        tag: try? req.query.get(String.self, at: "tag"), community: try? req.query.get(String.self, at: "community"),
                                                        after: try? req.query.get(String.self, at: "after"))
        return req.page(l[EconomyText.ecosystem]) {
            el("h1") { l[EconomyText.ecosystem] }
            el("p", .cls("lead")) { l[EconomyText.ecosystemLead] }
            searchForm(l, action: "/catalogue", q: q)
            if page.items.isEmpty { el("p") { l[.nothingYet] } }
            offerList(l, page.items, showCommunity: true)
            pager(next: (q ?? "").isEmpty ? page.next.map { "/catalogue?after=" + $0 } : nil, l)
        }
    }

    func cataloguePage(_ req: Request, _ ctx: CommunityContext, _ s: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let l = req.lang
        let slug = ctx.community.slug
        let q = try? req.query.get(String.self, at: "q")
        let queries = EconomyQueries(req)
        let page = try await queries.offers(.community(ctx.id), q: q, kind: try? req.query.get(String.self, at: "kind"), tag: try? req.query.get(String.self, at: "tag"),
                                            after: try? req.query.get(String.self, at: "after"))
        let multipliers = ctx.viewer == nil ? nil : try await queries.multipliers(ctx.id, owner: ctx.viewer?.id)
        return req.page(l[EconomyText.catalogue] + " · " + ctx.community.name, status: status) {
            nav(req, ctx)
            el("h1") { l[EconomyText.catalogue] }
            el("p", .cls("lead")) { l[EconomyText.lead] }
            if let multipliers {
                el("section", .cls("multipliers"), .aria("labelledby", "mult-title")) {
                    el("h2", .id("mult-title")) { l[EconomyText.multipliersTitle] }
                    el("dl", .cls("facts")) {
                        el("dt") { l[EconomyText.diversity] }; el("dd", .cls("m-diversity")) { String(multipliers.diversity) }
                        el("dt") { l[EconomyText.salesForce] }; el("dd", .cls("m-sales")) { String(multipliers.salesForce) }
                        el("dt") { l[EconomyText.crossSolicitation] }; el("dd", .cls("m-cross")) { String(multipliers.crossSolicitation) }
                        el("dt") { l[EconomyText.completed] }; el("dd", .cls("m-completed")) { String(multipliers.referralsCompleted) }
                    }
                }
            }
            searchForm(l, action: Paths.economy(slug), q: q)
            if page.items.isEmpty { el("p") { l[.nothingYet] } }
            offerList(l, page.items, showCommunity: false)
            pager(next: (q ?? "").isEmpty ? page.next.map { Paths.economy(slug) + "?after=" + $0 } : nil, l)
            el("p", .cls("exports")) {
                el("a", .href(Paths.economy(slug) + "/offers.csv")) { "CSV" }
            }
            if ctx.can(.contribute) {
                el("section", .aria("labelledby", "publish-title")) {
                    el("h2", .id("publish-title")) { l[EconomyText.publish] }
                    errorSummary(s, l)
                    postForm(Paths.economy(slug) + "/offers", csrf: req.csrf) {
                        field(.kind, s, l, input: .choice(OfferKind.allCases.map { ($0.rawValue, EconomyText.kind($0.rawValue)) }))
                        field(.name, s, l, required: true, label: JourneyText.titleLabel)
                        field(.definition, s, l, input: .area(rows: 3), required: true)
                        field(.terms, s, l)
                        field(.tags, s, l, hint: FiguresText.tagsHint)
                        field(.place, s, l)
                        el("button", .type("submit")) { l[EconomyText.publish] }
                    }
                }
            }
        }
    }

    func offerPage(_ req: Request, _ ctx: CommunityContext, _ s: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let l = req.lang
        let slug = ctx.community.slug
        let queries = EconomyQueries(req)
        let o = try await queries.requireOffer(ctx)
        let referrals = try await queries.referrals(offer: o, ctx, after: try? req.query.get(String.self, at: "after"))
        let owner = ctx.viewer?.id == o.ownerId
        return req.page(o.title, status: status) {
            nav(req, ctx)
            el("h1") { o.title }
            el("p", .cls("badges")) { el("span", .cls("badge")) { l[EconomyText.kind(o.kind)] } }
            paragraphs(o.description)
            el("dl", .cls("facts")) {
                el("dt") { l[EconomyText.by] }; el("dd") { el("a", .href(Paths.person(o.ownerHandle))) { o.ownerName } }
                if !o.terms.isEmpty { el("dt") { l[Text.label(.terms)] }; el("dd") { o.terms } }
                if !o.place.isEmpty { el("dt") { l[Text.label(.place)] }; el("dd") { o.place } }
                if !o.tagList.isEmpty { el("dt") { l[Text.label(.tags)] }; el("dd") { o.tagList.joined(separator: ", ") } }
            }
            el("section", .aria("labelledby", "referrals-title")) {
                el("h2", .id("referrals-title")) { l[EconomyText.referrals] }
                el("ul", .cls("referrals")) {
                    for r in referrals.items {
                        el("li", .cls("referral status-" + r.status)) {
                            "@" + r.referrerHandle + " → " + r.beneficiary + " · "
                            el("span", .cls("badge")) { l[EconomyText.referralStatus(r.status)] }
                            if !r.note.isEmpty { " — " + r.note }
                            if owner, let current = ReferralStatus(rawValue: r.status) {
                                for next in ReferralStatus.allCases where current.canMove(to: next) {
                                    postForm(Paths.economy(slug) + "/referrals/\(r.id.uuidString)/status", csrf: req.csrf, cls: "inline") {
                                        el("input", .type("hidden"), .name("status"), .value(next.rawValue))
                                        el("button", .type("submit"), .cls(next == .declined ? "secondary" : "")) { l[EconomyText.moveReferral(next.rawValue)] }
                                    }
                                }
                            }
                        }
                    }
                }
                pager(next: referrals.next.map { Paths.offer(slug, o.id) + "?after=" + $0 }, l)
                if ctx.can(.contribute) && !owner {
                    errorSummary(s, l)
                    postForm(Paths.offer(slug, o.id) + "/referrals", csrf: req.csrf) {
                        field(.beneficiary, s, l, required: true, hint: EconomyText.beneficiaryHint)
                        field(.note, s, l)
                        el("button", .type("submit")) { l[EconomyText.refer] }
                    }
                }
            }
        }
    }

    func flowsPage(_ req: Request, _ ctx: CommunityContext, _ s: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let l = req.lang
        let slug = ctx.community.slug
        let queries = EconomyQueries(req)
        let filter = EconomyAPI.filter(req)
        let page = try await queries.flows(ctx.id, filter, after: try? req.query.get(String.self, at: "after"))
        let actor = try await queries.matrix(ctx.id, slug: slug, by: "actor", since: filter.since, until: filter.until, nature: filter.nature)
        let nature = try await queries.matrix(ctx.id, slug: slug, by: "nature", since: filter.since, until: filter.until, nature: nil)
        let awaiting = ctx.can(.contribute) ? try await queries.awaiting(ctx, after: nil) : nil
        return req.page(l[EconomyText.flows] + " · " + ctx.community.name, status: status) {
            nav(req, ctx)
            el("h1") { l[EconomyText.flows] }
            el("p", .cls("lead")) { l[EconomyText.flowsLead] }
            if let awaiting, !awaiting.items.isEmpty { EconomyConfirmations.section(req, ctx, awaiting) }
            el("h2") { l[EconomyText.actorMatrix] }
            EconomyCharts.heatmap(actor, l, slug: slug, label: l[EconomyText.actorMatrix])
            el("h2") { l[EconomyText.natureMatrix] }
            EconomyCharts.heatmap(nature, l, slug: slug, label: l[EconomyText.natureMatrix])
            el("p", .cls("totals")) {
                l[EconomyText.totals] + l[.colon] + (actor.totals.isEmpty ? "—" : actor.totals.sorted { $0.key < $1.key }.map { NumberFormat.number($0.value) + " " + $0.key }.joined(separator: " · "))
                " · " + l[EconomyText.qualitativeCount(actor.qualitative)]
            }
            el("h2") { l[EconomyText.ledger] }
            el("table", .cls("flows")) {
                el("thead") { el("tr") {
                    for h in [Text.label(.date), Text.label(.from), Text.label(.to), Text.label(.nature), Text.label(.quantity), Text.label(.definition),
                              Text.label(.status), EconomyText.whoColumn] {
                        el("th", Attr("scope", "col")) { l[h] }
                    }
                } }
                el("tbody") {
                    for f in page.items {
                        el("tr", .cls((f.reversed > 0 || f.reversesId != nil ? "reversed " : "") + "status-" + f.status)) {
                            el("td", Attr("data-label", l[Text.label(.date)])) { f.date }
                            el("td", Attr("data-label", l[Text.label(.from)])) { EconomyText.actor(f.fromKey, l) }
                            el("td", Attr("data-label", l[Text.label(.to)])) { EconomyText.actor(f.toKey, l) }
                            el("td", Attr("data-label", l[Text.label(.nature)])) { l[EconomyText.nature(f.nature)] }
                            el("td", Attr("data-label", l[Text.label(.quantity)])) {
                                f.quantity.map { NumberFormat.number($0) + " " + f.unit } ?? (f.appreciation.map { "★ \($0)/5" } ?? "—")
                            }
                            el("td", Attr("data-label", l[Text.label(.definition)])) { f.description + (f.reversesId != nil ? " (" + l[EconomyText.correction] + ")" : "") }
                            el("td", Attr("data-label", l[Text.label(.status)])) { el("span", .cls("badge flow-" + f.status)) { l[EconomyText.flowStatus(f.status)] } }
                            el("td", Attr("data-label", l[EconomyText.whoColumn])) { EconomyText.who(f, l) }
                        }
                    }
                }
            }
            pager(next: page.next.map { Paths.economyFlows(slug) + "?after=" + $0 }, l)
            el("p", .cls("exports")) {
                el("a", .href(Paths.economy(slug) + "/flows.csv")) { "CSV" }; " · "
                el("a", .href(Paths.economy(slug) + "/flows.jsonld")) { "ValueFlows JSON-LD" }
            }
            if ctx.can(.contribute) {
                el("section", .aria("labelledby", "record-title")) {
                    el("h2", .id("record-title")) { l[EconomyText.record] }
                    errorSummary(s, l)
                    postForm(Paths.economyFlows(slug), csrf: req.csrf) {
                        field(.from, s, l, required: true, hint: EconomyText.actorHint)
                        field(.to, s, l, required: true, hint: EconomyText.actorHint)
                        field(.nature, s, l, input: .choice(FlowNature.allCases.map { ($0.rawValue, EconomyText.nature($0.rawValue)) }))
                        field(.measure, s, l, input: .choice(FlowMeasure.allCases.map { ($0.rawValue, EconomyText.measure($0.rawValue)) }))
                        field(.quantity, s, l)
                        field(.unit, s, l, hint: EconomyText.unitHint)
                        field(.definition, s, l)
                        field(.appreciation, s, l, input: .choice([("", JourneyText.none)] + (1...5).map { (String($0), Text(fr: String($0), en: String($0))) }))
                        field(.date, s, l, input: .text(type: "date"), required: true)
                        field(.note, s, l)
                        el("button", .type("submit")) { l[EconomyText.record] }
                    }
                }
            }
        }
    }

    func pyramidPage(_ req: Request, _ ctx: CommunityContext, _ s: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let l = req.lang
        let p = EconomyAPI.pyramid(try await EconomyQueries(req).responsibilities(ctx.id))
        return req.page(l[EconomyText.pyramid] + " · " + ctx.community.name, status: status) {
            nav(req, ctx)
            el("h1") { l[EconomyText.pyramid] }
            el("p", .cls("lead")) { l[EconomyText.pyramidLead] }
            Node(raw: EconomyCharts.pyramid(p, l))
            for layer in PyramidLayer.allCases {
                el("h2") { l[EconomyText.layer(layer.rawValue)] }
                el("ul") {
                    for r in p.layers[layer.rawValue] ?? [] {
                        el("li") {
                            el("strong") { r.displayName }; " — " + r.role + (r.what.isEmpty ? "" : l[.colon] + r.what)
                            if let a = r.amount { " · " + NumberFormat.number(a) + " " + r.unit }
                            if let sh = r.share { " · " + NumberFormat.number(sh) + " %" }
                        }
                    }
                }
            }
            if !p.capitalWithoutCreation.isEmpty || !p.creationWithoutCapital.isEmpty {
                el("section", .cls("callout"), .aria("labelledby", "gap-title")) {
                    el("h2", .id("gap-title")) { l[EconomyText.gaps] }
                    if !p.capitalWithoutCreation.isEmpty { el("p") { l[EconomyText.capitalOnly] + l[.colon] + p.capitalWithoutCreation.map { "@" + $0 }.joined(separator: ", ") } }
                    if !p.creationWithoutCapital.isEmpty { el("p") { l[EconomyText.creationOnly] + l[.colon] + p.creationWithoutCapital.map { "@" + $0 }.joined(separator: ", ") } }
                }
            }
            if ctx.can(.contribute) {
                el("section", .aria("labelledby", "resp-title")) {
                    el("h2", .id("resp-title")) { l[EconomyText.addResponsibility] }
                    errorSummary(s, l)
                    postForm(Paths.economyPyramid(ctx.community.slug), csrf: req.csrf) {
                        field(.handle, s, l, required: true)
                        field(.layer, s, l, input: .choice(PyramidLayer.allCases.map { ($0.rawValue, EconomyText.layer($0.rawValue)) }))
                        field(.role, s, l, required: true)
                        field(.definition, s, l)
                        field(.quantity, s, l)
                        field(.unit, s, l)
                        field(.share, s, l)
                        el("button", .type("submit")) { l[.save] }
                    }
                }
            }
        }
    }
}

/// SVG heatmaps (with the table beside them) and the inverted pyramid.
enum EconomyCharts {
    /// The 30 most active actors on each axis (the full matrix is in the API); each cell links to its flows.
    static func heatmap(_ m: EconomyQueries.Matrix, _ l: Lang, slug: String, label: String) -> Node {
        let max = m.cells.map(\.flows).max() ?? 1
        var index: [String: EconomyQueries.Matrix.Cell] = [:]
        for c in m.cells { index[c.row + "\u{1}" + c.column] = c }
        func cell(_ r: String, _ c: String) -> EconomyQueries.Matrix.Cell? { index[r + "\u{1}" + c] }
        func top(_ keys: [String], _ key: (EconomyQueries.Matrix.Cell) -> String) -> [String] {
            guard keys.count > 30 else { return keys }
            var weight: [String: Int] = [:]
            for c in m.cells { weight[key(c), default: 0] += c.flows }
            return Array(keys.sorted { (weight[$0] ?? 0) > (weight[$1] ?? 0) }.prefix(30))
        }
        let rows = top(m.rows, \.row), columns = top(m.columns, \.column)
        func name(_ key: String) -> String { m.by == "nature" ? l[key == "material" || key == "immaterial" ? EconomyText.nature(key) : EconomyText.measure(key)] : EconomyText.actor(key, l) }
        // The SVG heatmap, then the same figures as an accessible table (with the links to the flows).
        let size = 22.0, left = 150.0, top = 120.0
        var svg = "<svg class=\"chart heat\" viewBox=\"0 0 \(Int(left + size * Double(columns.count) + 10)) \(Int(top + size * Double(rows.count) + 10))\" role=\"img\" aria-label=\"\(escape(label))\"><title>\(escape(label))</title>"
        for (j, c) in columns.enumerated() {
            let x = left + size * Double(j) + size / 2
            svg += "<text class=\"tick\" transform=\"translate(\(FigureCharts.f(x)),\(FigureCharts.f(top - 6))) rotate(-60)\">\(escape(String(name(c).prefix(22))))</text>"
        }
        for (i, r) in rows.enumerated() {
            let y = top + size * Double(i)
            svg += "<text class=\"tick\" x=\"\(FigureCharts.f(left - 6))\" y=\"\(FigureCharts.f(y + size * 0.7))\" text-anchor=\"end\">\(escape(String(name(r).prefix(22))))</text>"
            for (j, c) in columns.enumerated() {
                let x = cell(r, c)
                let level = x.map { Int((Double($0.flows) / Double(Swift.max(max, 1)) * 4).rounded(.up)) } ?? 0
                svg += "<rect class=\"heat-\(level)\" x=\"\(FigureCharts.f(left + size * Double(j)))\" y=\"\(FigureCharts.f(y))\" width=\"\(Int(size - 2))\" height=\"\(Int(size - 2))\">"
                svg += "<title>\(escape(name(r) + " → " + name(c) + " : " + String(x?.flows ?? 0)))</title></rect>"
            }
        }
        svg += "</svg>"
        return el("div", .cls("matrix")) {
            Node(raw: svg)
            el("table", .cls("heatmap"), .aria("label", label)) {
                el("thead") { el("tr") {
                    el("th", Attr("scope", "col")) { m.by == "nature" ? l[Text.label(.nature)] + " ↓ / " + l[Text.label(.measure)] + " →" : l[Text.label(.from)] + " ↓ / " + l[Text.label(.to)] + " →" }
                    for c in columns { el("th", Attr("scope", "col")) { name(c) } }
                } }
                el("tbody") {
                    for r in rows {
                        el("tr") {
                            el("th", Attr("scope", "row")) { name(r) }
                            for c in columns {
                                let x = cell(r, c)
                                let level = x.map { Int((Double($0.flows) / Double(Swift.max(max, 1)) * 4).rounded(.up)) } ?? 0
                                el("td", .cls("heat-\(level)")) {
                                    if let x {
                                        el("a", .href(Paths.economyFlows(slug) + "?" + (x.events.split(separator: "?", maxSplits: 1).last.map(String.init) ?? ""))) {
                                            (x.totals.sorted { $0.key < $1.key }.map { NumberFormat.number($0.value) + " " + $0.key } + (x.qualitative > 0 ? [l[EconomyText.qualitativeCount(x.qualitative)]] : [])).joined(separator: " · ")
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    static func pyramid(_ p: EconomyAPI.PyramidOut, _ l: Lang) -> String {
        // Inverted: creation widest at the top, capital at the point.
        let bands: [(PyramidLayer, Double, Double)] = [(.creation, 20, 300), (.support, 70, 200), (.capital, 120, 100)]
        var svg = "<svg class=\"chart pyramid\" viewBox=\"0 0 340 180\" role=\"img\" aria-label=\"\(escape(l[EconomyText.pyramid]))\"><title>\(escape(l[EconomyText.pyramid]))</title>"
        for (layer, y, width) in bands {
            let next = width - 100, x0 = (340 - width) / 2, x1 = x0 + width, nx0 = (340 - next) / 2, nx1 = nx0 + next
            svg += "<polygon class=\"layer \(layer.rawValue)\" points=\"\(x0),\(y) \(x1),\(y) \(nx1),\(y + 50) \(nx0),\(y + 50)\"/>"
            let n = p.layers[layer.rawValue]?.count ?? 0
            svg += "<text class=\"tick\" x=\"170\" y=\"\(y + 30)\" text-anchor=\"middle\">\(escape(l[EconomyText.layer(layer.rawValue)])) (\(n))</text>"
        }
        return svg + "</svg>"
    }
}

extension EconomyText {
    /// Who recorded the entry and who confirmed (or declined) it; entries older than confirmation have no known confirmer.
    static func who(_ f: EconomyQueries.FlowRow, _ l: Lang) -> String {
        var out = l[EconomyText.recordedBy(f.recorder)]
        let by = f.confirmer.map { "@" + $0 }
        switch f.status {
        case "pending": break
        case "declined": out += " · " + l[Text(fr: "refusé par ", en: "declined by ")] + (by ?? "?")
        default:
            if f.confirmer == nil { out += " · " + l[Text(fr: "confirmateur inconnu", en: "confirmer unknown")] }
            else if f.confirmer == f.recorder { out += " · " + l[Text(fr: "confirmé à l’enregistrement", en: "confirmed on recording")] }
            else { out += " · " + l[Text(fr: "confirmé par ", en: "confirmed by ")] + (by ?? "") }
        }
        return out
    }
    static func summary(_ f: EconomyQueries.FlowRow, _ l: Lang) -> String {
        [f.date, EconomyText.actor(f.fromKey, l) + " → " + EconomyText.actor(f.toKey, l), f.quantity.map { NumberFormat.number($0) + " " + f.unit } ?? f.appreciation.map { "★ \($0)/5" },
         f.description.isEmpty ? nil : f.description].compactMap { $0 }.joined(separator: " · ")
    }
}
