import Foundation
import EnjeuWeb

/// The demo's world as data: `Demo/World/world.<lang>.json`, one file per language with one shape. Texts are in the
/// file's language; handles, slugs, kinds, statuses and numbers are the same in both. `DemoStory` walks it through the
/// services, so what it holds is exactly what members could have written through the pages.
struct DemoWorld: Decodable, Sendable {
    let people: [Person]
    let communities: [Place]
    let network: Network

    struct Person: Decodable, Sendable { let handle, name, bio, values, skills: String }

    struct Place: Decodable, Sendable {
        let slug, name, purpose, perimeter, rhythm, stage, visibility, charter: String
        let founder: String
        let stewards, members: [String]
        /// Approved by a steward, charter not yet accepted.
        let awaitingCharter: [String]
        let pending: [JoinRequest]
        let code: Code
        let journey: Journey
        let figures: Figures
        let economy: Economy
        let feed: Feed

        /// Everyone active once the community has gathered, founder first.
        var active: [String] { [founder] + stewards + members }
    }

    struct JoinRequest: Decodable, Sendable { let who, message: String }

    // MARK: #CodeSocial

    struct Code: Decodable, Sendable {
        /// Adopted one after the other when the community writes its code.
        let revisions: [Amendment]
        /// Two amendments written on the same revision, changing the same lines: the first is adopted, so the second,
        /// adopted by the members too, cannot merge and is marked in conflict for its author to rebase.
        let race: [Amendment]
        /// Still open at the end, with the positions taken so far.
        let open: Amendment
        let facts: [Fact]
        let diagnoses: [Diagnosis]
    }

    struct Amendment: Decodable, Sendable {
        let author, summary, reason: String
        /// New bodies by section key.
        let sections: [String: String]?
        /// Changes of one line of the code as it stands when the amendment is written.
        let edits: [Edit]?
        /// For an open amendment; adopted ones are consented to by every active member.
        let positions: [Position]?
    }

    struct Edit: Decodable, Sendable { let section, replace, with: String }
    struct Position: Decodable, Sendable { let by, stance: String; let reason: String? }
    struct Fact: Decodable, Sendable { let by, section, stance, note: String; let url: String? }
    struct Diagnosis: Decodable, Sendable { let by, section, rating: String }

    // MARK: Journey

    /// Cycles in order: every one but the last completed (its retrospective's change adopted), the last in progress.
    struct Journey: Decodable, Sendable { let cycles: [Cycle] }

    struct Cycle: Decodable, Sendable {
        let proposals: [Proposal]
        let actions: [Action]
        let recognitions: [Recognition]
        let retrospective: Retrospective?
    }

    /// Adopted by every active member's consent, rejected by an `objection`, or left `open`.
    struct Proposal: Decodable, Sendable {
        let author, kind, title, body: String
        let objection: Objection?
        let open: Bool?
    }

    /// A member who objects says what harm they foresee.
    struct Objection: Decodable, Sendable { let by, reason: String }

    /// `team` volunteers in order (the first owns it); `status` is planned, in-progress (`note`: the last update),
    /// done (`note`: the outcome; the team assesses it and each other, around `scores`) or dropped.
    struct Action: Decodable, Sendable {
        let title, description: String
        let team: [String]
        let status: String
        let note: String?
        /// The title of an adopted stake it serves.
        let stake: String?
        let needs: String?
        /// Material, consciousness, mastery, maturity (0–4).
        let scores: [Int]?
    }

    /// `to` is "@handle" or the title of an action.
    struct Recognition: Decodable, Sendable { let from, to, message: String; let criteria: [String] }
    struct Retrospective: Decodable, Sendable { let author, worked, didNot, change: String }

    // MARK: #ChiffresEnsemble

    struct Figures: Decodable, Sendable {
        let datasets: [Dataset]
        /// Indicators in no dataset.
        let indicators: [Indicator]
    }

    struct Dataset: Decodable, Sendable {
        let author, name, description: String
        let indicators: [Indicator]
    }

    struct Indicator: Decodable, Sendable {
        let author, name, definition, unit, period, place: String
        let tags: [String]
        let values: [Value]
        /// Flags on values given above (`on`: the contributor's handle).
        let flags: [Flag]?
    }

    struct Value: Decodable, Sendable {
        let by: String
        let value: Double
        let source: String
        /// A prefixed unit the indicator accepts ("k€"); the base unit when absent.
        let unit: String?
        let comment: String?
    }

    struct Flag: Decodable, Sendable { let by, on, reason: String; let corrected: Double? }

    // MARK: Economy

    struct Economy: Decodable, Sendable {
        let offers: [Offer]
        let flows: [Flow]
    }

    struct Offer: Decodable, Sendable {
        let owner, kind, title, description, terms, place: String
        let tags: [String]
        let referrals: [Referral]?
    }

    /// `status`: proposed, taken-up, completed (which records its flow) or declined — moved on by the offer's owner.
    struct Referral: Decodable, Sendable { let by, beneficiary, note, status: String }

    /// Recorded by `by`; one that waits for a party is confirmed by `confirmedBy`, or left waiting.
    struct Flow: Decodable, Sendable {
        let by, from, to, nature, measure, description: String
        let quantity: Double?
        let unit: String?
        let appreciation: Int?
        let note: String?
        let confirmedBy: String?
    }

    // MARK: Network

    /// The network community, its member communities (each link proposed by a steward of the member, accepted by one
    /// of the network's), what members-only ones share with it, its member organisations and the flows between parties.
    struct Network: Decodable, Sendable {
        let community: String
        let links: [Link]
        let sharing: [Sharing]
        let organisations: [Organisation]
        let flows: [PartyFlow]
    }

    struct Link: Decodable, Sendable { let member, proposedBy, acceptedBy: String }
    struct Sharing: Decodable, Sendable { let community, by: String; let catalogue, figures, evaluation, flows: Bool }

    /// Created by its first representative, who adds the others, asks the network to admit it and accepts its charter.
    struct Organisation: Decodable, Sendable {
        let slug, name, kind, purpose, place, website, message: String
        let representatives: [String]
    }

    /// A flow between parties, recorded in the ledger of `home`; confirmed by `confirmedBy` or left waiting.
    struct PartyFlow: Decodable, Sendable {
        let home: String
        let flow: Flow
        enum CodingKeys: String, CodingKey { case home }
        init(from decoder: any Decoder) throws {
            home = try decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .home)
            flow = try Flow(from: decoder)
        }
    }

    // MARK: Feed

    struct Feed: Decodable, Sendable {
        let posts: [Post]
        let endorsements: [Endorsement]
        /// A member, or the community itself when `member` is absent.
        let follows: [Follow]
    }

    struct Post: Decodable, Sendable { let author, body: String; let comments: [Comment] }
    struct Comment: Decodable, Sendable { let author, body: String }
    struct Endorsement: Decodable, Sendable { let from, to, topic, note: String }
    struct Follow: Decodable, Sendable { let by: String; let member: String? }

    /// A world file that does not fit the rules or itself (an unknown handle, an edit that finds nothing to replace…).
    struct Problem: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = "demo world: " + description }
    }

    /// The world in `lang`, from the module bundle.
    static func load(_ lang: Lang) throws -> DemoWorld {
        guard let url = url(lang) else { throw Problem("world.\(lang.rawValue).json is not in the bundle") }
        return try JSONDecoder().decode(DemoWorld.self, from: Data(contentsOf: url))
    }

    static func url(_ lang: Lang) -> URL? {
        Bundle.module.url(forResource: "world.\(lang.rawValue)", withExtension: "json", subdirectory: "World")
    }
}
