import Foundation
import EnjeuCore
import EnjeuWeb

/// Accounts, tokens, profiles and communities under /api/v1: each route declared once, registered by `CommunityAPI`
/// and documented by `OpenAPIDocument`.
enum CommunityAPIEndpoints {
    typealias API = CommunityAPI
    typealias Op = APIOperation

    static let openAPI = Op< >(.GET, "/api/v1/openapi.json", gate: .anyone, name: "api.openapi", "This document", .okUndescribed)
    static let createAccount = Op< >(.POST, "/api/v1/accounts", gate: .anyone, name: "api.account.create", "Create an account",
                                     body: .json(API.NewAccount.self), .created(API.AccountCreated.self))
    static let verifyEmail = Op< >(.POST, "/api/v1/accounts/verify", gate: .anyone, name: "api.account.verify",
                                   "Verify my e-mail address with the token of the link e-mailed at sign-up (410 when unknown, used or expired)",
                                   body: .json(API.VerifyBody.self), .ok(API.EmailVerified.self))
    static let requestPasswordReset = Op< >(.POST, "/api/v1/password-resets", gate: .anyone, name: "api.password-reset.request",
                                            "E-mail a password-reset link, valid one hour: 202 whatever the address, so the answer tells nobody whether an account has it",
                                            body: .json(API.ResetRequest.self), APIResponse(status: 202, schema: APISchema(API.StatusBody.self, "Status")))
    static let resetPassword = Op<String>(.POST, "/api/v1/password-resets/:token", gate: .anyone, name: "api.password-reset",
                                          "Set a new password with the link's token: 200 once, 410 when the token is unknown, used or expired; ends the account's sessions",
                                          body: .json(API.NewPassword.self), .ok(API.StatusBody.self, "Status"))
    static let createToken = Op< >(.POST, "/api/v1/tokens", gate: .anyone, name: "api.token.create",
                                   "Create a personal access token from e-mail and password",
                                   body: .json(API.Credentials.self), .created(API.TokenCreated.self))
    static let tokens = Op< >(.GET, "/api/v1/tokens", gate: .signedIn, name: "api.tokens", "List my active tokens",
                              .ok(.page(API.TokenItem.self, "Token")))
    static let revokeToken = Op<UUID>(.DELETE, "/api/v1/tokens/:id", gate: .signedIn, name: "api.token.revoke", "Revoke a token", .noContent)
    static let me = Op< >(.GET, "/api/v1/me", gate: .signedIn, name: "api.me", "Who I am", .ok(API.Me.self))
    static let updateMe = Op< >(.PATCH, "/api/v1/me", gate: .signedIn, name: "api.me.update", "Update my profile (« qui je suis »)",
                                body: .json(API.ProfileUpdate.self), .ok(API.Me.self))
    static let changePassword = Op< >(.POST, "/api/v1/me/password", gate: .signedIn, name: "api.me.password",
                                      "Change my password, giving the current one: 200; 403 when `current` is wrong, 422 when the new one breaks the rules; ends my browser sessions",
                                      body: .json(API.PasswordChangeBody.self), .ok(API.StatusBody.self, "Status"))
    static let user = Op<String>(.GET, "/api/v1/users/:handle", gate: .signedIn, name: "api.user", "A person's profile", .ok(API.Me.self))

    static let communities = Op< >(.GET, "/api/v1/communities", gate: .anyone, name: "api.communities",
                                   "Browse and search community cards (keyset pages)", query: [.q], .ok(.page(CommunityQueries.Card.self, "Card")))
    static let createCommunity = Op< >(.POST, "/api/v1/communities", gate: .signedIn, name: "api.community.create",
                                       "Create a community; the creator is its founder",
                                       body: .json(API.NewCommunity.self), .created(CommunityQueries.Card.self, "Card"))
    static let community = Op<String>(.GET, "/api/v1/communities/:slug", gate: .community(.seeCard), name: "api.community",
                                      "A community's card and my relation to it", .ok(API.CommunityDetail.self))
    static let updateCommunity = Op<String>(.PATCH, "/api/v1/communities/:slug", gate: .community(.steward), name: "api.community.update",
                                            "Edit the profile (stewards; optimistic version)",
                                            body: .json(API.CommunityUpdate.self), .ok(API.CommunityDetail.self))
    static let members = Op<String>(.GET, "/api/v1/communities/:slug/members", gate: .community(.seeInside), name: "api.community.members",
                                    "Members (404 to non-members of a members-only community)", .ok(.page(CommunityMember.self, "Member")))
    static let joinRequests = Op<String>(.GET, "/api/v1/communities/:slug/join-requests", gate: .community(.approveMembers),
                                         name: "api.community.join-requests", "Pending join requests (stewards)",
                                         .ok(.page(JoinRequestItem.self, "JoinRequest", pageName: "RequestPage")))
    /// Gated to the card: a person's own request is then checked as `requestToJoin`; an organisation's by its representatives.
    static let join = Op<String>(.POST, "/api/v1/communities/:slug/join-requests", gate: .community(.seeCard),
                                 name: "api.community.join",
                                 "Ask to join; with `organisation` (its slug), a representative asks in the organisation's name", token: true,
                                 body: .json(API.JoinBody.self), .created(API.JoinCreated.self, "JoinStatus"))
    static let approve = Op<String, UUID>(.POST, "/api/v1/communities/:slug/join-requests/:id/approve", gate: .community(.approveMembers),
                                          name: "api.community.join-request.approve", "Approve a request (stewards)",
                                          .ok(API.JoinCreated.self, "JoinStatus"))
    static let decline = Op<String, UUID>(.POST, "/api/v1/communities/:slug/join-requests/:id/decline", gate: .community(.approveMembers),
                                          name: "api.community.join-request.decline", "Decline a request with a reason (stewards)",
                                          body: .json(API.ReasonBody.self), .ok(API.JoinCreated.self, "JoinStatus"))
    static let withdraw = Op<String>(.POST, "/api/v1/communities/:slug/withdraw", gate: .community(.seeCard), name: "api.community.withdraw",
                                     "Withdraw my pending request", token: true, .ok(API.StatusBody.self, "Status"))
    static let charter = Op<String>(.GET, "/api/v1/communities/:slug/charter", gate: .community(.seeCard), name: "api.community.charter",
                                    "The current reciprocity charter", .ok(API.CharterView.self, "Charter"))
    static let acceptCharter = Op<String>(.POST, "/api/v1/communities/:slug/charter/accept", gate: .community(.seeCard),
                                          name: "api.community.charter.accept",
                                          "Accept the current charter; an approved person becomes active; with `organisation`, a representative accepts in its name",
                                          token: true,
                                          body: .json(API.VersionBody.self), .ok(API.StatusBody.self, "Status"))
    static let leave = Op<String>(.POST, "/api/v1/communities/:slug/leave", gate: .community(.leave), name: "api.community.leave",
                                  "Leave the community", .ok(API.StatusBody.self, "Status"))
    static let changeMember = Op<String, String, String>(.POST, "/api/v1/communities/:slug/members/:handle/:change", gate: .community(.steward),
                                                         name: "api.community.member.change",
                                                         "reinstate a suspended member (stewards; the earlier name of moderation's unsuspend); promote and demote are 422: a steward is named by decision (roles/{id}/assignments)", .ok(API.StatusBody.self, "Status"))

    static let all: [APIDoc] = [
        openAPI.doc, createAccount.doc, verifyEmail.doc, requestPasswordReset.doc, resetPassword.doc, createToken.doc, tokens.doc, revokeToken.doc, me.doc, updateMe.doc, changePassword.doc, user.doc,
        communities.doc, createCommunity.doc, community.doc, updateCommunity.doc, members.doc, joinRequests.doc, join.doc,
        approve.doc, decline.doc, withdraw.doc, charter.doc, acceptCharter.doc, leave.doc, changeMember.doc,
    ]
}
