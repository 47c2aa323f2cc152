import EnjeuApp
import Foundation
import Logging
import Vapor

// Thin entry point: read the configuration, then hand over to Vapor's commands (serve, migrate, demo, routes).
let config: EnjeuConfig
do {
    config = try EnjeuConfig.fromEnvironment()
} catch {
    FileHandle.standardError.write(Data("enjeu: \(error)\n".utf8))
    exit(2)
}
var env = try Environment.detect()
if config.logFormat == .json {
    LoggingSystem.bootstrap { JSONLogHandler(label: $0, level: config.logLevel) }
} else {
    try LoggingSystem.bootstrap(from: &env)
}
let app = try await Application.make(env)
do {
    try await configure(app, config: config)
    try await app.execute()
} catch {
    app.logger.critical("\(error)")
    try? await app.asyncShutdown()
    exit(1)
}
try await app.asyncShutdown()
