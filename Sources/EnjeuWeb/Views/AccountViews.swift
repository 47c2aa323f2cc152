import Foundation
import EnjeuCore

/// Sign-up, sign-in, profiles and API tokens.
package enum AccountViews {
    package static func signUpPage(_ s: FormState, _ l: Lang, csrf: String) -> PageView {
        PageView(title: l[.signUpTitle]) {
            formColumn(l[.signUpTitle], lead: l[.signUpLead], s, l, action: AccountEndpoints.createAccount.path(), csrf: csrf) {
                field(.handle, s, l, input: .text(autocomplete: "username"), required: true, hint: CommonText.handleHint.text, maxLength: 30)
                field(.displayName, s, l, input: .text(autocomplete: "name"), required: true, maxLength: Rules.nameMax)
                field(.email, s, l, input: .text(type: "email", autocomplete: "email"), required: true)
                field(.password, s, l, input: .text(type: "password", autocomplete: "new-password"), required: true, hint: CommonText.passwordHint.text)
                el("button", .type("submit")) { l[.signUpButton] }
            } after: {
                el("p") { l[.haveAccount] + " "; el("a", .href(AccountEndpoints.signIn.path())) { l[.signIn] } }
            }
        }
    }

    /// `s.values["next"]` is where to go once signed in.
    package static func signInPage(_ s: FormState, _ l: Lang, csrf: String) -> PageView {
        PageView(title: l[.signIn]) {
            formColumn(l[.signIn], s, l, action: AccountEndpoints.startSession.path(), csrf: csrf) {
                el("input", .type("hidden"), .name("next"), .value(s.values["next"] ?? ""))
                field(.email, s, l, input: .text(type: "email", autocomplete: "email"), required: true)
                field(.password, s, l, input: .text(type: "password", autocomplete: "current-password"), required: true)
                el("button", .type("submit")) { l[.signInButton] }
            } after: {
                forgotPasswordLink(l)
                el("p") { l[.noAccount] + " "; el("a", .href(AccountEndpoints.signUp.path())) { l[.signUp] } }
            }
        }
    }

    package static func profilePage(_ m: ProfilePage, _ l: Lang, csrf: String) -> PageView {
        PageView(title: m.displayName) {
            el("article", .cls("profile")) {
                el("h1") { m.displayName; el("span", .cls("handle")) { " @" + m.handle } }
                el("h2") { l[.whoIAm] }
                if m.bio.isEmpty { el("p", .cls("muted")) { l[.emptyBio] } } else { paragraphs(m.bio) }
                el("h2") { l[Text.label(.values)] }
                tagList(m.values, empty: l[.nothingYet])
                el("h2") { l[Text.label(.skills)] }
                tagList(m.skills, empty: l[.nothingYet])
                el("h2") { l[.communitiesTitle] }
                if m.communities.isEmpty { el("p", .cls("muted")) { l[.nothingYet] } }
                el("ul", .cls("plain")) {
                    for c in m.communities {
                        el("li") {
                            el("a", .href(CommunityEndpoints.community.path(c.slug))) { c.name }
                            " · "; el("a", .href(CommunityEndpoints.contribution.path(c.slug, m.handle))) { l[ContributionText.link] }
                        }
                    }
                }
                if m.showsContributions { ContributionViews.summary(m, l) }
                if m.isMe {
                    el("p", .cls("hint")) { l[ContributionText.summaryHint] }
                    postForm(AccountEndpoints.contributionSummary.path(), csrf: csrf, cls: "inline") {
                        el("input", .type("hidden"), .name("show"), .value(m.showsContributions ? "0" : "1"))
                        el("button", .cls("secondary")) { l[m.showsContributions ? ContributionText.hideSummary : ContributionText.showSummary] }
                    }
                }
                if !m.isMe {
                    // Their posts in public communities then reach my feed.
                    postForm(SocialEndpoints.followPerson.path(m.handle), csrf: csrf, cls: "inline") {
                        el("input", .type("hidden"), .name("on"), .value(m.following ? "0" : "1"))
                        el("button", .cls("secondary")) { l[m.following ? SocialText.unfollow : SocialText.follow] }
                    }
                }
                if m.isMe {
                    el("p", .cls("actions")) {
                        el("a", .cls("button"), .href(AccountEndpoints.editProfile.path())) { l[.editProfile] }
                        " "
                        el("a", .href(SocialEndpoints.matches.path())) { l[SocialText.matches] }
                        " "
                        el("a", .href(AccountEndpoints.tokens.path())) { l[.apiTokens] }
                        " "
                        el("a", .href(AccountEndpoints.security.path())) { l[AccountText.securityTitle] }
                        " "
                        el("a", .href(AccountEndpoints.myData.path())) { l[MyDataText.title] }
                    }
                }
            }
        }
    }

    static func tagList(_ tags: [String], empty: String) -> Node {
        if tags.isEmpty { return el("p", .cls("muted")) { empty } }
        return el("ul", .cls("tags")) { for t in tags { el("li") { t } } }
    }

    package static func profileForm(_ s: FormState, _ l: Lang, csrf: String) -> PageView {
        PageView(title: l[.editProfile]) {
            formColumn(l[.editProfile], s, l, action: AccountEndpoints.saveProfile.path(), csrf: csrf) {
                field(.displayName, s, l, required: true, maxLength: Rules.nameMax)
                field(.bio, s, l, input: .area(rows: 6), hint: CommonText.bioHint.text)
                field(.values, s, l, input: .area(rows: 2), hint: CommonText.tagsHint.text)
                field(.skills, s, l, input: .area(rows: 2), hint: CommonText.tagsHint.text)
                field(.lang, s, l, input: .choice([("fr", Text(fr: "Français", en: "Français")), ("en", Text(fr: "English", en: "English"))]))
                el("button", .type("submit")) { l[.save] }
            }
        }
    }

    package static func tokensPage(_ m: TokensPage, _ l: Lang, csrf: String) -> PageView {
        PageView(title: l[.apiTokens]) {
            el("section") {
                el("h1") { l[.apiTokens] }
                el("p", .cls("lead")) { l[.tokensLead] }
                if let created = m.created {
                    el("div", .cls("callout"), Attr("role", "status")) {
                        el("p") { l[.tokenCreated] }
                        el("code", .cls("secret")) { created }
                    }
                }
                postForm(AccountEndpoints.createToken.path(), csrf: csrf) {
                    field(.tokenName, FormState(), l, maxLength: 100)
                    el("button", .type("submit")) { l[.createToken] }
                }
                if !m.tokens.isEmpty {
                    el("table") {
                        el("caption") { l[.activeTokens] }
                        tableHead([l[Text.label(.tokenName)], l[.createdOn], l[.actions]])
                        el("tbody") {
                            for t in m.tokens {
                                el("tr") {
                                    el("td") { t.name }
                                    el("td") { dateText(t.createdAt, l) }
                                    el("td") {
                                        postForm(AccountEndpoints.revokeToken.path(t.id), csrf: csrf, cls: "inline") {
                                            el("button", .cls("danger")) { l[.revoke] }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
