import Fluent
import Vapor
import EnjeuCore
import EnjeuWeb

/// The social space: endorsements and follows over the past weeks, then the conversations of the last days (posts
/// with their comments and mentions, which notify as the pages do).
extension DemoStory {
    func endorse() async throws {
        try await inTurns(\.feed.endorsements) { place, e in
            let s = try await act(e.from, in: place.slug)
            _ = try await SocialService(s.context).endorse(s.place, .init(to: e.to, topic: e.topic, note: e.note))
        }
        try await inTurns(\.feed.follows) { place, f in
            clock.tick()
            let follower = try viewer(f.by)
            let target = try f.member.map { try viewer($0).id } ?? community(place.slug)
            try await SocialService(context(follower)).follow(follower, f.member == nil ? .community : .member, target: target, on: true)
        }
    }

    func converse() async throws {
        try await inTurns(\.feed.posts) { place, p in
            let s = try await act(p.author, in: place.slug)
            let id = try await SocialService(s.context).post(s.place, .init(body: p.body))
            for c in p.comments {
                let r = try await act(c.author, in: place.slug)
                guard let post = try await SocialQueries(r.context).post(r.place.id, id) else { throw DemoWorld.Problem("a post vanished") }
                _ = try await SocialService(r.context).comment(r.place, post: post, .init(body: c.body))
            }
        }
    }
}
