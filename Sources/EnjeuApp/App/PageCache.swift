import Foundation
import Vapor
import EnjeuWeb

/// A community's pages, rendered once per state of the community.
///
/// Every write that changes what a community's pages show bumps `communities.generation` in the same transaction —
/// database triggers do it (App/GenerationMigrations.swift), so no write path can forget. The gate reads the
/// generation with the community it loads anyway, so a page at a generation already rendered for this viewer is
/// served from memory without running its queries: only the layout (header, unread badge, flash) is made per request.
/// Keys hold the generation, so entries never go stale and need no invalidation; several instances each keep
/// their own. A minute in the key bounds what depends on the clock alone (a deadline passing) to a minute.
struct PageKey: Hashable, Sendable {
    let community: UUID
    let generation: Int
    /// Path and query: `?after=` pages and searches are pages of their own.
    let url: String
    let lang: Lang
    /// Whose page: a page may show what only this viewer may see or do. Signed-out visitors share theirs.
    let viewer: UUID?
    let minute: Int
}

/// A rendered main content, cut where the viewer's CSRF token was, so a page made for one browser serves another
/// with that browser's token (signed-out visitors each have theirs).
struct CachedPage: Sendable {
    let title: String
    let pieces: [String]
    var bytes: Int { pieces.reduce(title.utf8.count) { $0 + $1.utf8.count } }
}

extension Application {
    private struct PageCacheKey: StorageKey { typealias Value = ImmutableCache<PageKey, CachedPage> }

    /// Set up once in `configure`; `ENJEU_PAGE_CACHE_MB=0` turns it off.
    var pageCache: ImmutableCache<PageKey, CachedPage>? {
        get { storage[PageCacheKey.self] }
        set { storage[PageCacheKey.self] = newValue }
    }
}

extension Request {
    private struct PendingKey: StorageKey { typealias Value = PageKey }

    /// Called by the community gate before a GET page's handler: the page if this state of the community was
    /// already rendered for this viewer; otherwise remembers the key, so `page(_:status:)` keeps what it renders.
    func cachedPage(_ ctx: CommunityContext) -> Response? {
        guard let cache = application.pageCache, let viewerKey = pageCacheViewer else { return nil }
        let key = PageKey(community: ctx.id, generation: ctx.generation, url: url.string, lang: lang,
                          viewer: viewerKey, minute: Int(now.timeIntervalSince1970 / 60))
        if let hit = cache.value(key) {
            return page(PageView(title: hit.title, main: [Node(raw: hit.pieces.joined(separator: csrf))]))
        }
        storage[PendingKey.self] = key
        return nil
    }

    /// The viewer part of the key; nil when the page must not be kept (a flash message may change what a handler does).
    private var pageCacheViewer: UUID?? {
        if cookies[Cookies.flash] != nil { return nil }
        return .some(viewer?.id)
    }

    /// Keeps a page the gate asked for, once rendered (200 only: a form with errors is never kept).
    func keep(_ view: PageView, status: HTTPResponseStatus) -> [Node] {
        guard status == .ok, let key = storage[PendingKey.self], let cache = application.pageCache, !csrf.isEmpty
        else { return view.main }
        var html = ""
        html.reserveCapacity(16_384)
        for node in view.main { node.write(into: &html) }
        let pieces = html.split(separator: csrf, omittingEmptySubsequences: false).map(String.init)
        cache.insert(key, CachedPage(title: view.title, pieces: pieces))
        storage[PendingKey.self] = nil
        return [Node(raw: html)]
    }
}
