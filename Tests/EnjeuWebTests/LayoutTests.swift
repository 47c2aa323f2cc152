import Testing
import EnjeuCore
@testable import EnjeuWeb

@Suite struct LayoutTests {
    @Test func aSignedInPageEscapesTheTitleAndShowsTheUnreadBadge() {
        let chrome = Chrome(lang: .fr, viewer: .init(handle: "ada", unread: 120), csrf: "t", url: "/x?<a>", flash: .saved)
        let html = Layout.render(chrome, title: "<script>", main: [text("bonjour")])
        #expect(html.contains("<title>&lt;script&gt; · Enjeu</title>"))
        #expect(html.contains("99+"))
        #expect(html.contains("value=\"/x?&lt;a&gt;\""))
        #expect(!html.contains("<script>"))
    }
}
