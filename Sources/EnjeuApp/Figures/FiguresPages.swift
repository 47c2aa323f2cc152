import Fluent
import Vapor
import EnjeuCore
import EnjeuWeb

/// The #ChiffresEnsemble pages: indicators, one indicator with its estimate, charts and contributions, credits, datasets.
struct FiguresPages {
    struct IndicatorForm: Content {
        var name: String?; var definition: String?; var unit: String?; var period: String?; var place: String?
        var tags: String?; var scale: String?; var dataset: String?; var confirm: String?
    }
    struct ContributionForm: Content { var value: String?; var unit: String?; var source: String?; var observedOn: String?; var comment: String? }
    struct FlagForm: Content { var reason: String?; var correctedValue: String?; var source: String? }
    struct DatasetForm: Content { var name: String?; var description: String? }

    func register(_ r: any RoutesBuilder) {
        let c = r.grouped("communities", ":slug", "figures")
        c.community(.GET, need: .seeInside) { req, ctx in try await listPage(req, ctx) }
        c.community(.GET, "new", need: .contribute) { req, ctx in
            try await newPage(req, ctx, FormState(values: ["scale": "positive", "dataset": (try? req.query.get(String.self, at: "dataset")) ?? ""]))
        }
        c.community(.POST, need: .contribute) { req, ctx in
            let f = (try? req.content.decode(IndicatorForm.self)) ?? IndicatorForm()
            let values = ["name": f.name ?? "", "definition": f.definition ?? "", "unit": f.unit ?? "", "period": f.period ?? "",
                          "place": f.place ?? "", "tags": f.tags ?? "", "scale": f.scale ?? "positive", "dataset": f.dataset ?? ""]
            let input = FiguresService.IndicatorInput(name: values["name"]!, definition: values["definition"]!, unit: values["unit"]!,
                                                      period: values["period"]!, place: values["place"], tags: Tags.normalise(values["tags"]!),
                                                      scale: values["scale"], dataset: UUID(uuidString: values["dataset"]!))
            // Duplicates are suggested before creation; the member confirms to create anyway.
            if f.confirm == nil, case .success = IndicatorDraft(name: input.name, definition: input.definition, unit: input.unit, period: input.period,
                                                                  place: input.place ?? "", tags: input.tags ?? [], scale: input.scale ?? "").validated() {
                let similar = try await FiguresQueries(req).similar(ctx.id, name: input.name, period: input.period)
                if !similar.isEmpty { return try await newPage(req, ctx, FormState(values: values), similar: similar) }
            }
            do {
                let id = try await FiguresService(req: req).createIndicator(ctx, input)
                return req.redirect(to: Paths.indicator(ctx.community.slug, id), flash: .saved)
            } catch let AppError.invalid(v) {
                return try await newPage(req, ctx, FormState(values: values, violations: v), status: .unprocessableEntity)
            }
        }
        c.community(.GET, ":id", need: .contribute) { req, ctx in
            let indicator = try await FiguresQueries(req).requireIndicator(ctx)
            return try await indicatorPage(req, ctx, indicator, FormState(values: ["observedOn": FiguresService.isoDay(req.now)]))
        }
        c.community(.POST, ":id", "contribute", need: .contribute) { req, ctx in
            let indicator = try await FiguresQueries(req).requireIndicator(ctx)
            let f = (try? req.content.decode(ContributionForm.self)) ?? ContributionForm()
            let values = ["value": f.value ?? "", "unit": f.unit ?? "", "source": f.source ?? "", "observedOn": f.observedOn ?? "", "comment": f.comment ?? ""]
            do {
                let raw = (f.value ?? "").trimmingCharacters(in: .whitespaces)
                let number = Self.number(raw)
                if !raw.isEmpty && number == nil { throw AppError.invalid(Violations(.value, .notANumber)) }
                _ = try await FiguresService(req: req).contribute(ctx, indicator, .init(value: number, unit: f.unit, source: f.source ?? "",
                                                                                       observedOn: f.observedOn ?? "", comment: f.comment))
                return req.redirect(to: Paths.indicator(ctx.community.slug, indicator.id), flash: .figureContributed)
            } catch let AppError.invalid(v) {
                return try await indicatorPage(req, ctx, indicator, FormState(values: values, violations: v), status: .unprocessableEntity)
            }
        }
        c.community(.GET, "contributions", ":id", "flag", need: .contribute) { req, ctx in
            try await flagPage(req, ctx, FormState())
        }
        c.community(.POST, "contributions", ":id", "flag", need: .contribute) { req, ctx in
            guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)),
                  let target = try await FiguresQueries(req).contributionTarget(ctx.id, id) else { throw AppError.notFound }
            let f = (try? req.content.decode(FlagForm.self)) ?? FlagForm()
            let values = ["reason": f.reason ?? "", "correctedValue": f.correctedValue ?? "", "source": f.source ?? ""]
            do {
                let raw = (f.correctedValue ?? "").trimmingCharacters(in: .whitespaces)
                if !raw.isEmpty && Self.number(raw) == nil { throw AppError.invalid(Violations(.correctedValue, .notANumber)) }
                _ = try await FiguresService(req: req).flag(ctx, contributionID: id, .init(reason: f.reason ?? "", correctedValue: Self.number(raw), source: f.source))
            } catch let AppError.invalid(v) {
                return try await flagPage(req, ctx, FormState(values: values, violations: v), status: .unprocessableEntity)
            }
            return req.redirect(to: Paths.indicator(ctx.community.slug, target.indicatorId) + "#c-" + id.uuidString, flash: .figureFlagged)
        }
        c.community(.GET, "credits", need: .contribute) { req, ctx in try await creditsPage(req, ctx) }
        c.community(.GET, "rules", need: .steward) { req, ctx in
            let r = try await FiguresQueries(req).rules(ctx.id)
            return rulesPage(req, ctx, FormState(values: ["allowance": String(r.allowance), "readCost": String(r.readCost), "earn": String(r.earn),
                                                          "halfLifeDays": String(r.halfLifeDays)]))
        }
        c.community(.POST, "rules", need: .steward) { req, ctx in
            let form = (try? req.content.decode([String: String].self)) ?? [:]
            let rules = CreditRules(allowance: Int(form["allowance"] ?? "") ?? -1, readCost: Int(form["readCost"] ?? "") ?? -1,
                                    earn: Int(form["earn"] ?? "") ?? -1, halfLifeDays: Int(form["halfLifeDays"] ?? "") ?? -1)
            do {
                try await FiguresService(req: req).updateRules(ctx, rules)
                return req.redirect(to: Paths.charter(ctx.community.slug) + "#give-to-get", flash: .saved)
            } catch let AppError.invalid(v) {
                return rulesPage(req, ctx, FormState(values: form, violations: v), status: .unprocessableEntity)
            }
        }
        c.community(.POST, "refresh", need: .steward) { req, ctx in
            _ = try await FiguresService.refresh(app: req.application, community: ctx.id, now: req.now)
            return req.redirect(to: Paths.figures(ctx.community.slug), flash: .saved)
        }
        c.community(.GET, "datasets", need: .seeInside) { req, ctx in try await datasetsPage(req, ctx, FormState()) }
        c.community(.POST, "datasets", need: .contribute) { req, ctx in
            let f = (try? req.content.decode(DatasetForm.self)) ?? DatasetForm()
            do {
                let id = try await FiguresService(req: req).createDataset(ctx, name: f.name ?? "", description: f.description ?? "")
                return req.redirect(to: Paths.dataset(ctx.community.slug, id), flash: .saved)
            } catch let AppError.invalid(v) {
                return try await datasetsPage(req, ctx, FormState(values: ["name": f.name ?? "", "definition": f.description ?? ""], violations: v),
                                              status: .unprocessableEntity)
            }
        }
        c.community(.GET, "datasets", ":id", need: .seeInside) { req, ctx in try await datasetPage(req, ctx) }
        // A link (possibly followed from another site) spends nothing: the export holds what the reader has already paid for.
        c.community(.GET, "datasets", ":id", "export.csv", need: .contribute) { req, ctx in try await FiguresExports(req: req, ctx: ctx).estimatesCSV(charge: false) }
        c.community(.GET, "datasets", ":id", "contributions.csv", need: .steward) { req, ctx in try await FiguresExports(req: req, ctx: ctx).contributionsCSV() }
        c.community(.GET, "datasets", ":id", "datapackage.json", need: .contribute) { req, ctx in try await FiguresExports(req: req, ctx: ctx).dataPackage() }
        registerReading(c)
    }

    /// Numbers as people type them: "1 200,50", "1200.5", "1,2".
    static func number(_ raw: String) -> Double? {
        let s = raw.replacingOccurrences(of: "\u{202F}", with: "").replacingOccurrences(of: "\u{00A0}", with: "")
            .replacingOccurrences(of: " ", with: "").replacingOccurrences(of: ",", with: ".")
        guard !s.isEmpty, s.filter({ $0 == "." }).count <= 1, let d = Double(s), d.isFinite else { return nil }
        return d
    }

    func nav(_ req: Request, _ ctx: CommunityContext) -> Node {
        let l = req.lang
        let slug = ctx.community.slug
        return el("nav", .cls("subnav"), .aria("label", l[FiguresText.title])) {
            el("a", .href(Paths.community(slug))) { ctx.community.name }
            el("a", .href(Paths.figures(slug))) { l[FiguresText.indicators] }
            el("a", .href(Paths.datasets(slug))) { l[FiguresText.datasets] }
            if ctx.can(.contribute) { el("a", .href(Paths.credits(slug))) { l[FiguresText.credits] } }
            el("a", .href(Paths.charter(slug) + "#give-to-get")) { l[FiguresText.rulesTitle] }
            if ctx.can(.steward) { el("a", .href(Paths.figureRules(slug))) { l[.codeSettingsTitle] } }
        }
    }

    func estimateLine(_ r: FiguresQueries.IndicatorRow, _ l: Lang) -> String {
        let kind = r.estimateKind
        guard kind != .none else { return l[FiguresText.kind(.none)] }
        return NumberFormat.number(r.estValue) + " " + (FigureUnit.parse(r.unit)?.base ?? "") + " · " + l[FiguresText.kind(kind)]
    }

    func listPage(_ req: Request, _ ctx: CommunityContext) async throws -> Response {
        let l = req.lang
        let slug = ctx.community.slug
        let q = try? req.query.get(String.self, at: "q")
        let page = try await FiguresQueries(req).indicators(ctx.id, q: q, tag: try? req.query.get(String.self, at: "tag"), dataset: nil,
                                                             after: try? req.query.get(String.self, at: "after"))
        let viewer = ctx.viewer
        let settings = try await FiguresQueries.settings(req.db, ctx.id)
        let rules = settings.rules
        let balance: Double? = ctx.can(.contribute) && viewer != nil
            ? try await FiguresQueries.balance(req.db, ctx.id, viewer!.id, rules: rules, now: req.now) : nil
        return req.page(l[FiguresText.title] + " · " + ctx.community.name) {
            nav(req, ctx)
            el("h1") { l[FiguresText.title] }
            el("p", .cls("lead")) { l[FiguresText.lead] }
            if let balance {
                el("p", .cls("balance")) {
                    el("a", .href(Paths.credits(slug))) { l[FiguresText.balance] + l[.colon] + String(format: "%.1f", balance) }
                }
            }
            el("p", .cls("actions")) {
                if ctx.can(.contribute) { el("a", .cls("button"), .href(Paths.newIndicator(slug))) { l[FiguresText.newIndicator] } }
                if ctx.can(.steward) {
                    postForm(Paths.figureRefresh(slug), csrf: req.csrf, cls: "inline") { el("button", .type("submit"), .cls("secondary")) { l[FiguresText.refresh] } }
                    if let at = settings.refreshedAt { el("span", .cls("muted")) { " " + l[FiguresText.refreshed] + l[.colon] + dateText(at, l) } }
                }
            }
            el("form", .cls("search"), Attr("method", "get"), Attr("action", Paths.figures(slug)), Attr("role", "search")) {
                el("label", Attr("for", "q")) { l[FiguresText.search] }
                el("input", .id("q"), .name("q"), .type("search"), .value(q ?? ""))
                el("button", .type("submit")) { l[FiguresText.searchButton] }
            }
            if page.items.isEmpty { el("p") { l[.nothingYet] } }
            el("ul", .cls("indicators")) {
                for r in page.items {
                    el("li") {
                        el("a", .href(Paths.indicator(slug, r.id))) { r.name }
                        el("span", .cls("muted")) { " · " + [r.period, r.place, r.unit].filter { !$0.isEmpty }.joined(separator: " · ") }
                        if ctx.can(.contribute) { el("span", .cls("badge")) { l[FiguresText.kind(r.estimateKind)] + " · \(r.estContributors)" } }
                    }
                }
            }
            pager(next: page.next.map { Paths.figures(slug, q: q, after: $0) }, l)
        }
    }

    func newPage(_ req: Request, _ ctx: CommunityContext, _ s: FormState, similar: [(id: UUID, name: String, period: String)] = [],
                 status: HTTPResponseStatus = .ok) async throws -> Response {
        let l = req.lang
        let slug = ctx.community.slug
        let datasets = try await FiguresQueries(req).datasets(ctx.id, after: nil).items
        return req.page(l[FiguresText.newIndicator], status: status) {
            nav(req, ctx)
            el("h1") { l[FiguresText.newIndicator] }
            errorSummary(s, l)
            if !similar.isEmpty {
                el("section", .cls("callout"), .aria("labelledby", "similar-title")) {
                    el("h2", .id("similar-title")) { l[FiguresText.similarTitle] }
                    el("p") { l[FiguresText.similarLead] }
                    el("ul") { for x in similar { el("li") { el("a", .href(Paths.indicator(slug, x.id))) { x.name + " · " + x.period } } } }
                }
            }
            postForm(Paths.figures(slug), csrf: req.csrf) {
                field(.name, s, l, required: true, maxLength: Rules.nameMax)
                field(.definition, s, l, input: .area(rows: 3), required: true)
                field(.unit, s, l, required: true, hint: FiguresText.unitHint)
                field(.period, s, l, required: true, hint: FiguresText.periodHint)
                field(.place, s, l)
                field(.tags, s, l, hint: FiguresText.tagsHint)
                field(.kind, s, l, input: .choice([("positive", FiguresText.scalePositive), ("signed", FiguresText.scaleSigned)]), label: FiguresText.scaleLabel)
                if !datasets.isEmpty {
                    field(.dataset, s, l, input: .choice([("", FiguresText.noDataset)] + datasets.map { ($0.id.uuidString, Text(fr: $0.name, en: $0.name)) }),
                          label: FiguresText.datasetOptional)
                }
                if !similar.isEmpty { el("input", .type("hidden"), .name("confirm"), .value("1")) }
                el("button", .type("submit")) { l[similar.isEmpty ? FiguresText.create : FiguresText.createAnyway] }
            }
        }
    }

    /// Spends nothing, by a GET or after a form error: a reader who has not paid sees it locked, with the button that pays.
    func indicatorPage(_ req: Request, _ ctx: CommunityContext, _ r: FiguresQueries.IndicatorRow, _ s: FormState,
                       status: HTTPResponseStatus = .ok) async throws -> Response {
        let l = req.lang
        let slug = ctx.community.slug
        let viewer = try ctx.requireViewer()
        let queries = FiguresQueries(req)
        let mine = try await queries.mine(viewer.id, r.id)
        // Give to get: a member without credits still sees the definition, their own value and the form to contribute.
        let settings = try await FiguresQueries.settings(req.db, ctx.id)
        let locked = try await FiguresService(req: req).lock(ctx, r, contributes: mine.map { $0.status == "current" && !$0.outlier } ?? false,
                                                             rules: settings.rules)
        let unit = FigureUnit.parse(r.unit)
        let positive = r.scale == FigureScale.positive.rawValue
        let showHistory = (try? req.query.get(String.self, at: "history")) == "1"
        let page = locked == nil ? try await queries.contributions(r.id, history: showHistory, after: try? req.query.get(String.self, at: "after"), limit: 50) : nil
        // The plot is drawn once per recomputation of the estimate (every change goes through one) and kept.
        var strip: Node?
        if locked == nil {
            let label = l[FiguresText.spread] + " — " + r.name
            let draw: () async throws -> String? = {
                let points = try await queries.plotPoints(r.id)
                guard !points.isEmpty else { return nil }
                return FigureCharts.strip(points: points, estimate: r.estimateKind == .none ? nil : (r.estValue, r.estLow, r.estHigh),
                                          positive: positive, label: label).html
            }
            if let at = r.estAt {
                strip = try await req.application.stripCache.value(StripKey(indicator: r.id, computedAt: at, contributors: r.estContributors,
                                                                            lang: l.rawValue), orLoad: draw).map(Node.init(raw:))
            } else {
                strip = try await draw().map(Node.init(raw:))
            }
        }
        let history = locked == nil ? try await queries.history(r.id) : []
        let kind = r.estimateKind
        let learned = settings.scale != nil && positive
        let formState = s
        return req.page(r.name + " · " + l[FiguresText.title], status: status == .ok && locked?.affordable == false ? .paymentRequired : status) {
            nav(req, ctx)
            el("h1") { r.name }
            el("p", .cls("muted")) { [r.period, r.place, r.unit, r.tagList.joined(separator: ", ")].filter { !$0.isEmpty }.joined(separator: " · ") }
            paragraphs(r.definition)
            if let locked {
                lockedSection(req, ctx, locked, action: Self.readPath(slug, r.id))
            } else {
                el("section", .cls("estimate"), .aria("labelledby", "estimate-title")) {
                    el("h2", .id("estimate-title")) { l[FiguresText.estimate] }
                    el("p", .cls("figure")) {
                        el("strong") { kind == .none ? l[FiguresText.kind(.none)] : NumberFormat.number(r.estValue) + " " + (unit?.base ?? "") }
                        " "
                        el("span", .cls("badge kind-" + r.estKind)) { l[FiguresText.kind(kind)] }
                    }
                    if kind != .none {
                        el("dl", .cls("facts")) {
                            el("dt") { l[FiguresText.interval] }; el("dd") { NumberFormat.number(r.estLow) + " – " + NumberFormat.number(r.estHigh) }
                            el("dt") { l[FiguresText.contributors] }; el("dd") { String(r.estContributors) }
                            el("dt") { l[FiguresText.sources] }; el("dd") { String(r.estSources) }
                            el("dt") { l[FiguresText.outliers] }; el("dd") { String(r.outlierIDs.count) }
                        }
                    }
                    el("p", .cls("rule")) { l[FiguresText.rule(kind, learned: learned)] }
                    if let strip {
                        el("h3") { l[FiguresText.spread] }
                        strip
                    }
                    if history.count >= 2 {
                        el("h3") { l[FiguresText.history] }
                        FigureCharts.history(history, positive: positive, label: l[FiguresText.history] + " — " + r.name)
                        el("details") {
                            el("summary") { l[FiguresText.chartTable] }
                            el("table") {
                                el("thead") { el("tr") {
                                    for h in [FiguresText.date, FiguresText.estimate, FiguresText.low, FiguresText.high, FiguresText.contributors] {
                                        el("th", Attr("scope", "col")) { l[h] }
                                    }
                                } }
                                el("tbody") {
                                    for p in history.reversed() {
                                        el("tr") {
                                            el("td") { dateText(p.at, l) }; el("td") { NumberFormat.number(p.value) }
                                            el("td") { NumberFormat.number(p.low) }; el("td") { NumberFormat.number(p.high) }
                                            el("td") { String(p.contributors) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            if let mine {
                el("p", .cls("mine")) {
                    el("strong") { l[FiguresText.myValue] + l[.colon] }
                    NumberFormat.number(mine.value) + " " + (unit?.base ?? "") + " · " + mine.source + " · " + mine.observedOn
                    if mine.status == "deprecated" { " · " + l[FiguresText.contributionStatus("deprecated")] }
                }
            }
            el("section", .cls("contribute"), .aria("labelledby", "contribute-title")) {
                el("h2", .id("contribute-title")) { l[FiguresText.contribute] }
                if mine != nil { el("p", .cls("hint")) { l[FiguresText.supersedeHint] } }
                errorSummary(formState, l)
                postForm(Paths.contribute(slug, r.id), csrf: req.csrf) {
                    field(.value, formState, l, input: .text(type: "text"), required: true)
                    if let unit, !unit.prefixes.isEmpty {
                        field(.unit, formState, l, input: .choice(unit.accepted.map { ($0, Text(fr: $0, en: $0)) }), label: FiguresText.unitInput)
                    }
                    field(.source, formState, l, required: true, hint: FiguresText.sourceHint)
                    field(.observedOn, formState, l, input: .text(type: "date"), required: true)
                    field(.comment, formState, l, input: .area(rows: 2))
                    el("button", .type("submit")) { l[FiguresText.contributeButton] }
                }
            }
            if let page {
                el("section", .aria("labelledby", "contributions-title")) {
                    el("h2", .id("contributions-title")) { l[showHistory ? FiguresText.replaced : FiguresText.contributions] }
                    el("p") { el("a", .href(Paths.indicator(slug, r.id) + (showHistory ? "" : "?history=1") + "#contributions-title")) {
                        l[showHistory ? FiguresText.contributions : FiguresText.replaced]
                    } }
                    if page.items.isEmpty { el("p") { l[FiguresText.none] } }
                    el("table", .cls("contributions")) {
                        el("thead") { el("tr") {
                            for h in [FiguresText.value, FiguresText.sources, FiguresText.observed, FiguresText.by, FiguresText.status] {
                                el("th", Attr("scope", "col")) { l[h] }
                            }
                        } }
                        el("tbody") {
                            for c in page.items {
                                el("tr", .cls([c.status, c.outlier ? "outlier" : ""].joined(separator: " ")), .id("c-" + c.id.uuidString)) {
                                    el("td", Attr("data-label", l[FiguresText.value])) {
                                        NumberFormat.number(c.value)
                                        if c.outlier { " "; el("span", .cls("badge outlier")) { l[FiguresText.outliers] } }
                                    }
                                    el("td", Attr("data-label", l[FiguresText.sources])) {
                                        if c.sourceKind == "url", let safe = Markdown.safeHref(c.source) {
                                            el("a", .href(safe), Attr("rel", "nofollow noopener")) { c.source }
                                        } else { c.source }
                                        if !c.comment.isEmpty { el("p", .cls("muted")) { c.comment } }
                                    }
                                    el("td", Attr("data-label", l[FiguresText.observed])) { c.observedOn }
                                    el("td", Attr("data-label", l[FiguresText.by])) { el("a", .href(Paths.person(c.handle))) { c.displayName } }
                                    el("td", Attr("data-label", l[FiguresText.status])) {
                                        l[FiguresText.contributionStatus(c.status)]
                                        if c.openFlags > 0 { " · ⚑ \(c.openFlags)" }
                                        if c.status == "current" && c.handle != viewer.handle {
                                            " · "
                                            el("a", .cls("flag"), .href(Paths.flagContribution(slug, c.id))) { l[FiguresText.flag] }
                                        }
                                    }
                                }
                            }
                        }
                    }
                    pager(next: page.next.map { Paths.indicator(slug, r.id) + "?" + (showHistory ? "history=1&" : "") + "after=" + $0 }, l)
                }
            }
        }
    }

    /// Flagging one contribution: what it says, and why the member thinks it is wrong.
    func flagPage(_ req: Request, _ ctx: CommunityContext, _ s: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let l = req.lang
        let slug = ctx.community.slug
        guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)),
              let c = try await FiguresQueries(req).contribution(ctx.id, id),
              let indicator = try await FiguresQueries(req).indicator(ctx.id, c.indicatorId) else { throw AppError.notFound }
        // The value flagged is shown only to a reader who may read the indicator; looking spends nothing.
        let locked = try await FiguresService(req: req).lock(ctx, indicator)
        return req.page(l[FiguresText.flag], status: status) {
            nav(req, ctx)
            el("p", .cls("crumbs")) { el("a", .href(Paths.indicator(slug, c.indicatorId))) { c.indicatorName } }
            el("h1") { l[FiguresText.flag] }
            if let locked {
                lockedSection(req, ctx, locked, action: Self.readPath(slug, c.indicatorId), back: id)
            } else {
                el("p", .cls("lead")) {
                    el("strong") { NumberFormat.number(c.value) + " " + (FigureUnit.parse(c.unit)?.base ?? "") }
                    " · " + c.source + " · " + c.observedOn + " · " + c.displayName
                }
            }
            el("p", .cls("hint")) { l[FiguresText.flagHint] }
            errorSummary(s, l)
            postForm(Paths.flagContribution(slug, id), csrf: req.csrf) {
                field(.reason, s, l, input: .area(rows: 3), required: true)
                field(.correctedValue, s, l)
                field(.source, s, l, hint: FiguresText.sourceHint)
                el("button", .type("submit")) { l[FiguresText.flagButton] }
            }
        }
    }

    func creditsPage(_ req: Request, _ ctx: CommunityContext) async throws -> Response {
        let l = req.lang
        let slug = ctx.community.slug
        let viewer = try ctx.requireViewer()
        let queries = FiguresQueries(req)
        let rules = try await queries.rules(ctx.id)
        let balance = try await FiguresQueries.balance(req.db, ctx.id, viewer.id, rules: rules, now: req.now)
        let escrow = try await queries.escrowCount(ctx.id, viewer.id)
        let page = try await queries.credits(ctx.id, viewer.id, after: try? req.query.get(String.self, at: "after"))
        return req.page(l[FiguresText.credits]) {
            nav(req, ctx)
            el("h1") { l[FiguresText.credits] }
            el("dl", .cls("facts")) {
                el("dt") { l[FiguresText.balance] }; el("dd", .cls("balance-value")) { String(format: "%.1f", balance) }
                el("dt") { l[FiguresText.escrow] }; el("dd") { String(escrow) }
            }
            el("section", .aria("labelledby", "rules-title")) {
                el("h2", .id("rules-title")) { l[FiguresText.rulesTitle] }
                el("p") { l[FiguresText.rulesText(rules)] }
                el("p", .cls("hint")) { l[FiguresText.stewardsReadFree] }
            }
            el("section", .aria("labelledby", "ledger-title")) {
                el("h2", .id("ledger-title")) { l[FiguresText.ledger] }
                el("table", .cls("ledger")) {
                    el("thead") { el("tr") {
                        for h in [FiguresText.date, FiguresText.status, FiguresText.indicators, FiguresText.value] { el("th", Attr("scope", "col")) { l[h] } }
                    } }
                    el("tbody") {
                        for e in page.items {
                            el("tr", .cls("credit-" + e.kind)) {
                                el("td", Attr("data-label", l[FiguresText.date])) { dateText(e.at, l) }
                                el("td", Attr("data-label", l[FiguresText.status])) { l[FiguresText.creditKind(e.kind)] }
                                el("td", Attr("data-label", l[FiguresText.indicators])) {
                                    if let id = e.indicatorId, let name = e.indicatorName { el("a", .href(Paths.indicator(slug, id))) { name } }
                                }
                                el("td", Attr("data-label", l[FiguresText.value])) {
                                    (CreditKind(rawValue: e.kind)?.isDebit ?? false ? "−" : "+") + String(format: "%.2f", e.amount)
                                }
                            }
                        }
                        el("tr", .cls("credit-allowance")) {
                            el("td") { "" }; el("td") { l[Text.label(.allowance)] }; el("td") { "" }; el("td") { "+" + String(rules.allowance) }
                        }
                    }
                }
                pager(next: page.next.map { Paths.credits(slug) + "?after=" + $0 }, l)
            }
        }
    }

    func rulesPage(_ req: Request, _ ctx: CommunityContext, _ s: FormState, status: HTTPResponseStatus = .ok) -> Response {
        let l = req.lang
        return req.page(l[FiguresText.rulesTitle], status: status) {
            nav(req, ctx)
            el("h1") { l[FiguresText.rulesTitle] }
            errorSummary(s, l)
            postForm(Paths.figureRules(ctx.community.slug), csrf: req.csrf) {
                field(.allowance, s, l, input: .text(type: "number"), required: true)
                field(.readCost, s, l, input: .text(type: "number"), required: true)
                field(.earn, s, l, input: .text(type: "number"), required: true)
                field(.halfLifeDays, s, l, input: .text(type: "number"), required: true)
                el("button", .type("submit")) { l[.save] }
            }
        }
    }

    func datasetsPage(_ req: Request, _ ctx: CommunityContext, _ s: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let l = req.lang
        let slug = ctx.community.slug
        let page = try await FiguresQueries(req).datasets(ctx.id, after: try? req.query.get(String.self, at: "after"))
        return req.page(l[FiguresText.datasets], status: status) {
            nav(req, ctx)
            el("h1") { l[FiguresText.datasets] }
            if page.items.isEmpty { el("p") { l[.nothingYet] } }
            el("ul") {
                for d in page.items {
                    el("li") { el("a", .href(Paths.dataset(slug, d.id))) { d.name }; el("span", .cls("muted")) { " · \(d.indicators)" } }
                }
            }
            pager(next: page.next.map { Paths.datasets(slug) + "?after=" + $0 }, l)
            if ctx.can(.contribute) {
                el("section", .aria("labelledby", "new-dataset")) {
                    el("h2", .id("new-dataset")) { l[FiguresText.newDataset] }
                    errorSummary(s, l)
                    postForm(Paths.datasets(slug), csrf: req.csrf) {
                        field(.name, s, l, required: true)
                        el("div", .cls("field")) {
                            el("label", Attr("for", "f-description")) { l[Text.label(.definition)] }
                            el("textarea", .id("f-description"), .name("description"), Attr("rows", "3")) { s[.definition] }
                        }
                        el("button", .type("submit")) { l[FiguresText.create] }
                    }
                }
            }
        }
    }

    /// `status` is a 402 when the unlock button was just refused: the locked section then says how to earn credits.
    func datasetPage(_ req: Request, _ ctx: CommunityContext, status: HTTPResponseStatus = .ok) async throws -> Response {
        let l = req.lang
        let slug = ctx.community.slug
        let queries = FiguresQueries(req)
        let dataset = try await queries.requireDataset(ctx)
        let sort = (try? req.query.get(String.self, at: "sort")) ?? "name"
        let rows = try await queries.datasetIndicators(dataset.id, sort: sort)
        // Estimates show only where reading one indicator would (free, contributed, paid this month); the lock covers
        // the whole dataset, which its button pays for, and the table its first 1,000 rows.
        var open = Set<UUID>()
        var locked: FiguresService.Lock?
        if let viewer = ctx.viewer, ctx.can(.contribute) {
            let all = rows.count < 1_000 ? rows : try await queries.datasetIndicators(dataset.id, sort: "name", limit: nil)
            locked = try await FiguresService(req: req).lock(ctx, indicators: FiguresService.billable(all, for: viewer.id))
            open = Set(rows.map(\.id)).subtracting(locked?.owed ?? [])
        }
        func header(_ key: String, _ t: Text) -> Node {
            el("th", Attr("scope", "col"), Attr("aria-sort", sort == key ? (key == "contributors" ? "descending" : "ascending") : "none")) {
                el("a", .href(Paths.dataset(slug, dataset.id, sort: key))) { l[t] }
            }
        }
        return req.page(dataset.name, status: status) {
            nav(req, ctx)
            el("h1") { dataset.name }
            paragraphs(dataset.description)
            if let locked { lockedSection(req, ctx, locked, action: Self.unlockPath(slug, dataset.id), count: locked.owed.count) }
            el("p", .cls("actions")) {
                if ctx.can(.contribute) { el("a", .cls("button"), .href(Paths.newIndicator(slug) + "?dataset=" + dataset.id.uuidString)) { l[FiguresText.newIndicator] } }
            }
            el("table", .cls("dataset")) {
                el("thead") { el("tr") {
                    header("name", Text(fr: "Indicateur", en: "Indicator"))
                    header("period", Text.label(.period))
                    header("place", Text.label(.place))
                    el("th", Attr("scope", "col")) { l[FiguresText.estimate] }
                    header("contributors", FiguresText.contributors)
                } }
                el("tbody") {
                    for r in rows {
                        el("tr") {
                            el("td", Attr("data-label", l[FiguresText.indicators])) { el("a", .href(Paths.indicator(slug, r.id))) { r.name } }
                            el("td", Attr("data-label", l[Text.label(.period)])) { r.period }
                            el("td", Attr("data-label", l[Text.label(.place)])) { r.place }
                            el("td", Attr("data-label", l[FiguresText.estimate])) {
                                open.contains(r.id) ? estimateLine(r, l) : "🔒 " + l[FiguresText.locked]
                            }
                            el("td", Attr("data-label", l[FiguresText.contributors])) { String(r.estContributors) }
                        }
                    }
                }
            }
            if ctx.can(.contribute) {
                el("p", .cls("exports")) {
                    el("a", .href(Paths.datasetExport(slug, dataset.id, "export.csv"))) { l[FiguresText.exportCSV] }; " · "
                    el("a", .href(Paths.datasetExport(slug, dataset.id, "datapackage.json"))) { l[FiguresText.exportPackage] }
                    if ctx.can(.steward) { " · "; el("a", .href(Paths.datasetExport(slug, dataset.id, "contributions.csv"))) { l[FiguresText.exportContributions] } }
                }
                el("p", .cls("hint")) { l[FiguresText.exportCost] }
            }
        }
    }
}
