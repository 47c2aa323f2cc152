import Foundation
import EnjeuWeb

/// What a person's export holds: one JSON file per kind, each an array of the rows that are theirs, read a page at a
/// time by id (keyset) so any number of rows costs one page of memory. `from` names the rows' table as `t` (joined to
/// what names their community), `owner` the column that makes a row the person's. Secrets (password hash, token
/// and session hashes) are never read.
struct ExportKind: Sendable {
    enum Kind: Sendable { case text, int, double, time, uuid }
    struct Column: Sendable { let name: String, sql: String, kind: Kind }

    let file: String
    let about: Text
    let from: String
    let owner: String
    let columns: [Column]

    init(_ file: String, _ about: Text, from: String, owner: String, _ columns: [(String, String, Kind)]) {
        self.file = file; self.about = about; self.from = from; self.owner = owner
        self.columns = columns.map { Column(name: $0.0, sql: $0.1, kind: $0.2) }
    }

    private static let inCommunity = " JOIN communities c ON c.id = t.community_id"
    private static let community = ("community", "c.slug", Kind.text)

    static let all: [ExportKind] = [
        ExportKind("profile.json", Text(fr: "votre profil : identifiant, nom, adresse e-mail, présentation, valeurs, compétences, langue",
                                        en: "your profile: handle, name, e-mail address, bio, values, skills, language"),
                   from: "users t", owner: "t.id",
                   [("handle", "t.handle", .text), ("displayName", "t.display_name", .text), ("email", "t.email", .text), ("bio", "t.bio", .text),
                    ("values", "t.values_held", .text), ("skills", "t.skills", .text), ("lang", "t.lang", .text),
                    ("createdAt", "t.created_at", .time), ("emailVerifiedAt", "t.email_verified_at", .time)]),
        ExportKind("memberships.json", Text(fr: "les communautés dont vous êtes ou avez été membre, votre rôle et votre statut",
                                            en: "the communities you belong or belonged to, your role and status"),
                   from: "memberships t" + inCommunity, owner: "t.user_id",
                   [community, ("role", "t.role", .text), ("status", "t.status", .text),
                    ("acceptedCharterVersion", "t.accepted_charter_version", .int), ("joinedAt", "t.joined_at", .time)]),
        ExportKind("charter-acceptances.json", Text(fr: "les versions de charte que vous avez acceptées", en: "the charter versions you accepted"),
                   from: "charter_acceptances t" + inCommunity, owner: "t.user_id",
                   [community, ("version", "t.version", .int), ("acceptedAt", "t.accepted_at", .time)]),
        ExportKind("posts.json", Text(fr: "vos messages dans les fils (supprimés : texte effacé)", en: "your posts in feeds (deleted: text erased)"),
                   from: "posts t" + inCommunity, owner: "t.author_id",
                   [community, ("kind", "t.kind", .text), ("body", "t.body", .text), ("subject", "t.subject", .text),
                    ("createdAt", "t.created_at", .time), ("editedAt", "t.edited_at", .time), ("deletedAt", "t.deleted_at", .time)]),
        ExportKind("comments.json", Text(fr: "vos commentaires sous les messages", en: "your comments under posts"),
                   from: "post_comments t" + inCommunity, owner: "t.author_id",
                   [community, ("post", "t.post_id", .uuid), ("body", "t.body", .text), ("createdAt", "t.created_at", .time),
                    ("editedAt", "t.edited_at", .time), ("deletedAt", "t.deleted_at", .time)]),
        ExportKind("endorsements-given.json", Text(fr: "la confiance que vous avez donnée", en: "the endorsements you gave"),
                   from: "endorsements t" + inCommunity + " JOIN users u ON u.id = t.to_id", owner: "t.from_id",
                   [community, ("to", "u.handle", .text), ("topic", "t.topic", .text), ("note", "t.note", .text),
                    ("createdAt", "t.created_at", .time), ("revokedAt", "t.revoked_at", .time)]),
        ExportKind("endorsements-received.json", Text(fr: "la confiance que l’on vous a donnée", en: "the endorsements you received"),
                   from: "endorsements t" + inCommunity + " JOIN users u ON u.id = t.from_id", owner: "t.to_id",
                   [community, ("from", "u.handle", .text), ("topic", "t.topic", .text), ("note", "t.note", .text),
                    ("createdAt", "t.created_at", .time), ("revokedAt", "t.revoked_at", .time)]),
        ExportKind("offers.json", Text(fr: "vos offres et demandes", en: "your offers and requests"),
                   from: "offers t" + inCommunity, owner: "t.owner_id",
                   [community, ("kind", "t.kind", .text), ("title", "t.title", .text), ("description", "t.description", .text),
                    ("terms", "t.terms", .text), ("tags", "t.tags", .text), ("place", "t.place", .text), ("createdAt", "t.created_at", .time)]),
        ExportKind("flows.json", Text(fr: "les flux que vous avez enregistrés", en: "the flows you recorded"),
                   from: "flows t" + inCommunity, owner: "t.recorded_by",
                   [community, ("from", "t.from_key", .text), ("to", "t.to_key", .text), ("nature", "t.nature", .text), ("measure", "t.measure", .text),
                    ("quantity", "t.quantity", .double), ("unit", "t.unit", .text), ("description", "t.description", .text), ("date", "t.date", .text),
                    ("note", "t.note", .text), ("status", "t.status", .text), ("createdAt", "t.created_at", .time)]),
        ExportKind("figure-contributions.json", Text(fr: "les valeurs que vous avez données aux indicateurs", en: "the values you gave to indicators"),
                   from: "figure_contributions t" + inCommunity, owner: "t.user_id",
                   [community, ("indicator", "t.indicator_id", .uuid), ("value", "t.value", .double), ("source", "t.source", .text),
                    ("observedOn", "t.observed_on", .text), ("comment", "t.comment", .text), ("status", "t.status", .text),
                    ("createdAt", "t.created_at", .time)]),
        ExportKind("credit-entries.json", Text(fr: "vos crédits de chiffres gagnés et dépensés", en: "your figures credits earned and spent"),
                   from: "credit_entries t" + inCommunity, owner: "t.user_id",
                   [community, ("kind", "t.kind", .text), ("amount", "t.amount", .double), ("at", "t.at", .time)]),
        ExportKind("amendments.json", Text(fr: "vos propositions : amendements du #CodeSocial, chartes, rôles, étapes de vie",
                                           en: "your proposals: #CodeSocial amendments, charters, roles, life stages"),
                   from: "amendments t" + inCommunity, owner: "t.author_id",
                   [community, ("kind", "t.kind", .text), ("summary", "t.summary", .text), ("reason", "t.reason", .text),
                    ("status", "t.status", .text), ("createdAt", "t.created_at", .time), ("decidedAt", "t.decided_at", .time)]),
        // Governance (issue 18): the decisions whose application the person's authority carried, the roles they hold.
        ExportKind("decisions-applied.json", Text(fr: "les décisions de la communauté que vous avez appliquées",
                                                  en: "the community's decisions you applied"),
                   from: "amendments t" + inCommunity, owner: "t.decided_by",
                   [community, ("kind", "t.kind", .text), ("summary", "t.summary", .text), ("status", "t.status", .text),
                    ("decidedAt", "t.decided_at", .time)]),
        ExportKind("roles.json", Text(fr: "les rôles que vous tenez dans vos communautés", en: "the roles you hold in your communities"),
                   from: "role_assignments t" + inCommunity + " JOIN community_roles r ON r.id = t.role_id", owner: "t.user_id",
                   [community, ("role", "r.name", .text), ("since", "t.created_at", .time)]),
        ExportKind("amendment-positions.json", Text(fr: "vos positions sur les amendements", en: "your positions on amendments"),
                   from: "amendment_positions t" + inCommunity, owner: "t.user_id",
                   [community, ("amendment", "t.amendment_id", .uuid), ("stance", "t.stance", .text), ("reason", "t.reason", .text),
                    ("createdAt", "t.created_at", .time)]),
        ExportKind("amendment-comments.json", Text(fr: "vos commentaires sur les amendements", en: "your comments on amendments"),
                   from: "amendment_comments t" + inCommunity, owner: "t.author_id",
                   [community, ("amendment", "t.amendment_id", .uuid), ("body", "t.body", .text), ("createdAt", "t.created_at", .time)]),
        ExportKind("journey-proposals.json", Text(fr: "vos propositions du parcours (valeurs, enjeux…)", en: "your journey proposals (values, stakes…)"),
                   from: "journey_proposals t" + inCommunity, owner: "t.author_id",
                   [community, ("kind", "t.kind", .text), ("title", "t.title", .text), ("body", "t.body", .text), ("status", "t.status", .text),
                    ("createdAt", "t.created_at", .time)]),
        ExportKind("journey-positions.json", Text(fr: "vos positions sur les propositions du parcours", en: "your positions on journey proposals"),
                   from: "journey_positions t", owner: "t.user_id",
                   [("proposal", "t.proposal_id", .uuid), ("stance", "t.stance", .text), ("reason", "t.reason", .text), ("createdAt", "t.created_at", .time)]),
        ExportKind("join-requests.json", Text(fr: "vos demandes pour rejoindre des communautés, et leurs réponses",
                                              en: "your requests to join communities, and their answers"),
                   from: "join_requests t" + inCommunity, owner: "t.user_id",
                   [community, ("message", "t.message", .text), ("status", "t.status", .text), ("reason", "t.reason", .text),
                    ("organisation", "t.organisation_id", .uuid), ("createdAt", "t.created_at", .time), ("decidedAt", "t.decided_at", .time)]),
        ExportKind("referrals.json", Text(fr: "les orientations et sollicitations que vous avez faites", en: "the referrals and solicitations you made"),
                   from: "referrals t" + inCommunity, owner: "t.referrer_id",
                   [community, ("offer", "t.offer_id", .uuid), ("kind", "t.kind", .text), ("beneficiary", "t.beneficiary", .text),
                    ("note", "t.note", .text), ("status", "t.status", .text), ("createdAt", "t.created_at", .time)]),
        ExportKind("responsibilities.json", Text(fr: "vos responsabilités dans la pyramide", en: "your responsibilities in the pyramid"),
                   from: "responsibilities t" + inCommunity, owner: "t.user_id",
                   [community, ("layer", "t.layer", .text), ("role", "t.role", .text), ("what", "t.what", .text), ("amount", "t.amount", .double),
                    ("unit", "t.unit", .text), ("share", "t.share", .double), ("createdAt", "t.created_at", .time)]),
        ExportKind("journey-actions.json", Text(fr: "les actions du parcours que vous avez proposées", en: "the journey actions you proposed"),
                   from: "journey_actions t" + inCommunity, owner: "t.created_by",
                   [community, ("cycle", "t.cycle", .int), ("title", "t.title", .text), ("description", "t.description", .text),
                    ("needs", "t.needs", .text), ("dueOn", "t.due_on", .text), ("status", "t.status", .text), ("outcome", "t.outcome", .text),
                    ("createdAt", "t.created_at", .time)]),
        ExportKind("journey-participations.json", Text(fr: "les actions auxquelles vous participez", en: "the actions you take part in"),
                   from: "journey_participants t JOIN journey_actions a ON a.id = t.action_id JOIN communities c ON c.id = a.community_id",
                   owner: "t.user_id", [community, ("action", "t.action_id", .uuid), ("title", "a.title", .text), ("joinedAt", "t.joined_at", .time)]),
        ExportKind("journey-updates.json", Text(fr: "les nouvelles que vous avez données des actions", en: "the updates you gave on actions"),
                   from: "journey_updates t JOIN journey_actions a ON a.id = t.action_id JOIN communities c ON c.id = a.community_id",
                   owner: "t.user_id", [community, ("action", "t.action_id", .uuid), ("status", "t.status", .text), ("note", "t.note", .text),
                                        ("createdAt", "t.created_at", .time)]),
        ExportKind("journey-assessments.json", Text(fr: "vos évaluations sur les quatre critères", en: "your assessments on the four criteria"),
                   from: "journey_assessments t" + inCommunity, owner: "t.assessor_id",
                   [community, ("cycle", "t.cycle", .int), ("subjectKind", "t.subject_kind", .text), ("subject", "t.subject_id", .uuid),
                    ("material", "t.material", .int), ("consciousness", "t.consciousness", .int), ("mastery", "t.mastery", .int),
                    ("maturity", "t.maturity", .int), ("comment", "t.comment", .text), ("createdAt", "t.created_at", .time)]),
        ExportKind("recognitions-given.json", Text(fr: "les reconnaissances que vous avez données", en: "the recognitions you gave"),
                   from: "journey_recognitions t" + inCommunity, owner: "t.from_id",
                   [community, ("cycle", "t.cycle", .int), ("toKind", "t.to_kind", .text), ("to", "t.to_label", .text), ("message", "t.message", .text),
                    ("criteria", "t.criteria", .text), ("createdAt", "t.created_at", .time)]),
        // `owner` is the end of a WHERE clause: a recognition is the person's when it names them as a member.
        ExportKind("recognitions-received.json", Text(fr: "les reconnaissances que l’on vous a données", en: "the recognitions you received"),
                   from: "journey_recognitions t" + inCommunity + " JOIN users u ON u.id = t.from_id", owner: "t.to_kind = 'member' AND t.to_id",
                   [community, ("cycle", "t.cycle", .int), ("from", "u.handle", .text), ("message", "t.message", .text), ("criteria", "t.criteria", .text),
                    ("createdAt", "t.created_at", .time)]),
        ExportKind("journey-retrospectives.json", Text(fr: "vos rétrospectives de cycle", en: "your cycle retrospectives"),
                   from: "journey_retrospectives t" + inCommunity, owner: "t.author_id",
                   [community, ("cycle", "t.cycle", .int), ("worked", "t.worked", .text), ("didNot", "t.did_not", .text), ("change", "t.change", .text),
                    ("createdAt", "t.created_at", .time)]),
        ExportKind("code-revisions.json", Text(fr: "les révisions du #CodeSocial adoptées sous votre nom", en: "the #CodeSocial revisions adopted under your name"),
                   from: "code_revisions t" + inCommunity, owner: "t.author_id",
                   [community, ("number", "t.number", .int), ("summary", "t.summary", .text), ("sections", "t.sections", .text),
                    ("createdAt", "t.created_at", .time)]),
        ExportKind("code-facts.json", Text(fr: "les faits que vous avez versés au #CodeSocial", en: "the facts you added to the #CodeSocial"),
                   from: "code_facts t" + inCommunity, owner: "t.author_id",
                   [community, ("section", "t.section", .text), ("kind", "t.kind", .text), ("url", "t.url", .text), ("note", "t.note", .text),
                    ("observedOn", "t.observed_on", .text), ("stance", "t.stance", .text), ("createdAt", "t.created_at", .time)]),
        ExportKind("code-diagnoses.json", Text(fr: "vos diagnostics des pratiques du #CodeSocial", en: "your diagnoses of the #CodeSocial's practice"),
                   from: "code_diagnoses t" + inCommunity, owner: "t.user_id",
                   [community, ("section", "t.section", .text), ("rating", "t.rating", .text), ("comment", "t.comment", .text),
                    ("revision", "t.revision", .int), ("createdAt", "t.created_at", .time)]),
        ExportKind("indicators.json", Text(fr: "les indicateurs que vous avez créés", en: "the indicators you created"),
                   from: "indicators t" + inCommunity, owner: "t.created_by",
                   [community, ("name", "t.name", .text), ("definition", "t.definition", .text), ("unit", "t.unit", .text),
                    ("period", "t.period", .text), ("place", "t.place", .text), ("tags", "t.tags", .text), ("createdAt", "t.created_at", .time)]),
        ExportKind("figure-datasets.json", Text(fr: "les jeux de données que vous avez créés", en: "the datasets you created"),
                   from: "figure_datasets t" + inCommunity, owner: "t.created_by",
                   [community, ("name", "t.name", .text), ("description", "t.description", .text), ("createdAt", "t.created_at", .time)]),
        ExportKind("figure-flags.json", Text(fr: "les valeurs que vous avez contestées", en: "the values you flagged"),
                   from: "figure_flags t" + inCommunity, owner: "t.user_id",
                   [community, ("contribution", "t.contribution_id", .uuid), ("reason", "t.reason", .text), ("correctedValue", "t.corrected_value", .double),
                    ("source", "t.source", .text), ("state", "t.state", .text), ("createdAt", "t.created_at", .time), ("resolvedAt", "t.resolved_at", .time)]),
        ExportKind("organisation-representation.json", Text(fr: "les organisations que vous représentez", en: "the organisations you represent"),
                   from: "organisation_representatives t JOIN organisations o ON o.id = t.organisation_id", owner: "t.user_id",
                   [("organisation", "o.slug", .text), ("addedAt", "t.added_at", .time)]),
        ExportKind("reports.json", Text(fr: "les signalements que vous avez faits (jamais ceux qui vous visent)",
                                        en: "the reports you filed (never those about you)"),
                   from: "reports t" + inCommunity, owner: "t.reporter_id",
                   [community, ("reason", "t.reason", .text), ("text", "t.text", .text), ("status", "t.status", .text), ("createdAt", "t.created_at", .time)]),
        ExportKind("notifications.json", Text(fr: "vos notifications", en: "your notifications"),
                   from: "notifications t", owner: "t.user_id",
                   [("kind", "t.kind", .text), ("actor", "t.actor", .text), ("subject", "t.subject", .text), ("link", "t.link", .text),
                    ("readAt", "t.read_at", .time), ("createdAt", "t.created_at", .time)]),
        ExportKind("follows.json", Text(fr: "les communautés et les personnes que vous suivez", en: "the communities and people you follow"),
                   from: "follows t", owner: "t.follower_id",
                   [("targetKind", "t.target_kind", .text), ("target", "t.target_id", .uuid), ("createdAt", "t.created_at", .time)]),
        ExportKind("sessions.json", Text(fr: "vos sessions ouvertes (appareil, dates ; jamais leur secret)",
                                         en: "your open sessions (device, dates; never their secret)"),
                   from: "sessions t", owner: "t.user_id",
                   [("userAgent", "t.user_agent", .text), ("createdAt", "t.created_at", .time), ("expiresAt", "t.expires_at", .time),
                    ("lastSeenAt", "t.last_seen_at", .time)]),
        ExportKind("api-tokens.json", Text(fr: "vos jetons d’API (nom, dates ; jamais leur secret)", en: "your API tokens (name, dates; never their secret)"),
                   from: "api_tokens t", owner: "t.user_id",
                   [("name", "t.name", .text), ("createdAt", "t.created_at", .time), ("revokedAt", "t.revoked_at", .time)]),
    ]

    /// The README at the top of the ZIP: what each file is, in French then in English.
    static func readme(handle: String, at: String) -> String {
        var out = "# Mes données sur Enjeu — My data on Enjeu\n\n"
        out += "Export de @\(handle), fait le \(at). Chaque fichier est un tableau JSON ; les dates sont en UTC (ISO 8601).\n\n"
        for k in all { out += "- `\(k.file)` : \(k.about.fr)\n" }
        out += "\nExport of @\(handle), made on \(at). Each file is a JSON array; dates are in UTC (ISO 8601).\n\n"
        for k in all { out += "- `\(k.file)`: \(k.about.en)\n" }
        return out
    }
}
