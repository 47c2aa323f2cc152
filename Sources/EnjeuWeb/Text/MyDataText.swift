import Foundation
import EnjeuCore

/// Keys of the « Mes données » page's texts; their words are in Catalogue/mydata.json.
package enum MyDataText: String, CaseIterable, TextKey {
    package static let domain = "mydata"
    case title, lead, exportTitle, exportLead, exportButton, exportNone, download, refresh, deleteTitle, deleteLead
    case whatStays, whatGoes, deleteButton, passwordLabel
    case statusQueued, statusRunning, statusDone, statusFailed, statusExpired
    case errExportBusy

    package static func progress(_ done: Int, _ total: Int) -> Text {
        Text(fr: "\(done) élément(s) sur \(total)", en: "\(done) item(s) of \(total)")
    }
    package static func validUntil(_ date: String) -> Text { Text(fr: "Lien valable jusqu’au \(date).", en: "Link valid until \(date).") }
    package static func onlyRepresentative(_ names: [String]) -> Text {
        let list = names.map { "« \($0) »" }.joined(separator: ", ")
        return Text(fr: "Vous êtes la seule personne qui représente \(list) : ajoutez d’abord un·e autre représentant·e, puis supprimez votre compte.",
                    en: "You are the only representative of \(list): add another representative first, then delete your account.")
    }

    package static func onlyFounder(_ names: [String]) -> Text {
        let list = names.map { "« \($0) »" }.joined(separator: ", ")
        return Text(fr: "Vous êtes la seule personne fondatrice de \(list) : confiez d’abord ce rôle à un·e autre membre, puis supprimez votre compte.",
                    en: "You are the only founder of \(list): hand the role over to another member first, then delete your account.")
    }
}
