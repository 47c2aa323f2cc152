import Fluent
import Vapor
import EnjeuCore
import EnjeuWeb

/// CSV import of flows (`POST …/flows/import`, registered with `streamBody`): the gate has run before a byte of the
/// body is read; the body is then parsed as it arrives (`FlowImport`), in slices between which the task yields, so a
/// large file neither blocks an event loop nor holds a cooperative thread; the first limit reached ends the reading.
/// The file is imported whole, in one transaction, or refused with every faulty row counted and the first 200 named.
extension EconomyService {
    static let importSlice = 64 << 10

    /// `body`: the request's, read here as it arrives; `maxBytes`: the route's limit.
    func importCSV(_ ctx: CommunityContext, body: BodyChunks, maxBytes: Int) async throws -> Int {
        let viewer = try ctx.requireViewer()
        var parser = FlowImport(today: FigureDate.day(context.now), limits: .init(maxBytes: maxBytes))
        let outcome: FlowImport.Outcome
        do {
            var body = body
            while var chunk = try await body.next() {
                while chunk.readableBytes > 0 {
                    let n = min(chunk.readableBytes, Self.importSlice)
                    try chunk.readWithUnsafeReadableBytes { raw in
                        try parser.feed(UnsafeRawBufferPointer(rebasing: raw[..<n]).assumingMemoryBound(to: UInt8.self))
                        return n
                    }
                    await Task.yield()
                }
            }
            outcome = try parser.finish()
        } catch let stop as FlowImport.Stop {
            switch stop {
            case let .tooLarge(bytes): throw BodyTooLarge(limit: bytes)
            case .nulCharacter: throw AppError.badRequest(CommonText.errNulCharacter.text)
            default: throw AppError.rejected(.importStopped(stop))
            }
        } catch let faulty as FlowImport.Faulty {
            throw AppError.rejected(.errCSVRows(faulty.rows.map(Text.importRow), total: faulty.total))
        }
        // A file may name 200,000 strangers: they are counted, and the first `FlowImport.namedErrors` named.
        let unknown = try await EconomyService(context).unknownMembers(ctx, outcome.flows)
        if !unknown.isEmpty { throw AppError.rejected(.errImportUnknownActors(Array(unknown.prefix(FlowImport.namedErrors)), total: unknown.count)) }
        let ids = context.config.ids
        let now = context.now
        let rows = outcome.flows.map { (ids.next(), $0) }
        try await context.write { db in
            var counted: [EconomyIndex.CountedFlow] = []
            for start in stride(from: 0, to: rows.count, by: 400) {
                counted += try await Self.write(db, Array(rows[start..<min(rows.count, start + 400)]), community: ctx.id, by: viewer.id, now: now, offer: nil)
            }
            try await EconomyIndex.tally(db, community: ctx.id, counted, sign: 1)
        }
        return rows.count
    }

}

extension Text {
    static func errImportUnknownActors(_ handles: [String], total: Int) -> Text {
        let named = handles.map { "@" + $0 }.joined(separator: ", ")
        let more = total - handles.count
        return Text(fr: "Fichier refusé, rien n’a été importé ; \(total) acteur(s) inconnu(s) dans cette communauté : \(named)"
                        + (more > 0 ? " et \(more) autre(s)." : "."),
                    en: "File refused, nothing was imported; \(total) unknown actor(s) in this community: \(named)"
                        + (more > 0 ? " and \(more) more." : "."))
    }

    static func errCSVRows(_ rows: [Text], total: Int) -> Text {
        Text(fr: "Fichier refusé, rien n’a été importé ; \(total) ligne(s) en erreur — " + rows.map(\.fr).joined(separator: " ; "),
             en: "File refused, nothing was imported; \(total) faulty row(s) — " + rows.map(\.en).joined(separator: "; "))
    }

    private static let importColumns = Text(
        fr: "Colonnes reconnues : from, to, nature, measure, date (obligatoires) ; quantity, unit, description, appreciation, note (facultatives), dans n’importe quel ordre.",
        en: "Known columns: from, to, nature, measure, date (required); quantity, unit, description, appreciation, note (optional), in any order.")

    private static func quoted(_ names: [String]) -> Text {
        Text(fr: names.map { "« \($0) »" }.joined(separator: ", "), en: names.map { "\"\($0)\"" }.joined(separator: ", "))
    }

    /// Why an import stopped or was refused before its rows were checked.
    static func importStopped(_ stop: FlowImport.Stop) -> Text {
        let refused = Text(fr: "Fichier refusé, rien n’a été importé : ", en: "File refused, nothing was imported: ")
        let why: Text
        switch stop {
        case .empty:
            why = Text(fr: "il est vide (ou n’a que des lignes blanches) ; sa première ligne nomme les colonnes. ",
                       en: "it is empty (or holds only blank lines); its first line names the columns. ") + importColumns
        case .semicolons:
            why = Text(fr: "ses colonnes sont séparées par des points-virgules (;) ; l’import attend des virgules (,). "
                           + "Enregistrez le fichier en CSV avec la virgule comme séparateur de champs. ",
                       en: "its columns are separated by semicolons (;); the import expects commas (,). "
                           + "Save the file as CSV with the comma as field separator. ") + importColumns
        case let .columns(unknown, missing, repeated):
            var parts: [Text] = []
            if !unknown.isEmpty { parts.append(Text(fr: "colonne(s) inconnue(s) ", en: "unknown column(s) ") + quoted(unknown)) }
            if !missing.isEmpty { parts.append(Text(fr: "colonne(s) obligatoire(s) absente(s) ", en: "required column(s) missing ") + quoted(missing)) }
            if !repeated.isEmpty { parts.append(Text(fr: "colonne(s) en double ", en: "column(s) given twice ") + quoted(repeated)) }
            why = Text(fr: "ligne d’en-tête : " + parts.map(\.fr).joined(separator: " ; ") + ". ",
                       en: "header line: " + parts.map(\.en).joined(separator: "; ") + ". ") + importColumns
        case let .tooManyRows(max):
            why = Text(fr: "il dépasse \(max) lignes de flux ; importez-le en plusieurs fois.",
                       en: "it has more than \(max) rows of flows; import it in several parts.")
        case let .tooLarge(bytes):
            why = Text(fr: "il dépasse \(bytes) octets.", en: "it is larger than \(bytes) bytes.")
        case let .cellTooLong(line, bytes):
            why = Text(fr: "ligne \(line) : une cellule dépasse \(bytes) octets (un guillemet jamais fermé ?).",
                       en: "line \(line): a cell is longer than \(bytes) bytes (a quote never closed?).")
        case let .tooManyCells(line, max):
            why = Text(fr: "ligne \(line) : plus de \(max) cellules.", en: "line \(line): more than \(max) cells.")
        case let .notUTF8(line):
            why = Text(fr: "ligne \(line) : le texte n’est pas en UTF-8 (enregistrez le fichier en « CSV UTF-8 »).",
                       en: "line \(line): the text is not UTF-8 (save the file as \"CSV UTF-8\").")
        case let .unclosedQuote(line):
            why = Text(fr: "ligne \(line) : un guillemet ouvert n’est jamais fermé.", en: "line \(line): a quote is opened and never closed.")
        case let .nulCharacter(line):
            why = Text(fr: "ligne \(line) : caractère nul (U+0000).", en: "line \(line): null character (U+0000).")
        case .noFlows:
            why = Text(fr: "il n’a aucun flux à importer (seulement l’en-tête, ou des écritures déclinées ou annulées).",
                       en: "it has no flow to import (only the header, or declined or reversed entries).")
        }
        return refused + why
    }

    /// One faulty row, its cells named by their column.
    static func importRow(_ e: FlowImport.RowError) -> Text {
        let detail: Text
        switch e.problem {
        case let .cells(found, expected):
            detail = Text(fr: "\(found) cellule(s) au lieu de \(expected).", en: "\(found) cell(s) instead of \(expected).")
        case let .invalid(v):
            let parts = v.all.map { violation -> Text in
                let described = describe(violation), label = label(violation.field)
                guard let column = FlowImport.column(for: violation.field),
                      described.fr.hasPrefix(label.fr), described.en.hasPrefix(label.en) else { return described }
                return Text(fr: "« \(column) »" + described.fr.dropFirst(label.fr.count), en: "\"\(column)\"" + described.en.dropFirst(label.en.count))
            }
            detail = Text(fr: parts.map(\.fr).joined(separator: " "), en: parts.map(\.en).joined(separator: " "))
        }
        return Text(fr: "ligne \(e.line) : ", en: "line \(e.line): ") + detail
    }

    fileprivate static func + (a: Text, b: Text) -> Text { Text(fr: a.fr + b.fr, en: a.en + b.en) }
}
