import Foundation
import Testing
import EnjeuCore
@testable import EnjeuWeb

/// « Mes données » and the edit/delete forms of the post page, on plain models: both languages, escaping, who sees what.
@Suite struct MyDataViewTests {
    static let at = Date(timeIntervalSince1970: 1_750_000_000)
    func html(_ page: PageView) -> String { page.main.map(\.html).joined() }

    @Test(arguments: [Lang.fr, .en])
    func myDataShowsProgressLinkAndDeletion(_ l: Lang) {
        let running = MyDataPage.Export(id: UUID(), status: "running", done: 40, total: 100, createdAt: Self.at, expiresAt: nil, downloadable: false)
        let ready = MyDataPage.Export(id: UUID(), status: "done", done: 100, total: 100, createdAt: Self.at, expiresAt: Self.at, downloadable: true)
        let out = html(MyDataViews.page(MyDataPage(exports: [running, ready], form: FormState()), l, csrf: "tok"))
        #expect(out.contains(l[MyDataText.exportButton]))
        #expect(out.contains("<progress max=\"100\" value=\"40\""))
        #expect(out.contains("href=\"/me/data/export/\(ready.id.uuidString)\""))
        #expect(!out.contains("href=\"/me/data/export/\(running.id.uuidString)\""))
        #expect(out.contains("action=\"/me/data/delete\""))
        #expect(out.contains("type=\"password\""))
        #expect(out.contains("membre parti·e #n"))
        let empty = html(MyDataViews.page(MyDataPage(exports: [], form: FormState()), l, csrf: "tok"))
        #expect(empty.contains(l[MyDataText.exportNone]))
    }

    func page(author: String, viewer: String, moderate: Bool, deleted: Bool = false, edited: Bool = false) -> PostPage {
        var p = SocialPost(id: UUID(), communityId: UUID(), slug: "tisserands", communityName: "T", authorHandle: author, authorName: "A",
                           kind: "post", body: "<script>x</script>", subject: "", link: "", comments: 1, createdAt: Self.at)
        p.editedAt = edited ? Self.at : nil
        p.deletedAt = deleted ? Self.at : nil
        let k = SocialComment(id: UUID(), authorHandle: "zoe", authorName: "Z", body: "réponse", createdAt: Self.at)
        var m = PostPage(place: CommunityPlace(slug: "tisserands", name: "T", viewerHandle: viewer, canContribute: true, canSteward: moderate),
                         entry: FeedEntry(p, body: RenderedMarkdown(markdown: p.body)),
                         comments: [CommentEntry(k, body: RenderedMarkdown(markdown: k.body))], next: nil, form: FormState())
        m.canModerate = moderate
        if moderate { m.revisions = [PostRevision(id: UUID(), commentId: nil, editorHandle: author, body: "<b>avant</b>", createdAt: Self.at)] }
        return m
    }

    @Test(arguments: [Lang.fr, .en])
    func authorEditsModeratorDeletesHistoryForModerators(_ l: Lang) {
        let own = html(SocialViews.postPage(page(author: "ana", viewer: "ana", moderate: false, edited: true), l, csrf: "tok"))
        #expect(own.contains("/edit\""))
        #expect(own.contains("/delete\""))
        #expect(own.contains(l[SocialText.edited]))
        #expect(own.contains("&lt;script&gt;x&lt;/script&gt;</textarea>"))
        #expect(!own.contains("<script>"))
        #expect(!own.contains(l[SocialText.history]))

        let moderator = html(SocialViews.postPage(page(author: "ana", viewer: "bob", moderate: true), l, csrf: "tok"))
        #expect(moderator.contains("/posts/") && moderator.contains("/delete\""))
        #expect(moderator.contains(l[SocialText.history]))
        #expect(moderator.contains("&lt;b&gt;avant&lt;/b&gt;"))

        let reader = html(SocialViews.postPage(page(author: "ana", viewer: "carl", moderate: false), l, csrf: "tok"))
        #expect(!reader.contains("/edit\"") && !reader.contains("/delete\""))

        let gone = html(SocialViews.postPage(page(author: "ana", viewer: "ana", moderate: false, deleted: true), l, csrf: "tok"))
        #expect(gone.contains(l[SocialText.deletedMessage]))
        #expect(!gone.contains("script"))
    }
}
