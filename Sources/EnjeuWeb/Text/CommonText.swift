import EnjeuCore

/// The catalogue of user-facing strings, French first.
extension Text {
    // Navigation and layout
    package static let skipToContent = Text(fr: "Aller au contenu", en: "Skip to content")
    package static let navMain = Text(fr: "Navigation principale", en: "Main navigation")
    package static let navCommunities = Text(fr: "Communautés", en: "Communities")
    package static let navCreate = Text(fr: "Créer une communauté", en: "Create a community")
    package static let langLabel = Text(fr: "Langue", en: "Language")
    package static let langApply = Text(fr: "Changer", en: "Change")
    package static let footerTagline = Text(fr: "Enjeu — plateforme libre et auto-hébergeable pour les communautés d'enjeu.",
                                    en: "Enjeu — a free, self-hostable platform for communities of stakes.")
    package static let pagination = Text(fr: "Pagination", en: "Pagination")
    package static let nextPage = Text(fr: "Page suivante →", en: "Next page →")
    package static let formHasErrors = Text(fr: "Le formulaire contient des erreurs", en: "The form has errors")
    package static let save = Text(fr: "Enregistrer", en: "Save")
    package static let actions = Text(fr: "Actions", en: "Actions")
    package static let nothingYet = Text(fr: "Rien pour l'instant.", en: "Nothing yet.")
    package static let createdOn = Text(fr: "Créé le", en: "Created on")

    // Home
    package static let homeTitle = Text(fr: "Enjeu : agir ensemble pour ce qui nous tient en commun",
                                en: "Enjeu: acting together for what we hold in common")
    package static let homeLead = Text(fr: "Une communauté d'enjeu dit qui elle est, ce qu'elle tient pour bien commun, et chemine en six étapes vers la socio-performance : chaque contribution y est reconnue, pour la personne comme pour le collectif.",
                               en: "A community of stakes says who it is and what it holds as common good, and walks six steps towards socio-performance: every contribution is recognised, for the person and for the collective.")
    package static let journeySteps: [Text] = [
        Text(fr: "La communauté de référence et ses valeurs partagées", en: "The reference community and its shared values"),
        Text(fr: "Le bien commun : finalités et enjeux", en: "The common good: purposes and stakes"),
        Text(fr: "Le projet communautaire", en: "The community project"),
        Text(fr: "Le plan d'action participatif", en: "The participatory action plan"),
        Text(fr: "L'action menée ensemble", en: "The action carried out together"),
        Text(fr: "Une gouvernance qui progresse", en: "Governance that progresses"),
    ]
    package static let browseCommunities = Text(fr: "Parcourir les communautés", en: "Browse communities")
    package static let myCommunities = Text(fr: "Mes communautés", en: "My communities")
    package static let noCommunityYet = Text(fr: "Vous n'êtes encore membre d'aucune communauté : demandez à en rejoindre une, ou créez la vôtre.",
                                     en: "You are not a member of any community yet: ask to join one, or create your own.")
    package static let discover = Text(fr: "À découvrir", en: "Discover")

    // Accounts
    package static let signUp = Text(fr: "Créer un compte", en: "Sign up")
    package static let signUpTitle = Text(fr: "Créer mon compte", en: "Create my account")
    package static let signUpLead = Text(fr: "Un compte vous permet de rejoindre des communautés, d'y contribuer et d'être reconnu·e pour ce que vous apportez.",
                                 en: "An account lets you join communities, contribute to them and be recognised for what you bring.")
    package static let signUpButton = Text(fr: "Créer mon compte", en: "Create my account")
    package static let signIn = Text(fr: "Se connecter", en: "Sign in")
    package static let signInButton = Text(fr: "Me connecter", en: "Sign me in")
    package static let signOut = Text(fr: "Se déconnecter", en: "Sign out")
    package static let haveAccount = Text(fr: "Déjà un compte ?", en: "Already have an account?")
    package static let noAccount = Text(fr: "Pas encore de compte ?", en: "No account yet?")
    package static let handleHint = Text(fr: "3 à 30 caractères : lettres minuscules, chiffres, « _ ». Il ne changera plus.",
                                 en: "3 to 30 characters: lowercase letters, digits, '_'. It will not change.")
    package static let passwordHint = Text(fr: "Au moins 10 caractères. Une phrase est plus sûre qu'un mot.",
                                   en: "At least 10 characters. A sentence is safer than a word.")
    package static let whoIAm = Text(fr: "Qui je suis", en: "Who I am")
    package static let emptyBio = Text(fr: "Cette personne ne s'est pas encore présentée.", en: "This person has not introduced themselves yet.")
    package static let editProfile = Text(fr: "Modifier mon profil", en: "Edit my profile")
    package static let bioHint = Text(fr: "Ce qui vous anime, ce que vous faites, ce que vous cherchez.", en: "What drives you, what you do, what you are looking for.")
    package static let tagsHint = Text(fr: "Séparés par des virgules.", en: "Separated by commas.")
    package static let apiTokens = Text(fr: "Jetons d'accès à l'API", en: "API access tokens")
    package static let tokensLead = Text(fr: "Un jeton permet à un programme d'agir en votre nom via l'API /api/v1. Il n'est affiché qu'une fois ; révoquez-le dès qu'il ne sert plus.",
                                 en: "A token lets a program act on your behalf through the /api/v1 API. It is shown only once; revoke it as soon as it is no longer needed.")
    package static let tokenCreated = Text(fr: "Voici votre jeton. Copiez-le maintenant : il ne sera plus affiché.", en: "Here is your token. Copy it now: it will not be shown again.")
    package static let createToken = Text(fr: "Créer un jeton", en: "Create a token")
    package static let activeTokens = Text(fr: "Jetons actifs", en: "Active tokens")
    package static let revoke = Text(fr: "Révoquer", en: "Revoke")

    // Communities
    package static let communitiesTitle = Text(fr: "Communautés d'enjeu", en: "Communities of stakes")
    package static let searchLabel = Text(fr: "Rechercher par nom, objet ou périmètre", en: "Search by name, purpose or perimeter")
    package static let search = Text(fr: "Rechercher", en: "Search")
    package static let noCommunityFound = Text(fr: "Aucune communauté ne correspond.", en: "No community matches.")
    package static let membersOnlyBadge = Text(fr: "Réservée aux membres", en: "Members only")
    package static func memberCount(_ n: Int) -> Text {
        Text(fr: n <= 1 ? "\(n) membre" : "\(n) membres", en: n == 1 ? "1 member" : "\(n) members")
    }
    package static let newCommunityTitle = Text(fr: "Créer une communauté d'enjeu", en: "Create a community of stakes")
    package static let newCommunityLead = Text(fr: "Dites qui vous êtes : votre objet, votre périmètre, votre rythme, et ce que votre charte de réciprocité demande à chacun.",
                                       en: "Say who you are: your purpose, your perimeter, your rhythm, and what your reciprocity charter asks of everyone.")
    package static let slugHint = Text(fr: "L'adresse de la communauté : /communities/votre-slug. Minuscules, chiffres et tirets.",
                               en: "The community's address: /communities/your-slug. Lowercase, digits and hyphens.")
    package static let purposeHint = Text(fr: "Pourquoi vous existez, ce que vous poursuivez ensemble.", en: "Why you exist, what you pursue together.")
    package static let perimeterHint = Text(fr: "Territoire, métier, secteur ou réseau concerné.", en: "Territory, trade, sector or network concerned.")
    package static let rhythmHint = Text(fr: "Par exemple : réunion mensuelle, chantier hebdomadaire.", en: "For example: monthly meeting, weekly work session.")
    package static let charterHint = Text(fr: "Ce que chaque membre s'engage à donner en retour de ce qu'il reçoit. Chaque membre l'accepte pour devenir actif.",
                                  en: "What each member commits to give back for what they receive. Every member accepts it to become active.")
    package static let defaultCharter = Text(
        fr: "Je contribue autant que je reçois : je partage ce que je sais, je cite mes sources, je respecte le temps des autres.\n\nCe que la communauté produit ensemble reste accessible à celles et ceux qui y contribuent.",
        en: "I contribute as much as I receive: I share what I know, I cite my sources, I respect others' time.\n\nWhat the community produces together stays open to those who contribute to it.")
    package static let createCommunity = Text(fr: "Créer la communauté", en: "Create the community")
    package static let yourPlace = Text(fr: "Votre place", en: "Your place")
    package static let stewardsTitle = Text(fr: "Fondateurs et animateurs", en: "Founders and stewards")
    package static let allMembers = Text(fr: "Voir tous les membres", en: "See all members")
    package static let membersTitle = Text(fr: "Membres", en: "Members")
    package static let charterTitle = Text(fr: "Charte de réciprocité", en: "Reciprocity charter")
    package static let charterHistory = Text(fr: "Versions de la charte", en: "Charter versions")
    package static let charterUpToDate = Text(fr: "Acceptée", en: "Accepted")
    package static let charterToAccept = Text(fr: "Charte à accepter", en: "Charter to accept")
    package static let joinNeedsAccount = Text(fr: "Pour demander à rejoindre cette communauté, créez un compte ou connectez-vous.",
                                       en: "To ask to join this community, sign up or sign in.")
    package static let joinExplain = Text(fr: "Rejoindre se fait sur demande : les animateurs lisent votre message, puis vous acceptez la charte ci-dessous pour devenir membre actif·ve.",
                                  en: "Joining is by request: the stewards read your message, then you accept the charter below to become an active member.")
    package static let joinMessageLabel = Text(fr: "Votre message aux animateurs", en: "Your message to the stewards")
    package static let joinMessageHint = Text(fr: "Qui vous êtes, ce que vous voulez apporter et recevoir.", en: "Who you are, what you want to bring and receive.")
    package static let askToJoin = Text(fr: "Demander à rejoindre", en: "Ask to join")
    package static let requestPending = Text(fr: "Votre demande est en attente de réponse des animateurs.", en: "Your request is waiting for the stewards' answer.")
    package static let withdrawRequest = Text(fr: "Retirer ma demande", en: "Withdraw my request")
    package static let requestDeclined = Text(fr: "Votre dernière demande a été refusée. Motif :", en: "Your last request was declined. Reason:")
    package static let approvedAcceptCharter = Text(fr: "Votre demande est acceptée. Lisez et acceptez la charte de réciprocité pour devenir membre actif·ve.",
                                            en: "Your request is approved. Read and accept the reciprocity charter to become an active member.")
    package static let readAndAccept = Text(fr: "Lire et accepter la charte", en: "Read and accept the charter")
    package static let acceptCharter = Text(fr: "J'accepte la charte", en: "I accept the charter")
    package static let youAreSuspended = Text(fr: "Votre participation est suspendue par les animateurs.", en: "Your participation is suspended by the stewards.")
    package static func youAreMember(_ role: Text) -> Text {
        Text(fr: "Vous êtes membre de cette communauté (\(role.fr.lowercased())).", en: "You are a member of this community (\(role.en.lowercased())).")
    }
    package static let charterChangedAcceptAgain = Text(fr: "La charte a changé : acceptez la nouvelle version pour continuer à contribuer.",
                                                en: "The charter changed: accept the new version to keep contributing.")
    package static let requestsTitle = Text(fr: "Demandes d'adhésion", en: "Join requests")
    package static let requestsWaiting = Text(fr: "Demandes d'adhésion en attente", en: "Join requests waiting")
    package static let manageMembers = Text(fr: "Gérer les membres", en: "Manage members")
    package static let settingsTitle = Text(fr: "Profil de la communauté", en: "Community profile")
    package static let leaveCommunity = Text(fr: "Quitter la communauté", en: "Leave the community")
    package static let noPendingRequests = Text(fr: "Aucune demande en attente.", en: "No pending request.")
    package static let noMessage = Text(fr: "(sans message)", en: "(no message)")
    package static let approve = Text(fr: "Accepter", en: "Approve")
    package static let decline = Text(fr: "Refuser", en: "Decline")
    package static let declineReasonLabel = Text(fr: "Motif du refus (la personne le verra)", en: "Reason for declining (the person will see it)")
    package static let newCharterVersion = Text(fr: "Publier une nouvelle version", en: "Publish a new version")
    package static let newCharterHint = Text(fr: "Chaque membre devra accepter la nouvelle version avant de contribuer à nouveau.",
                                     en: "Every member will have to accept the new version before contributing again.")
    package static let publishVersion = Text(fr: "Publier cette version", en: "Publish this version")
    package static let editCharterLink = Text(fr: "La charte se modifie par nouvelles versions, sur sa page.", en: "The charter changes by new versions, on its own page.")
    package static func memberChange(_ c: MemberChange) -> Text {
        switch c {
        case .suspend: Text(fr: "Suspendre", en: "Suspend")
        case .reinstate: Text(fr: "Rétablir", en: "Reinstate")
        case .promote: Text(fr: "Nommer animateur·rice", en: "Make steward")
        case .demote: Text(fr: "Retirer l'animation", en: "Remove steward role")
        }
    }

    // Errors
    package static let errTitle = Text(fr: "Oups", en: "Oops")
    package static let errNotFound = Text(fr: "Cette page n'existe pas, ou elle n'est visible que par les membres.",
                                  en: "This page does not exist, or only members can see it.")
    package static let errUnauthorized = Text(fr: "Connectez-vous d'abord (ou fournissez un jeton valide).", en: "Sign in first (or provide a valid token).")
    package static let errMalformed = Text(fr: "Requête illisible :", en: "Unreadable request:")
    package static func errTooLarge(bytes: Int) -> Text {
        let size = bytes >= 1 << 20 ? "\(bytes >> 20) Mio" : "\(max(1, bytes >> 10)) kio"
        return Text(fr: "Contenu trop volumineux (\(size) au plus pour cette adresse).",
                    en: "Content too large (\(size.replacingOccurrences(of: "io", with: "iB")) at most for this address).")
    }
    package static func errTooMany(seconds: Int) -> Text {
        Text(fr: "Trop de requêtes : réessayez dans \(seconds) s.", en: "Too many requests: try again in \(seconds) s.")
    }
    package static let errServer = Text(fr: "Une erreur inattendue s'est produite ; elle a été consignée.", en: "An unexpected error occurred; it has been logged.")
    package static let errCsrf = Text(fr: "Formulaire expiré ou envoyé depuis un autre site : rechargez la page et réessayez.",
                              en: "Form expired or sent from another site: reload the page and try again.")
    package static let errWrongCredentials = Text(fr: "Adresse e-mail ou mot de passe incorrect.", en: "Wrong e-mail address or password.")
    package static let errAlreadyRequested = Text(fr: "Vous avez déjà une demande en attente.", en: "You already have a pending request.")
    package static let errAlreadyMember = Text(fr: "Vous êtes déjà membre (ou suspendu·e) : pas de nouvelle demande possible.",
                                       en: "You are already a member (or suspended): no new request possible.")
    package static let errNoPendingRequest = Text(fr: "Aucune demande en attente.", en: "No pending request.")
    package static let errAlreadyDecided = Text(fr: "Cette demande a déjà été traitée.", en: "This request was already decided.")
    package static let errNothingToAccept = Text(fr: "Rien à accepter : vous n'êtes pas admis·e, ou vous avez déjà accepté cette version.",
                                         en: "Nothing to accept: you are not approved, or you already accepted this version.")
    package static let errCharterChanged = Text(fr: "La charte a changé entre-temps : relisez la version actuelle.", en: "The charter changed meanwhile: read the current version.")
    package static let errCannotLeave = Text(fr: "Vous ne pouvez pas quitter cette communauté (le fondateur reste, ou vous n'en êtes pas membre).",
                                     en: "You cannot leave this community (the founder stays, or you are not a member).")
    package static let errAcceptCharterFirst = Text(fr: "Acceptez d'abord la charte actuelle.", en: "Accept the current charter first.")
    package static let errStewardsOnly = Text(fr: "Réservé aux animateurs de la communauté.", en: "For the community's stewards only.")
    package static let errNotOnYourself = Text(fr: "Vous ne pouvez pas faire cela sur vous-même.", en: "You cannot do that to yourself.")
    package static let errNotOnFounder = Text(fr: "Le rôle du fondateur ne peut pas être modifié.", en: "The founder's role cannot be changed.")
    package static let errNothingToChange = Text(fr: "Ce changement ne s'applique pas à ce membre dans son état actuel.", en: "This change does not apply to this member as they are now.")
    package static let errStale = Text(fr: "Quelqu'un a modifié ceci entre-temps : rechargez la page pour voir la version actuelle, puis refaites vos changements.",
                               en: "Someone changed this meanwhile: reload the page to see the current version, then redo your changes.")
    package static let errQueryTooLong = Text(fr: "Recherche trop longue (200 caractères au plus).", en: "Search too long (200 characters at most).")
    package static let errBadCursor = Text(fr: "Paramètre « after » : curseur de pagination invalide ; passez le « next » de la page précédente tel quel.",
                                   en: "Parameter 'after': invalid pagination cursor; pass the previous page's 'next' unchanged.")
    package static let errTooManyTokens = Text(fr: "100 jetons actifs au plus : révoquez-en un d'abord.", en: "At most 100 active tokens: revoke one first.")
    package static let errNulCharacter = Text(fr: "Caractère nul (U+0000) refusé.", en: "Null character (U+0000) refused.")
    package static let errMissingField = Text(fr: "champ manquant", en: "missing field")
    package static let errWrongType = Text(fr: "type inattendu pour", en: "wrong type at")
    package static let errMissingValue = Text(fr: "valeur manquante pour", en: "missing value at")
    package static let errInvalidJSON = Text(fr: "JSON invalide", en: "invalid JSON")
    package static let backHome = Text(fr: "Retour à l'accueil", en: "Back to the home page")
}

