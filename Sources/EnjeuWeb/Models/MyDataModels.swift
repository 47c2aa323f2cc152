import Foundation
import EnjeuCore

/// « Mes données »: the person's latest exports and the account deletion form.
package struct MyDataPage: Sendable {
    package struct Export: Sendable {
        package let id: UUID, status: String, done: Int, total: Int, createdAt: Date, expiresAt: Date?, downloadable: Bool
        package init(id: UUID, status: String, done: Int, total: Int, createdAt: Date, expiresAt: Date?, downloadable: Bool) {
            self.id = id; self.status = status; self.done = done; self.total = total; self.createdAt = createdAt
            self.expiresAt = expiresAt; self.downloadable = downloadable
        }
    }
    package let exports: [Export], form: FormState
    package init(exports: [Export], form: FormState) { self.exports = exports; self.form = form }
}
