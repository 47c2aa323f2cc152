import Foundation
import EnjeuCore

/// The « Fédivers » page of a community (FederationViews.page): what the page shows, read before it is drawn.
package struct FederationPage: Sendable {
    package struct Following: Sendable {
        package let actor: String, state: String, createdAt: Date
        package init(actor: String, state: String, createdAt: Date) { self.actor = actor; self.state = state; self.createdAt = createdAt }
    }
    package struct Received: Sendable {
        package let kind: String, name: String?, content: String, url: String?, authorName: String?, actor: String, at: Date
        /// The object's own address: what a solicitation of an offer (`Proposal`) names.
        package var object: String = ""
        package init(kind: String, name: String?, content: String, url: String?, authorName: String?, actor: String, at: Date, object: String = "") {
            self.kind = kind; self.name = name; self.content = content; self.url = url; self.authorName = authorName; self.actor = actor; self.at = at
            self.object = object
        }
    }
    /// Deliveries signed by the community (stewards only): waiting, being retried, delivered, given up.
    package struct Deliveries: Sendable {
        package let waiting: Int, retrying: Int, delivered: Int, failed: Int
        package init(waiting: Int, retrying: Int, delivered: Int, failed: Int) {
            self.waiting = waiting; self.retrying = retrying; self.delivered = delivered; self.failed = failed
        }
    }

    package let community: ViewedCommunity
    /// Nil while the instance has no public address (then nothing federates).
    package let handle: String?
    package let publish: Bool, federates: Bool, followers: Int
    package let following: [Following]
    package let received: [Received]
    package let nextReceived: String?
    package let deliveries: Deliveries?
    package let form: FormState
    /// A solicitation refused: why, shown above what was received (its form is one per offer).
    package var solicitation = FormState()

    package init(community: ViewedCommunity, handle: String?, publish: Bool, federates: Bool, followers: Int, following: [Following],
                 received: [Received], nextReceived: String?, deliveries: Deliveries?, form: FormState = FormState(),
                 solicitation: FormState = FormState()) {
        self.community = community; self.handle = handle; self.publish = publish; self.federates = federates; self.followers = followers
        self.following = following; self.received = received; self.nextReceived = nextReceived; self.deliveries = deliveries; self.form = form
        self.solicitation = solicitation
    }
}
