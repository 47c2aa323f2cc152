import Foundation
import EnjeuCore

/// « Mes données »: download everything Enjeu keeps about me (progress, then the link for 24 hours), and delete my
/// account with my password, saying what goes and what stays.
package enum MyDataViews {
    static func status(_ raw: String) -> (Tone, MyDataText) {
        switch raw {
        case "queued": (.info, .statusQueued)
        case "running": (.open, .statusRunning)
        case "done": (.done, .statusDone)
        case "expired": (.info, .statusExpired)
        default: (.trouble, .statusFailed)
        }
    }

    package static func page(_ m: MyDataPage, _ l: Lang, csrf: String) -> PageView {
        PageView(title: l[MyDataText.title]) {
            el("h1") { l[MyDataText.title] }
            el("p", .cls("lead")) { l[MyDataText.lead] }
            titledSection("export-title", l[MyDataText.exportTitle]) {
                el("p") { l[MyDataText.exportLead] }
                postForm(AccountEndpoints.requestExport.path(), csrf: csrf) {
                    el("button", .type("submit")) { l[MyDataText.exportButton] }
                }
                if m.exports.isEmpty { el("p") { l[MyDataText.exportNone] } }
                el("ul", .cls("exports"), .aria("live", "polite")) {
                    for e in m.exports {
                        let (tone, words) = status(e.status)
                        el("li") {
                            dateText(e.createdAt, l); " · "
                            statusBadge(tone, l[words])
                            if e.status == "queued" || e.status == "running" {
                                " "
                                el("progress", Attr("max", String(max(e.total, 1))), Attr("value", String(e.done)),
                                   .aria("label", l[MyDataText.statusRunning])) { l[MyDataText.progress(e.done, e.total)] }
                                " " + l[MyDataText.progress(e.done, e.total)] + " · "
                                el("a", .href(AccountEndpoints.myData.path())) { l[MyDataText.refresh] }
                            }
                            if e.downloadable {
                                " · "
                                el("a", .href(AccountEndpoints.downloadExport.path(e.id)), Attr("download", "")) { l[MyDataText.download] }
                                if let until = e.expiresAt { " "; el("span", .cls("hint")) { l[MyDataText.validUntil(dateText(until, l))] } }
                            }
                        }
                    }
                }
            }
            formSection("delete-title", l[MyDataText.deleteTitle], state: m.form, l, action: AccountEndpoints.deleteAccount.path(), csrf: csrf) {
                el("p") { el("strong") { l[MyDataText.deleteLead] } }
                el("p") { l[MyDataText.whatGoes] }
                el("p") { l[MyDataText.whatStays] }
                field(.password, m.form, l, input: .text(type: "password", autocomplete: "current-password"), required: true,
                      label: MyDataText.passwordLabel.text)
                el("button", .type("submit"), .cls("danger")) { l[MyDataText.deleteButton] }
            }
        }
    }
}
