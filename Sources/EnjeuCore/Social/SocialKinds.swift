import Foundation

/// What a follow (or a suggestion) points at: a community or a member. The raw value is what `follows.target_kind` stores.
public enum SocialTarget: String, CaseIterable, Sendable, Codable {
    case community, member
}

/// What a row of the feed is: a member's post, or an event of another feature. The raw value is what `posts.kind` stores.
public enum FeedItemKind: RawRepresentable, Hashable, Sendable {
    case post
    case event(FeedEvent)

    public init?(rawValue: String) {
        if rawValue == "post" { self = .post } else if let e = FeedEvent(rawValue: rawValue) { self = .event(e) } else { return nil }
    }

    public var rawValue: String {
        switch self {
        case .post: "post"
        case let .event(e): e.rawValue
        }
    }
}
