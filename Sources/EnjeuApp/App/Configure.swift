import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import SQLKit
import Vapor
import EnjeuCore
import EnjeuWeb

/// Wires the application: database, migrations, middleware, routes. The same for `serve`, `demo` and tests.
public func configure(_ app: Application, config: EnjeuConfig) async throws {
    app.enjeu = config
    app.http.server.configuration.hostname = config.host
    app.http.server.configuration.port = config.port
    app.routes.defaultMaxBodySize = "1mb"
    app.passwords.use(.bcrypt(cost: config.bcryptCost))
    app.decoyHash = try Bcrypt.hash(Secrets.newToken(), cost: config.bcryptCost)
    // An account may be tried from a few addresses (a phone, a laptop, a proxy) before its own bucket runs dry.
    app.authLimiter = RateLimiter(perMinute: config.authRateLimit, perAccount: config.authRateLimit * 3)
    app.writeLimiter = RateLimiter(perMinute: config.writeRateLimit, perAccount: config.writeRateLimit)
    app.inboxLimiter = RateLimiter(perMinute: FederationRules.inboxPerDomainPerMinute, perAccount: FederationRules.inboxPerDomainPerMinute)
    app.deliveryCounts = DeliveryCounts()
    // Other servers: a dead one fails within seconds (its name, its connection), a slow one within 15 s a request.
    app.http.client.configuration.timeout = .init(connect: .seconds(5), read: .seconds(15))
    app.charterCache = ImmutableCache(maxBytes: 16 << 20, maxEntryBytes: 256 << 10, cost: { $0.text.utf8.count })
    app.markdownCache = ImmutableCache(maxBytes: 32 << 20, maxEntryBytes: 256 << 10, cost: { $0.utf8.count })
    app.stripCache = ImmutableCache(maxBytes: 32 << 20, maxEntryBytes: 512 << 10, cost: { $0.utf8.count })
    app.snapshotCache = ImmutableCache(maxBytes: 48 << 20, maxEntryBytes: 1 << 20,
                                       cost: { $0.bytes })

    if config.pageCacheMB > 0 {
        app.pageCache = ImmutableCache(maxBytes: config.pageCacheMB << 20, maxEntryBytes: 1 << 20, cost: { $0.bytes })
    }

    // Before the database: its PostgreSQL connections carry the registry's name, so /metrics can count them.
    if config.metrics { app.metrics = EnjeuMetrics() }

    switch config.database {
    case let .sqlite(path):
        app.writeQueue = WriteQueue()
        let dir = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        app.databases.use(.sqlite(.file(path), sqlLogLevel: .debug), as: .sqlite)
    case let .postgres(url, searchPath):
        var pg = try SQLPostgresConfiguration(url: url)
        pg.searchPath = searchPath
        if let metrics = app.metrics { pg.coreConfiguration.options.additionalStartupParameters.append(("application_name", metrics.connectionName)) }
        app.databases.use(.postgres(configuration: pg, maxConnectionsPerEventLoop: DatabasePool.connectionsPerEventLoop(config.database), connectionPoolTimeout: .seconds(10),
                                    encodingContext: .default, decodingContext: .default, sqlLogLevel: .debug), as: .psql)
    }
    if case let .postgres(_, searchPath?) = config.database, let schema = searchPath.first, let db = app.db as? any SQLDatabase {
        // A dedicated schema (tests use one per test; operators may share a database between instances).
        try await db.raw("CREATE SCHEMA IF NOT EXISTS \(ident: schema)").run()
    }
    if case .sqlite = config.database, let db = app.db as? any SQLDatabase {
        // WAL lets readers proceed during a write; the busy handler is set by SQLiteNIO on every connection.
        // `synchronous` is per connection: every write transaction sets it (App/Writes.swift).
        try await db.raw("PRAGMA journal_mode=WAL").run()
    }

    app.migrations.add(M001CreateUsers(), M002CreateSessions(), M003CreateApiTokens(), M004CreateCommunities(),
                       M005CreateCharters(), M006CreateMemberships(), M007CreateCharterAcceptances(),
                       M008CreateJoinRequests(), M009CreateAuditEvents(), M010AddCodeSettings(), M011CreateCodeRevisions(),
                       M012CreateAmendments(), M013CreateFactsAndDiagnoses(), M014AddUniquenessGuards(),
                       M015AddDiagnosisGuard(), M016CreateFigures(), M017CreateJourney(), M018CreateEconomy(), M019CreateSocial())
    app.migrations.add(M020ConfirmFlows())
    app.migrations.add(M021CreateNotificationFanOuts())
    app.migrations.add(M022AddFanOutRetries())
    app.migrations.add(M023CreateJobs())
    app.migrations.add(M024CreateAccountRecovery())
    app.migrations.add(M025AddSessionLastSeen())
    app.migrations.add(M026CreateRateLimits())
    app.migrations.add(M027IndexEconomy())
    app.migrations.add(M028IndexSocial())
    app.migrations.add(M029AddCommunityGenerations())
    app.migrations.add(M030CreateOrganisationsAndLinks())
    app.migrations.add(M031ViewerLookup())
    app.migrations.add(M032CreatePartyFlows())
    app.migrations.add(M033AddNetworkSharing())
    app.migrations.add(M034AddSolicitations())
    app.migrations.add(M035CreateProgrammes())
    app.migrations.add(M036AddLicencesAndIndicatorRequests())
    app.migrations.add(M037VerifiedResults())
    app.migrations.add(M038MemberContributionIndexes())
    app.migrations.add(M039AddContributionSummarySetting())
    app.migrations.add(M044FoldedTradeKeys())
    app.migrations.add(M041aModerationAndJournal())
    app.migrations.add(M042aEditsAndMyData())
    app.migrations.add(M040aGovernanceProposals())
    app.migrations.add(M040bRolesAndRights())
    app.migrations.add(M043aVitality())
    app.migrations.add(M043bJourneyCycles())
    app.migrations.add(M043cStewardsReadFree())
    app.migrations.add(M040cRoleNameKeys())
    app.migrations.add(M043dCharterRules())
    app.migrations.add(M045FigureClaims())
    app.migrations.add(M046aContributionParticipations())
    app.migrations.add(M047Federation())
    app.migrations.add(M048FederatedItems())
    app.migrations.add(M049RemoteReplies())
    app.migrations.add(M050JobTopics())
    app.migrations.add(M051FederatedFlows())
    app.migrations.add(M052RemoteLinks())
    app.migrations.add(M053FollowerCounts())
    app.migrations.add(M054RemoteSolicitations())
    app.migrations.add(M055DeliveryDomains())
    app.migrations.add(M056RelearningIndexes())
    app.migrations.add(M057WeighedPositions())
    // A backup reads the schema it finds: migrating first would upgrade a database under the older server that runs it.
    if !app.runsBackup { try await app.migrateOnce() }

    let encoder = JSONEncoder()
    encoder.dateEncodingStrategy = .iso8601
    encoder.outputFormatting = [.sortedKeys]
    let decoder = JSONDecoder()
    decoder.dateDecodingStrategy = .iso8601
    ContentConfiguration.global.use(encoder: encoder, for: .json)
    ContentConfiguration.global.use(decoder: decoder, for: .json)

    app.middleware = Middlewares()
    app.middleware.use(RequestLogMiddleware())
    app.middleware.use(SecurityHeadersMiddleware())
    app.middleware.use(CSRFMiddleware())
    app.middleware.use(EnjeuErrorMiddleware())
    app.middleware.use(BodyLimitMiddleware())
    app.middleware.use(FileMiddleware(publicDirectory: publicDirectory(), defaultFile: nil))
    app.middleware.use(IdentityMiddleware())
    app.middleware.use(PagingCursorMiddleware())

    app.asyncCommands.use(DemoCommand(), as: "demo")
    app.asyncCommands.use(BackupCommand(), as: "backup")
    app.asyncCommands.use(RestoreCommand(), as: "restore")
    app.asyncCommands.use(AdminCommand(), as: "admin")
    // Scheduled jobs and the job queue; tests start their own runners.
    if app.environment != .testing && config.runJobs && !app.runsOperatorTool {
        app.lifecycle.use(JobRunner(scheduled: ScheduledJob.all(config), queue: JobQueue(handlers: JobQueue.handlers), workers: config.jobWorkers,
                                         deliveryWorkers: config.publicURL == nil ? 0 : config.deliveryWorkers))
    }
    // Live events cross instances through PostgreSQL LISTEN/NOTIFY (tests too: two instances share one database). Not for
    // backup and restore: the fan-out sweeper would write to the database they read or load.
    if !app.runsOperatorTool { app.lifecycle.use(LiveEvents()) }
    registerRoutes(app)
    if let metrics = app.metrics { app.serveMetrics(metrics) }
}

func registerRoutes(_ app: Application) {
    let kind = app.enjeu.database.kind
    app.open(CommunityEndpoints.health) { _ in Health(status: "ok", database: kind) }
    HomePage().register(app)
    AccountPages().register(app)
    CommunityPages().register(app)
    CommunityAPI().register(app)
    CodePages().register(app)
    CodeAPI().register(app)
    GovernanceAPI().register(app)
    GovernancePages().register(app)
    FiguresPages().register(app)
    FiguresAPI().register(app)
    JourneyPages().register(app)
    JourneyAPI().register(app)
    EconomyPages().register(app)
    EconomyAPI().register(app)
    SocialPages().register(app)
    SocialAPI().register(app)
    OrganisationPages().register(app)
    OrganisationAPI().register(app)
    LinkPages().register(app)
    FederationPages().register(app)
    LinkAPI().register(app)
    NetworkPages().register(app)
    NetworkAPI().register(app)
    ProgrammePages().register(app)
    ProgrammeAPI().register(app)
    OpenData.register(app)
    TradeAPI().register(app)
    TradePages().register(app)
    ContributionPages().register(app)
    ModerationAPI().register(app)
    ModerationPages().register(app)
    MyDataPages().register(app)
    MyDataAPI().register(app)
    StagePages().register(app)
    CharterAPI().register(app)
    FederationRoutes.register(app)
    FederationAPIEndpoints.register(app)
}

struct Health: Content {
    let status: String
    let database: String
}

/// Assets ship inside the module bundle, so `swift run` from any directory finds them.
func publicDirectory() -> String {
    let path = Bundle.module.url(forResource: "Public", withExtension: nil)?.path ?? "Public"
    return path.hasSuffix("/") ? path : path + "/"
}

/// One line per request with its id, method, path, status and duration; the id is echoed as X-Request-Id.
struct RequestLogMiddleware: AsyncMiddleware {
    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let start = DispatchTime.now().uptimeNanoseconds
        let res = try await next.respond(to: req)
        let ms = Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000
        res.headers.replaceOrAdd(name: "X-Request-Id", value: req.id)
        req.logger.info("request", metadata: [
            "method": "\(req.method.rawValue)", "path": "\(req.url.path)", "status": "\(res.status.code)",
            "ms": "\(String(format: "%.2f", ms))",
        ])
        return res
    }
}
