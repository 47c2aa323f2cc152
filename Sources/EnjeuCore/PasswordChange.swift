import Foundation

/// Changing one's password while signed in: the password in use, and the new one under the sign-up rules, typed twice
/// on the account page (the API sends it once: `confirmation` is nil). Whether `current` is right is the caller's check,
/// against the stored hash, once these rules pass.
public struct PasswordChange: Sendable {
    public var current: String
    public var password: String
    public var confirmation: String?

    public init(current: String, password: String, confirmation: String? = nil) {
        self.current = current; self.password = password; self.confirmation = confirmation
    }

    /// Every problem the form shows at once, each tied to its field.
    public func violations() -> Violations {
        var v = Violations()
        if current.isEmpty { v.add(.currentPassword, .required) }
        if password.count < Rules.passwordMin { v.add(.newPassword, .tooShort(min: Rules.passwordMin)) }
        else if password.utf8.count > Rules.passwordMaxBytes { v.add(.newPassword, .tooLong(max: Rules.passwordMaxBytes)) }
        else if let confirmation, confirmation != password { v.add(.passwordConfirmation, .doesNotMatch) }
        return v
    }
}
