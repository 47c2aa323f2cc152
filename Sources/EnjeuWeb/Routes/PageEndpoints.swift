import Foundation
import EnjeuCore

// Every page route of Enjeu, one declaration each, by feature: the app registers them from here and every link and
// form action is built from them. (The API's routes are declared beside their documentation, in EnjeuApp/API.)

// MARK: - Account
/// The page routes of accounts (sign-up, sign-in, language, profiles, API tokens, recovery and sessions), declared once: the app registers them,
/// views and the layout link to them.
package enum AccountEndpoints {
    package static let signUp = Endpoint< >(.GET, "/signup", gate: .anyone, name: "account.signUp")
    package static let createAccount = Endpoint< >(.POST, "/signup", gate: .anyone, name: "account.signUp.submit")
    /// `?next=` is where to go once signed in (see `safeNext`).
    package static let signIn = Endpoint< >(.GET, "/signin", gate: .anyone, name: "account.signIn")
    package static let startSession = Endpoint< >(.POST, "/signin", gate: .anyone, name: "account.signIn.submit")
    package static let signOut = Endpoint< >(.POST, "/signout", gate: .signedIn, name: "account.signOut")
    /// Anyone may switch language; a signed-in person's choice is also saved on their profile.
    package static let lang = Endpoint< >(.POST, "/lang", gate: .anyone, name: "account.lang")

    package static let person = Endpoint<String>(.GET, "/people/:handle", gate: .signedIn, name: "account.person")
    package static let editProfile = Endpoint< >(.GET, "/me", gate: .signedIn, name: "account.profile.edit")
    package static let saveProfile = Endpoint< >(.POST, "/me", gate: .signedIn, name: "account.profile.save")
    /// Show (`show=1`) or hide (`show=0`) the summary of one's contributions on one's profile.
    package static let contributionSummary = Endpoint< >(.POST, "/me/contribution-summary", gate: .signedIn, name: "account.contribution-summary")

    package static let tokens = Endpoint< >(.GET, "/me/tokens", gate: .signedIn, name: "account.tokens")
    package static let createToken = Endpoint< >(.POST, "/me/tokens", gate: .signedIn, name: "account.tokens.create")
    package static let revokeToken = Endpoint<UUID>(.POST, "/me/tokens/:id/revoke", gate: .signedIn, name: "account.tokens.revoke")

    /// Password reset: the form asking for the address, then the e-mailed link's form (`:token` is the link's secret).
    package static let forgotPassword = Endpoint< >(.GET, "/password-reset", gate: .anyone, name: "account.password.forgot")
    package static let requestReset = Endpoint< >(.POST, "/password-reset", gate: .anyone, name: "account.password.request")
    package static let resetForm = Endpoint<String>(.GET, "/password-reset/:token", gate: .anyone, name: "account.password.reset")
    package static let resetPassword = Endpoint<String>(.POST, "/password-reset/:token", gate: .anyone, name: "account.password.reset.submit")
    /// The sign-up e-mail's link: the page only offers a button; the POST verifies.
    package static let verifyEmail = Endpoint<String>(.GET, "/verify/:token", gate: .anyone, name: "account.verify")
    package static let confirmEmail = Endpoint<String>(.POST, "/verify/:token", gate: .anyone, name: "account.verify.submit")
    /// « Compte et sécurité »: the address and its verification, the open sessions. `?done=` names what was just done.
    package static let security = Endpoint< >(.GET, "/me/account", gate: .signedIn, name: "account.security")
    package static let resendVerification = Endpoint< >(.POST, "/me/account/verification", gate: .signedIn, name: "account.verify.resend")
    package static let endSession = Endpoint<UUID>(.POST, "/me/sessions/:id/end", gate: .signedIn, name: "account.sessions.end")
    package static let endOtherSessions = Endpoint< >(.POST, "/me/sessions/end-others", gate: .signedIn, name: "account.sessions.end-others")
    /// The account page's change-password form (the password in use, the new one twice); ends the other sessions.
    package static let changePassword = Endpoint< >(.POST, "/me/account/password", gate: .signedIn, name: "account.password.change")

    /// « Mes données »: the export (ask, follow, download) and account deletion (with the password).
    package static let myData = Endpoint< >(.GET, "/me/data", gate: .signedIn, name: "account.data")
    package static let requestExport = Endpoint< >(.POST, "/me/data/export", gate: .signedIn, name: "account.data.export")
    package static let downloadExport = Endpoint<UUID>(.GET, "/me/data/export/:id", gate: .signedIn, name: "account.data.download")
    package static let deleteAccount = Endpoint< >(.POST, "/me/data/delete", gate: .signedIn, name: "account.data.delete")

    /// The sign-in page that comes back to `next` afterwards.
    package static func signIn(next: String) -> String { signIn.path(query: [("next", next)]) }

    /// Only local paths are followed after sign-in, so `next` cannot send anyone to another site.
    package static func safeNext(_ next: String?) -> String {
        // Browsers drop tabs and newlines and read "\\" as "/", so "/\t/evil.example" would leave the site: refuse them all.
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"),
              !next.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 || $0 == "\\" || $0.value == 0x7F })
        else { return CommunityEndpoints.home.path() }
        return next
    }
}

// MARK: - Community
/// A steward's action on a member names itself in the URL (`/members/ada/promote`).
extension MemberChange: PathValue { package var pathSegment: String { rawValue } }

/// The page routes of communities and memberships, and the site's home, declared once: the app registers them,
/// views and the layout link to them.
package enum CommunityEndpoints {
    /// The site's home: my communities, and some to discover.
    package static let home = Endpoint< >(.GET, "/", gate: .anyone, name: "home")
    /// For load balancers and monitoring: the instance answers and names its database.
    package static let health = Endpoint< >(.GET, "/healthz", gate: .anyone, name: "healthz")

    /// `?q=` searches, `?after=` pages.
    package static let browse = Endpoint< >(.GET, "/communities", gate: .anyone, name: "community.browse")
    package static let newCommunity = Endpoint< >(.GET, "/communities/new", gate: .signedIn, name: "community.new")
    package static let create = Endpoint< >(.POST, "/communities", gate: .signedIn, name: "community.create")

    /// A community's home: its card for everyone, its people for those who may see inside.
    package static let community = Endpoint<String>(.GET, "/communities/:slug", gate: .community(.seeCard), name: "community.home")
    /// `?after=` pages.
    package static let members = Endpoint<String>(.GET, "/communities/:slug/members", gate: .community(.seeInside), name: "community.members")
    /// A member's part in the collective (`?part=` one list, `?after=` its page), readable as the members are.
    package static let contribution = Endpoint<String, String>(.GET, "/communities/:slug/members/:handle/contribution", gate: .community(.seeInside),
                                                               name: "community.member.contribution")
    package static let changeMember = Endpoint<String, String, MemberChange>(.POST, "/communities/:slug/members/:handle/:change",
                                                                             gate: .community(.steward), name: "community.members.change")

    package static let join = Endpoint<String>(.POST, "/communities/:slug/join", gate: .community(.requestToJoin), name: "community.join")
    /// Open to anyone who sees the card: the service answers 409 when there is no pending request.
    package static let withdraw = Endpoint<String>(.POST, "/communities/:slug/withdraw", gate: .community(.seeCard), name: "community.join.withdraw")
    package static let leave = Endpoint<String>(.POST, "/communities/:slug/leave", gate: .community(.leave), name: "community.leave")

    package static let charter = Endpoint<String>(.GET, "/communities/:slug/charter", gate: .community(.seeCard), name: "community.charter")
    package static let acceptCharter = Endpoint<String>(.POST, "/communities/:slug/charter/accept", gate: .community(.acceptCharter),
                                                        name: "community.charter.accept")
    /// A member proposes a new charter version; the community decides it (a governance proposal of kind `charter`).
    package static let publishCharter = Endpoint<String>(.POST, "/communities/:slug/charter", gate: .community(.contribute),
                                                         name: "community.charter.propose")

    /// Pending join requests; `?after=` pages.
    package static let requests = Endpoint<String>(.GET, "/communities/:slug/requests", gate: .community(.approveMembers), name: "community.requests")
    package static let approve = Endpoint<String, UUID>(.POST, "/communities/:slug/requests/:id/approve", gate: .community(.approveMembers),
                                                        name: "community.requests.approve")
    package static let decline = Endpoint<String, UUID>(.POST, "/communities/:slug/requests/:id/decline", gate: .community(.approveMembers),
                                                        name: "community.requests.decline")

    package static let settings = Endpoint<String>(.GET, "/communities/:slug/settings", gate: .community(.steward), name: "community.settings")
    package static let saveSettings = Endpoint<String>(.POST, "/communities/:slug/settings", gate: .community(.steward),
                                                       name: "community.settings.save")
}

// MARK: - Social
/// The page routes of the social space, declared once: the app registers them, views link to them.
package enum SocialEndpoints {
    /// A community's feed; `?after=` pages it.
    package static let feed = Endpoint<String>(.GET, "/communities/:slug/feed", gate: .community(.seeInside), name: "social.feed")
    package static let publish = Endpoint<String>(.POST, "/communities/:slug/feed", gate: .community(.contribute), name: "social.feed.post")
    /// One post and its comments (`?after=` pages them); `?fragment=1` is the post alone, for the live feed.
    package static let post = Endpoint<String, UUID>(.GET, "/communities/:slug/posts/:id", gate: .community(.seeInside), name: "social.post")
    package static let comment = Endpoint<String, UUID>(.POST, "/communities/:slug/posts/:id/comments", gate: .community(.contribute),
                                                        name: "social.post.comment")
    /// Its author edits (`body`) or deletes a post or a comment; a moderator deletes.
    package static let editPost = Endpoint<String, UUID>(.POST, "/communities/:slug/posts/:id/edit", gate: .community(.contribute),
                                                         name: "social.post.edit")
    package static let deletePost = Endpoint<String, UUID>(.POST, "/communities/:slug/posts/:id/delete", gate: .community(.contribute),
                                                           name: "social.post.delete")
    package static let editComment = Endpoint<String, UUID, UUID>(.POST, "/communities/:slug/posts/:id/comments/:cid/edit",
                                                                  gate: .community(.contribute), name: "social.comment.edit")
    package static let deleteComment = Endpoint<String, UUID, UUID>(.POST, "/communities/:slug/posts/:id/comments/:cid/delete",
                                                                    gate: .community(.contribute), name: "social.comment.delete")
    /// `on=1` follows a public community, `on=0` stops.
    package static let follow = Endpoint<String>(.POST, "/communities/:slug/follow", gate: .community(.seeInside), name: "social.follow")
    package static let followPerson = Endpoint<String>(.POST, "/people/:handle/follow", gate: .signedIn, name: "social.person.follow")

    /// My feed across communities; `?after=` pages it.
    package static let myFeed = Endpoint< >(.GET, "/feed", gate: .signedIn, name: "social.my-feed")
    package static let notifications = Endpoint< >(.GET, "/notifications", gate: .signedIn, name: "social.notifications")
    /// `id=` marks one notification read; without it, all of them.
    package static let markRead = Endpoint< >(.POST, "/notifications/read", gate: .signedIn, name: "social.notifications.read")
    package static let preferences = Endpoint< >(.POST, "/notifications/preferences", gate: .signedIn, name: "social.notifications.preferences")
    /// The live event stream (server-sent events) of signed-in pages.
    package static let events = Endpoint< >(.GET, "/events", gate: .signedIn, name: "social.events")
    package static let matches = Endpoint< >(.GET, "/me/matches", gate: .signedIn, name: "social.matches")

    /// The ranking and the leaders; `?topic=` narrows to one topic, `?after=` pages.
    package static let credibility = Endpoint<String>(.GET, "/communities/:slug/credibility", gate: .community(.seeInside),
                                                      name: "social.credibility")
    /// Why a member has their credibility.
    package static let why = Endpoint<String, String>(.GET, "/communities/:slug/credibility/:handle", gate: .community(.seeInside),
                                                      name: "social.credibility.why")
    package static let recompute = Endpoint<String>(.POST, "/communities/:slug/credibility/refresh", gate: .community(.steward),
                                                    name: "social.credibility.refresh")
    /// The community's threshold of a well-assessed action (stewards).
    package static let threshold = Endpoint<String>(.POST, "/communities/:slug/credibility/threshold", gate: .community(.steward),
                                                    name: "social.credibility.threshold")
    package static let endorse = Endpoint<String>(.POST, "/communities/:slug/endorsements", gate: .community(.contribute),
                                                  name: "social.endorse")
    package static let revoke = Endpoint<String, UUID>(.POST, "/communities/:slug/endorsements/:id/revoke", gate: .community(.contribute),
                                                       name: "social.endorsement.revoke")
}

// MARK: - Code
/// A section names itself in blame URLs by its stored key (`/blame/raison-d-etre`).
extension SectionKey: PathValue { package var pathSegment: String { rawValue } }

/// The page routes of the #CodeSocial, declared once: the app registers them, views link to them.
package enum CodeEndpoints {
    /// The document at its head revision; `#section` anchors each section.
    package static let document = Endpoint<String>(.GET, "/communities/:slug/code", gate: .community(.readCode), name: "code.document")
    /// `?after=` pages the history.
    package static let history = Endpoint<String>(.GET, "/communities/:slug/code/history", gate: .community(.readCode), name: "code.history")
    /// `?view=split` shows the diff side by side.
    package static let revision = Endpoint<String, Int>(.GET, "/communities/:slug/code/revisions/:n", gate: .community(.readCode),
                                                        name: "code.revision")
    /// `?from=&to=` (and `view=split`) compare any two revisions.
    package static let diff = Endpoint<String>(.GET, "/communities/:slug/code/diff", gate: .community(.readCode), name: "code.diff")
    package static let blame = Endpoint<String, SectionKey>(.GET, "/communities/:slug/code/blame/:section", gate: .community(.readCode),
                                                           name: "code.blame")

    /// `?status=` filters, `?after=` pages.
    package static let amendments = Endpoint<String>(.GET, "/communities/:slug/code/amendments", gate: .community(.readCode),
                                                     name: "code.amendments")
    /// `?section=` opens that section, `?fact=` starts from a contesting fact.
    package static let newAmendment = Endpoint<String>(.GET, "/communities/:slug/code/amendments/new", gate: .community(.contribute),
                                                       name: "code.amendment.new")
    package static let propose = Endpoint<String>(.POST, "/communities/:slug/code/amendments", gate: .community(.contribute),
                                                  name: "code.amendment.propose")
    /// `?view=split` shows the proposed change side by side.
    package static let amendment = Endpoint<String, UUID>(.GET, "/communities/:slug/code/amendments/:id", gate: .community(.readCode),
                                                          name: "code.amendment")
    package static let reviseForm = Endpoint<String, UUID>(.GET, "/communities/:slug/code/amendments/:id/revise", gate: .community(.contribute),
                                                           name: "code.amendment.edit")
    package static let revise = Endpoint<String, UUID>(.POST, "/communities/:slug/code/amendments/:id/revise", gate: .community(.contribute),
                                                       name: "code.amendment.revise")
    package static let position = Endpoint<String, UUID>(.POST, "/communities/:slug/code/amendments/:id/positions", gate: .community(.contribute),
                                                         name: "code.amendment.position")
    package static let comment = Endpoint<String, UUID>(.POST, "/communities/:slug/code/amendments/:id/comments", gate: .community(.contribute),
                                                        name: "code.amendment.comment")
    package static let withdraw = Endpoint<String, UUID>(.POST, "/communities/:slug/code/amendments/:id/withdraw", gate: .community(.contribute),
                                                         name: "code.amendment.withdraw")
    package static let decide = Endpoint<String, UUID>(.POST, "/communities/:slug/code/amendments/:id/decide", gate: .community(.applyDecisions),
                                                       name: "code.amendment.decide")

    package static let addFact = Endpoint<String>(.POST, "/communities/:slug/code/facts", gate: .community(.contribute), name: "code.fact.add")
    package static let diagnose = Endpoint<String>(.POST, "/communities/:slug/code/diagnosis", gate: .community(.contribute),
                                                   name: "code.diagnosis.rate")
    package static let settings = Endpoint<String>(.GET, "/communities/:slug/code/settings", gate: .community(.steward), name: "code.settings")
    package static let saveSettings = Endpoint<String>(.POST, "/communities/:slug/code/settings", gate: .community(.steward),
                                                       name: "code.settings.save")
    /// Publishing the code or keeping it inside, for whoever holds the publish-code right without being a steward
    /// (stewards do it with the rest of the settings).
    package static let publication = Endpoint<String>(.GET, "/communities/:slug/code/publication", gate: .community(.publishCode),
                                                      name: "code.publication")
    package static let savePublication = Endpoint<String>(.POST, "/communities/:slug/code/publication", gate: .community(.publishCode),
                                                          name: "code.publication.save")

    package static let exportMarkdown = Endpoint<String>(.GET, "/communities/:slug/code/export.md", gate: .community(.readCode),
                                                         name: "code.export.markdown")
    package static let exportJSON = Endpoint<String>(.GET, "/communities/:slug/code/export.json", gate: .community(.readCode),
                                                     name: "code.export.json")
    package static let exportGit = Endpoint<String>(.GET, "/communities/:slug/code/export.git-fast-import", gate: .community(.readCode),
                                                    name: "code.export.git")
}

// MARK: - Journey
/// The pages of the six-step journey: the steps and proposals, the actions, the evaluation, the recognition wall, the report.
package enum JourneyEndpoints {
    // The steps, proposals and retrospectives of the current cycle.
    package static let overview = Endpoint<String>(.GET, "/communities/:slug/journey", gate: .community(.seeInside), name: "journey.overview")
    package static let start = Endpoint<String>(.POST, "/communities/:slug/journey/start", gate: .community(.steward), name: "journey.start")
    package static let nextCycle = Endpoint<String>(.POST, "/communities/:slug/journey/next-cycle", gate: .community(.steward), name: "journey.cycle.next")
    package static let propose = Endpoint<String>(.POST, "/communities/:slug/journey/proposals", gate: .community(.contribute), name: "journey.proposals.create")
    package static let position = Endpoint<String, UUID>(.POST, "/communities/:slug/journey/proposals/:id/positions", gate: .community(.contribute),
                                                         name: "journey.proposal.position")
    package static let decide = Endpoint<String, UUID>(.POST, "/communities/:slug/journey/proposals/:id/decide", gate: .community(.applyDecisions),
                                                       name: "journey.proposal.decide")
    package static let retrospective = Endpoint<String>(.POST, "/communities/:slug/journey/retrospectives", gate: .community(.contribute),
                                                        name: "journey.retrospectives.create")

    // The participatory plan.
    package static let actions = Endpoint<String>(.GET, "/communities/:slug/journey/actions", gate: .community(.seeInside), name: "journey.actions")
    package static let createAction = Endpoint<String>(.POST, "/communities/:slug/journey/actions", gate: .community(.contribute), name: "journey.actions.create")
    package static let action = Endpoint<String, UUID>(.GET, "/communities/:slug/journey/actions/:id", gate: .community(.seeInside), name: "journey.action")
    package static let volunteer = Endpoint<String, UUID>(.POST, "/communities/:slug/journey/actions/:id/volunteer", gate: .community(.contribute),
                                                          name: "journey.action.volunteer")
    package static let actionStatus = Endpoint<String, UUID>(.POST, "/communities/:slug/journey/actions/:id/status", gate: .community(.contribute),
                                                             name: "journey.action.status")

    // Evaluation and recognition.
    package static let assess = Endpoint<String>(.POST, "/communities/:slug/journey/assessments", gate: .community(.contribute), name: "journey.assessments.create")
    package static let evaluation = Endpoint<String>(.GET, "/communities/:slug/journey/evaluation", gate: .community(.seeInside), name: "journey.evaluation")
    package static let memberDashboard = Endpoint<String, String>(.GET, "/communities/:slug/journey/evaluation/members/:handle", gate: .community(.seeInside),
                                                                  name: "journey.evaluation.member")
    package static let assessMember = Endpoint<String, String>(.GET, "/communities/:slug/journey/members/:handle/assess", gate: .community(.contribute),
                                                               name: "journey.member.assess")
    package static let wall = Endpoint<String>(.GET, "/communities/:slug/journey/recognitions", gate: .community(.seeInside), name: "journey.recognitions")
    package static let recognize = Endpoint<String>(.POST, "/communities/:slug/journey/recognitions", gate: .community(.contribute),
                                                    name: "journey.recognitions.create")

    // The cycle's restitution.
    package static let report = Endpoint<String>(.GET, "/communities/:slug/journey/report", gate: .community(.seeInside), name: "journey.report")
    package static let reportMarkdown = Endpoint<String>(.GET, "/communities/:slug/journey/report.md", gate: .community(.seeInside),
                                                         name: "journey.report.markdown")
}

// MARK: - Figures
/// The #ChiffresEnsemble pages: indicators and their contributions, flags, credits and the give-to-get rules,
/// datasets, the POST buttons that pay for reading, and the exports a member downloads with her session
/// (the same files are under `/api/v1`, paid there).
package enum FiguresEndpoints {
    // Indicators.
    package static let list = Endpoint<String>(.GET, "/communities/:slug/figures", gate: .community(.seeInside), name: "figures.list")
    package static let newIndicator = Endpoint<String>(.GET, "/communities/:slug/figures/new", gate: .community(.contribute), name: "figures.new")
    package static let create = Endpoint<String>(.POST, "/communities/:slug/figures", gate: .community(.contribute), name: "figures.create")
    package static let indicator = Endpoint<String, UUID>(.GET, "/communities/:slug/figures/:id", gate: .community(.contribute),
                                                          name: "figures.indicator")
    package static let contribute = Endpoint<String, UUID>(.POST, "/communities/:slug/figures/:id/contribute", gate: .community(.contribute),
                                                           name: "figures.contribute")
    /// Pays for one indicator (an explicit POST: a GET never spends).
    package static let read = Endpoint<String, UUID>(.POST, "/communities/:slug/figures/:id/read", gate: .community(.contribute),
                                                     name: "figures.read")

    // Flags (`:id` is a contribution).
    package static let flagForm = Endpoint<String, UUID>(.GET, "/communities/:slug/figures/contributions/:id/flag", gate: .community(.contribute),
                                                         name: "figures.flag")
    package static let flag = Endpoint<String, UUID>(.POST, "/communities/:slug/figures/contributions/:id/flag", gate: .community(.contribute),
                                                     name: "figures.flag.send")

    // Credits and the community's rules.
    /// A steward proposes to merge this indicator into a programme's (the programme's steward accepts); the form lists
    /// the indicators of the programmes the community joined with the same unit and period.
    package static let mergeForm = Endpoint<String, UUID>(.GET, "/communities/:slug/figures/:id/merge", gate: .community(.steward),
                                                          name: "figures.merge")
    package static let merge = Endpoint<String, UUID>(.POST, "/communities/:slug/figures/:id/merge", gate: .community(.steward),
                                                      name: "figures.merge.send")

    package static let credits = Endpoint<String>(.GET, "/communities/:slug/figures/credits", gate: .community(.contribute), name: "figures.credits")
    package static let rules = Endpoint<String>(.GET, "/communities/:slug/figures/rules", gate: .community(.setFiguresRules), name: "figures.rules")
    package static let saveRules = Endpoint<String>(.POST, "/communities/:slug/figures/rules", gate: .community(.setFiguresRules), name: "figures.rules.save")
    package static let refresh = Endpoint<String>(.POST, "/communities/:slug/figures/refresh", gate: .community(.setFiguresRules), name: "figures.refresh")

    // Datasets.
    package static let datasets = Endpoint<String>(.GET, "/communities/:slug/figures/datasets", gate: .community(.seeInside), name: "figures.datasets")
    package static let createDataset = Endpoint<String>(.POST, "/communities/:slug/figures/datasets", gate: .community(.contribute),
                                                        name: "figures.datasets.create")
    package static let dataset = Endpoint<String, UUID>(.GET, "/communities/:slug/figures/datasets/:id", gate: .community(.seeInside),
                                                        name: "figures.dataset")
    /// Pays for every indicator of the dataset not read this month, all or nothing.
    package static let unlock = Endpoint<String, UUID>(.POST, "/communities/:slug/figures/datasets/:id/unlock", gate: .community(.contribute),
                                                       name: "figures.dataset.unlock")

    // Exports: a link spends nothing (another site can make a browser follow it).
    package static let exportCSV = Endpoint<String, UUID>(.GET, "/communities/:slug/figures/datasets/:id/export.csv", gate: .community(.contribute),
                                                          name: "figures.dataset.export")
    package static let contributionsCSV = Endpoint<String, UUID>(.GET, "/communities/:slug/figures/datasets/:id/contributions.csv",
                                                                 gate: .community(.steward), name: "figures.dataset.contributions")
    package static let dataPackage = Endpoint<String, UUID>(.GET, "/communities/:slug/figures/datasets/:id/datapackage.json",
                                                            gate: .community(.contribute), name: "figures.dataset.package")
}

// MARK: - Economy
/// The economy's pages: the catalogues and referrals, the ledger of flows with its matrices and confirmations, the
/// pyramid, and the exports a signed-in member downloads with her session (the same files are under `/api/v1`).
package enum EconomyEndpoints {
    // The catalogues.
    package static let ecosystem = Endpoint< >(.GET, "/catalogue", gate: .anyone, name: "economy.ecosystem")
    package static let catalogue = Endpoint<String>(.GET, "/communities/:slug/economy", gate: .community(.seeInside), name: "economy.catalogue")
    package static let publish = Endpoint<String>(.POST, "/communities/:slug/economy/offers", gate: .community(.contribute), name: "economy.offers.create")
    package static let offer = Endpoint<String, UUID>(.GET, "/communities/:slug/economy/offers/:id", gate: .community(.seeInside), name: "economy.offer")
    /// Open to the card, as the API's: a member of another community of the same network refers too.
    package static let refer = Endpoint<String, UUID>(.POST, "/communities/:slug/economy/offers/:id/referrals", gate: .community(.seeCard),
                                                      name: "economy.offer.refer")
    /// Anyone signed in who sees the offer: the service asks for a viewer.
    package static let solicit = Endpoint<String, UUID>(.POST, "/communities/:slug/economy/offers/:id/solicitations", gate: .community(.seeInside),
                                                        name: "economy.offer.solicit")
    package static let referralStatus = Endpoint<String, UUID>(.POST, "/communities/:slug/economy/referrals/:id/status", gate: .community(.contribute),
                                                               name: "economy.referral.status")

    // The ledger.
    package static let flows = Endpoint<String>(.GET, "/communities/:slug/economy/flows", gate: .community(.seeInside), name: "economy.flows")
    package static let record = Endpoint<String>(.POST, "/communities/:slug/economy/flows", gate: .community(.contribute), name: "economy.flows.create")
    /// Open to the card, as the API's: an organisation's representative answers for it without being a member.
    package static let confirm = Endpoint<String, UUID>(.POST, "/communities/:slug/economy/flows/:id/confirm", gate: .community(.seeCard),
                                                        name: "economy.flow.confirm")
    package static let decline = Endpoint<String, UUID>(.POST, "/communities/:slug/economy/flows/:id/decline", gate: .community(.seeCard),
                                                        name: "economy.flow.decline")

    // The inverted pyramid.
    package static let pyramid = Endpoint<String>(.GET, "/communities/:slug/economy/pyramid", gate: .community(.seeInside), name: "economy.pyramid")
    package static let addResponsibility = Endpoint<String>(.POST, "/communities/:slug/economy/pyramid", gate: .community(.contribute),
                                                            name: "economy.pyramid.create")

    // Exports under the pages (flows need a signed-in reader, which the handler checks).
    package static let flowsCSV = Endpoint<String>(.GET, "/communities/:slug/economy/flows.csv", gate: .community(.seeInside), name: "economy.flows.csv")
    package static let flowsJSONLD = Endpoint<String>(.GET, "/communities/:slug/economy/flows.jsonld", gate: .community(.seeInside),
                                                      name: "economy.flows.jsonld")
    package static let offersCSV = Endpoint<String>(.GET, "/communities/:slug/economy/offers.csv", gate: .community(.seeInside), name: "economy.offers.csv")
}

// MARK: - Organisations
/// Organisations' pages, and the page from which their representatives ask a community to admit them.
package enum OrganisationEndpoints {
    package static let newOrganisation = Endpoint< >(.GET, "/organisations/new", gate: .signedIn, name: "organisation.new")
    package static let create = Endpoint< >(.POST, "/organisations", gate: .signedIn, name: "organisation.create")
    /// The public profile; its representatives also manage who represents it there.
    package static let profile = Endpoint<String>(.GET, "/organisations/:slug", gate: .anyone, name: "organisation.profile")
    package static let edit = Endpoint<String>(.POST, "/organisations/:slug/profile", gate: .signedIn, name: "organisation.edit")
    package static let addRepresentative = Endpoint<String>(.POST, "/organisations/:slug/representatives", gate: .signedIn,
                                                            name: "organisation.representatives.add")
    package static let removeRepresentative = Endpoint<String, String>(.POST, "/organisations/:slug/representatives/:handle/remove",
                                                                       gate: .signedIn, name: "organisation.representatives.remove")
    /// Open to whoever sees the card: what an organisation may do here depends on who represents it (the service checks).
    package static let join = Endpoint<String>(.GET, "/communities/:slug/organisations", gate: .community(.seeCard), name: "community.organisations")
    package static let requestJoin = Endpoint<String>(.POST, "/communities/:slug/organisations/join", gate: .community(.seeCard),
                                                      name: "community.organisations.join")
    package static let acceptCharter = Endpoint<String>(.POST, "/communities/:slug/organisations/charter", gate: .community(.seeCard),
                                                        name: "community.organisations.charter")
}

// MARK: - Links between communities
/// The « Réseau » page of a community: its links to other communities, proposed by one side's stewards, decided by the other's.
package enum NetworkEndpoints {
    package static let links = Endpoint<String>(.GET, "/communities/:slug/links", gate: .community(.seeInside), name: "network.links")
    package static let propose = Endpoint<String>(.POST, "/communities/:slug/links", gate: .community(.manageLinks), name: "network.links.propose")
    package static let accept = Endpoint<String, UUID>(.POST, "/communities/:slug/links/:id/accept", gate: .community(.manageLinks),
                                                       name: "network.links.accept")
    package static let decline = Endpoint<String, UUID>(.POST, "/communities/:slug/links/:id/decline", gate: .community(.manageLinks),
                                                        name: "network.links.decline")
    package static let end = Endpoint<String, UUID>(.POST, "/communities/:slug/links/:id/end", gate: .community(.manageLinks),
                                                    name: "network.links.end")
    /// A network's view: members, organisations, one catalogue (`?q=`, `?after=` pages it), figures, evaluation.
    package static let view = Endpoint<String>(.GET, "/communities/:slug/network", gate: .community(.seeInside), name: "network.view")
    /// The entries behind one cell of the network's matrix (`?from=&to=` parties).
    package static let flows = Endpoint<String>(.GET, "/communities/:slug/network/flows", gate: .community(.seeInside), name: "network.flows")
    /// What this community shares with its networks (the form is on the stewards' settings page).
    package static let share = Endpoint<String>(.POST, "/communities/:slug/sharing", gate: .community(.manageLinks), name: "network.sharing")
}
