import Foundation
import EnjeuCore
import EnjeuWeb

/// My data under /api/v1: the export and account deletion (issue 20), declared once (see `CommunityAPIEndpoints`).
enum MyDataAPIEndpoints {
    typealias Op = APIOperation
    static let requestExport = Op< >(.POST, "/api/v1/me/export", gate: .signedIn, name: "api.me.export",
                                     "Ask for my data as one ZIP (a JSON file per kind and a README), made in the background; an export already under way is answered again",
                                     APIResponse(status: 202, schema: APISchema(MyDataAPI.Created.self, "ExportCreated")))
    static let export = Op<UUID>(.GET, "/api/v1/me/export/:id", gate: .signedIn, name: "api.me.export.read",
                                 "My export: its status (`queued`, `running` with `done` of `total`, `failed`, `expired`) while not ready, then the ZIP (application/zip) for 24 hours; someone else's is a 404",
                                 .ok(MyDataAPI.ExportOut.self, "Export"))
    static let deleteMe = Op< >(.DELETE, "/api/v1/me", gate: .signedIn, name: "api.me.delete",
                                "Delete my account with my password: profile, posts and comments (« message supprimé »), endorsements given, notifications, sessions and tokens erased; collective records stay under « membre parti·e #n »; the handle stays reserved. 409 while I am a community's only founder",
                                body: .json(AccountDeletion.In.self, "DeleteAccountIn"), .ok(MyDataAPI.Deleted.self, "AccountDeleted"))

    static let all: [APIDoc] = [requestExport.doc, export.doc, deleteMe.doc]
}
