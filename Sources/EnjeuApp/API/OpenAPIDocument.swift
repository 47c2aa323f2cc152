import Foundation
import EnjeuCore
import EnjeuWeb

/// The OpenAPI 3.1 description of /api/v1, served at /api/v1/openapi.json.
/// `OpenAPITests` fails when a registered API route is missing here (or described but not registered).
enum OpenAPIDocument {
    struct Operation {
        let method: String
        let path: String
        let summary: String
        let auth: Bool
        let body: String?
        let response: (status: String, schema: String?)
    }

    nonisolated(unsafe) static let operations: [Operation] = [
        .init(method: "get", path: "/openapi.json", summary: "This document", auth: false, body: nil, response: ("200", nil)),
        .init(method: "post", path: "/accounts", summary: "Create an account", auth: false, body: "NewAccount", response: ("201", "AccountCreated")),
        .init(method: "post", path: "/tokens", summary: "Create a personal access token from e-mail and password", auth: false, body: "Credentials", response: ("201", "TokenCreated")),
        .init(method: "get", path: "/tokens", summary: "List my active tokens", auth: true, body: nil, response: ("200", "TokenPage")),
        .init(method: "delete", path: "/tokens/{id}", summary: "Revoke a token", auth: true, body: nil, response: ("204", nil)),
        .init(method: "get", path: "/me", summary: "Who I am", auth: true, body: nil, response: ("200", "Me")),
        .init(method: "patch", path: "/me", summary: "Update my profile (« qui je suis »)", auth: true, body: "ProfileUpdate", response: ("200", "Me")),
        .init(method: "get", path: "/users/{handle}", summary: "A person's profile", auth: true, body: nil, response: ("200", "Me")),
        .init(method: "get", path: "/communities", summary: "Browse and search community cards (keyset pages)", auth: false, body: nil, response: ("200", "CardPage")),
        .init(method: "post", path: "/communities", summary: "Create a community; the creator is its founder", auth: true, body: "NewCommunity", response: ("201", "Card")),
        .init(method: "get", path: "/communities/{slug}", summary: "A community's card and my relation to it", auth: false, body: nil, response: ("200", "CommunityDetail")),
        .init(method: "patch", path: "/communities/{slug}", summary: "Edit the profile (stewards; optimistic version)", auth: true, body: "CommunityUpdate", response: ("200", "CommunityDetail")),
        .init(method: "get", path: "/communities/{slug}/members", summary: "Members (404 to non-members of a members-only community)", auth: false, body: nil, response: ("200", "MemberPage")),
        .init(method: "get", path: "/communities/{slug}/join-requests", summary: "Pending join requests (stewards)", auth: true, body: nil, response: ("200", "RequestPage")),
        .init(method: "post", path: "/communities/{slug}/join-requests", summary: "Ask to join", auth: true, body: "JoinBody", response: ("201", "JoinStatus")),
        .init(method: "post", path: "/communities/{slug}/join-requests/{id}/approve", summary: "Approve a request (stewards)", auth: true, body: nil, response: ("200", "JoinStatus")),
        .init(method: "post", path: "/communities/{slug}/join-requests/{id}/decline", summary: "Decline a request with a reason (stewards)", auth: true, body: "ReasonBody", response: ("200", "JoinStatus")),
        .init(method: "post", path: "/communities/{slug}/withdraw", summary: "Withdraw my pending request", auth: true, body: nil, response: ("200", "Status")),
        .init(method: "get", path: "/communities/{slug}/charter", summary: "The current reciprocity charter", auth: false, body: nil, response: ("200", "Charter")),
        .init(method: "post", path: "/communities/{slug}/charter", summary: "Publish a new charter version (stewards)", auth: true, body: "NewCharter", response: ("201", "Charter")),
        .init(method: "post", path: "/communities/{slug}/charter/accept", summary: "Accept the current charter; an approved person becomes active", auth: true, body: "VersionBody", response: ("200", "Status")),
        .init(method: "post", path: "/communities/{slug}/leave", summary: "Leave the community", auth: true, body: nil, response: ("200", "Status")),
        .init(method: "post", path: "/communities/{slug}/members/{handle}/{change}", summary: "suspend, reinstate, promote or demote a member (stewards)", auth: true, body: nil, response: ("200", "Status")),
        .init(method: "get", path: "/communities/{slug}/code", summary: "The #CodeSocial at its latest revision", auth: false, body: nil, response: ("200", "Code")),
        .init(method: "get", path: "/communities/{slug}/code/amendments", summary: "Amendments, newest first (?status=open|adopted|rejected|conflict|withdrawn)", auth: false, body: nil, response: ("200", "AmendmentPage")),
        .init(method: "post", path: "/communities/{slug}/code/amendments", summary: "Propose an amendment against a base revision", auth: true, body: "NewAmendment", response: ("201", "AmendmentCreated")),
        .init(method: "get", path: "/communities/{slug}/code/amendments/{id}", summary: "An amendment with its changes, positions, comments and tally", auth: false, body: nil, response: ("200", "AmendmentDetail")),
        .init(method: "post", path: "/communities/{slug}/code/amendments/{id}/positions", summary: "Take (or replace) my position", auth: true, body: "PositionIn", response: ("200", "Status")),
        .init(method: "post", path: "/communities/{slug}/code/amendments/{id}/comments", summary: "Comment on an amendment", auth: true, body: "CommentIn", response: ("201", "Status")),
        .init(method: "post", path: "/communities/{slug}/code/amendments/{id}/revise", summary: "The author revises the text, rebased on the current revision", auth: true, body: "NewAmendment", response: ("200", "Status")),
        .init(method: "post", path: "/communities/{slug}/code/amendments/{id}/withdraw", summary: "The author withdraws the amendment", auth: true, body: nil, response: ("200", "Status")),
        .init(method: "post", path: "/communities/{slug}/code/amendments/{id}/decide", summary: "Apply the decision rule now (stewards)", auth: true, body: nil, response: ("200", "Decided")),
        .init(method: "get", path: "/communities/{slug}/code/revisions", summary: "Revisions, newest first", auth: false, body: nil, response: ("200", "RevisionPage")),
        .init(method: "get", path: "/communities/{slug}/code/revisions/{n}", summary: "A revision and the whole code at that point", auth: false, body: nil, response: ("200", "RevisionDetail")),
        .init(method: "get", path: "/communities/{slug}/code/diff", summary: "Line diff with changed words between two revisions (?from=N&to=M)", auth: false, body: nil, response: ("200", "Diff")),
        .init(method: "get", path: "/communities/{slug}/code/blame/{section}", summary: "Which revision wrote each line of a section", auth: false, body: nil, response: ("200", "Blame")),
        .init(method: "get", path: "/communities/{slug}/code/facts", summary: "Facts attached to sections", auth: false, body: nil, response: ("200", "FactPage")),
        .init(method: "post", path: "/communities/{slug}/code/facts", summary: "Attach a fact that supports or contests a section", auth: true, body: "FactIn", response: ("201", "AmendmentCreated")),
        .init(method: "post", path: "/communities/{slug}/code/diagnosis", summary: "Rate how a section is practised", auth: true, body: "DiagnosisIn", response: ("200", "Status")),
        .init(method: "patch", path: "/communities/{slug}/code/settings", summary: "Decision rule, quorum, open days, publication (stewards)", auth: true, body: "CodeSettings", response: ("200", "Status")),
        .init(method: "get", path: "/communities/{slug}/code/export.md", summary: "The code as Markdown", auth: false, body: nil, response: ("200", nil)),
        .init(method: "get", path: "/communities/{slug}/code/export.json", summary: "The code and its revisions as JSON", auth: false, body: nil, response: ("200", nil)),
        .init(method: "get", path: "/communities/{slug}/code/export.git-fast-import", summary: "The whole history as a git fast-import stream", auth: false, body: nil, response: ("200", nil)),
        .init(method: "get", path: "/communities/{slug}/indicators", summary: "#ChiffresEnsemble indicators, newest first, without estimates (free; ?q=, ?tag=, ?dataset=)", auth: false, body: nil, response: ("200", "IndicatorPage")),
        .init(method: "post", path: "/communities/{slug}/indicators", summary: "Define an indicator; similar existing ones are listed in `similar`", auth: true, body: "NewIndicator", response: ("201", "IndicatorCreated")),
        .init(method: "get", path: "/communities/{slug}/indicators/{id}", summary: "An indicator with its estimate, contributions and history; costs credits once a month (402 with how to earn them)", auth: true, body: nil, response: ("200", "IndicatorDetail")),
        .init(method: "post", path: "/communities/{slug}/indicators/{id}/contributions", summary: "Contribute a sourced value; it supersedes my previous one", auth: true, body: "NewContribution", response: ("201", "ContributionCreated")),
        .init(method: "post", path: "/communities/{slug}/contributions/{id}/flags", summary: "Flag another member's contribution as wrong, with a reason and maybe a correction", auth: true, body: "NewFlag", response: ("201", "FlagCreated")),
        .init(method: "get", path: "/communities/{slug}/credits", summary: "My give-to-get balance, ledger (keyset) and the rules", auth: true, body: nil, response: ("200", "Credits")),
        .init(method: "get", path: "/communities/{slug}/figures/rules", summary: "The give-to-get rules written into the charter", auth: false, body: nil, response: ("200", "CreditRules")),
        .init(method: "put", path: "/communities/{slug}/figures/rules", summary: "Set the give-to-get rules (stewards)", auth: true, body: "CreditRules", response: ("200", "CreditRules")),
        .init(method: "post", path: "/communities/{slug}/figures/refresh", summary: "Relearn contributors' reliability now (stewards; also runs in the background)", auth: true, body: nil, response: ("200", "Refresh")),
        .init(method: "get", path: "/communities/{slug}/datasets", summary: "Datasets of indicators", auth: false, body: nil, response: ("200", "DatasetPage")),
        .init(method: "post", path: "/communities/{slug}/datasets", summary: "Create a dataset", auth: true, body: "NewDataset", response: ("201", "Dataset")),
        .init(method: "get", path: "/communities/{slug}/datasets/{id}", summary: "A dataset and its indicators (?sort=name|period|place|contributors)", auth: false, body: nil, response: ("200", "DatasetDetail")),
        .init(method: "get", path: "/communities/{slug}/datasets/{id}/export.csv", summary: "The dataset's estimates as CSV (charges unread indicators)", auth: true, body: nil, response: ("200", nil)),
        .init(method: "get", path: "/communities/{slug}/datasets/{id}/contributions.csv", summary: "The dataset's contributions as CSV (stewards)", auth: true, body: nil, response: ("200", nil)),
        .init(method: "get", path: "/communities/{slug}/datasets/{id}/datapackage.json", summary: "Frictionless data package descriptor; its resources are the sibling CSV files", auth: true, body: nil, response: ("200", nil)),
        .init(method: "get", path: "/communities/{slug}/journey", summary: "The six-step journey: the cycle and each step's state", auth: false, body: nil, response: ("200", "Journey")),
        .init(method: "post", path: "/communities/{slug}/journey/start", summary: "Start the journey from a field of application's template (stewards)", auth: true, body: "JourneyStart", response: ("201", "Status")),
        .init(method: "post", path: "/communities/{slug}/journey/next-cycle", summary: "Begin the next cycle once governance has progressed (stewards)", auth: true, body: nil, response: ("200", "Cycle")),
        .init(method: "get", path: "/communities/{slug}/journey/proposals", summary: "Values, purposes, stakes and project proposals of a cycle (?cycle=)", auth: false, body: nil, response: ("200", "Proposals")),
        .init(method: "post", path: "/communities/{slug}/journey/proposals", summary: "Propose a value, purpose, stake or the project", auth: true, body: "NewProposal", response: ("201", "Created")),
        .init(method: "post", path: "/communities/{slug}/journey/proposals/{id}/positions", summary: "Take (or replace) my position on a proposal", auth: true, body: "PositionIn", response: ("200", "Status")),
        .init(method: "post", path: "/communities/{slug}/journey/proposals/{id}/decide", summary: "Apply the community's decision rule now (stewards)", auth: true, body: nil, response: ("200", "Status")),
        .init(method: "post", path: "/communities/{slug}/journey/retrospectives", summary: "A retrospective; its change becomes an amendment of the governance section", auth: true, body: "NewRetrospective", response: ("201", "RetroCreated")),
        .init(method: "get", path: "/communities/{slug}/actions", summary: "Actions of the participatory plan, newest first (?cycle=)", auth: false, body: nil, response: ("200", "ActionPage")),
        .init(method: "post", path: "/communities/{slug}/actions", summary: "Create an action", auth: true, body: "NewAction", response: ("201", "Action")),
        .init(method: "get", path: "/communities/{slug}/actions/{id}", summary: "An action, its team and its progress", auth: false, body: nil, response: ("200", "ActionDetail")),
        .init(method: "post", path: "/communities/{slug}/actions/{id}/volunteer", summary: "Join the action's team (the first volunteer owns it)", auth: true, body: nil, response: ("200", "Action")),
        .init(method: "post", path: "/communities/{slug}/actions/{id}/status", summary: "Move the action (planned → in-progress → done | dropped) or post progress", auth: true, body: "StatusIn", response: ("200", "Action")),
        .init(method: "post", path: "/communities/{slug}/assessments", summary: "Assess a done action (participants) or a member on the four criteria, 0–4", auth: true, body: "NewAssessment", response: ("201", "Created")),
        .init(method: "post", path: "/communities/{slug}/recognitions", summary: "Recognise a member, an action's team or the whole community", auth: true, body: "NewRecognition", response: ("201", "Created")),
        .init(method: "get", path: "/communities/{slug}/recognitions", summary: "The recognition wall, newest first (?cycle=)", auth: false, body: nil, response: ("200", "RecognitionPage")),
        .init(method: "get", path: "/communities/{slug}/evaluation", summary: "The community's evaluation: per criterion, self and peer means with counts (?cycle=)", auth: false, body: nil, response: ("200", "Evaluation")),
        .init(method: "get", path: "/communities/{slug}/evaluation/members/{handle}", summary: "A member's dashboard (that member and stewards only)", auth: true, body: nil, response: ("200", "Evaluation")),
        .init(method: "get", path: "/communities/{slug}/evaluation/actions/{id}", summary: "An action's evaluation", auth: false, body: nil, response: ("200", "Evaluation")),
        .init(method: "get", path: "/offers", summary: "Ecosystem catalogue: public catalogues and those of my communities (?q= full text, ?kind=)", auth: false, body: nil, response: ("200", "OfferPage")),
        .init(method: "get", path: "/communities/{slug}/offers", summary: "The community's catalogue (?q= ranked full text, accents ignored; ?kind=)", auth: false, body: nil, response: ("200", "OfferPage")),
        .init(method: "post", path: "/communities/{slug}/offers", summary: "Publish an offer", auth: true, body: "NewOffer", response: ("201", "Offer")),
        .init(method: "get", path: "/communities/{slug}/offers/{id}/referrals", summary: "An offer's referrals the caller may see (owner, stewards: all; others: their own), newest first", auth: false, body: nil, response: ("200", "ReferralPage")),
        .init(method: "post", path: "/communities/{slug}/offers/{id}/referrals", summary: "Refer another member's offer to a beneficiary", auth: true, body: "NewReferral", response: ("201", "Created")),
        .init(method: "post", path: "/communities/{slug}/referrals/{id}/status", summary: "The offer's owner moves a referral (taken-up, completed, declined); completion records a flow", auth: true, body: "ReferralStatus", response: ("200", "Referral")),
        .init(method: "get", path: "/communities/{slug}/multipliers", summary: "The three multiplier effects, for the community or a member (?member=handle)", auth: false, body: nil, response: ("200", "Multipliers")),
        .init(method: "get", path: "/communities/{slug}/flows", summary: "The ledger of wealth flows, newest first (?from=&to=&nature=&measure=&since=&until=&status=pending|confirmed|declined); only confirmed flows count", auth: false, body: nil, response: ("200", "FlowPage")),
        .init(method: "post", path: "/communities/{slug}/flows", summary: "Record a flow: status pending when it names anyone but the recorder (a member, or the community for a non-steward), until that party or a steward confirms; confirmed at once between the recorder and an outside party", auth: true, body: "NewFlow", response: ("201", "Flow")),
        .init(method: "get", path: "/communities/{slug}/flows/pending", summary: "Pending flows the caller may confirm or decline (naming them; for stewards, all they did not record)", auth: true, body: nil, response: ("200", "FlowPage")),
        .init(method: "post", path: "/communities/{slug}/flows/{id}/confirm", summary: "A party the flow names, or a steward (never its recorder), confirms a pending flow: {\"status\":\"confirmed\"}; 403 otherwise, 409 if not pending", auth: true, body: nil, response: ("200", "FlowDecision")),
        .init(method: "post", path: "/communities/{slug}/flows/{id}/decline", summary: "A party the flow names, or a steward (never its recorder), declines a pending flow: {\"status\":\"declined\"}", auth: true, body: nil, response: ("200", "FlowDecision")),
        .init(method: "post", path: "/communities/{slug}/flows/{id}/reverse", summary: "Correct a confirmed flow by a new entry that cancels it (its recorder, a party it names or a steward; 403 otherwise)", auth: true, body: "ReverseIn", response: ("201", "Created")),
        .init(method: "post", path: "/communities/{slug}/flows/import", summary: "Import flows from CSV (text/csv body, read as it streams after authentication): a header naming from, to, nature, measure, date and optionally quantity, unit, description, appreciation, note in any order (flows.csv's own columns accepted); at most 200,000 rows, 32 MiB, 10,000 bytes a cell; all rows or none, every faulty row counted and the first 200 named", auth: true, body: nil, response: ("201", "Imported")),
        .init(method: "get", path: "/communities/{slug}/flows/matrix", summary: "Matrix by=actor|nature for a period (?from=&to= dates), totals per unit", auth: false, body: nil, response: ("200", "Matrix")),
        .init(method: "get", path: "/communities/{slug}/pyramid", summary: "The inverted pyramid of responsibilities, and where responsibility and capital do not meet", auth: false, body: nil, response: ("200", "Pyramid")),
        .init(method: "post", path: "/communities/{slug}/pyramid", summary: "Record a responsibility (one's own; stewards anyone's)", auth: true, body: "NewResponsibility", response: ("201", "Created")),
        .init(method: "get", path: "/communities/{slug}/flows.jsonld", summary: "Every flow as ValueFlows 1.0 JSON-LD EconomicEvents (streamed; sign-in required, public communities too)", auth: true, body: nil, response: ("200", nil)),
        .init(method: "get", path: "/communities/{slug}/flows.csv", summary: "Every flow as CSV: id,from,to,nature,measure,quantity,unit,description,appreciation,date,note,reverses,status,recorded_by,recorded_at,confirmed_by,confirmed_at (streamed; sign-in required)", auth: true, body: nil, response: ("200", nil)),
        .init(method: "get", path: "/communities/{slug}/offers.csv", summary: "The catalogue as CSV (streamed)", auth: false, body: nil, response: ("200", nil)),
        .init(method: "get", path: "/communities/{slug}/offers.json", summary: "The whole catalogue as JSON (streamed)", auth: false, body: nil, response: ("200", nil)),
        .init(method: "get", path: "/communities/{slug}/flows.json", summary: "Every flow as a JSON array of Flow (streamed; sign-in required, public communities too)", auth: true, body: nil, response: ("200", nil)),
        .init(method: "get", path: "/communities/{slug}/posts", summary: "The community feed: posts and events of other features, newest first", auth: false, body: nil, response: ("200", "PostPage")),
        .init(method: "post", path: "/communities/{slug}/posts", summary: "Post (safe Markdown); @handles of members are notified", auth: true, body: "BodyIn", response: ("201", "Post")),
        .init(method: "get", path: "/communities/{slug}/posts/{id}", summary: "A post and its comments (oldest first, keyset `after`)", auth: false, body: nil, response: ("200", "PostDetail")),
        .init(method: "post", path: "/communities/{slug}/posts/{id}/comments", summary: "Comment; the post's author and mentioned members are notified", auth: true, body: "CommentBodyIn", response: ("201", "Created")),
        .init(method: "post", path: "/communities/{slug}/follow", summary: "Follow a community (its posts reach my feed)", auth: true, body: nil, response: ("204", nil)),
        .init(method: "delete", path: "/communities/{slug}/follow", summary: "Stop following a community", auth: true, body: nil, response: ("204", nil)),
        .init(method: "get", path: "/feed", summary: "My feed across my communities and what I follow", auth: true, body: nil, response: ("200", "PostPage")),
        .init(method: "post", path: "/people/{handle}/follow", summary: "Follow a member", auth: true, body: nil, response: ("204", nil)),
        .init(method: "delete", path: "/people/{handle}/follow", summary: "Stop following a member", auth: true, body: nil, response: ("204", nil)),
        .init(method: "get", path: "/notifications", summary: "My notifications, newest first, with the unread count (?unread=1)", auth: true, body: nil, response: ("200", "NotificationPage")),
        .init(method: "post", path: "/notifications/read", summary: "Mark notifications as read: {\"ids\": […]} or {\"all\": true}", auth: true, body: "ReadIn", response: ("200", "Marked")),
        .init(method: "get", path: "/notifications/preferences", summary: "My preferences per kind (in the app, by e-mail digest)", auth: true, body: nil, response: ("200", "Preferences")),
        .init(method: "put", path: "/notifications/preferences", summary: "Set one kind's preferences", auth: true, body: "Preference", response: ("200", "Preferences")),
        .init(method: "get", path: "/events", summary: "Server-sent events for the caller: `notification` and `post` (text/event-stream). At most `ENJEU_SSE_MAX_PER_ACCOUNT` (5) open streams per account, pages and API together, and `ENJEU_SSE_MAX_STREAMS` (2000) per instance: 429 with a reason beyond", auth: true, body: nil, response: ("200", nil)),
        .init(method: "post", path: "/communities/{slug}/endorsements", summary: "Endorse a member on a topic (a value or a skill); never oneself, once per topic", auth: true, body: "EndorsementIn", response: ("201", "Created")),
        .init(method: "delete", path: "/communities/{slug}/endorsements/{id}", summary: "Withdraw my endorsement", auth: true, body: nil, response: ("204", nil)),
        .init(method: "get", path: "/communities/{slug}/credibility", summary: "Credibility ranking, overall or ?topic=, as last computed in the background", auth: false, body: nil, response: ("200", "Ranking")),
        .init(method: "get", path: "/communities/{slug}/credibility/{handle}", summary: "A member's credibility and its reasons (endorsements, results, formula)", auth: false, body: nil, response: ("200", "Why")),
        .init(method: "post", path: "/communities/{slug}/credibility/refresh", summary: "Recompute credibility now (stewards)", auth: true, body: nil, response: ("200", "Refreshed")),
        .init(method: "get", path: "/matches", summary: "Members and communities sharing my values, with the reason", auth: true, body: nil, response: ("200", "Matches")),
    ]

    static func obj(_ props: [String: Any], required: [String] = []) -> [String: Any] {
        ["type": "object", "properties": props, "required": required]
    }
    nonisolated(unsafe) static let str: [String: Any] = ["type": "string"]
    nonisolated(unsafe) static let int: [String: Any] = ["type": "integer"]
    nonisolated(unsafe) static let uuid: [String: Any] = ["type": "string", "format": "uuid"]
    nonisolated(unsafe) static let date: [String: Any] = ["type": "string", "format": "date-time"]
    static func ref(_ n: String) -> [String: Any] { ["$ref": "#/components/schemas/" + n] }
    static func range(_ min: Int, _ max: Int) -> [String: Any] { ["type": "integer", "minimum": min, "maximum": max] }
    /// Tags of an offer or an indicator, counted once split on commas and deduplicated (case and accents aside).
    nonisolated(unsafe) static let tagList: [String: Any] = ["type": "array", "items": str, "maxItems": 10,
                                                              "description": "Counted after splitting on commas and removing duplicates (case and accents aside); each cut to 60 characters"]
    /// Values held and skills: one text, entries separated by commas, semicolons or new lines.
    nonisolated(unsafe) static let entries: [String: Any] = ["type": "string", "x-max-entries": 30,
                                                              "description": "Entries separated by commas, semicolons or new lines: at most 30 once duplicates are removed (case and accents aside); each cut to 60 characters"]
    static func page(_ item: String) -> [String: Any] {
        obj(["items": ["type": "array", "items": ref(item)], "next": ["type": ["string", "null"]]], required: ["items", "next"])
    }

    nonisolated(unsafe) static let cardProps: [String: Any] = [
        "slug": ["type": "string", "pattern": "^[a-z0-9-]{3,60}$"], "name": str, "purpose": str, "perimeter": str, "rhythm": str,
        "stage": ["type": "string", "enum": ["emerging", "growing", "mature", "dormant", "closed"]],
        "visibility": ["type": "string", "enum": ["public", "members"]], "charterVersion": int,
        "memberCount": ["type": "integer", "description": "Absent when the reader may not see inside"],
    ]

    nonisolated(unsafe) static let schemas: [String: Any] = [
        "BodyIn": obj(["body": str], required: ["body"]),
        "CommentBodyIn": obj(["body": str], required: ["body"]),
        "Post": obj(["id": uuid, "community": str, "kind": ["type": "string", "enum": ["post", "revision", "adopted", "action_done", "member"]], "author": ["type": ["string", "null"]],
                     "body": str, "html": str, "subject": str, "link": str, "comments": int, "createdAt": date]),
        "PostPage": page("Post"),
        "Comment": obj(["id": uuid, "author": str, "body": str, "html": str, "createdAt": date]),
        "PostDetail": obj(["post": ref("Post"), "comments": ["type": "array", "items": ref("Comment")], "next": ["type": ["string", "null"]]]),
        "Notification": obj(["id": uuid, "kind": ["type": "string", "enum": ["mention", "reply", "decision", "request", "recognition", "endorsement"]], "actor": str,
                             "subject": str, "text": str, "link": str, "read": ["type": "boolean"], "createdAt": date]),
        "NotificationPage": obj(["items": ["type": "array", "items": ref("Notification")], "next": ["type": ["string", "null"]], "unread": int]),
        "ReadIn": obj(["ids": ["type": "array", "items": uuid, "maxItems": 500, "description": "Required (at least one) unless `all` is true"], "all": ["type": "boolean"]]),
        "Marked": obj(["marked": int, "unread": int]),
        "Preference": obj(["kind": str, "inApp": ["type": "boolean"], "email": ["type": "boolean"]], required: ["kind", "inApp", "email"]),
        "Preferences": ["type": "array", "items": ref("Preference")],
        "EndorsementIn": obj(["to": str, "topic": str, "note": str], required: ["to", "topic"]),
        "Ranking": obj(["topic": str, "items": ["type": "array", "items": obj(["handle": str, "score": ["type": "number"], "rank": int])], "computedAt": date,
                        "next": ["type": ["string", "null"]]]),
        "Why": obj(["handle": str, "score": ["type": "number"], "rank": int, "members": int, "computedAt": date, "anchored": ["type": "boolean"],
                    "topics": ["type": "array", "items": obj(["topic": str, "score": ["type": "number"], "rank": int])],
                    "results": obj(["amendmentsAdopted": int, "figuresConfirmed": int, "actionsCompleted": int, "referralsCompleted": int]),
                    "reasons": ["type": "array", "items": obj(["kind": ["type": "string", "enum": ["endorsement", "result"]], "text": str, "topic": str, "from": str,
                                                                "fromScore": ["type": "number"], "note": str])], "formula": str]),
        "Refreshed": obj(["members": int, "endorsements": int]),
        "Matches": obj(["members": ["type": "array", "items": ref("Match")], "communities": ["type": "array", "items": ref("Match")], "basis": ["type": "array", "items": str]]),
        "Match": obj(["kind": ["type": "string", "enum": ["member", "community"]], "key": str, "name": str, "shared": ["type": "array", "items": str],
                      "score": ["type": "number"], "reason": str, "link": str]),
        "NewOffer": obj(["kind": ["type": "string", "enum": ["product", "service", "skill", "resource"]], "title": str, "description": str, "terms": str,
                         "tags": tagList, "place": str], required: ["kind", "title", "description"]),
        "Offer": obj(["id": uuid, "community": str, "owner": str, "kind": str, "title": str, "description": str, "terms": str, "tags": ["type": "array", "items": str], "place": str, "createdAt": date]),
        "OfferPage": page("Offer"),
        "NewReferral": obj(["beneficiary": ["type": "string", "description": "A name, or @handle of a member"], "note": str], required: ["beneficiary"]),
        "Referral": obj(["id": uuid, "offer": uuid, "referrer": str, "beneficiary": str, "note": str, "status": ["type": "string", "enum": ["proposed", "taken-up", "completed", "declined"]], "flow": uuid, "createdAt": date]),
        "ReferralPage": page("Referral"),
        "ReferralStatus": obj(["status": ["type": "string", "enum": ["taken-up", "completed", "declined"]]], required: ["status"]),
        "Multipliers": obj(["diversity": int, "salesForce": int, "crossSolicitation": int, "referralsCompleted": int]),
        "NewFlow": obj(["from": ["type": "string", "description": "@handle, community, or outside:Name"], "to": str, "nature": ["type": "string", "enum": ["material", "immaterial"]],
                        "measure": ["type": "string", "enum": ["quantitative", "qualitative"]], "quantity": ["type": "number", "minimum": 0, "maximum": 1e15], "unit": str,
                        "description": str, "appreciation": ["type": "integer", "minimum": 1, "maximum": 5], "date": ["type": "string", "format": "date"], "note": str, "offer": uuid, "action": uuid],
                       required: ["from", "to", "nature", "measure", "date"]),
        "Flow": obj(["id": uuid, "from": str, "to": str, "nature": str, "measure": str, "quantity": ["type": ["number", "null"]], "unit": str, "description": str,
                     "appreciation": ["type": ["integer", "null"]], "date": str, "note": str, "offer": uuid, "referral": uuid, "reverses": uuid, "reversed": ["type": "boolean"],
                     "status": ["type": "string", "enum": ["pending", "confirmed", "declined"]],
                     "recordedBy": ["type": "string", "description": "handle of who recorded it; absent if unknown"], "recordedAt": date,
                     "confirmedBy": ["type": "string", "description": "handle of who confirmed or declined it (the recorder when it needed no one else); absent while pending or if unknown"],
                     "confirmedAt": date]),
        "FlowPage": page("Flow"),
        "FlowDecision": obj(["status": ["type": "string", "enum": ["confirmed", "declined"]]]),
        "ReverseIn": obj(["note": str], required: ["note"]),
        "Imported": obj(["imported": int]),
        "Matrix": obj(["by": str, "rows": ["type": "array", "items": str], "columns": ["type": "array", "items": str],
                       "cells": ["type": "array", "items": obj(["row": str, "column": str, "totals": ["type": "object", "additionalProperties": ["type": "number"]], "qualitative": int, "flows": int])],
                       "totals": ["type": "object", "additionalProperties": ["type": "number"]], "qualitative": int]),
        "Pyramid": obj(["layers": ["type": "object"], "capitalWithoutCreation": ["type": "array", "items": str], "creationWithoutCapital": ["type": "array", "items": str]]),
        "NewResponsibility": obj(["member": str, "layer": ["type": "string", "enum": ["creation", "support", "capital"]], "role": str, "what": str,
                                  "amount": ["type": "number", "minimum": 0], "unit": str, "share": ["type": "number", "minimum": 0, "maximum": 100]], required: ["member", "layer", "role"]),
        "Journey": obj(["cycle": int,
                        "steps": ["type": "array", "items": obj(["number": int, "key": ["type": "string", "enum": ["values", "common-good", "project", "action-plan", "action", "governance"]],
                                                                 "state": ["type": "string", "enum": ["not-started", "in-progress", "done"]]])]], required: ["cycle", "steps"]),
        "JourneyStart": obj(["template": ["type": "string", "enum": ["public-policy", "company-teams", "products-marketing", "virtual-community", "free"]]], required: ["template"]),
        "Cycle": obj(["cycle": int]),
        "NewProposal": obj(["kind": ["type": "string", "enum": ["value", "purpose", "stake", "project"]], "title": str,
                            "body": ["type": "string", "description": "At least 20 characters for the project, 5 for the other kinds"]], required: ["kind", "title", "body"]),
        "Proposals": ["type": "array", "items": obj(["id": uuid, "cycle": int, "kind": str, "title": str, "body": str, "status": str, "closesAt": date,
                                                     "author": str, "consents": int, "objections": int, "abstentions": int])],
        "Created": obj(["id": uuid], required: ["id"]),
        "NewRetrospective": obj(["worked": str, "didNot": str, "change": str], required: ["worked", "didNot"]),
        "RetroCreated": obj(["id": uuid, "amendment": uuid]),
        "NewAction": obj(["title": str, "description": str, "stake": uuid, "needs": str, "dueOn": ["type": "string", "format": "date"]], required: ["title"]),
        "Action": obj(["id": uuid, "cycle": int, "title": str, "description": str, "stake": uuid, "needs": str, "dueOn": str,
                       "status": ["type": "string", "enum": ["planned", "in-progress", "done", "dropped"]], "owner": str, "outcome": str, "participants": int, "createdAt": date]),
        "ActionPage": page("Action"),
        "ActionDetail": obj(["action": ref("Action"), "team": ["type": "array", "items": obj(["handle": str, "displayName": str])],
                             "updates": ["type": "array", "items": obj(["status": str, "note": str, "createdAt": date, "handle": str])]]),
        "StatusIn": obj(["status": ["type": "string", "enum": ["planned", "in-progress", "done", "dropped"]],
                         "note": ["type": "string", "description": "Required for a progress update (the same status: 3+ characters) and to mark it done (the outcome: 10+ characters)"]], required: ["status"]),
        "NewAssessment": obj(["subject": obj(["kind": ["type": "string", "enum": ["action", "member"]], "id": ["type": "string", "description": "An action's id or a member's handle"]], required: ["kind", "id"]),
                              "scores": obj(["material": ["type": "integer", "minimum": 0, "maximum": 4], "consciousness": ["type": "integer", "minimum": 0, "maximum": 4],
                                             "mastery": ["type": "integer", "minimum": 0, "maximum": 4], "maturity": ["type": "integer", "minimum": 0, "maximum": 4]],
                                            required: ["material", "consciousness", "mastery", "maturity"]), "comment": str], required: ["subject", "scores"]),
        "NewRecognition": obj(["to": obj(["kind": ["type": "string", "enum": ["member", "action", "community"]], "id": ["type": "string", "description": "A handle, an action's id or the community's slug"]], required: ["kind", "id"]),
                               "message": str, "criteria": ["type": "array", "items": ["type": "string", "enum": ["material", "consciousness", "mastery", "maturity"]]]],
                              required: ["to", "message"]),
        "RecognitionPage": page("Recognition"),
        "Recognition": obj(["id": uuid, "cycle": int, "from": str, "to": obj(["kind": str, "id": str]), "label": str, "message": str,
                            "criteria": ["type": "array", "items": str], "createdAt": date]),
        "Evaluation": obj(["cycle": ["type": ["integer", "null"]], "assessments": int,
                           "partial": ["type": "boolean", "description": "Some members' assessments are left out: the open cycle's (published when it closes) and any cycle's self- or peer-assessments covering fewer than three members"],
                           "criteria": ["type": "array", "items": obj(["key": str, "own": obj(["mean": ["type": ["number", "null"]], "count": int]),
                                                                      "peers": obj(["mean": ["type": ["number", "null"]], "count": int]),
                                                                      "all": obj(["mean": ["type": ["number", "null"]], "count": int])])]]),
        "NewIndicator": obj(["name": str, "definition": str, "unit": ["type": "string", "description": "Base unit, then allowed prefixes in parentheses: « € (k, M) ». Prefixes: " + FigureUnit.knownPrefixes.keys.sorted().joined(separator: ", ")],
                             "period": ["type": "string", "description": "2026, 2026-Q3, 2026-07 or 2026-01-01..2026-06-30"], "place": str,
                             "tags": tagList, "scale": ["type": "string", "enum": ["positive", "signed"]], "dataset": uuid],
                            required: ["name", "definition", "unit", "period"]),
        "Indicator": obj(["id": uuid, "name": str, "definition": str, "unit": str, "period": str, "place": str, "tags": ["type": "array", "items": str],
                          "scale": str, "dataset": uuid, "createdAt": date, "createdBy": str], required: ["id", "name"]),
        "IndicatorPage": page("Indicator"),
        "IndicatorCreated": obj(["id": uuid, "name": str, "similar": ["type": "array", "items": obj(["id": uuid, "name": str, "period": str])]], required: ["id"]),
        "Estimate": obj(["kind": ["type": "string", "enum": ["none", "single-source", "disputed", "estimate"]], "value": ["type": ["number", "null"]],
                         "low": ["type": ["number", "null"]], "high": ["type": ["number", "null"]], "contributors": int, "sources": int,
                         "outliers": ["type": "array", "items": uuid, "description": "Contribution ids"], "rule": str, "updatedAt": date],
                        required: ["value", "low", "high", "contributors", "outliers"]),
        "Contribution": obj(["id": uuid, "value": ["type": "number"], "source": str, "sourceKind": ["type": "string", "enum": ["url", "document", "personal"]],
                             "observedOn": str, "comment": str, "status": ["type": "string", "enum": ["current", "deprecated"]], "outlier": ["type": "boolean"],
                             "credit": ["type": "string", "enum": ["escrow", "credited", "void"]], "openFlags": int, "by": str, "createdAt": date]),
        "IndicatorDetail": obj(["indicator": ref("Indicator"), "estimate": ref("Estimate"), "contributions": ["type": "array", "items": ref("Contribution")],
                                "next": ["type": ["string", "null"]], "history": ["type": "array", "items": obj(["at": date, "kind": str, "value": ["type": "number"],
                                "low": ["type": "number"], "high": ["type": "number"], "contributors": int])],
                                "access": ["type": "string", "enum": ["free", "paid", "charged"]]], required: ["indicator", "estimate", "contributions"]),
        "NewContribution": obj(["value": ["type": "number", "minimum": -1e15, "maximum": 1e15,
                                          "description": "In the unit given; the bounds apply once converted to the base unit. Above 0 on a positive-scale indicator"], "unit": ["type": "string", "description": "Defaults to the base unit; a prefixed unit the indicator allows (k€). Prefixes: " + FigureUnit.knownPrefixes.sorted { $0.value < $1.value }.map { "\($0.key) (×\(Int($0.value)))" }.joined(separator: ", ")],
                                "source": ["type": "string", "description": "https://…, a document reference, or « observation personnelle »"],
                                "observedOn": ["type": "string", "format": "date"], "comment": str], required: ["value", "source", "observedOn"]),
        "ContributionCreated": obj(["id": uuid, "estimate": ref("Estimate")], required: ["id", "estimate"]),
        "NewFlag": obj(["reason": str, "correctedValue": ["type": "number", "minimum": -1e15, "maximum": 1e15, "description": "In the base unit; above 0 on a positive-scale indicator"],
                        "source": ["type": "string", "description": "Empty, or 3 characters or more: https://…, a document reference, or « observation personnelle »"]], required: ["reason"]),
        "FlagCreated": obj(["id": uuid, "contribution": ["type": "string", "description": "The flagged contribution's status after the flag"]], required: ["id"]),
        "CreditRules": obj(["allowance": range(0, 1_000), "readCost": range(0, 100), "earn": range(0, 100), "halfLifeDays": range(7, 3_650)],
                           required: ["allowance", "readCost", "earn", "halfLifeDays"]),
        "Credits": obj(["balance": ["type": "number"], "escrow": int, "rules": ref("CreditRules"),
                        "entries": ["type": "array", "items": obj(["id": uuid, "kind": ["type": "string", "enum": ["earn", "correction", "spend", "clawback"]],
                                                                   "amount": ["type": "number"], "at": date, "indicatorId": uuid, "indicatorName": str])],
                        "next": ["type": ["string", "null"]]], required: ["balance", "entries"]),
        "Refresh": obj(["claims": int, "iterations": int]),
        "NewDataset": obj(["name": str, "description": str], required: ["name"]),
        "Dataset": obj(["id": uuid, "name": str, "description": str, "createdAt": date, "indicators": int]),
        "DatasetPage": page("Dataset"),
        "DatasetDetail": obj(["dataset": ref("Dataset"), "indicators": ["type": "array", "items": ref("Indicator")]]),
        "Error": obj(["error": ["type": "boolean", "const": true], "reason": str], required: ["error", "reason"]),
        "NewAccount": obj(["handle": ["type": "string", "pattern": "^[a-z][a-z0-9_]{2,29}$", "description": "Trimmed and lowercased, then checked"],
                           "displayName": str, "email": str, "password": str],
                          required: ["handle", "displayName", "email", "password"]),
        "AccountCreated": obj(["id": uuid, "handle": str], required: ["id", "handle"]),
        "Credentials": obj(["email": str, "password": str, "name": str], required: ["email", "password"]),
        "TokenCreated": obj(["id": uuid, "token": str], required: ["id", "token"]),
        "Token": obj(["id": uuid, "name": str, "createdAt": date]),
        "TokenPage": page("Token"),
        "Me": obj(["id": uuid, "handle": str, "displayName": str, "email": str, "bio": str,
                   "values": ["type": "array", "items": str], "skills": ["type": "array", "items": str], "lang": str], required: ["id", "handle"]),
        "ProfileUpdate": obj(["displayName": str, "bio": str, "values": entries, "skills": entries, "lang": ["type": "string", "enum": ["fr", "en"]]]),
        "NewCommunity": obj(cardProps.filter { ["slug", "name", "purpose", "perimeter", "rhythm", "stage", "visibility"].contains($0.key) }
                            .merging(["charter": str]) { a, _ in a },
                            required: ["slug", "name", "purpose", "stage", "visibility", "charter"]),
        "CommunityUpdate": obj(cardProps.filter { ["name", "purpose", "perimeter", "rhythm", "stage", "visibility"].contains($0.key) }
                               .merging(["version": int]) { a, _ in a },
                               required: ["name", "purpose", "stage", "visibility", "version"]),
        "Card": obj(cardProps, required: ["slug", "name", "purpose", "stage", "visibility", "charterVersion"]),
        "CardPage": page("Card"),
        "CommunityDetail": obj(cardProps.merging([
            "relation": ["type": "string", "enum": ["anonymous", "outsider", "pending", "approved", "active", "suspended", "left"]],
            "role": ["type": "string", "enum": ["founder", "steward", "member"]], "charterCurrent": ["type": "boolean"],
            "version": int]) { a, _ in a }, required: ["slug", "name", "relation"]),
        "Member": obj(["handle": str, "displayName": str, "role": ["type": "string", "enum": ["founder", "steward", "member"]],
                       "status": str, "charterCurrent": ["type": "boolean"], "joinedAt": date], required: ["handle", "role"]),
        "MemberPage": page("Member"),
        "JoinRequest": obj(["id": uuid, "handle": str, "displayName": str, "message": str, "status": str, "reason": str, "createdAt": date]),
        "RequestPage": page("JoinRequest"),
        "JoinBody": obj(["message": str]),
        "JoinStatus": obj(["id": uuid, "status": ["type": "string", "enum": ["pending", "approved", "declined", "withdrawn"]]], required: ["id", "status"]),
        "ReasonBody": obj(["reason": str], required: ["reason"]),
        "VersionBody": obj(["version": int], required: ["version"]),
        "NewCharter": obj(["text": str, "version": ["type": "integer", "description": "The current version, for optimistic concurrency"]], required: ["text", "version"]),
        "Charter": obj(["version": int, "text": str, "createdAt": date], required: ["version", "text"]),
        "Status": obj(["status": str], required: ["status"]),
        "SectionText": obj(["key": ["type": "string", "enum": ["raison-d-etre", "history", "social", "economic", "ecological", "scientific", "legal", "financial", "cultural", "governance"]],
                            "title": str, "body": str], required: ["key", "body"]),
        "Code": obj(["revision": obj(["number": int, "parent": int, "summary": str, "author": str, "createdAt": date], required: ["number"]),
                     "sections": ["type": "array", "items": ref("SectionText")], "published": ["type": "boolean"],
                     "rule": ["type": "string", "enum": ["consent", "majority"]], "quorum": int, "openDays": int], required: ["revision", "sections"]),
        "Change": obj(["section": str, "body": str], required: ["section", "body"]),
        "NewAmendment": obj(["baseRevision": int, "summary": str, "reason": str,
                             "changes": ["type": "array", "items": ref("Change"), "minItems": 1, "description": "At least one must change its section's text"]],
                            required: ["baseRevision", "summary", "changes"]),
        "AmendmentCreated": obj(["id": uuid, "status": str], required: ["id", "status"]),
        "Amendment": obj(["id": uuid, "status": ["type": "string", "enum": ["open", "adopted", "rejected", "conflict", "withdrawn"]],
                          "summary": str, "reason": str, "author": str, "baseRevision": int, "textVersion": int, "closesAt": date,
                          "resultRevision": int, "createdAt": date]),
        "AmendmentPage": page("Amendment"),
        "Tally": obj(["consents": int, "objections": int, "abstentions": int, "members": int, "quorum": int]),
        "AmendmentDetail": obj(["amendment": ref("Amendment"), "changes": ["type": "array", "items": ref("SectionText")],
                                "positions": ["type": "array", "items": obj(["handle": str, "stance": str, "reason": str, "textVersion": int, "current": ["type": "boolean"]])],
                                "comments": ["type": "array", "items": obj(["handle": str, "body": str, "createdAt": date])], "tally": ref("Tally")]),
        "PositionIn": obj(["position": ["type": "string", "enum": ["consent", "object", "abstain"]], "reason": ["type": "string", "description": "Required (10+ characters) for an objection: the harm it foresees"]], required: ["position"]),
        "CommentIn": obj(["body": str], required: ["body"]),
        "Decided": obj(["status": ["type": "string", "enum": ["adopted", "rejected", "conflict", "open"]], "revision": int, "tally": ref("Tally")], required: ["status"]),
        "Revision": obj(["number": int, "parent": int, "summary": str, "author": str, "authorName": str, "sections": ["type": "array", "items": str], "amendment": uuid, "createdAt": date]),
        "RevisionPage": page("Revision"),
        "RevisionDetail": obj(["revision": ref("Revision"), "sections": ["type": "array", "items": ref("SectionText")]]),
        "Diff": obj(["from": int, "to": int, "sections": ["type": "array", "items": obj(["key": str, "lines": ["type": "array", "items":
                     obj(["kind": ["type": "string", "enum": ["context", "removed", "added"]], "old": int, "new": int, "text": str, "changed": ["type": "array", "items": str]])]])]]),
        "Blame": obj(["section": str, "lines": ["type": "array", "items": obj(["number": int, "text": str, "revision": int, "author": str])]]),
        "Fact": obj(["id": uuid, "section": str, "kind": ["type": "string", "enum": ["link", "note"]], "url": str, "note": str, "observedOn": str,
                     "stance": ["type": "string", "enum": ["supports", "contests"]], "author": str, "createdAt": date]),
        "FactPage": page("Fact"),
        "FactIn": obj(["section": str, "kind": ["type": "string", "enum": ["link", "note"]], "url": str, "note": str, "date": ["type": "string", "format": "date"],
                       "stance": ["type": "string", "enum": ["supports", "contests"]]], required: ["section", "kind", "stance"]),
        "DiagnosisIn": obj(["section": str, "rating": ["type": "string", "enum": ["practised", "partly", "not-yet"]], "comment": str], required: ["section", "rating"]),
        "CodeSettings": obj(["rule": ["type": "string", "enum": ["consent", "majority"]], "quorum": ["type": "integer", "minimum": 0, "maximum": 100],
                             "openDays": ["type": "integer", "minimum": 1, "maximum": 90], "published": ["type": "boolean"]], required: ["rule", "quorum", "openDays", "published"]),
    ]

    nonisolated(unsafe) static let document: [String: Any] = {
        var paths: [String: [String: Any]] = [:]
        for op in operations {
            var o: [String: Any] = ["summary": op.summary, "operationId": op.method + op.path.replacingOccurrences(of: "/", with: "_")
                .replacingOccurrences(of: "{", with: "").replacingOccurrences(of: "}", with: "")]
            let params = op.path.split(separator: "/").filter { $0.hasPrefix("{") }.map { p -> [String: Any] in
                ["name": String(p.dropFirst().dropLast()), "in": "path", "required": true, "schema": str]
            }
            var query: [[String: Any]] = []
            if op.path.hasSuffix("/code/diff") {
                query.append(["name": "from", "in": "query", "required": true, "schema": int])
                query.append(["name": "to", "in": "query", "required": true, "schema": int])
            } else if op.method == "get" && (op.response.schema?.hasSuffix("Page") ?? false) {
                query.append(["name": "after", "in": "query", "required": false, "schema": str, "description": "Cursor from the previous page's `next`, passed unchanged; one this server did not produce is a 400"])
                if op.path == "/communities" { query.append(["name": "q", "in": "query", "required": false, "schema": str]) }
            }
            if !(params + query).isEmpty { o["parameters"] = params + query }
            let bodyLimit = maxBody[op.path] ?? defaultMaxBody
            if let body = op.body {
                o["requestBody"] = ["required": true, "content": ["application/json": ["schema": ref(body)]],
                                    "description": "At most \(bodyLimit >> 20) MiB (413 beyond, refused before it is read)"]
                o["x-max-body-bytes"] = bodyLimit
            } else if let raw = rawBodies[op.path] {
                o["requestBody"] = raw
                o["x-max-body-bytes"] = bodyLimit
            }
            var responses: [String: Any] = [:]
            var ok: [String: Any] = ["description": "Success"]
            if let s = op.response.schema { ok["content"] = ["application/json": ["schema": ref(s)]] }
            responses[op.response.status] = ok
            let err: [String: Any] = ["content": ["application/json": ["schema": ref("Error")]]]
            responses["4XX"] = err.merging(["description": "Invalid input, unknown or hidden resource (404), conflict"]) { a, _ in a }
            if op.method != "get" {
                responses["413"] = err.merging(["description": "Body over \(bodyLimit) bytes"]) { a, _ in a }
                responses["429"] = err.merging(["description": op.auth
                    ? "Over the writes allowed per account and minute (ENJEU_WRITE_RATE_LIMIT); see Retry-After"
                    : "Over the attempts allowed per address and account and minute (ENJEU_AUTH_RATE_LIMIT); see Retry-After"]) { a, _ in a }
            }
            o["responses"] = responses
            if op.auth { o["security"] = [["bearer": [String]()]] }
            paths[op.path, default: [:]][op.method] = o
        }
        return [
            "openapi": "3.1.0",
            "info": ["title": "Enjeu API", "version": "1.0.0",
                     "description": "Communities of stakes. Errors are {\"error\": true, \"reason\": …}; lists are keyset-paged with `next`."],
            "servers": [["url": "/api/v1"]],
            "paths": paths,
            "components": ["schemas": limitedSchemas, "securitySchemes": ["bearer": ["type": "http", "scheme": "bearer"]]],
        ]
    }()

    nonisolated(unsafe) static let json: Data = (try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .prettyPrinted])) ?? Data()
}
