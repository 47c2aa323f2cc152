import Foundation
import Testing
import EnjeuCore
@testable import EnjeuWeb

/// The #CodeSocial views rendered from models alone: escaping, both languages, empty lists, diffs and links.
@Suite struct CodeViewTests {
    static let hostile = "<script>alert(1)</script>&\"'"
    static let hostileEscaped = "&lt;script&gt;alert(1)&lt;/script&gt;&amp;&quot;&#39;"
    static let date = Date(timeIntervalSince1970: 1_700_000_000)
    static let amendmentID = UUID(uuidString: "0190A000-0000-7000-8000-000000000001")!
    static let factID = UUID(uuidString: "0190A000-0000-7000-8000-000000000002")!

    func html(_ view: PageView) -> String { view.main.map(\.html).joined() }

    func community(name: String = "Atelier", head: Int = 2, member: Bool = true, steward: Bool = false) -> CodeCommunity {
        CodeCommunity(place: CommunityPlace(slug: "atelier", name: name, viewerHandle: "ada", canContribute: member, canSteward: steward),
                      head: head, canSeeInside: member, canApplyDecisions: steward)
    }

    func revision(_ n: Int, summary: String = "Résumé", author: String = "ada", amendment: UUID? = nil) -> CodeRevisionItem {
        CodeRevisionItem(number: n, parent: n - 1, summary: summary, author: author, authorName: "Ada " + author, sections: ["raison-d-etre", "nope"],
                         amendment: amendment, createdAt: Self.date)
    }

    func amendment(_ status: AmendmentStatus = .open, summary: String = "Changer la raison d'être", reason: String = "") -> AmendmentItem {
        AmendmentItem(id: Self.amendmentID, status: status, summary: summary, reason: reason, author: "ada", authorName: "Ada",
                      baseRevision: 1, textVersion: 2, closesAt: Self.date, resultRevision: status == .adopted ? 3 : nil, createdAt: Self.date)
    }

    func tally(_ stances: [Stance] = [.consent, .object]) -> Tally {
        DecisionEngine.tally(stances, activeMembers: 4, policy: DecisionPolicy())
    }

    /// No markup from user text survives anywhere in the page, and the text itself is there, escaped.
    func expectEscaped(_ page: String, _ sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!page.contains("<script>"), sourceLocation: sourceLocation)
        #expect(page.contains(Self.hostileEscaped), sourceLocation: sourceLocation)
    }

    // MARK: The document

    @Test(arguments: [Lang.fr, Lang.en])
    func theDocumentEscapesEveryUserText(_ l: Lang) {
        let h = Self.hostile
        let fact = CodeFactItem(id: Self.factID, section: .raisonDEtre, kind: .note, url: "", note: h, observedOn: "2024-01-02", stance: .contests,
                                author: "bob", createdAt: Self.date)
        let link = CodeFactItem(id: UUID(), section: .raisonDEtre, kind: .link, url: "javascript:alert(1)", note: "", observedOn: "", stance: .supports,
                                author: "bob", createdAt: Self.date)
        let model = CodeDocumentPage(community: community(name: h), code: CodeSnapshot([.raisonDEtre: h + "\n\n**gras**"]),
                                     head: revision(2, summary: h), facts: [fact, link],
                                     diagnosis: DiagnosisCounts(current: [.raisonDEtre: [.notYet: 2, .practised: 1]], byRevision: [:]),
                                     contested: [.raisonDEtre: 1], openAmendments: [amendment(summary: h)])
        let view = CodeViews.documentPage(model, l, csrf: "tok\"en")
        let page = html(view)
        expectEscaped(page)
        #expect(view.title == l[CodeText.codeTitle] + " · " + h, "the layout escapes the title")
        #expect(page.contains("<strong>gras</strong>"), "the section is rendered Markdown")
        #expect(!page.contains("href=\"javascript:"), "an unsafe fact link is not a link")
        #expect(page.contains("value=\"tok&quot;en\""), "the CSRF token is an escaped attribute")
        #expect(page.contains(escape(l[CodeText.proposeChange])))
        #expect(page.contains("href=\"/communities/atelier/code/amendments/new?fact=\(Self.factID.uuidString)\""))
        #expect(page.contains("href=\"/communities/atelier/code/amendments/new?section=raison-d-etre\""))
        #expect(page.contains("href=\"/communities/atelier/code/amendments/\(Self.amendmentID.uuidString)\""))
        #expect(page.contains("href=\"/communities/atelier/code/revisions/2\""))
        #expect(page.contains("href=\"/communities/atelier/code/blame/raison-d-etre\""))
        #expect(page.contains("href=\"/communities/atelier/code/export.git-fast-import\""))
        #expect(page.contains("action=\"/communities/atelier/code/facts\"") && page.contains("action=\"/communities/atelier/code/diagnosis\""))
        #expect(page.contains("<tr class=\"gap\">"), "more 'not yet' than 'practised' is a divergence")
        #expect(page.contains("@bob"), "members see who brought a fact")
    }

    @Test func bothLanguagesSayTheSameThingInTheirOwnWords() {
        let model = CodeDocumentPage(community: community(head: 0), code: CodeSnapshot(), head: nil, facts: [],
                                     diagnosis: DiagnosisCounts(current: [:], byRevision: [:]), contested: [:], openAmendments: [])
        let fr = html(CodeViews.documentPage(model, .fr, csrf: "t"))
        let en = html(CodeViews.documentPage(model, .en, csrf: "t"))
        #expect(fr.contains(escape(Lang.fr[CodeText.noRevisionYet])) && en.contains(escape(Lang.en[CodeText.noRevisionYet])))
        #expect(fr.contains("Proposer un amendement") && en.contains("Propose an amendment"))
        #expect(!fr.contains("Propose an amendment") && !en.contains("Proposer un amendement"))
        #expect(fr.components(separatedBy: "class=\"guide\"").count == SectionKey.allCases.count + 1, "every empty section shows its guide")
        #expect(!fr.contains("id=\"diagnosis\""), "no diagnosis table without ratings")
    }

    @Test func aReaderOfAPublishedCodeSeesNoFormsAndNoAuthors() {
        let fact = CodeFactItem(id: Self.factID, section: .social, kind: .note, url: "", note: "Constat", observedOn: "", stance: .contests,
                                author: "bob", createdAt: Self.date)
        let model = CodeDocumentPage(community: community(member: false), code: CodeSnapshot([.social: "Texte"]), head: revision(2), facts: [fact],
                                     diagnosis: DiagnosisCounts(current: [:], byRevision: [:]), contested: [:], openAmendments: [])
        let page = html(CodeViews.documentPage(model, .fr, csrf: "t"))
        #expect(!page.contains("<form") && !page.contains("@bob") && !page.contains("/amendments/new"))
        #expect(!page.contains("/code/settings"), "only stewards see the settings link")
    }

    // MARK: History, diffs, blame

    @Test(arguments: [Lang.fr, Lang.en])
    func anEmptyHistoryHasNoPagerAndNoComparison(_ l: Lang) {
        let page = html(CodeViews.historyPage(CodeHistoryPage(community: community(head: 0), revisions: KeysetPage(items: [], next: nil)), l))
        #expect(page.contains(escape(l[CodeText.noRevisionYet])))
        #expect(!page.contains("rel=\"next\"") && !page.contains("class=\"compare\""))
    }

    @Test func theHistoryPagesWithItsCursorAndComparesAnyTwoRevisions() {
        let revisions = KeysetPage(items: [revision(2, summary: Self.hostile), revision(1)], next: "Y3Vyc29y-_")
        let page = html(CodeViews.historyPage(CodeHistoryPage(community: community(), revisions: revisions), .en))
        expectEscaped(page)
        #expect(page.contains("<a href=\"/communities/atelier/code/history?after=Y3Vyc29y-_\" rel=\"next\">"))
        #expect(page.contains("action=\"/communities/atelier/code/diff\""))
        #expect(page.contains(escape(Lang.en[.section(.raisonDEtre)])), "the sections a revision changed")
        #expect(!page.contains("nope"), "an unknown section key is not shown")
    }

    @Test(arguments: [false, true])
    func aRevisionDiffsItsChangedSections(_ split: Bool) {
        let before = CodeSnapshot([.social: "Un parrain.\nDes repas.", .legal: "Inchangé"])
        let after = CodeSnapshot([.social: "Deux parrains.\nDes repas.\n" + Self.hostile, .legal: "Inchangé"])
        let model = CodeDiffPage(community: community(), from: 1, to: 2, revision: revision(2, amendment: Self.amendmentID), split: split,
                                 before: before, after: after)
        let page = html(CodeViews.diffPage(model, .fr))
        expectEscaped(page)
        #expect(page.contains(split ? "class=\"diff split\"" : "class=\"diff inline\""))
        #expect(!page.contains(split ? "class=\"diff inline\"" : "class=\"diff split\""))
        #expect(page.contains("<mark>") && page.contains("Deux"), "changed words are marked")
        #expect(page.components(separatedBy: "class=\"diff-section\"").count == 2, "only the changed section")
        #expect(page.contains("href=\"/communities/atelier/code/revisions/2\""))
        #expect(page.contains("href=\"/communities/atelier/code/revisions/2?view=split\""))
        #expect(page.contains("href=\"/communities/atelier/code/amendments/\(Self.amendmentID.uuidString)\""))
        if split { #expect(page.contains("<th scope=\"col\">Révision 1</th><th scope=\"col\">Révision 2</th>")) }
        else { #expect(page.contains("<tr class=\"added\">") && page.contains("<tr class=\"removed\">")) }
    }

    @Test func comparingEqualVersionsSaysSoAndLinksToTheDiffRoute() {
        let same = CodeSnapshot([.social: "Pareil"])
        let page = html(CodeViews.diffPage(CodeDiffPage(community: community(), from: 1, to: 1, revision: nil, split: false, before: same, after: same), .en))
        #expect(page.contains(escape(Lang.en[CodeText.noDifference])))
        #expect(page.contains("href=\"/communities/atelier/code/diff?from=1&amp;to=1\""))
        #expect(page.contains("href=\"/communities/atelier/code/diff?from=1&amp;to=1&amp;view=split\""))
    }

    @Test func blameNamesTheRevisionOfEachLineOnce() {
        let lines = Blame.attribute([(revision: 1, text: "Un.\nDeux."), (revision: 2, text: "Un.\nDeux.\n" + Self.hostile)])
        let model = CodeBlamePage(community: community(), section: .social, lines: lines, versions: [1, 2],
                                  revisions: [1: revision(1), 2: revision(2, summary: Self.hostile, author: "bob")])
        let page = html(CodeViews.blamePage(model, .en))
        expectEscaped(page)
        #expect(page.components(separatedBy: ">r1</a>").count == 2, "consecutive lines of one revision name it once")
        #expect(page.contains(">r2</a>") && page.contains(" @bob"))
        let empty = html(CodeViews.blamePage(CodeBlamePage(community: community(), section: .social, lines: [], versions: [], revisions: [:]), .fr))
        #expect(empty.contains(escape(Lang.fr[CodeText.emptySection])) && !empty.contains("<details>"))
    }

    // MARK: Amendments

    @Test func theListFiltersByStatusAndKeepsTheFilterInItsPagerLink() {
        let model = AmendmentListPage(community: community(), amendments: KeysetPage(items: [amendment(summary: Self.hostile)], next: "abc"),
                                      status: .open)
        let page = html(CodeViews.amendmentsPage(model, .fr))
        expectEscaped(page)
        #expect(page.contains("<a href=\"/communities/atelier/code/amendments?status=open\" aria-current=\"page\">"))
        #expect(page.contains("href=\"/communities/atelier/code/amendments?status=open&amp;after=abc\" rel=\"next\""))
        #expect(page.contains("class=\"badge tone-open status-open\""))
        let all = html(CodeViews.amendmentsPage(AmendmentListPage(community: community(member: false), amendments: KeysetPage(items: [], next: "abc"),
                                                                  status: nil), .en))
        #expect(all.contains("href=\"/communities/atelier/code/amendments?after=abc\""))
        #expect(all.contains(escape(Lang.en[CodeText.noAmendment])) && !all.contains("/amendments/new"))
    }

    @Test(arguments: [Lang.fr, Lang.en])
    func theFormKeepsWhatWasTypedAndPostsWhereItShould(_ l: Lang) {
        var form = FormState(values: ["baseRevision": "3", "summary": Self.hostile, "section-social": Self.hostile, "focus": "social"])
        form.violations.add(.summary, .tooLong(max: AmendmentRules.summaryMax))
        let new = html(CodeViews.amendmentForm(AmendmentFormPage(community: community(), form: form), l, csrf: "t"))
        expectEscaped(new)
        #expect(new.contains("action=\"/communities/atelier/code/amendments\""))
        #expect(new.contains("class=\"error-summary\""))
        #expect(new.components(separatedBy: "<details open>").count == 2, "only the focused section is open")
        let revise = html(CodeViews.amendmentForm(AmendmentFormPage(community: community(), form: FormState(), revising: Self.amendmentID), l, csrf: "t"))
        #expect(revise.contains("action=\"/communities/atelier/code/amendments/\(Self.amendmentID.uuidString)/revise\""))
        #expect(revise.components(separatedBy: "<details open>").count == SectionKey.allCases.count + 1)
    }

    func amendmentPage(_ a: AmendmentItem, member: Bool = true, steward: Bool = false, author: Bool = false, split: Bool = false,
                       comments: [AmendmentCommentItem] = [], base: CodeSnapshot = CodeSnapshot([.social: "Un.\nDeux."]),
                       current: CodeSnapshot? = nil) -> AmendmentPage {
        let positions = [AmendmentPositionItem(handle: "bob", displayName: Self.hostile, stance: .object, reason: Self.hostile, textVersion: 1,
                                               current: false, createdAt: Self.date)]
        return AmendmentPage(community: community(member: member, steward: steward), amendment: a, split: split, base: base, current: current ?? base,
                             proposal: [.social: "Un.\nTrois."], positions: member ? positions : [], comments: comments, tally: tally(),
                             rule: .consent, viewerIsAuthor: author)
    }

    @Test(arguments: [Lang.fr, Lang.en])
    func anOpenAmendmentShowsItsPositionsAndTheFormsAllowed(_ l: Lang) {
        let comment = AmendmentCommentItem(handle: "eve", displayName: "Eve", body: Self.hostile, createdAt: Self.date)
        let page = html(CodeViews.amendmentPage(amendmentPage(amendment(reason: Self.hostile), steward: true, author: true, comments: [comment]), l,
                                                csrf: "t"))
        expectEscaped(page)
        #expect(page.contains("<li class=\"superseded\">") && page.contains(escape(l[CodeText.olderText])))
        #expect(page.contains(" 2/2"), "members see the tally: two positions of a quorum of two")
        for action in ["positions", "comments", "withdraw", "decide"] {
            #expect(page.contains("action=\"/communities/atelier/code/amendments/\(Self.amendmentID.uuidString)/\(action)\""), "\(action)")
        }
        #expect(page.contains("href=\"/communities/atelier/code/amendments/\(Self.amendmentID.uuidString)/revise\""))
        #expect(page.contains("href=\"/communities/atelier/code/amendments/\(Self.amendmentID.uuidString)?view=split\""))
        #expect(page.contains("href=\"/people/eve\""))
        #expect(page.contains("<mark>") && page.contains("Trois"))
    }

    @Test func aReaderSeesTheRuleButNotTheTallyNorAnyForm() {
        let page = html(CodeViews.amendmentPage(amendmentPage(amendment(), member: false), .en, csrf: "t"))
        #expect(page.contains(escape(Lang.en[.rule(.consent)])))
        #expect(!page.contains(escape(Lang.en[CodeText.tallyText])) && !page.contains("<form"))
    }

    @Test func aDecidedAmendmentLinksToItsRevisionAndOffersNoAction() {
        let page = html(CodeViews.amendmentPage(amendmentPage(amendment(.adopted), steward: true, author: true), .fr, csrf: "t"))
        #expect(page.contains("href=\"/communities/atelier/code/revisions/3\""))
        #expect(!page.contains("/withdraw") && !page.contains("/decide") && !page.contains("/positions\""))
    }

    @Test(arguments: [false, true])
    func aConflictShowsBothVersionsOfTheLinesInConflict(_ split: Bool) {
        let model = amendmentPage(amendment(.conflict), author: true, split: split, base: CodeSnapshot([.social: "Un.\nDeux."]),
                                  current: CodeSnapshot([.social: "Un.\n" + Self.hostile]))
        let page = html(CodeViews.amendmentPage(model, .en, csrf: "t"))
        expectEscaped(page)
        #expect(page.contains("<section class=\"conflict\">"))
        #expect(page.contains(escape(Lang.en[CodeText.conflictExplain])))
        #expect(page.contains(split ? "class=\"diff split\"" : "class=\"diff inline\""))
        #expect(page.contains("/revise\"") && !page.contains("/decide\""))
    }

    @Test func settingsShowTheValuesTyped() {
        let form = FormState(values: ["rule": "majority", "quorum": Self.hostile, "openDays": "7", "published": "on"])
        let page = html(CodeViews.settingsPage(CodeSettingsPage(community: community(steward: true), form: form), .fr, csrf: "t"))
        expectEscaped(page)
        #expect(page.contains("action=\"/communities/atelier/code/settings\""))
        #expect(page.contains("<input id=\"published\" name=\"published\" type=\"checkbox\" checked>"))
        #expect(page.contains("href=\"/communities/atelier/code/settings\""), "stewards see the settings link")
    }
}
