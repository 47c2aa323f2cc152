import Vapor

/// `enjeu backup FILE`: a consistent snapshot while the server runs, in a format both databases restore.
struct BackupCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "file", help: "The backup to write (a new file; JSON lines, compress it as you like)")
        var file: String
        init() {}
    }

    var help: String { "Writes a consistent backup of the database (SQLite or PostgreSQL) to FILE while the server runs" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let counts = try await Backup.write(context.application, to: signature.file)
        context.console.info("Backed up \(counts.values.reduce(0, +)) rows of \(counts.count) tables to \(signature.file).")
    }
}

/// `enjeu restore FILE [--force]`: loads a backup into the configured database, all of it or nothing.
struct RestoreCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "file", help: "A file written by `enjeu backup` (from SQLite or PostgreSQL)")
        var file: String
        @Flag(name: "force", help: "Replace what the database holds (otherwise it must be empty)")
        var force: Bool
        init() {}
    }

    var help: String { "Restores a backup written by `enjeu backup` into an empty database; stop the server first" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let counts = try await Restore.run(context.application, from: signature.file, force: signature.force)
        context.console.info("Restored \(counts.values.reduce(0, +)) rows of \(counts.count) tables from \(signature.file).")
    }
}

extension Application {
    /// Backup and restore run without the job runner: a restored queue must wait for the server, not run from the tool.
    var runsOperatorTool: Bool {
        ["backup", "restore", "admin"].contains(environment.arguments.dropFirst().first ?? "")
    }

    var runsBackup: Bool { environment.arguments.dropFirst().first == "backup" }
}
