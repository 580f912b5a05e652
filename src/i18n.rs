//! Every string a person reads goes through here. French is the default, English the second
//! language. Each message is declared once with both translations: a message missing in one
//! language, or a key used but never declared, fails the build.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Locale {
    #[default]
    Fr,
    En,
}

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::Fr, Locale::En];

    pub fn code(self) -> &'static str {
        match self {
            Locale::Fr => "fr",
            Locale::En => "en",
        }
    }

    /// The language's own name, shown in the language switcher.
    pub fn native_name(self) -> &'static str {
        match self {
            Locale::Fr => "Français",
            Locale::En => "English",
        }
    }

    pub fn parse(code: &str) -> Option<Locale> {
        match code.trim().to_ascii_lowercase().as_str() {
            "fr" => Some(Locale::Fr),
            "en" => Some(Locale::En),
            _ => None,
        }
    }
}

/// A measured figure ("12,4" in French, "12.4" in English) with `digits` decimals.
pub fn format_decimal(value: f64, digits: usize, locale: Locale) -> String {
    let text = format!("{value:.digits$}");
    match locale {
        Locale::Fr => text.replace('.', ","),
        Locale::En => text,
    }
}

/// What goes between a label and its value: "Commandé : 14" in French (a non-breaking space
/// before the colon), "Ordered: 14" in English.
pub fn colon(locale: Locale) -> &'static str {
    match locale {
        Locale::Fr => "\u{a0}: ",
        Locale::En => ": ",
    }
}

macro_rules! messages {
    ($($key:ident { fr: $fr:literal, en: $en:literal $(,)? })*) => {
        /// A translatable message. Placeholders are written `{name}`.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum Msg { $($key),* }

        impl Msg {
            pub const ALL: &'static [Msg] = &[$(Msg::$key),*];

            pub fn text(self, locale: Locale) -> &'static str {
                match (self, locale) {
                    $((Msg::$key, Locale::Fr) => $fr, (Msg::$key, Locale::En) => $en,)*
                }
            }
        }
    };
}

impl Msg {
    /// The message with its `{name}` placeholders filled in.
    pub fn fill(self, locale: Locale, args: &[(&str, &str)]) -> String {
        let mut out = self.text(locale).to_owned();
        for (name, value) in args {
            out = out.replace(&format!("{{{name}}}"), value);
        }
        out
    }
}

messages! {
    AppName { fr: "Maillon", en: "Maillon" }
    Tagline {
        fr: "Le circuit court de votre territoire, détenu par ses habitants, ses producteurs et ses commerçants.",
        en: "Your territory's short food chain, owned by its residents, producers and shopkeepers.",
    }
    SkipToContent { fr: "Aller au contenu", en: "Skip to content" }
    MainNav { fr: "Navigation principale", en: "Main navigation" }
    NavHome { fr: "Accueil", en: "Home" }
    NavSignIn { fr: "Se connecter", en: "Sign in" }
    NavSignUp { fr: "Créer un compte", en: "Create an account" }
    NavAccount { fr: "Mon compte", en: "My account" }
    NavMembers { fr: "Sociétaires et rôles", en: "Members and roles" }
    SignOut { fr: "Se déconnecter", en: "Sign out" }
    Language { fr: "Langue", en: "Language" }
    ChangeLanguage { fr: "Changer", en: "Change" }
    FooterCoop {
        fr: "Plateforme coopérative : ses membres la possèdent et voient où va chaque euro.",
        en: "A cooperative platform: its members own it and see where every euro goes.",
    }
    Loading { fr: "Chargement…", en: "Loading…" }

    HomeProducers { fr: "Nos producteurs", en: "Our producers" }
    HomePickupPoints { fr: "Points de retrait", en: "Pickup points" }
    HomeHub { fr: "Le hub de la coopérative", en: "The cooperative's hub" }
    HomeEmptyProducers { fr: "Aucun producteur pour le moment.", en: "No producers yet." }
    HomeEmptyPickupPoints { fr: "Aucun point de retrait pour le moment.", en: "No pickup points yet." }
    HomeJoin { fr: "Rejoindre la coopérative", en: "Join the cooperative" }
    SeeCatalogue { fr: "Voir les produits de la semaine", en: "See this week's produce" }
    HomeHello { fr: "Bonjour {name} !", en: "Hello {name}!" }

    Email { fr: "Adresse e-mail", en: "Email address" }
    Password { fr: "Mot de passe", en: "Password" }
    PasswordHint {
        fr: "De 12 à 128 caractères. Une phrase facile à retenir fait un bon mot de passe.",
        en: "12 to 128 characters. A phrase you can remember makes a good password.",
    }
    DisplayName { fr: "Votre nom (facultatif)", en: "Your name (optional)" }
    ShowPassword { fr: "Afficher le mot de passe", en: "Show password" }

    SignUpTitle { fr: "Créer un compte", en: "Create an account" }
    SignUpSubmit { fr: "Créer mon compte", en: "Create my account" }
    SignUpSentTitle { fr: "Vérifiez votre boîte mail", en: "Check your inbox" }
    SignUpSentBody {
        fr: "Si cette adresse peut être utilisée, un e-mail vient d'y être envoyé avec un lien pour confirmer votre compte. Le lien est valable 24 heures.",
        en: "If this address can be used, an email has just been sent to it with a link to confirm your account. The link is valid for 24 hours.",
    }
    AlreadyHaveAccount { fr: "Déjà un compte ?", en: "Already have an account?" }

    SignInTitle { fr: "Se connecter", en: "Sign in" }
    SignInSubmit { fr: "Se connecter", en: "Sign in" }
    ForgotPassword { fr: "Mot de passe oublié ?", en: "Forgot your password?" }
    NoAccountYet { fr: "Pas encore de compte ?", en: "No account yet?" }

    VerifyTitle { fr: "Confirmer votre adresse e-mail", en: "Confirm your email address" }
    VerifyBody { fr: "Un clic pour confirmer votre adresse et activer votre compte.", en: "One click to confirm your address and activate your account." }
    VerifySubmit { fr: "Confirmer mon adresse", en: "Confirm my address" }
    VerifyDone { fr: "Votre adresse est confirmée. Vous pouvez maintenant vous connecter.", en: "Your address is confirmed. You can now sign in." }

    ResetRequestTitle { fr: "Mot de passe oublié", en: "Forgotten password" }
    ResetRequestBody {
        fr: "Indiquez votre adresse : nous vous enverrons un lien pour choisir un nouveau mot de passe.",
        en: "Enter your address: we will send you a link to choose a new password.",
    }
    ResetRequestSubmit { fr: "Envoyer le lien", en: "Send the link" }
    ResetSentBody {
        fr: "Si un compte existe pour cette adresse, un e-mail vient d'y être envoyé. Le lien est valable une heure et ne sert qu'une fois.",
        en: "If an account exists for this address, an email has just been sent to it. The link is valid for one hour and works once.",
    }
    ResetTitle { fr: "Choisir un nouveau mot de passe", en: "Choose a new password" }
    NewPassword { fr: "Nouveau mot de passe", en: "New password" }
    ResetSubmit { fr: "Enregistrer le mot de passe", en: "Save the password" }
    ResetDone { fr: "Votre mot de passe a été changé. Vous pouvez vous connecter.", en: "Your password has been changed. You can sign in." }

    AccountTitle { fr: "Mon compte", en: "My account" }
    AccountRoles { fr: "Mes rôles dans la coopérative", en: "My roles in the cooperative" }
    AccountNoRoles {
        fr: "Vous n'avez pas encore de rôle dans la coopérative. Le conseil les attribue.",
        en: "You have no role in the cooperative yet. The board grants them.",
    }
    ChangePasswordTitle { fr: "Changer de mot de passe", en: "Change password" }
    CurrentPassword { fr: "Mot de passe actuel", en: "Current password" }
    ChangePasswordSubmit { fr: "Changer le mot de passe", en: "Change password" }
    PasswordChanged {
        fr: "Mot de passe changé. Vos autres sessions ont été fermées.",
        en: "Password changed. Your other sessions have been closed.",
    }

    MembersTitle { fr: "Sociétaires et rôles", en: "Members and roles" }
    MembersIntro {
        fr: "Attribuez ou retirez les rôles des comptes de la coopérative.",
        en: "Grant or revoke the roles of the cooperative's accounts.",
    }
    MembersSearch { fr: "Rechercher par nom ou e-mail", en: "Search by name or email" }
    Search { fr: "Rechercher", en: "Search" }
    MembersEmpty { fr: "Aucun compte ne correspond à cette recherche.", en: "No account matches this search." }
    MembersCount { fr: "{count} compte(s)", en: "{count} account(s)" }
    MemberRolesOf { fr: "Rôles de {name}", en: "Roles of {name}" }
    NoRole { fr: "Aucun rôle", en: "No role" }
    Grant { fr: "Attribuer", en: "Grant" }
    GrantRole { fr: "Attribuer un rôle", en: "Grant a role" }
    Role { fr: "Rôle", en: "Role" }
    Revoke { fr: "Retirer", en: "Revoke" }
    RevokeRoleOf { fr: "Retirer le rôle « {role} » à {name}", en: "Revoke the role “{role}” from {name}" }
    RevokeConfirm { fr: "Retirer le rôle « {role} » à {name} ?", en: "Revoke the role “{role}” from {name}?" }
    Confirm { fr: "Confirmer", en: "Confirm" }
    Cancel { fr: "Annuler", en: "Cancel" }
    RoleGranted { fr: "Rôle attribué.", en: "Role granted." }
    RoleRevoked { fr: "Rôle retiré.", en: "Role revoked." }
    Unverified { fr: "adresse non confirmée", en: "address not confirmed" }

    RoleResident { fr: "Habitant·e", en: "Resident" }
    RoleShopkeeper { fr: "Commerçant·e", en: "Shopkeeper" }
    RoleProducer { fr: "Producteur·rice", en: "Producer" }
    RoleHubStaff { fr: "Équipe hub", en: "Hub staff" }
    RoleBoard { fr: "Conseil", en: "Board" }
    RoleLocalAuthority { fr: "Collectivité (lecture)", en: "Local authority (read-only)" }

    PagePrevious { fr: "Page précédente", en: "Previous page" }
    PageNext { fr: "Page suivante", en: "Next page" }
    PageOf { fr: "Page {page} sur {pages}", en: "Page {page} of {pages}" }
    Pagination { fr: "Pagination", en: "Pagination" }

    NotFoundTitle { fr: "Page introuvable", en: "Page not found" }
    NotFoundBody { fr: "Cette page n'existe pas ou a été déplacée.", en: "This page does not exist or has moved." }
    BackHome { fr: "Retour à l'accueil", en: "Back to the home page" }

    ErrEmailInvalid { fr: "Cette adresse e-mail n'est pas valide.", en: "This email address is not valid." }
    ErrPasswordTooShort { fr: "Le mot de passe doit contenir au moins 12 caractères.", en: "The password must be at least 12 characters long." }
    ErrPasswordTooLong { fr: "Le mot de passe ne doit pas dépasser 128 caractères.", en: "The password must be at most 128 characters long." }
    ErrDisplayNameTooLong { fr: "Le nom ne doit pas dépasser 80 caractères.", en: "The name must be at most 80 characters long." }
    ErrBadCredentials { fr: "Adresse e-mail ou mot de passe incorrect.", en: "Wrong email address or password." }
    ErrEmailNotVerified {
        fr: "Confirmez d'abord votre adresse e-mail : nous venons de vous renvoyer le lien.",
        en: "Please confirm your email address first: we have just sent you the link again.",
    }
    ErrTooManyAttempts { fr: "Trop de tentatives. Réessayez dans quelques minutes.", en: "Too many attempts. Try again in a few minutes." }
    ErrTooManyRequests {
        fr: "Trop de demandes depuis votre connexion. Patientez quelques minutes avant de réessayer.",
        en: "Too many requests from your connection. Please wait a few minutes before trying again.",
    }
    ErrTokenInvalid {
        fr: "Ce lien n'est plus valable : il a déjà servi ou il a expiré. Demandez-en un nouveau.",
        en: "This link is no longer valid: it was already used or it expired. Ask for a new one.",
    }
    ErrSignInRequired { fr: "Connectez-vous pour continuer.", en: "Please sign in to continue." }
    ErrForbidden { fr: "Vous n'avez pas accès à cette page ou à cette action.", en: "You do not have access to this page or action." }
    ErrNotFound { fr: "Introuvable.", en: "Not found." }
    ErrInternal { fr: "Une erreur est survenue de notre côté. Réessayez dans un instant.", en: "Something went wrong on our side. Try again in a moment." }
    ErrBadRequest { fr: "La demande n'a pas pu être comprise.", en: "The request could not be understood." }
    ErrCurrentPasswordWrong { fr: "Le mot de passe actuel est incorrect.", en: "The current password is wrong." }
    ErrLastBoard { fr: "La coopérative doit garder au moins un membre du conseil.", en: "The cooperative must keep at least one board member." }
    ErrUnknownRole { fr: "Ce rôle n'existe pas.", en: "This role does not exist." }
    ErrCsrf {
        fr: "Ce formulaire a expiré. Rechargez la page et recommencez.",
        en: "This form has expired. Reload the page and try again.",
    }

    CatVegetables { fr: "Légumes", en: "Vegetables" }
    CatFruits { fr: "Fruits", en: "Fruit" }
    CatDairy { fr: "Produits laitiers", en: "Dairy" }
    CatMeat { fr: "Viande", en: "Meat" }
    CatEggs { fr: "Œufs", en: "Eggs" }
    CatBread { fr: "Pain", en: "Bread" }
    CatGrocery { fr: "Épicerie", en: "Grocery" }
    CatDrinks { fr: "Boissons", en: "Drinks" }

    LabelOrganic { fr: "Agriculture biologique (AB)", en: "Organic (AB)" }
    LabelNatureProgres { fr: "Nature & Progrès", en: "Nature & Progrès" }
    LabelDemeter { fr: "Demeter", en: "Demeter" }
    LabelHve { fr: "Haute valeur environnementale", en: "High environmental value (HVE)" }
    LabelLabelRouge { fr: "Label Rouge", en: "Label Rouge" }
    LabelAop { fr: "AOP", en: "PDO (AOP)" }
    LabelIgp { fr: "IGP", en: "PGI (IGP)" }
    LabelBienvenueFerme { fr: "Bienvenue à la ferme", en: "Bienvenue à la ferme" }

    UnitKg { fr: "kilo", en: "kilo" }
    UnitG { fr: "gramme", en: "gram" }
    UnitL { fr: "litre", en: "litre" }
    UnitMl { fr: "millilitre", en: "millilitre" }
    UnitPiece { fr: "pièce", en: "piece" }
    UnitBunch { fr: "botte", en: "bunch" }
    StepGrams { fr: "grammes", en: "grams" }
    StepMillilitres { fr: "millilitres", en: "millilitres" }
    StepPieces { fr: "pièces", en: "pieces" }
    StepBunches { fr: "bottes", en: "bunches" }
    PerKg { fr: "/kg", en: "/kg" }
    PerLitre { fr: "/L", en: "/L" }
    PerPiece { fr: "/pièce", en: "/piece" }
    PerBunch { fr: "/botte", en: "/bunch" }
    QtyPiece { fr: "{n} pièce", en: "{n} piece" }
    QtyPieces { fr: "{n} pièces", en: "{n} pieces" }
    QtyBunch { fr: "{n} botte", en: "{n} bunch" }
    QtyBunches { fr: "{n} bottes", en: "{n} bunches" }

    ErrVariantNameTooLong { fr: "Le nom de la déclinaison ne doit pas dépasser 60 caractères.", en: "The variant name must be at most 60 characters long." }
    ErrQuantity { fr: "Indiquez une quantité entière, de 1 à 1 000 000.", en: "Enter a whole quantity from 1 to 1,000,000." }
    ErrPrice { fr: "Indiquez un prix en euros, par exemple 3,50 (au plus 10 000 €).", en: "Enter a price in euros, for example 3.50 (at most €10,000)." }
    ErrCaseSize { fr: "Le colisage est un nombre entier de 1 à 1 000.", en: "The case size is a whole number from 1 to 1,000." }
    ErrVat { fr: "Choisissez un taux de TVA en vigueur : 0 ; 2,1 ; 5,5 ; 10 ou 20 %.", en: "Choose a VAT rate in force: 0, 2.1, 5.5, 10 or 20 %." }
    ErrWeight { fr: "Le poids d'expédition est un nombre entier de grammes (au plus 100 kg).", en: "The shipping weight is a whole number of grams (at most 100 kg)." }
    ErrStock { fr: "Le stock est un nombre entier positif ou nul.", en: "The stock is a whole number, zero or more." }
    ErrProductName { fr: "Donnez un nom au produit (120 caractères au plus).", en: "Give the product a name (at most 120 characters)." }
    ErrDescriptionTooLong { fr: "La description ne doit pas dépasser 4 000 caractères.", en: "The description must be at most 4,000 characters long." }
    ErrCategory { fr: "Choisissez une catégorie de la liste.", en: "Choose a category from the list." }
    ErrUnit { fr: "Choisissez une unité de la liste.", en: "Choose a unit from the list." }
    ErrLabel { fr: "Ce label n'est pas reconnu.", en: "This label is not recognised." }
    ErrDuplicateRow { fr: "Cette déclinaison apparaît deux fois.", en: "This variant appears twice." }
    ErrNoVariant { fr: "Ajoutez au moins une déclinaison (par exemple 500 g ou 1 pièce).", en: "Add at least one variant (for example 500 g or 1 piece)." }
    ErrNotYourVariant { fr: "Cette déclinaison n'existe pas dans votre catalogue.", en: "This variant is not in your catalogue." }
    ErrPhotoMissing { fr: "Choisissez une photo à envoyer.", en: "Choose a photo to upload." }
    ErrPhotoTooLarge { fr: "La photo dépasse 8 Mo. Choisissez-en une plus légère.", en: "The photo is over 8 MB. Choose a lighter one." }
    ErrPhotoFormat { fr: "Ce fichier n'est pas une photo JPEG, PNG ou WebP.", en: "This file is not a JPEG, PNG or WebP photo." }
    ErrPhotoUnreadable { fr: "Cette photo est abîmée ou trop grande pour être lue.", en: "This photo is damaged or too large to read." }
    ErrCsvEmpty { fr: "Le fichier ne contient aucune ligne de produit.", en: "The file has no product line." }
    ErrCsvUnreadable { fr: "Cette ligne n'a pas pu être lue.", en: "This line could not be read." }
    ErrCsvMissingColumn { fr: "Il manque cette colonne obligatoire.", en: "This required column is missing." }
    ErrDfcAddress { fr: "Donnez l'adresse complète du catalogue, en http:// ou https:// (sans identifiant ni port particulier).", en: "Give the catalogue's full address, http:// or https:// (no user name, no special port)." }
    ErrDfcAddressPrivate { fr: "Cette adresse mène à un réseau privé : Maillon ne la lit pas.", en: "This address leads to a private network: Maillon does not read it." }
    ErrDfcFetch { fr: "Le catalogue n'a pas pu être lu à cette adresse (pas de réponse, une erreur ou une redirection).", en: "The catalogue could not be read at this address (no answer, an error or a redirection)." }
    ErrDfcTooLarge { fr: "Ce catalogue dépasse 5 Mo.", en: "This catalogue is over 5 MB." }
    ErrDfcFetchBusy { fr: "D'autres catalogues sont en cours de lecture : réessayez dans un instant.", en: "Other catalogues are being read: try again in a moment." }
    DfcUrlLabel { fr: "Ou l'adresse d'un catalogue DFC (Open Food Network, CoopCircuits…)", en: "Or the address of a DFC catalogue (Open Food Network, CoopCircuits…)" }
    ErrDfcUnreadable { fr: "Ce fichier n'est ni un CSV ni un catalogue DFC (JSON-LD) lisible.", en: "This file is neither a CSV file nor a readable DFC catalogue (JSON-LD)." }
    ErrDfcOrder { fr: "Le document n'est pas une commande DFC : il doit contenir exactement un dfc-b:Order.", en: "The document is not a DFC order: it must hold exactly one dfc-b:Order." }
    ErrDfcOrderSession { fr: "La commande doit appartenir (dfc-b:belongsTo) à une session de vente ouverte de la coopérative.", en: "The order must belong (dfc-b:belongsTo) to an open sale session of the cooperative." }
    ErrDfcOrderLines { fr: "Une commande a de 1 à 200 lignes.", en: "An order has 1 to 200 lines." }
    ErrDfcOrderLine { fr: "Chaque ligne doit concerner (dfc-b:concerns) une offre différente de la session de vente de la commande.", en: "Each line must concern (dfc-b:concerns) a different offer of the order's sale session." }
    ErrDfcOrderShort { fr: "Stock insuffisant pour au moins une ligne : rien n'a été réservé.", en: "Not enough stock for at least one line: nothing was reserved." }
    ErrDfcOrderPickup { fr: "Cette session de vente n'a plus de point de retrait avec de la place.", en: "This sale session has no pickup point with room left." }
    ErrPlatformName { fr: "Le nom de la plateforme fait de 1 à 80 caractères, sur une ligne.", en: "The platform's name is 1 to 80 characters, on one line." }
    ErrDfcNoProducts { fr: "Ce catalogue DFC ne contient aucun produit (SuppliedProduct).", en: "This DFC catalogue holds no product (SuppliedProduct)." }
    ErrFarmName { fr: "Donnez le nom de la ferme (120 caractères au plus).", en: "Give the farm's name (at most 120 characters)." }
    ErrTown { fr: "Indiquez la commune.", en: "Give the town." }
    ErrAddress { fr: "L'adresse ne doit pas dépasser 300 caractères.", en: "The address must be at most 300 characters long." }
    ErrPhone { fr: "Ce numéro de téléphone n'est pas valide : par exemple 06 12 34 56 78.", en: "This phone number is not valid: for example +33 6 12 34 56 78." }
    ErrLatitude { fr: "La latitude est un nombre entre -90 et 90, par exemple 50,63.", en: "The latitude is a number between -90 and 90, for example 50.63." }
    ErrLongitude { fr: "La longitude est un nombre entre -180 et 180, par exemple 3,06.", en: "The longitude is a number between -180 and 180, for example 3.06." }
    ErrCoordinatesPair { fr: "Indiquez la latitude et la longitude, ou aucune des deux.", en: "Give both latitude and longitude, or neither." }
    ErrImportApplied { fr: "Cet import a déjà été appliqué.", en: "This import has already been applied." }
    ErrFormTooLarge { fr: "Ce formulaire est trop volumineux.", en: "This form is too large." }

    NavCatalogue { fr: "Catalogue", en: "Catalogue" }
    NavMyFarm { fr: "Ma ferme", en: "My farm" }
    NavSettings { fr: "Réglages", en: "Settings" }
    Save { fr: "Enregistrer", en: "Save" }
    Saved { fr: "Enregistré.", en: "Saved." }
    New { fr: "nouveau", en: "new" }
    Line { fr: "Ligne", en: "Line" }
    RowNumber { fr: "Ligne {row}", en: "Line {row}" }
    ShortNumber { fr: "n° {n}", en: "No. {n}" }
    ErrSomeRowsInvalid {
        fr: "Rien n'a été enregistré : corrigez les lignes ci-dessous puis recommencez.",
        en: "Nothing was saved: fix the lines below and try again.",
    }

    CatalogueTitle { fr: "Catalogue des producteurs", en: "Producers' catalogue" }
    CatalogueSearch { fr: "Rechercher un produit", en: "Search for a product" }
    CatalogueSearchHint { fr: "pâté, poireaux, œufs…", en: "pâté, leeks, eggs…" }
    Category { fr: "Catégorie", en: "Category" }
    AllCategories { fr: "Toutes les catégories", en: "All categories" }
    QualityLabel { fr: "Label", en: "Label" }
    AllLabels { fr: "Tous les labels", en: "All labels" }
    CatalogueEmpty { fr: "Aucun produit ne correspond pour l'instant.", en: "No product matches for now." }
    ProductsCount { fr: "{count} produit(s)", en: "{count} product(s)" }
    SoldOut { fr: "Épuisé", en: "Sold out" }
    OnlyLeft { fr: "Plus que {n}", en: "Only {n} left" }
    From { fr: "De chez", en: "From" }
    Variants { fr: "Déclinaisons", en: "Variants" }
    NoVariantAvailable { fr: "Aucune déclinaison disponible pour le moment.", en: "No variant available for now." }
    WhereMoneyGoes { fr: "Où va votre argent", en: "Where your money goes" }
    WhereMoneyGoesFor { fr: "Pour {variant} à {price} :", en: "For {variant} at {price}:" }
    ShareProducer { fr: "Au producteur", en: "To the producer" }
    ShareHub { fr: "À la logistique du hub (collecte, préparation, livraison)", en: "To the hub's logistics (collection, packing, delivery)" }
    ShareCoop { fr: "À la coopérative (marge : plateforme, fonctionnement)", en: "To the cooperative (margin: platform, running costs)" }
    ShareSolidarity { fr: "Au fonds de solidarité", en: "To the solidarity fund" }
    ShareVat { fr: "TVA", en: "VAT" }
    ShareExplained {
        fr: "La répartition est fixée par la coopérative, par catégorie ou par producteur ; chaque part est calculée sur le prix hors TVA et arrondie au centime, le producteur reçoit le reste.",
        en: "The split is set by the cooperative, per category or per producer; each share is computed on the price before VAT and rounded to the cent, the producer receives the rest.",
    }
    Contact { fr: "Contact", en: "Contact" }
    ItsProducts { fr: "Ses produits", en: "Its products" }

    DashboardTitle { fr: "Ma ferme", en: "My farm" }
    DashboardActions { fr: "Actions sur le catalogue", en: "Catalogue actions" }
    DashboardSummary { fr: "{products} produit(s), {variants} déclinaison(s)", en: "{products} product(s), {variants} variant(s)" }
    SetUpFarmFirst {
        fr: "Présentez d'abord votre ferme : les habitants aiment savoir d'où viennent leurs produits.",
        en: "First present your farm: residents like to know where their food comes from.",
    }
    SetUpFarm { fr: "Présenter ma ferme", en: "Present my farm" }
    AddProduct { fr: "Ajouter un produit", en: "Add a product" }
    BulkEdit { fr: "Modifier prix et stocks", en: "Edit prices and stock" }
    ExportCsv { fr: "Exporter (CSV)", en: "Export (CSV)" }
    ImportCsv { fr: "Importer un catalogue", en: "Import a catalogue" }
    EditFarmProfile { fr: "Modifier ma présentation", en: "Edit my profile" }
    SeePublicPage { fr: "Voir la page publique", en: "See the public page" }
    NoProductsYet { fr: "Aucun produit pour l'instant : ajoutez le premier !", en: "No product yet: add the first one!" }
    Archived { fr: "archivé", en: "archived" }
    Inactive { fr: "inactive", en: "inactive" }
    InStock { fr: "{n} en stock", en: "{n} in stock" }
    OnDemand { fr: "Sur commande", en: "On demand" }
    OnDemandCap { fr: "Sur commande, {n} au plus", en: "On demand, at most {n}" }

    FarmProfileTitle { fr: "Présentation de la ferme", en: "Farm profile" }
    FarmName { fr: "Nom de la ferme", en: "Farm name" }
    Town { fr: "Commune", en: "Town" }
    Address { fr: "Adresse", en: "Address" }
    FarmStory { fr: "Votre histoire", en: "Your story" }
    FarmProduce { fr: "Ce que vous produisez", en: "What you grow or make" }
    ContactEmail { fr: "E-mail de contact", en: "Contact email" }
    Phone { fr: "Téléphone", en: "Phone" }
    Latitude { fr: "Latitude", en: "Latitude" }
    Longitude { fr: "Longitude", en: "Longitude" }
    CoordinatesHint {
        fr: "Pour les tournées de ramasse : par exemple 50,6868 et 3,0498 (clic droit sur une carte en ligne).",
        en: "For collection rounds: for example 50.6868 and 3.0498 (right-click on an online map).",
    }
    PickupCoordinatesHint {
        fr: "Facultatif : laissées vides, l'adresse est localisée automatiquement. Sinon, par exemple 50,6868 et 3,0498 (clic droit sur une carte en ligne).",
        en: "Optional: left empty, the address is located automatically. Otherwise, for example 50.6868 and 3.0498 (right-click on an online map).",
    }
    PointLocated {
        fr: "Adresse localisée automatiquement en {lat} ; {lon} : vérifiez sur une carte si besoin.",
        en: "Address located automatically at {lat}, {lon}: check it on a map if need be.",
    }
    ErrPointNotLocated {
        fr: "Cette adresse n'a pas été trouvée sur la carte : vérifiez-la (avec le code postal et la ville) ou saisissez la latitude et la longitude.",
        en: "This address was not found on the map: check it (with the postcode and town) or type the latitude and longitude.",
    }
    ErrPointNeedsCoordinates {
        fr: "La localisation automatique des adresses n'est pas configurée : saisissez la latitude et la longitude.",
        en: "Automatic address location is not set up: type the latitude and longitude.",
    }
    Photos { fr: "Photos", en: "Photos" }
    NoPhotoYet { fr: "Pas encore de photo.", en: "No photo yet." }
    AddPhoto { fr: "Ajouter une photo", en: "Add a photo" }
    PhotoHint { fr: "JPEG, PNG ou WebP, 8 Mo au plus.", en: "JPEG, PNG or WebP, at most 8 MB." }
    PhotoAdded { fr: "Photo ajoutée.", en: "Photo added." }
    Upload { fr: "Envoyer", en: "Upload" }

    NewProduct { fr: "Nouveau produit", en: "New product" }
    EditProduct { fr: "Modifier le produit", en: "Edit the product" }
    ProductName { fr: "Produit", en: "Product" }
    Description { fr: "Description", en: "Description" }
    SoldBy { fr: "Vendu au", en: "Sold by the" }
    ProductActive { fr: "En vente (décochez pour archiver)", en: "On sale (untick to archive)" }
    VariantsHint {
        fr: "Une déclinaison par conditionnement (500 g, 1 kg, cagette…). Laissez vide une déclinaison inutile.",
        en: "One variant per packaging (500 g, 1 kg, crate…). Leave an unused variant empty.",
    }
    VariantN { fr: "Déclinaison {n}", en: "Variant {n}" }
    NewVariantN { fr: "Nouvelle déclinaison ({n})", en: "New variant ({n})" }
    QuantityIn { fr: "Quantité", en: "Quantity" }
    SmallestStep { fr: "en grammes, millilitres ou pièces", en: "in grams, millilitres or pieces" }
    VariantName { fr: "Nom (facultatif, ex. « Cagette »)", en: "Name (optional, e.g. “Crate”)" }
    RetailPrice { fr: "Prix habitant (€ TTC)", en: "Resident price (€ incl. VAT)" }
    ProPrice { fr: "Prix pro (€ TTC)", en: "Pro price (€ incl. VAT)" }
    CaseSize { fr: "Colisage pro", en: "Pro case size" }
    Vat { fr: "TVA", en: "VAT" }
    ShippingWeight { fr: "Poids d'expédition (g)", en: "Shipping weight (g)" }
    StockMode { fr: "Type de stock", en: "Stock type" }
    StockFinite { fr: "Compté", en: "Counted" }
    Stock { fr: "Stock", en: "Stock" }
    OnDemandCapLabel { fr: "Plafond si sur commande (facultatif)", en: "Cap when on demand (optional)" }
    VariantActive { fr: "Active", en: "Active" }

    BulkHint {
        fr: "Modifiez autant de lignes que vous voulez : tout est enregistré d'un coup, ou rien si une ligne est fausse.",
        en: "Change as many lines as you like: everything is saved at once, or nothing if a line is wrong.",
    }
    SaveAll { fr: "Tout enregistrer", en: "Save everything" }
    AllSaved { fr: "Toutes les lignes ont été enregistrées.", en: "Every line was saved." }
    ImportHint {
        fr: "Exportez votre catalogue, modifiez-le dans un tableur, puis importez-le : vous verrez un aperçu avant que rien ne change. Une ligne sans variant_id ajoute une déclinaison. Un catalogue DFC (JSON-LD, par exemple celui d'Open Food Network ou de CoopCircuits) s'importe aussi, en fichier ou par son adresse : chacun de ses produits ajoute une déclinaison.",
        en: "Export your catalogue, edit it in a spreadsheet, then import it: you will see a preview before anything changes. A line without variant_id adds a variant. A DFC catalogue (JSON-LD, for instance your Open Food Network or CoopCircuits one) can be imported too, as a file or from its address: each of its products adds a variant.",
    }
    CsvFile { fr: "Fichier CSV ou catalogue DFC (JSON-LD)", en: "CSV file or DFC catalogue (JSON-LD)" }
    Preview { fr: "Voir l'aperçu", en: "Preview" }
    ImportPreviewTitle { fr: "Aperçu de l'import", en: "Import preview" }
    ImportHasErrors { fr: "Ce fichier contient des erreurs ; rien n'a été importé.", en: "This file has errors; nothing was imported." }
    ImportAnother { fr: "Importer un autre fichier", en: "Import another file" }
    ImportSummary { fr: "{n} ligne(s) prêtes. Rien ne change tant que vous n'avez pas confirmé.", en: "{n} line(s) ready. Nothing changes until you confirm." }
    ConfirmImport { fr: "Confirmer l'import", en: "Confirm the import" }
    ImportApplied { fr: "Import appliqué : {n} ligne(s).", en: "Import applied: {n} line(s)." }

    SettingsTitle { fr: "Réglages de la coopérative", en: "Cooperative settings" }
    SplitTitle { fr: "Où va l'argent : la répartition des prix", en: "Where the money goes: how prices split" }
    SplitHint {
        fr: "Chaque part est un pourcentage du prix hors TVA ; le producteur reçoit le reste, au moins la moitié. Une règle de producteur l'emporte sur celle de sa catégorie, qui l'emporte sur la règle générale. Les fiches produit, les commandes et les relevés des producteurs suivent le même calcul.",
        en: "Each share is a percentage of the price before VAT; the producer receives the rest, at least half. A producer's rule wins over its category's, which wins over the general rule. Product pages, orders and the producers' statements follow the same computation.",
    }
    SplitGeneral { fr: "Règle générale", en: "General rule" }
    HubShareLabel { fr: "Logistique du hub (% du HT)", en: "Hub logistics (% before VAT)" }
    CoopShareLabel { fr: "Marge de la coopérative (% du HT)", en: "Cooperative margin (% before VAT)" }
    SolidarityShareLabel { fr: "Contribution au fonds de solidarité (% du HT)", en: "Solidarity fund contribution (% before VAT)" }
    SplitRulesTitle { fr: "Règles par catégorie ou par producteur", en: "Rules per category or per producer" }
    SplitRulesEmpty { fr: "Aucune règle : la règle générale s'applique à tous les produits.", en: "No rule: the general rule applies to every product." }
    SplitRuleParts { fr: "hub {hub} · marge {coop} · solidarité {solidarity} · producteur {producer} (du HT)", en: "hub {hub} · margin {coop} · solidarity {solidarity} · producer {producer} (before VAT)" }
    SplitTargetLabel { fr: "S'applique à", en: "Applies to" }
    SplitTargetCategory { fr: "Catégorie : {name}", en: "Category: {name}" }
    SplitTargetProducer { fr: "Producteur : {name}", en: "Producer: {name}" }
    SplitProducers { fr: "Producteurs", en: "Producers" }
    SplitAddTitle { fr: "Ajouter ou remplacer une règle", en: "Add or replace a rule" }
    SplitRuleSaved { fr: "Règle enregistrée.", en: "Rule saved." }
    SplitDelete { fr: "Supprimer la règle", en: "Delete the rule" }
    SplitDeleteConfirm { fr: "Supprimer cette règle ? Ses produits suivront de nouveau la règle générale (ou celle de leur catégorie).", en: "Delete this rule? Its products will follow the general rule (or their category's) again." }
    ErrSharePercent { fr: "Indiquez un pourcentage entre 0 et 50, deux décimales au plus.", en: "Enter a percentage between 0 and 50, at most two decimals." }
    ErrSplitTotal { fr: "Les trois parts ensemble ne peuvent dépasser 50 % du prix hors TVA.", en: "The three shares together cannot exceed 50 % of the price before VAT." }
    ErrSplitTarget { fr: "Choisissez une catégorie ou un producteur de la coopérative.", en: "Choose a category or a producer of the cooperative." }

    MailGreeting { fr: "Bonjour,", en: "Hello," }
    MailSignature { fr: "L'équipe de {coop}", en: "The {coop} team" }
    MailVerifySubject { fr: "Confirmez votre adresse — {coop}", en: "Confirm your address — {coop}" }
    MailVerifyBody {
        fr: "Pour confirmer votre adresse et activer votre compte, ouvrez ce lien (valable 24 heures) :",
        en: "To confirm your address and activate your account, open this link (valid for 24 hours):",
    }
    MailIgnore {
        fr: "Si vous n'êtes pas à l'origine de cette demande, ignorez ce message.",
        en: "If you did not ask for this, ignore this message.",
    }
    MailExistsSubject { fr: "Votre compte — {coop}", en: "Your account — {coop}" }
    MailExistsBody {
        fr: "Quelqu'un, peut-être vous, a voulu créer un compte avec cette adresse, qui en a déjà un. Pour vous connecter ou choisir un nouveau mot de passe :",
        en: "Someone, perhaps you, tried to create an account with this address, which already has one. To sign in or choose a new password:",
    }
    MailResetSubject { fr: "Choisir un nouveau mot de passe — {coop}", en: "Choose a new password — {coop}" }
    MailResetBody {
        fr: "Pour choisir un nouveau mot de passe, ouvrez ce lien (valable une heure, utilisable une seule fois) :",
        en: "To choose a new password, open this link (valid for one hour, usable once):",
    }
    MailPasswordChangedSubject { fr: "Votre mot de passe a changé — {coop}", en: "Your password has changed — {coop}" }
    MailPasswordChangedBody {
        fr: "Le mot de passe de votre compte vient d'être changé. Si ce n'est pas vous, choisissez-en un nouveau tout de suite :",
        en: "Your account's password has just been changed. If it was not you, choose a new one right away:",
    }

    // Order cycles
    CycleDraft { fr: "Brouillon", en: "Draft" }
    CycleOpen { fr: "Ouvert", en: "Open" }
    CycleClosed { fr: "Clos", en: "Closed" }
    CycleDelivered { fr: "Livré", en: "Delivered" }
    CycleArchived { fr: "Archivé", en: "Archived" }
    CycleSchedule { fr: "Programmer l'ouverture", en: "Schedule opening" }
    CycleUnschedule { fr: "Annuler la programmation", en: "Unschedule" }
    CycleOpenNow { fr: "Ouvrir maintenant", en: "Open now" }
    CycleCloseNow { fr: "Clore maintenant", en: "Close now" }
    CycleMarkDelivered { fr: "Marquer comme livré", en: "Mark as delivered" }
    CycleArchive { fr: "Archiver", en: "Archive" }
    CycleScheduled { fr: "Ouverture programmée", en: "Opening scheduled" }
    ErrCycleClosesInPast { fr: "La clôture de ce cycle est déjà passée : changez ses dates d'abord.", en: "This cycle's closing time has passed: change its dates first." }
    ErrCycleActionNotAllowed { fr: "Cette action n'est pas possible dans l'état actuel du cycle.", en: "This action is not possible in the cycle's current state." }
    ErrCycleNotEditable { fr: "Ce cycle est clos : il ne peut plus être modifié.", en: "This cycle is closed: it can no longer be changed." }
    ErrNameLength { fr: "Donnez un nom (120 caractères au plus).", en: "Give a name (at most 120 characters)." }
    ErrDateTime { fr: "Indiquez une date et une heure, par exemple 24/11/2026 18:00.", en: "Enter a date and time, for example 2026-11-24 18:00." }
    ErrClosesBeforeOpens { fr: "La clôture doit venir après l'ouverture.", en: "Closing must come after opening." }
    ErrChoosePlace { fr: "Choisissez un lieu de la liste.", en: "Choose a place from the list." }
    ErrDate { fr: "Indiquez une date.", en: "Enter a date." }
    ErrTime { fr: "Indiquez une heure, par exemple 17:30.", en: "Enter a time, for example 17:30." }
    ErrEndsBeforeStarts { fr: "La fin doit venir après le début.", en: "The end must come after the start." }
    ErrCapacity { fr: "La capacité est un nombre de commandes, de 1 à 10 000.", en: "The capacity is a number of orders, from 1 to 10,000." }
    ErrPostcode { fr: "Indiquez des codes postaux à cinq chiffres, par exemple 59000.", en: "Enter five-digit postcodes, for example 59000." }
    ErrAddressRequired { fr: "Indiquez l'adresse (300 caractères au plus).", en: "Enter the address (at most 300 characters)." }
    ErrTooLong { fr: "Ce texte est trop long.", en: "This text is too long." }
    ErrOfferHasOrders { fr: "Déjà commandé dans ce cycle : mettez un plafond au lieu de le retirer.", en: "Already ordered in this cycle: set a cap instead of removing it." }
    ErrCapBelowSold { fr: "Le plafond ne peut pas être inférieur à ce qui est déjà vendu.", en: "The cap cannot be below what has already been sold." }
    ErrSlotHasOrders { fr: "Des commandes utilisent ce créneau : il ne peut pas être supprimé.", en: "Orders use this slot: it cannot be deleted." }
    PickupKindHub { fr: "Plateforme (hub)", en: "Hub" }
    PickupKindShop { fr: "Commerce partenaire", en: "Partner shop" }
    PickupKindOther { fr: "Autre lieu", en: "Other place" }

    // Orders
    OrderPendingPayment { fr: "En attente de paiement", en: "Awaiting payment" }
    OrderConfirmed { fr: "Confirmée", en: "Confirmed" }
    OrderCancelled { fr: "Annulée", en: "Cancelled" }
    OrderExpired { fr: "Expirée (paiement non reçu)", en: "Expired (payment not received)" }
    PayAtPickup { fr: "Paiement au retrait", en: "Pay at pickup" }
    PayByCard { fr: "Paiement par carte", en: "Pay by card" }
    DeliveryFee { fr: "Frais de livraison", en: "Delivery fee" }
    Total { fr: "Total", en: "Total" }
    ErrOrderQuantity { fr: "Indiquez une quantité entière, de 1 à 10 000.", en: "Enter a whole quantity from 1 to 10,000." }
    ErrCaseMultiple { fr: "Les professionnels commandent par colis entiers : choisissez un multiple du colisage.", en: "Shops order whole cases: choose a multiple of the case size." }
    ErrPostcodeOutsideZone { fr: "Ce code postal n'est pas desservi par ce créneau de livraison.", en: "This postcode is not served by this delivery slot." }
    ErrBelowMinimum { fr: "Le montant minimum pour la livraison n'est pas atteint.", en: "The minimum amount for delivery is not reached." }
    ErrCycleClosed { fr: "Les commandes de ce cycle sont closes.", en: "Orders for this cycle are closed." }
    ErrCardUnavailable { fr: "Le paiement par carte n'est pas proposé.", en: "Card payment is not offered." }
    ErrCartEmpty { fr: "Votre panier est vide.", en: "Your basket is empty." }
    ErrChooseSlot { fr: "Choisissez un créneau de retrait ou de livraison.", en: "Choose a pickup or delivery slot." }
    ErrSlotFull { fr: "Ce créneau est complet : choisissez-en un autre.", en: "This slot is full: choose another one." }
    ErrOrderNotEditable { fr: "Cette commande ne peut plus être modifiée.", en: "This order can no longer be changed." }
    ErrOrderEmptyUseCancel { fr: "Une commande garde au moins un article : pour tout retirer, annulez-la.", en: "An order keeps at least one item: to remove everything, cancel it." }
    ErrCardOrderQuantities { fr: "Une commande payée d'avance (carte, avoir) ou au prix solidaire ne change pas de quantités : annulez-la (remboursement) et commandez à nouveau.", en: "An order paid in advance (card, credit) or at the solidarity price cannot change quantities: cancel it (refunded) and order again." }
    ErrSlotSameKind { fr: "Choisissez un créneau du même type (retrait ou livraison à la même adresse).", en: "Choose a slot of the same kind (pickup, or delivery to the same address)." }
    ErrNoOpenCycle { fr: "Aucun cycle de commande n'est ouvert en ce moment.", en: "No order cycle is open right now." }
    ErrOrderNotCollectable { fr: "Cette commande n'est pas prête à être remise (annulée ou non payée).", en: "This order cannot be handed over (cancelled or unpaid)." }
    ErrNothingToPay { fr: "Cette commande n'attend pas de paiement.", en: "This order is not awaiting payment." }
    ErrOutOfStock { fr: "Stock insuffisant : rien n'a été réservé. Ajustez les lignes ci-dessous.", en: "Not enough stock: nothing was reserved. Adjust the lines below." }
    ErrPaymentProvider { fr: "Le service de paiement ne répond pas. Votre commande est gardée : réessayez le paiement dans un instant.", en: "The payment service is not answering. Your order is kept: try paying again in a moment." }

    // Order emails
    MailCycleOpenSubject { fr: "Les commandes sont ouvertes : {cycle} — {coop}", en: "Orders are open: {cycle} — {coop}" }
    MailCycleOpenBody { fr: "Le cycle « {cycle} » est ouvert. Commandez jusqu'au {closes} :", en: "The cycle \"{cycle}\" is open. Order until {closes}:" }
    MailCycleOpenUnsubscribe { fr: "Vous recevez ce message car vous l'avez demandé ; décochez l'option dans votre compte pour ne plus le recevoir.", en: "You receive this message because you asked for it; untick the option in your account to stop it." }
    MailOrderConfirmedSubject { fr: "Commande n° {number} confirmée — {coop}", en: "Order no. {number} confirmed — {coop}" }
    MailOrderConfirmedBody { fr: "Merci ! Votre commande n° {number} est confirmée :", en: "Thank you! Your order no. {number} is confirmed:" }
    MailOrderChangedSubject { fr: "Commande n° {number} modifiée — {coop}", en: "Order no. {number} changed — {coop}" }
    MailOrderChangedBody { fr: "Votre commande n° {number} a été modifiée. La voici à jour :", en: "Your order no. {number} has been changed. Here it is, up to date:" }
    MailOrderCancelledSubject { fr: "Commande n° {number} annulée — {coop}", en: "Order no. {number} cancelled — {coop}" }
    MailOrderCancelledBody { fr: "Votre commande n° {number} est annulée. Si vous aviez payé par carte, vous êtes remboursé. Elle contenait :", en: "Your order no. {number} is cancelled. If you paid by card, you are refunded. It contained:" }
    MailOrderExpiredSubject { fr: "Commande n° {number} non payée — {coop}", en: "Order no. {number} not paid — {coop}" }
    MailOrderExpiredBody { fr: "Le paiement de votre commande n° {number} n'est pas arrivé à temps : elle est annulée et ses produits remis en vente. Elle contenait :", en: "The payment for your order no. {number} did not arrive in time: it is cancelled and its products are back on sale. It contained:" }
    MailReminderSubject { fr: "Rappel : votre panier n° {number} vous attend demain — {coop}", en: "Reminder: your basket no. {number} is ready tomorrow — {coop}" }
    MailReminderBody { fr: "Petit rappel : votre commande n° {number} sera prête à votre créneau.", en: "A quick reminder: your order no. {number} will be ready at your slot." }
    MailPickupAt { fr: "Retrait : {place}, {address}, le {when}.", en: "Pickup: {place}, {address}, on {when}." }
    MailDeliveryAt { fr: "Livraison : {address}, le {when}.", en: "Delivery: {address}, on {when}." }

    // Shop, cart, orders, hub screens
    NavShop { fr: "Boutique", en: "Shop" }
    NavMyOrders { fr: "Mes commandes", en: "My orders" }
    NavCycles { fr: "Cycles", en: "Cycles" }
    NavDesk { fr: "Retraits", en: "Pickup desk" }
    OrderNow { fr: "Commander", en: "Order now" }
    ShopTitle { fr: "Boutique", en: "Shop" }
    NoOpenCycle { fr: "Aucun cycle de commande n'est ouvert en ce moment. Parcourez le catalogue en attendant.", en: "No order cycle is open right now. Browse the catalogue meanwhile." }
    ShopEmpty { fr: "Ce cycle ne propose encore aucun produit.", en: "This cycle offers no products yet." }
    OrderUntil { fr: "Commandes jusqu'au {when}", en: "Orders until {when}" }
    ProPricesShown { fr: "Prix professionnels, par colis", en: "Trade prices, by the case" }
    SeeCart { fr: "Panier ({n})", en: "Basket ({n})" }
    GoToCart { fr: "Voir mon panier", en: "See my basket" }
    OpenCycles { fr: "Cycles ouverts", en: "Open cycles" }
    Categories { fr: "Catégories", en: "Categories" }
    CaseOf { fr: "colis de {n}", en: "case of {n}" }
    OnlyNLeft { fr: "Plus que {n}", en: "Only {n} left" }
    InCart { fr: "{n} au panier", en: "{n} in basket" }
    Add { fr: "Ajouter", en: "Add" }
    AddCase { fr: "Ajouter un colis", en: "Add a case" }
    AddItemToCart { fr: "Ajouter au panier : {item}", en: "Add to basket: {item}" }
    AddedToCart { fr: "Ajouté. Votre panier compte {n} article(s).", en: "Added. Your basket holds {n} item(s)." }
    SoldOutLine { fr: "{item} : épuisé.", en: "{item}: sold out." }
    OnlyLeftLine { fr: "{item} : plus que {n} disponible(s).", en: "{item}: only {n} left." }
    CartTitle { fr: "Mon panier", en: "My basket" }
    CartEmptyState { fr: "Votre panier est vide.", en: "Your basket is empty." }
    BackToShop { fr: "Retour à la boutique", en: "Back to the shop" }
    Item { fr: "Article", en: "Item" }
    Quantity { fr: "Quantité", en: "Quantity" }
    Quantities { fr: "Quantités", en: "Quantities" }
    Amount { fr: "Montant", en: "Amount" }
    Subtotal { fr: "Sous-total", en: "Subtotal" }
    CartQuantityHint { fr: "Mettez 0 pour retirer un article.", en: "Set 0 to remove an item." }
    UpdateCart { fr: "Mettre à jour le panier", en: "Update basket" }
    Checkout { fr: "Valider ma commande", en: "Check out" }
    SignInToOrder { fr: "Connectez-vous pour commander : votre panier vous suivra.", en: "Sign in to order: your basket comes with you." }
    NoSlots { fr: "Aucun créneau de retrait ou de livraison n'est encore proposé pour ce cycle.", en: "No pickup or delivery slot is offered for this cycle yet." }
    ChooseSlot { fr: "Où et quand récupérer votre panier ?", en: "Where and when to get your basket?" }
    Pickup { fr: "Retrait", en: "Pickup" }
    HomeDelivery { fr: "Livraison à domicile", en: "Home delivery" }
    DeliveryFeeIs { fr: "Livraison {fee}, dès {min} d'achats", en: "Delivery {fee}, from {min} of shopping" }
    SlotFull { fr: "Complet", en: "Full" }
    SlotPlacesLeft { fr: "{n} place(s) restante(s)", en: "{n} place(s) left" }
    DeliveryAddress { fr: "Adresse de livraison", en: "Delivery address" }
    DeliveryAddressHint { fr: "Seulement pour une livraison à domicile.", en: "Only for home delivery." }
    AddAnotherVariant { fr: "Ajouter une autre déclinaison", en: "Add another variant" }
    MoreVariantSettings { fr: "Colisage, TVA, poids et plafond", en: "Case size, VAT, weight and cap" }
    CallBuyer { fr: "Appeler le {phone}", en: "Call {phone}" }
    DeliveryPhone { fr: "Téléphone (facultatif)", en: "Phone (optional)" }
    DeliveryPhoneHint { fr: "Le livreur vous appelle s'il ne trouve personne.", en: "The driver calls you if nobody answers." }
    Postcode { fr: "Code postal", en: "Postcode" }
    Payment { fr: "Paiement", en: "Payment" }
    ConfirmOrder { fr: "Confirmer la commande", en: "Confirm the order" }
    MyOrders { fr: "Mes commandes", en: "My orders" }
    NoOrdersYet { fr: "Vous n'avez pas encore commandé.", en: "You have not ordered yet." }
    OrderNumber { fr: "Commande n° {number}", en: "Order no. {number}" }
    OrderPlaced { fr: "Merci ! Votre commande est confirmée ; un e-mail de confirmation est en route.", en: "Thank you! Your order is confirmed; a confirmation email is on its way." }
    PaymentReturned { fr: "Paiement reçu par Stripe : la commande est confirmée dès que Stripe nous le notifie.", en: "Payment received by Stripe: the order is confirmed as soon as Stripe notifies us." }
    DeliveryTo { fr: "Livraison au {address}", en: "Delivery to {address}" }
    PaidAmount { fr: "Payé : {amount}", en: "Paid: {amount}" }
    Collected { fr: "Remise", en: "Collected" }
    OrderLines { fr: "Articles de la commande", en: "Items of the order" }
    PayNow { fr: "Payer par carte", en: "Pay by card" }
    ChangeOrder { fr: "Modifier la commande", en: "Change the order" }
    OrderChanged { fr: "Commande modifiée.", en: "Order changed." }
    Slot { fr: "Créneau", en: "Slot" }
    SaveChanges { fr: "Enregistrer les modifications", en: "Save changes" }
    CancelOrder { fr: "Annuler la commande…", en: "Cancel the order…" }
    CancelWarning { fr: "Les produits seront remis en vente.", en: "The products will go back on sale." }
    CancelCardWarning { fr: "Les produits seront remis en vente et votre paiement remboursé.", en: "The products will go back on sale and your payment refunded." }
    ConfirmCancel { fr: "Oui, annuler la commande", en: "Yes, cancel the order" }
    OrderAgain { fr: "Commander à nouveau", en: "Order again" }
    AllMyOrders { fr: "Toutes mes commandes", en: "All my orders" }
    Notifications { fr: "Avis par e-mail", en: "Email notices" }
    NotifyCycleOpen { fr: "M'avertir quand un cycle de commande ouvre", en: "Tell me when an order cycle opens" }
    CyclesTitle { fr: "Cycles de commande", en: "Order cycles" }
    ManagePlaces { fr: "Points de retrait et zones de livraison", en: "Pickup points and delivery zones" }
    NoCyclesYet { fr: "Aucun cycle pour l'instant : créez le premier ci-dessous.", en: "No cycle yet: create the first one below." }
    CycleCounts { fr: "{offers} produit(s) proposé(s) · {slots} créneau(x) · {orders} commande(s)", en: "{offers} offer(s) · {slots} slot(s) · {orders} order(s)" }
    NewCycle { fr: "Nouveau cycle", en: "New cycle" }
    CycleName { fr: "Nom du cycle", en: "Cycle name" }
    OpensAt { fr: "Ouverture", en: "Opens" }
    ClosesAt { fr: "Clôture", en: "Closes" }
    CoopTimeHint { fr: "Heure de la coopérative (Europe/Paris).", en: "The cooperative's time (Europe/Paris)." }
    CreateCycle { fr: "Créer le cycle", en: "Create the cycle" }
    ConfirmCycleAction { fr: "Les acheteurs le verront aussitôt. Confirmez :", en: "Buyers will see it at once. Confirm:" }
    Offers { fr: "Produits proposés", en: "Offers" }
    AddProducerRange { fr: "Ajouter toute la gamme d'un producteur", en: "Add a producer's whole range" }
    OffersAdded { fr: "{n} déclinaison(s) ajoutée(s).", en: "{n} variant(s) added." }
    NoOffersYet { fr: "Aucun produit proposé : ajoutez la gamme d'un producteur.", en: "Nothing offered yet: add a producer's range." }
    Sold { fr: "Vendu", en: "Sold" }
    CycleCap { fr: "Plafond du cycle", en: "Cycle cap" }
    Remove { fr: "Retirer", en: "Remove" }
    OffersHint { fr: "Laissez vide pour garder le stock et les prix du catalogue.", en: "Leave blank to keep the catalogue's stock and prices." }
    Slots { fr: "Créneaux", en: "Slots" }
    NoSlotsYet { fr: "Aucun créneau : ajoutez-en un pour que les acheteurs puissent commander.", en: "No slot: add one so buyers can order." }
    SlotBooked { fr: "{booked} / {capacity} commande(s)", en: "{booked} / {capacity} order(s)" }
    AddSlot { fr: "Ajouter un créneau", en: "Add a slot" }
    EditCycleDetails { fr: "Modifier le nom et les dates", en: "Change the name and dates" }
    OnThisPage { fr: "Sur cette page", en: "On this page" }
    OffersCount { fr: "Produits proposés ({n})", en: "Offers ({n})" }
    SlotsCount { fr: "Créneaux ({n})", en: "Slots ({n})" }
    EditOffersN { fr: "Voir et modifier les {n} produits proposés", en: "See and change the {n} offers" }
    SeeOffersN { fr: "Voir les {n} produits proposés", en: "See the {n} offers" }
    Place { fr: "Lieu", en: "Place" }
    Date { fr: "Date", en: "Date" }
    To { fr: "À", en: "To" }
    CapacityOrders { fr: "Capacité (commandes)", en: "Capacity (orders)" }
    PlacesTitle { fr: "Lieux", en: "Places" }
    PickupPoints { fr: "Points de retrait", en: "Pickup points" }
    Withdraw { fr: "Retirer", en: "Withdraw" }
    Restore { fr: "Rétablir", en: "Restore" }
    NewPickupPoint { fr: "Nouveau point de retrait", en: "New pickup point" }
    PlaceName { fr: "Nom", en: "Name" }
    PlaceKind { fr: "Type de lieu", en: "Kind of place" }
    Instructions { fr: "Consignes pour le retrait", en: "Pickup instructions" }
    DeliveryZones { fr: "Zones de livraison", en: "Delivery zones" }
    NoZonesYet { fr: "Aucune zone de livraison.", en: "No delivery zone." }
    NewZone { fr: "Nouvelle zone", en: "New zone" }
    Postcodes { fr: "Codes postaux", en: "Postcodes" }
    PostcodesHint { fr: "Séparés par des virgules, par exemple 59000, 59800.", en: "Comma-separated, for example 59000, 59800." }
    MinimumOrder { fr: "Commande minimum", en: "Minimum order" }
    FindOrder { fr: "Nom, e-mail ou n° de commande", en: "Name, email or order number" }
    NoOrdersFound { fr: "Aucune commande trouvée.", en: "No order found." }
    ToCollectPayment { fr: "à encaisser", en: "to collect" }
    AlreadyPaid { fr: "déjà payée", en: "already paid" }
    PaymentReceived { fr: "Paiement reçu ({amount})", en: "Payment received ({amount})" }
    HandOver { fr: "Remettre le panier", en: "Hand the basket over" }

    // Hub: purchase orders and reception
    ErrReceptionNeedsClosedCycle { fr: "La réception se fait une fois le cycle clos.", en: "Reception happens once the cycle is closed." }
    MailOrderAdjustedSubject { fr: "Commande n° {number} ajustée : un produit manque — {coop}", en: "Order no. {number} adjusted: an item is missing — {coop}" }
    MailOrderAdjustedBody { fr: "Un producteur n'a pas pu livrer tout ce qui était commandé. Votre commande n° {number} est ajustée ; ce qui manque n'est pas facturé (remboursé si vous avez payé par carte) :", en: "A producer could not deliver everything that was ordered. Your order no. {number} is adjusted; what is missing is not charged (refunded if you paid by card):" }
    MailMissing { fr: "manque {n}, non facturé", en: "{n} missing, not charged" }
    Missing { fr: "Manque {n}", en: "{n} missing" }
    NavLogistics { fr: "Bons de commande et réception", en: "Purchase orders and reception" }
    PurchaseOrders { fr: "Bons de commande producteurs", en: "Producer purchase orders" }
    NoPurchaseOrders { fr: "Aucune commande confirmée dans ce cycle.", en: "No confirmed order in this cycle." }
    PoSummary { fr: "{units} unité(s) à apporter · {kg} kg · {amount}", en: "{units} unit(s) to bring · {kg} kg · {amount}" }
    Ordered { fr: "Commandé", en: "Ordered" }
    ToBring { fr: "À apporter", en: "To bring" }
    CasesLoose { fr: "{cases} colis + {loose} à l'unité", en: "{cases} case(s) + {loose} loose" }
    Received { fr: "Reçu", en: "Received" }
    RecordReception { fr: "Enregistrer la réception", en: "Record reception" }
    ReceptionRecorded { fr: "Réception enregistrée ; les commandes concernées sont ajustées et les acheteurs prévenus.", en: "Reception recorded; affected orders are adjusted and buyers told." }
    ShortageRuleLabel { fr: "Partage des manques", en: "Sharing shortages" }
    ExportCsv2 { fr: "Exporter en CSV", en: "Export as CSV" }
    PrintHint { fr: "Pour imprimer, utilisez le menu Imprimer du navigateur : la page est mise en forme pour le papier.", en: "To print, use the browser's Print menu: the page is laid out for paper." }
    MyPurchaseOrders { fr: "Mes bons de commande", en: "My purchase orders" }
    ReceivedOf { fr: "reçu {n}", en: "received {n}" }
    PackingTitle { fr: "Préparation des paniers", en: "Basket packing" }
    ByCustomer { fr: "Par client", en: "By customer" }
    ByPlace { fr: "Par lieu", en: "By place" }
    ByProduct { fr: "Par produit", en: "By product" }
    Labels { fr: "Étiquettes", en: "Labels" }
    PackingCounts { fr: "{orders} panier(s) · {units} unité(s) · {kg} kg", en: "{orders} basket(s) · {units} unit(s) · {kg} kg" }
    ItemsCount { fr: "{n} article(s)", en: "{n} item(s)" }
    BasketReady { fr: "Panier prêt", en: "Basket ready" }
    BasketNotReady { fr: "Pas encore prêt", en: "Not ready yet" }
    NavPacking { fr: "Préparation des paniers", en: "Basket packing" }
    MailPurchaseOrderSubject { fr: "Bon de commande : {cycle} — {coop}", en: "Purchase order: {cycle} — {coop}" }
    MailPurchaseOrderBody { fr: "Le cycle « {cycle} » est clos. Voici ce que la plateforme attend de vous :", en: "The cycle \"{cycle}\" is closed. Here is what the hub expects from you:" }
    CollectionRounds { fr: "Ramasse chez les producteurs", en: "Collection from farms" }
    DeliveryRounds { fr: "Tournées de livraison", en: "Delivery rounds" }
    WarnLate { fr: "Arrêt {n} atteint après la fin de son créneau", en: "Stop {n} reached after its window" }
    WarnOverWeight { fr: "Charge au-delà de la capacité en kg", en: "Load above the weight capacity" }
    WarnOverVolume { fr: "Volume au-delà de la capacité en litres", en: "Volume above the capacity in litres" }
    WarnAfterShift { fr: "Retour au hub après la fin de service", en: "Back at the hub after the shift ends" }
    WarnTooManyTrips { fr: "Plus de trajets que le véhicule n'en permet", en: "More trips than the vehicle allows" }
    VehicleCargoBike { fr: "Vélo-cargo à assistance électrique", en: "Electric cargo bike" }
    VehicleElectricVan { fr: "Petit utilitaire électrique", en: "Small electric van" }
    VehicleDieselVan { fr: "Utilitaire diesel", en: "Diesel van" }
    VehicleCar { fr: "Voiture", en: "Car" }
    ErrVehicleKind { fr: "Choisissez le type de véhicule.", en: "Choose the kind of vehicle." }
    ErrCapacityKg { fr: "La charge utile est un nombre entier de kg entre 1 et 2000.", en: "The payload is a whole number of kg between 1 and 2000." }
    ErrCapacityLitres { fr: "Le volume utile est un nombre entier de litres entre 1 et 20000.", en: "The load volume is a whole number of litres between 1 and 20000." }
    ErrSpeed { fr: "La vitesse moyenne est un nombre entier de km/h entre 3 et 130.", en: "The average speed is a whole number of km/h between 3 and 130." }
    ErrMaxTrips { fr: "Le nombre de trajets par jour est entre 1 et 10.", en: "Trips per day are between 1 and 10." }
    ErrTimeOfDay { fr: "Indiquez une heure, par exemple 8:30.", en: "Give a time of day, for example 8:30." }
    ErrShiftOrder { fr: "La fin de service doit suivre le début.", en: "The shift must end after it starts." }
    StopPlanned { fr: "À faire", en: "To do" }
    StopDone { fr: "Fait", en: "Done" }
    StopFailed { fr: "Échec", en: "Failed" }
    SupplyDropOff { fr: "Dépôt au hub par le producteur", en: "Dropped off at the hub by the producer" }
    SupplyCollection { fr: "Ramasse à la ferme par le hub", en: "Collected at the farm by the hub" }
    ErrNoHub { fr: "La coopérative n'a pas encore de hub : ajoutez son adresse et ses coordonnées.", en: "The cooperative has no hub yet: add its address and coordinates." }
    ErrDropOffWindow { fr: "Indiquez le créneau de dépôt : un début et une fin plus tardive.", en: "Give the drop-off window: a start and a later end." }
    ErrRoundsNeedClosedCycle { fr: "Les tournées se planifient une fois le cycle clos.", en: "Rounds are planned once the cycle is closed." }
    ErrChooseVehicle { fr: "Choisissez au moins un véhicule en service.", en: "Choose at least one vehicle in service." }
    ErrNothingToPlan { fr: "Rien à planifier ce jour-là.", en: "Nothing to plan on that day." }
    ErrRoundsStarted { fr: "Des arrêts sont déjà marqués par les livreurs : le plan ne peut plus être recalculé.", en: "Drivers have already marked stops: the plan can no longer be recomputed." }
    ErrStopAlreadyDone { fr: "Cet arrêt est déjà marqué fait ou en échec.", en: "This stop is already marked done or failed." }
    ErrChooseRound { fr: "Choisissez une tournée de ce cycle.", en: "Choose a round of this cycle." }
    ErrPosition { fr: "La position est un nombre entier à partir de 1.", en: "The position is a whole number from 1." }
    NavVehicles { fr: "Véhicules", en: "Vehicles" }
    NavRounds { fr: "Tournées et impact", en: "Rounds and impact" }
    VehiclesTitle { fr: "Véhicules du hub", en: "The hub's vehicles" }
    VehiclesHint { fr: "Les tournées sont calculées avec les véhicules en service : charge et volume utiles, vitesse moyenne en ville, heures de service, et combien de fois le véhicule peut revenir recharger au hub.", en: "Rounds are computed with the vehicles in service: payload and load volume, average speed in town, working hours, and how many times the vehicle may come back to the hub to reload." }
    Fleet { fr: "Flotte", en: "Fleet" }
    NoVehiclesYet { fr: "Aucun véhicule pour l'instant.", en: "No vehicle yet." }
    VehicleSummary { fr: "{kg} kg · {litres} L · {speed} km/h · {start}–{end} · {trips} trajet(s) par jour", en: "{kg} kg · {litres} L · {speed} km/h · {start}–{end} · {trips} trip(s) a day" }
    NewVehicle { fr: "Ajouter un véhicule", en: "Add a vehicle" }
    VehicleName { fr: "Nom", en: "Name" }
    VehicleKind { fr: "Type", en: "Kind" }
    CapacityKg { fr: "Charge utile (kg)", en: "Payload (kg)" }
    CapacityLitres { fr: "Volume utile (litres)", en: "Load volume (litres)" }
    SpeedKmh { fr: "Vitesse moyenne (km/h)", en: "Average speed (km/h)" }
    SpeedHint { fr: "Arrêts et feux compris : environ 15 pour un vélo-cargo, 25 pour un utilitaire en ville.", en: "Stops and lights included: about 15 for a cargo bike, 25 for a van in town." }
    MaxTrips { fr: "Trajets par jour", en: "Trips a day" }
    ShiftStart { fr: "Début de service", en: "Shift starts" }
    ShiftEnd { fr: "Fin de service", en: "Shift ends" }
    RoundsTitle { fr: "Tournées", en: "Rounds" }
    RoundsHint { fr: "Chaque tournée part de « {hub} » et y revient. Distances : à vol d'oiseau × 1,3 pour les détours de la route.", en: "Every round starts and ends at \"{hub}\". Distances: as the crow flies × 1.3 for the road's detours." }
    SuppliersTitle { fr: "Acheminement des bons de commande", en: "How purchase orders reach the hub" }
    FarmUnlocated { fr: "Ferme sans coordonnées : elle ne peut pas être mise sur une tournée.", en: "Farm without coordinates: it cannot be put on a round." }
    SupplyModeLabel { fr: "Acheminement", en: "Transport" }
    DropOffFrom { fr: "Dépôt à partir de", en: "Drop-off from" }
    DropOffTo { fr: "Dépôt jusqu'à", en: "Drop-off until" }
    SupplyUndecided { fr: "Pas encore décidé : compté comme un dépôt par le producteur.", en: "Not decided yet: counted as a drop-off by the producer." }
    PlanDay { fr: "Jour de la tournée", en: "Day of the round" }
    DeliveryDays { fr: "Jours de livraison de ce cycle : {days}", en: "Delivery days of this cycle: {days}" }
    PlanVehicles { fr: "Véhicules disponibles", en: "Vehicles available" }
    PlanHint { fr: "Le calcul prend quelques secondes et remplace le plan précédent. Volumes estimés à 2 litres par kg (cageots de fruits et légumes).", en: "Computing takes a few seconds and replaces the previous plan. Volumes estimated at 2 litres per kg (crates of fruit and vegetables)." }
    PlanRounds { fr: "Calculer les tournées", en: "Compute the rounds" }
    PlanDone { fr: "{rounds} tournée(s), {stops} arrêt(s) planifié(s) ; {unassigned} arrêt(s) hors de portée (capacité ou horaires).", en: "{rounds} round(s), {stops} stop(s) planned; {unassigned} stop(s) out of reach (capacity or hours)." }
    NoRoundsYet { fr: "Aucune tournée planifiée.", en: "No round planned." }
    Unplanned { fr: "Hors tournée", en: "Not on a round" }
    Unlocated { fr: "Adresse non située : donnez un centre à la zone de livraison (page Lieux).", en: "Address not located: give the delivery zone a centre (Places page)." }
    RoundName { fr: "{vehicle} — trajet {trip}", en: "{vehicle} — trip {trip}" }
    RoundSummary { fr: "Départ {depart} · retour {back} · {km} km · {kg} kg sur {cap_kg} · {litres} L sur {cap_litres}", en: "Leaves {depart} · back {back} · {km} km · {kg} kg of {cap_kg} · {litres} L of {cap_litres}" }
    Manifest { fr: "Feuille de route", en: "Driver's manifest" }
    StopTimes { fr: "arrivée {at} · créneau {from}–{to}", en: "arrives {at} · window {from}–{to}" }
    StopBefore { fr: "arrivée {at} · avant {to}", en: "arrives {at} · before {to}" }
    DropOffWindow { fr: "Dépôt au hub le {day} entre {from} et {to}", en: "Drop-off at the hub on {day} between {from} and {to}" }
    Change { fr: "Modifier", en: "Change" }
    PlaceByHand { fr: "Placer à la main", en: "Place by hand" }
    ZoneCentreHint { fr: "Centre de la zone (facultatif) : les tournées y placent une adresse introuvable, en attendant de la placer à la main.", en: "Centre of the zone (optional): rounds place an address that cannot be found there, until it is placed by hand." }
    ApproxLocation { fr: "Position approchée (centre de la zone)", en: "Approximate position (zone centre)" }
    MoveStop { fr: "Déplacer", en: "Move" }
    MoveTo { fr: "Vers", en: "To" }
    AtPosition { fr: "Position", en: "Position" }
    MapLabel { fr: "Carte : le hub (H) et {n} tournée(s), arrêts numérotés dans l'ordre de passage", en: "Map: the hub (H) and {n} round(s), stops numbered in visiting order" }
    MapHub { fr: "Hub", en: "Hub" }
    ImpactTitle { fr: "Impact du cycle", en: "This cycle's impact" }
    ImpactFigures { fr: "{km} km · {co2} kg CO2e", en: "{km} km · {co2} kg CO2e" }
    ImpactHub { fr: "Avec le hub", en: "With the hub" }
    ImpactHubDetail { fr: "tournées {rounds} km, dépôts des producteurs (aller-retour en utilitaire diesel) {drop} km", en: "rounds {rounds} km, producers' drop-offs (return trips by diesel van) {drop} km" }
    ImpactVans { fr: "Si chaque producteur livrait chaque client (utilitaire diesel)", en: "If each producer delivered each customer (diesel van)" }
    ImpactCars { fr: "Si chaque client allait à chaque ferme (voiture)", en: "If each customer drove to each farm (car)" }
    ImpactSaved { fr: "Économisé par rapport aux livraisons directes : {km} km et {co2} kg CO2e.", en: "Saved against direct deliveries: {km} km and {co2} kg CO2e." }
    ImpactUnlocated { fr: "{n} trajet(s) sans coordonnées ne sont pas comptés : les économies ne sont pas surestimées.", en: "{n} trip(s) without coordinates are not counted: the savings are not overstated." }
    ImpactAssumptions { fr: "Un aller-retour par commande et par ferme ; client d'un point de retrait placé au point. Facteurs de l'arrêté du 26 avril 2017 : gazole 3,17 kg CO2e/L, électricité 0,048 kg CO2e/kWh. Consommations : vélo-cargo 0,01 kWh/km, utilitaire électrique 0,2 kWh/km, utilitaire diesel 9 L/100 km, voiture 6,5 L/100 km (comptée au gazole).", en: "One return trip per order and farm; a pickup-point customer is placed at the point. Factors from the decree of 26 April 2017: diesel 3.17 kgCO2e/L, electricity 0.048 kgCO2e/kWh. Consumption: cargo bike 0.01 kWh/km, electric van 0.2 kWh/km, diesel van 9 L/100 km, car 6.5 L/100 km (counted as diesel)." }
    ManifestSummary { fr: "départ {depart} · retour {back} · {km} km · {done} arrêt(s) sur {stops} faits", en: "leaves {depart} · back {back} · {km} km · {done} of {stops} stop(s) done" }
    BasketsToDrop { fr: "{n} panier(s) à déposer", en: "{n} basket(s) to drop" }
    ToCollectKg { fr: "{kg} kg à charger", en: "{kg} kg to load" }
    OpenMap { fr: "Voir sur la carte", en: "Show on a map" }
    NoteLabel { fr: "Note", en: "Note" }
    MarkDelivered { fr: "Livré", en: "Delivered" }
    MarkCollected { fr: "Chargé", en: "Loaded" }
    MarkFailed { fr: "Échec", en: "Failed" }
    UndoStop { fr: "Annuler", en: "Undo" }
    LabelQrAlt { fr: "QR code de la commande n° {number} : à scanner au retrait", en: "QR code of order no. {number}: scan it at pickup" }
    ScanHint { fr: "Astuce : scannez le QR code de l'étiquette avec l'appareil photo du téléphone pour ouvrir directement la commande.", en: "Tip: scan the label's QR code with the phone's camera to open the order directly." }
    // —— tenancy, exposure and hostile input ——
    ErrPhotoTooManyPixels { fr: "Cette photo est trop grande : 40 millions de pixels au plus (par exemple 8000 × 5000), 12 000 pixels au plus de côté.", en: "This photo is too big: at most 40 million pixels (for example 8000 × 5000) and 12,000 pixels on a side." }
    TradeTermsLine { fr: "Prix pro {price} · colis de {n}", en: "Trade price {price} · case of {n}" }
    ErrCsvTooLarge { fr: "Ce fichier est trop long : 2 millions de caractères au plus. Envoyez-le en plusieurs fois.", en: "This file is too long: at most 2 million characters. Send it in several parts." }
    // —— hub money flows and phone pages (reception, closing, pickup desk) ——
    ErrReceivedRange { fr: "Indiquez un nombre d'unités reçues entre 0 et 1 000 000.", en: "Enter a number of units received between 0 and 1,000,000." }
    ErrReceptionLineTwice { fr: "Une ligne de réception apparaît deux fois : rechargez la page.", en: "A reception line appears twice: reload the page." }
    ErrReceptionEmpty { fr: "Aucune ligne de réception à enregistrer.", en: "No reception line to record." }
    ErrReceptionUnknownLine { fr: "Un produit n'est pas sur les bons de commande de ce cycle : rechargez la page.", en: "A product is not on this cycle's purchase orders: reload the page." }
    ErrConfirmReception { fr: "Rien n'est enregistré : certaines quantités reçues font moins de la moitié de la commande. Vérifiez-les, puis cochez la confirmation.", en: "Nothing was recorded: some quantities received are less than half of the order. Check them, then tick the confirmation." }
    ConfirmFarBelow { fr: "Je confirme ces quantités très inférieures à la commande", en: "I confirm these quantities far below the order" }
    FarBelowLine { fr: "Moins de la moitié de la commande : à confirmer", en: "Less than half of the order: to be confirmed" }
    SaveReception { fr: "Enregistrer toute la réception", en: "Record the whole reception" }
    ReceptionSavedCount { fr: "Réception enregistrée : {lines} ligne(s) ; {orders} commande(s) incomplète(s), ajustée(s) ci-dessous.", en: "Reception recorded: {lines} line(s); {orders} incomplete order(s), adjusted below." }
    ShortageRuleEarliestLabel { fr: "Premières commandes servies d'abord", en: "Earliest orders served first" }
    ShortageRuleProRataLabel { fr: "Même part pour chaque commande (au prorata)", en: "Same share for every order (pro rata)" }
    AffectedOrdersTitle { fr: "Commandes touchées par les manques", en: "Orders hit by shortages" }
    NoAffectedOrders { fr: "Aucune commande n'a de manque.", en: "No order lacks anything." }
    AffectedMissing { fr: "Manque {units} unité(s) : {amount} en moins ; nouveau total {total}", en: "Lacks {units} unit(s): {amount} less; new total {total}" }
    AffectedToRefund { fr: "À rembourser par carte quand la réception sera terminée : {amount}", en: "To refund by card when reception is complete: {amount}" }
    AffectedRefunded { fr: "Remboursé par carte : {amount}", en: "Refunded by card: {amount}" }
    AffectedDue { fr: "Reste dû par l'acheteur : {amount} (à encaisser au retrait)", en: "Still owed by the buyer: {amount} (collect at pickup)" }
    AffectedAtPickup { fr: "Paiement au retrait : {amount}", en: "Pays at pickup: {amount}" }
    CompleteReception { fr: "Terminer la réception", en: "Complete reception" }
    CompleteReceptionHint { fr: "Les manques des commandes payées par carte sont remboursés quand la réception est terminée (ou quand le cycle est marqué livré). Avant, un recomptage corrige tout ; après, une quantité plus basse est remboursée aussitôt et une plus haute apparaît comme reste dû.", en: "Card-paid orders are refunded for what is missing when reception is complete (or when the cycle is marked delivered). Before that, a recount corrects everything; after it, a lower count is refunded at once and a higher one shows as an amount due." }
    ConfirmCompleteReception { fr: "Les remboursements partent aussitôt vers Stripe et ne peuvent pas être repris. Confirmez :", en: "Refunds go to Stripe at once and cannot be taken back. Confirm:" }
    ReceptionCompletedAt { fr: "Réception terminée le {when}.", en: "Reception completed on {when}." }
    ReceptionCompletedNow { fr: "Réception terminée : {n} remboursement(s) envoyé(s), {amount} en tout.", en: "Reception completed: {n} refund(s) sent, {amount} in all." }
    CardPayBeforeClosing { fr: "Payez avant la clôture du cycle : un paiement qui arrive après la clôture est refusé et remboursé.", en: "Pay before the cycle closes: a payment that arrives after closing is refused and refunded." }
    ConfirmCloseCycle { fr: "La boutique ne prend plus de commandes. Les commandes par carte encore en attente de paiement sont annulées (un paiement qui arrive ensuite est remboursé), puis les bons de commande partent aux producteurs. Confirmez :", en: "The shop stops taking orders. Card orders still waiting for payment are cancelled (a payment arriving later is refunded), then purchase orders go to producers. Confirm:" }
    ConfirmMarkDelivered { fr: "C'est définitif : la réception et les tournées ne pourront plus être modifiées, et les remboursements des manques partent. Confirmez :", en: "This is final: reception and rounds can no longer be changed, and shortage refunds go out. Confirm:" }
    CycleClosedDone { fr: "Cycle clos : {po} bon(s) de commande envoyé(s) aux producteurs ; {unpaid} commande(s) par carte non payée(s) annulée(s).", en: "Cycle closed: {po} purchase order(s) sent to producers; {unpaid} unpaid card order(s) cancelled." }
    CycleOpenedDone { fr: "Cycle ouvert : la boutique prend les commandes.", en: "Cycle open: the shop takes orders." }
    CycleDeliveredDone { fr: "Cycle marqué livré ; {refunds} remboursement(s) de manques envoyé(s).", en: "Cycle marked delivered; {refunds} shortage refund(s) sent." }
    CycleArchivedDone { fr: "Cycle archivé.", en: "Cycle archived." }
    CycleScheduledDone { fr: "Ouverture programmée : le cycle ouvrira seul à l'heure prévue.", en: "Opening scheduled: the cycle will open by itself at its time." }
    CycleUnscheduledDone { fr: "Ouverture déprogrammée.", en: "Opening unscheduled." }
    PrepareNextWeek { fr: "Préparer la semaine suivante", en: "Prepare the following week" }
    PrepareNextWeekHint {
        fr: "Crée un brouillon avec les mêmes produits, prix et créneaux, une semaine plus tard (ou plus, si ce cycle est déjà passé). Rien n'ouvre sans vous.",
        en: "Creates a draft with the same products, prices and slots a week later (or more, if this cycle is already past). Nothing opens without you.",
    }
    CycleCopied {
        fr: "Semaine suivante préparée : ce brouillon reprend les produits, les prix et les créneaux, dates décalées. Vérifiez-le, puis programmez l'ouverture.",
        en: "Following week prepared: this draft takes the products, prices and slots, with the dates moved on. Check it, then schedule the opening.",
    }
    CycleCopyName { fr: "{name} (copie)", en: "{name} (copy)" }
    ErrCycleTooOldToCopy {
        fr: "Ce cycle date de plus d'un an : créez plutôt un nouveau cycle.",
        en: "This cycle is more than a year old: create a new cycle instead.",
    }
    NextStepReception { fr: "Étape suivante : la réception des produits", en: "Next step: receiving the goods" }
    DeskPickupOnly { fr: "Les commandes à retirer ici. Les livraisons à domicile sont sur les feuilles de route.", en: "Orders collected here. Home deliveries are on the drivers' manifests." }
    DeskBasketContents { fr: "Dans le panier", en: "In the basket" }
    DeskDue { fr: "À encaisser : {amount}", en: "To collect: {amount}" }
    DeskPaidAndHandOver { fr: "Paiement reçu ({amount}) et panier remis", en: "Payment received ({amount}) and basket handed over" }
    DeskHandOverUnpaid { fr: "Remettre sans encaisser", en: "Hand over without payment" }
    DeskRecordPayment { fr: "Paiement reçu ({amount})", en: "Payment received ({amount})" }
    DeskHandedOver { fr: "Commande n° {number} enregistrée.", en: "Order no. {number} recorded." }
    ErrRoundsBusy { fr: "Les tournées de ce cycle sont déjà en cours de calcul : attendez le résultat.", en: "This cycle's rounds are already being computed: wait for the result." }
    // —— checkout, shop and order page ——
    PayOnDelivery { fr: "Paiement à la livraison", en: "Pay on delivery" }
    PayAtPickupHint { fr: "Au point de retrait, en récupérant votre panier.", en: "At the pickup point, when you collect your basket." }
    PayOnDeliveryHint { fr: "Au livreur, à votre porte.", en: "To the driver, at your door." }
    ErrChoosePayment { fr: "Choisissez comment payer.", en: "Choose how to pay." }
    PayOnHandOver { fr: "Paiement sur place : au retrait, ou au livreur pour une livraison", en: "Pay on hand-over: at pickup, or to the driver for a delivery" }
    ErrBelowMinimumBy { fr: "La livraison à domicile demande au moins {minimum} d'achats : il manque {missing}.", en: "Home delivery needs at least {minimum} of shopping: {missing} more to go." }
    BelowMinimumMissing { fr: "Livraison dès {minimum} d'achats : il manque {missing}.", en: "Delivery from {minimum} of shopping: {missing} more to go." }
    SlotFeeAndTotal { fr: "Frais de livraison {fee} · total {total}", en: "Delivery fee {fee} · total {total}" }
    SlotFreeAndTotal { fr: "Sans frais · total {total}", en: "No fee · total {total}" }
    TotalFollowsSlot { fr: "Chaque créneau indique son total, frais de livraison compris.", en: "Each slot shows its total, delivery fee included." }
    WholeCatalogue { fr: "Tout le catalogue", en: "The whole catalogue" }
    NotOnSaleThisWeek { fr: "Pas en vente cette semaine", en: "Not on sale this week" }
    NotOnSaleInCycle { fr: "Le cycle « {cycle} » est ouvert, mais {n} de vos déclinaisons n'y sont pas en vente (marquées ci-dessous) : l'équipe du hub les voit sur la page du cycle et peut les mettre en vente.", en: "The cycle \"{cycle}\" is open, but {n} of your variants are not on sale in it (marked below): hub staff see them on the cycle's page and can put them on sale." }
    NewProductsTitle { fr: "Nouveaux produits, pas encore en vente", en: "New products, not on sale yet" }
    NewProductsHint { fr: "Ajoutés ou réactivés au catalogue depuis que l'offre du cycle a été faite : ils ne sont en vente nulle part tant qu'ils ne sont pas ajoutés ici.", en: "Added or reactivated in the catalogue since the cycle's offer was made: they are on sale nowhere until added here." }
    PutOnSale { fr: "Mettre en vente", en: "Put on sale" }
    NewProductsWaiting { fr: "{n} déclinaison(s) du catalogue ne sont pas en vente dans ce cycle : les voir", en: "{n} variant(s) of the catalogue are not on sale in this cycle: see them" }
    ErrChooseProducts { fr: "Cochez au moins un produit.", en: "Tick at least one product." }
    ErrReorderOpenCycle { fr: "Cette commande est celle du cycle en cours : modifiez-la ou ajoutez-y des produits.", en: "This order is the current cycle's: change it or add products to it instead." }
    OrderProductAdded { fr: "Produit ajouté à votre commande.", en: "Product added to your order." }
    OrderCancelledNotice { fr: "Votre commande est annulée ; les produits sont remis en vente.", en: "Your order is cancelled; its products are back on sale." }
    CardOrderFixedHint { fr: "Une commande payée d'avance (carte, avoir) ou au prix solidaire garde ses produits : pour en changer, annulez-la (remboursement) et commandez à nouveau.", en: "An order paid in advance (card, credit) or at the solidarity price keeps its products: to change them, cancel it (refunded) and order again." }
    AddToOrderTitle { fr: "Ajouter un produit à cette commande", en: "Add a product to this order" }
    AddToOrder { fr: "Ajouter à la commande", en: "Add to the order" }

    GovCatProducer { fr: "Producteur ou productrice", en: "Producer" }
    GovCatShopkeeper { fr: "Commerce", en: "Shop" }
    GovCatResident { fr: "Habitant ou habitante", en: "Resident" }
    GovCatWorker { fr: "Salarié ou salariée", en: "Worker" }
    GovCatAssociation { fr: "Association", en: "Association" }
    GovCatLocalAuthority { fr: "Collectivité locale", en: "Local authority" }
    GovCatCompany { fr: "Entreprise", en: "Company" }
    GovStatusApplied { fr: "Candidature en attente", en: "Application pending" }
    GovStatusRefused { fr: "Candidature refusée", en: "Application refused" }
    GovStatusActive { fr: "Sociétaire", en: "Member" }
    GovStatusLeaving { fr: "Départ demandé", en: "Leaving" }
    GovStatusLeft { fr: "Parti", en: "Left" }
    GovAssemblyOrdinary { fr: "Assemblée générale ordinaire", en: "Ordinary general assembly" }
    GovAssemblyExtraordinary { fr: "Assemblée générale extraordinaire", en: "Extraordinary general assembly" }
    GovAssemblyConvened { fr: "Convoquée", en: "Convened" }
    GovAssemblyOpen { fr: "Vote ouvert", en: "Voting open" }
    GovAssemblyClosed { fr: "Close, résultats publiés", en: "Closed, results published" }
    GovMoveSubscribed { fr: "Souscription", en: "Subscribed" }
    GovMovePaid { fr: "Libération (paiement)", en: "Paid up" }
    GovMoveTransferredIn { fr: "Cession reçue", en: "Transferred in" }
    GovMoveTransferredOut { fr: "Cession", en: "Transferred out" }
    GovMoveRefunded { fr: "Remboursement", en: "Refunded" }
    GovMajoritySimple { fr: "majorité simple (plus de la moitié)", en: "simple majority (more than half)" }
    GovMajorityTwoThirds { fr: "majorité des deux tiers", en: "two-thirds majority" }
    GovPayTransfer { fr: "Virement bancaire", en: "Bank transfer" }
    GovPayCheque { fr: "Chèque", en: "Cheque" }
    ErrCollegesTooFew { fr: "Une SCIC compte au moins trois collèges.", en: "A SCIC has at least three colleges." }
    ErrCollegeWeightRange {
        fr: "Chaque collège pèse entre 10 % et 50 % des voix (loi du 10 septembre 1947, art. 19 octies).",
        en: "Each college carries between 10% and 50% of the votes (law of 10 September 1947, art. 19 octies).",
    }
    ErrCollegeWeightSum { fr: "Les poids des collèges doivent faire 100 % au total.", en: "The colleges' weights must add up to 100%." }
    ErrShareMovement { fr: "Ce mouvement de parts n'est pas valable.", en: "This share movement is not valid." }
    ErrShareHoldingNegative {
        fr: "Ce mouvement rendrait le nombre de parts ou le montant versé négatif.",
        en: "This movement would make the shares or the amount paid negative.",
    }
    ErrQuorum { fr: "Le quorum est une fraction entre 0 et 1, par exemple 1/4.", en: "The quorum is a fraction between 0 and 1, e.g. 1/4." }
    ErrShareCount { fr: "Indiquez un nombre de parts entre 1 et 10 000.", en: "Enter a number of shares between 1 and 10,000." }
    ErrSharesBelowMinimum {
        fr: "C'est moins que le minimum de parts fixé pour cette catégorie.",
        en: "This is below the minimum number of shares set for this category.",
    }
    ErrSharePayment { fr: "Choisissez un mode de paiement des parts.", en: "Choose how you pay for the shares." }
    ErrMemberCategory { fr: "Choisissez une catégorie de sociétaire.", en: "Choose a member category." }
    ErrMemberName { fr: "Indiquez un nom (120 caractères au plus).", en: "Enter a name (at most 120 characters)." }
    ErrMemberRegistration {
        fr: "Le numéro SIREN ou RNA ne contient que des lettres et des chiffres (20 au plus).",
        en: "The SIREN or RNA number has letters and digits only (at most 20).",
    }
    ErrMemberRepresentative {
        fr: "Une organisation désigne la personne qui vote pour elle (120 caractères au plus).",
        en: "An organisation names the person who votes for it (at most 120 characters).",
    }
    ErrMemberAddress { fr: "Indiquez une adresse postale (300 caractères au plus).", en: "Enter a postal address (at most 300 characters)." }
    ErrProposalTitle { fr: "Donnez un titre à la résolution (160 caractères au plus).", en: "Give the resolution a title (at most 160 characters)." }
    ErrProposalText { fr: "Écrivez le texte de la résolution (4 000 caractères au plus).", en: "Write the resolution's text (at most 4,000 characters)." }
    ErrProposalOptions {
        fr: "Un choix a de 2 à 10 options distinctes, une par ligne (ou aucune pour un vote pour / contre).",
        en: "A choice has 2 to 10 distinct options, one per line (or none for a for / against vote).",
    }
    ErrMemberCategoryClosed {
        fr: "La coopérative n'a pas encore ouvert cette catégorie (aucun collège ne l'accueille).",
        en: "The cooperative has not opened this category yet (no college takes it).",
    }
    ErrAlreadyMember { fr: "Vous avez déjà une candidature ou une adhésion en cours.", en: "You already have an application or a membership." }
    ErrApplicationDecided { fr: "Cette candidature a déjà été traitée.", en: "This application has already been decided." }
    ErrRefusalReason { fr: "Donnez la raison du refus (500 caractères au plus).", en: "Give the reason for refusing (at most 500 characters)." }
    ErrNotActiveMember { fr: "Réservé aux sociétaires.", en: "For members only." }
    ErrShareAmount { fr: "Indiquez un montant en euros, par exemple 20 ou 20,50.", en: "Enter an amount in euros, e.g. 20 or 20.50." }
    ErrShareReference { fr: "Indiquez une référence (n° de virement, de chèque…).", en: "Enter a reference (transfer or cheque number…)." }
    ErrShareDate { fr: "Indiquez une date passée ou d'aujourd'hui.", en: "Enter a date in the past or today." }
    ErrCollegeName { fr: "Chaque collège a un nom (80 caractères au plus).", en: "Each college has a name (at most 80 characters)." }
    ErrCollegeCategories {
        fr: "Chaque catégorie vote dans un seul collège, avec un minimum de 1 à 10 000 parts.",
        en: "Each category votes in one college only, with a minimum of 1 to 10,000 shares.",
    }
    ErrCollegesDefined {
        fr: "Les collèges sont déjà définis : leurs poids ne changent que par une décision d'assemblée.",
        en: "The colleges are already defined: their weights change only through an assembly's decision.",
    }
    ErrCollegeDecision {
        fr: "Choisissez une décision adoptée par une assemblée et pas encore appliquée.",
        en: "Choose a decision adopted by an assembly and not yet applied.",
    }
    ErrAssemblyKind { fr: "Choisissez le type d'assemblée.", en: "Choose the kind of assembly." }
    ErrAssemblyWindow {
        fr: "Indiquez l'ouverture et la clôture du vote (la clôture après l'ouverture, 60 jours au plus).",
        en: "Enter when voting opens and closes (closing after opening, at most 60 days).",
    }
    ErrAssemblyAgenda { fr: "L'ordre du jour compte de 1 à 20 résolutions.", en: "The agenda has 1 to 20 resolutions." }
    ErrAssemblyNotice {
        fr: "Le vote ne peut ouvrir qu'après le délai de convocation fixé par la coopérative.",
        en: "Voting can open only after the notice period the cooperative sets.",
    }
    ErrProxyWindow { fr: "Les procurations se donnent et se retirent avant l'ouverture du vote.", en: "Proxies are given and taken back before voting opens." }
    ErrProxyHolder { fr: "Aucun sociétaire avec ce numéro ne peut recevoir votre procuration.", en: "No member with this number can hold your proxy." }
    ErrProxyCollege { fr: "Une procuration se donne à un sociétaire du même collège.", en: "A proxy goes to a member of the same college." }
    ErrProxyChain {
        fr: "Une procuration ne se transmet pas : ce sociétaire a lui-même donné la sienne, ou vous en détenez.",
        en: "Proxies are not passed on: this member gave theirs, or you hold some.",
    }
    ErrProxyLimit { fr: "Ce sociétaire détient déjà le nombre maximum de procurations.", en: "This member already holds the most proxies allowed." }
    ErrVoteClosed { fr: "Le vote n'est pas ouvert.", en: "Voting is not open." }
    ErrVoteNotEntitled { fr: "Vous ne pouvez pas voter pour ce sociétaire.", en: "You cannot vote for this member." }
    ErrVoteChoices { fr: "Choisissez une réponse valable pour chaque résolution.", en: "Choose a valid answer for each resolution." }
    ErrAlreadyVoted { fr: "Ce vote a déjà été enregistré : un vote est définitif.", en: "This vote is already recorded: a vote is final." }
    ErrMemberNumber { fr: "Aucun sociétaire ne porte ce numéro.", en: "No member has this number." }
    NavCooperative { fr: "Ma coopérative", en: "My cooperative" }
    NavRegister { fr: "Registre des associés", en: "Members' register" }
    GovMembershipTitle { fr: "Sociétaire de la coopérative", en: "Member of the cooperative" }
    GovApplyIntro {
        fr: "La coopérative appartient à ses sociétaires : producteurs, usagers, salariés et partenaires. Une part sociale vaut {value} ; chaque catégorie a son minimum et vote dans son collège.",
        en: "The cooperative belongs to its members: producers, users, workers and partners. A share is worth {value}; each category has its minimum and votes in its college.",
    }
    GovRefusedBecause { fr: "Votre candidature a été refusée : {reason}", en: "Your application was refused: {reason}" }
    GovNoCategories { fr: "La coopérative n'a pas encore défini ses collèges : les adhésions ouvriront bientôt.", en: "The cooperative has not defined its colleges yet: applications open soon." }
    GovCategory { fr: "Catégorie de sociétaire", en: "Member category" }
    GovCategoryOption { fr: "{category} (collège {college}, {min} part(s) au moins)", en: "{category} ({college} college, at least {min} share(s))" }
    GovName { fr: "Nom (ou raison sociale)", en: "Name (or legal name)" }
    GovNameHint { fr: "Tel qu'il figurera au registre des associés.", en: "As it will appear in the members' register." }
    GovRegistration { fr: "N° SIREN ou RNA (organisations)", en: "SIREN or RNA number (organisations)" }
    GovRepresentative { fr: "Personne qui vote pour l'organisation", en: "Person who votes for the organisation" }
    GovRepresentativeHint { fr: "Obligatoire pour une ferme, un commerce, une association, une collectivité ou une entreprise.", en: "Required for a farm, a shop, an association, a local authority or a company." }
    GovAddress { fr: "Adresse postale", en: "Postal address" }
    GovShares { fr: "Nombre de parts", en: "Number of shares" }
    GovPayment { fr: "Paiement des parts", en: "Paying for the shares" }
    GovPaymentHint { fr: "Le conseil enregistre le paiement à réception.", en: "The board records the payment when it arrives." }
    GovPaymentHintCard {
        fr: "Par carte, vous payez tout de suite sur la page sécurisée de Stripe ; par virement ou chèque, le conseil enregistre le paiement à réception.",
        en: "By card, you pay at once on Stripe's secure page; by transfer or cheque, the board records the payment when it arrives.",
    }
    GovPayCard { fr: "Carte bancaire (paiement en ligne sécurisé)", en: "Bank card (secure online payment)" }
    GovPayShares { fr: "Payer mes parts par carte ({amount})", en: "Pay for my shares by card ({amount})" }
    GovCardPending { fr: "Vous avez choisi de payer vos parts par carte : le paiement n'est pas encore arrivé.", en: "You chose to pay for your shares by card: the payment has not arrived yet." }
    GovCardPaid { fr: "Parts payées par carte : {amount}, le {date}.", en: "Shares paid by card: {amount}, on {date}." }
    GovCardRefunded { fr: "Les parts payées par carte vous sont remboursées sur la même carte.", en: "The shares paid by card are refunded to the same card." }
    GovCardReturn { fr: "Merci : votre paiement apparaîtra ici dès que Stripe l'aura confirmé.", en: "Thank you: your payment will show here as soon as Stripe confirms it." }
    GovCardPaidBoard {
        fr: "Payé par carte : {amount} (entré au registre si vous approuvez, remboursé si vous refusez).",
        en: "Paid by card: {amount} (entered in the register if you approve, refunded if you refuse).",
    }
    GovSharesLine { fr: "Parts sociales de {coop}", en: "Shares in {coop}" }
    ErrSharePaymentProvider {
        fr: "Le service de paiement ne répond pas. Votre candidature est gardée : payez vos parts depuis cette page dans un instant.",
        en: "The payment service is not answering. Your application is kept: pay for your shares from this page in a moment.",
    }
    ErrNoSharesToPay { fr: "Aucune part n'attend de paiement par carte.", en: "No shares are awaiting payment by card." }
    ErrSharesPaid { fr: "Ces parts sont déjà payées.", en: "These shares are already paid for." }
    GovApply { fr: "Envoyer ma candidature", en: "Send my application" }
    GovApplied { fr: "Candidature envoyée : le conseil vous répondra.", en: "Application sent: the board will answer you." }
    GovApplicationWaiting { fr: "Votre candidature attend la décision du conseil.", en: "Your application is waiting for the board's decision." }
    GovMemberNumber { fr: "N° de sociétaire", en: "Member number" }
    GovCollege { fr: "Collège", en: "College" }
    GovSharesHeld { fr: "Parts détenues", en: "Shares held" }
    GovSharesPaid { fr: "Versé", en: "Paid" }
    GovSharesAppliedFor { fr: "Parts demandées", en: "Shares applied for" }
    GovSharesDue { fr: "Reste à verser", en: "Still due" }
    GovHistory { fr: "Mouvements de parts", en: "Share movements" }
    GovDate { fr: "Date", en: "Date" }
    GovMovement { fr: "Mouvement", en: "Movement" }
    GovAmount { fr: "Montant", en: "Amount" }
    GovAmountHint { fr: "En euros, par exemple 20 ou 20,50 ; vide si aucun.", en: "In euros, e.g. 20 or 20.50; empty if none." }
    GovReference { fr: "Référence", en: "Reference" }
    GovSeeAssemblies { fr: "Assemblées et votes", en: "Assemblies and votes" }
    GovLeave { fr: "Quitter la coopérative", en: "Leave the cooperative" }
    GovLeaveWarning {
        fr: "Vous restez sociétaire jusqu'au remboursement de vos parts, selon la règle fixée par la coopérative.",
        en: "You stay a member until your shares are refunded, under the rule the cooperative sets.",
    }
    GovLeaveConfirm { fr: "Je demande à partir", en: "I ask to leave" }
    GovLeaveRequested { fr: "Demande de départ enregistrée.", en: "Request to leave recorded." }
    GovAssembliesTitle { fr: "Assemblées générales", en: "General assemblies" }
    GovNoAssemblies { fr: "Aucune assemblée pour le moment.", en: "No assembly yet." }
    GovWindow { fr: "vote du {opens} au {closes}", en: "voting from {opens} to {closes}" }
    GovConvene { fr: "Convoquer une assemblée", en: "Convene an assembly" }
    GovConveneIntro {
        fr: "Chaque sociétaire reçoit la convocation et l'ordre du jour par e-mail. Le vote ouvre après le délai de convocation.",
        en: "Every member gets the notice and agenda by email. Voting opens after the notice period.",
    }
    GovRule { fr: "Quorum : {quorum} des sociétaires ; {majority}.", en: "Quorum: {quorum} of the members; {majority}." }
    GovCollegesWeights { fr: "Collèges", en: "Colleges" }
    GovTurnout { fr: "{voted} sociétaires sur {members} ont voté.", en: "{voted} members out of {members} voted." }
    GovTurnoutByCollege { fr: "Participation par collège", en: "Turnout by college" }
    GovVotedCount { fr: "Votants", en: "Voted" }
    GovElectorate { fr: "Inscrits", en: "Entitled" }
    GovTallyRule {
        fr: "Règle : les abstentions comptent pour le quorum, pas dans les suffrages exprimés. Chaque collège pèse son poids ; un collège sans suffrage exprimé est écarté et les autres sont ramenés à 100 %. Les pourcentages sont arrondis au centième inférieur ; la décision est calculée exactement.",
        en: "Rule: abstentions count for the quorum, not among the votes expressed. Each college carries its weight; a college with no vote expressed is left out and the others scaled to 100%. Percentages are rounded down to a hundredth; the decision is computed exactly.",
    }
    GovAgenda { fr: "Ordre du jour", en: "Agenda" }
    GovFor { fr: "Pour", en: "For" }
    GovAgainst { fr: "Contre", en: "Against" }
    GovAbstain { fr: "Abstention", en: "Abstain" }
    GovAdoptedTitle { fr: "Adoptée", en: "Adopted" }
    GovRejectedTitle { fr: "Rejetée", en: "Rejected" }
    GovQuorumReached { fr: "quorum atteint", en: "quorum reached" }
    GovQuorumMissed { fr: "quorum non atteint", en: "quorum not reached" }
    GovWeightedResult { fr: "Résultat pondéré", en: "Weighted result" }
    GovResultByCollege { fr: "Voix par collège", en: "Votes by college" }
    GovNotCounted { fr: "aucun suffrage exprimé", en: "no vote expressed" }
    GovMyPart { fr: "Mon vote", en: "My vote" }
    GovMeIn { fr: "Sociétaire n° {number}, collège {college}.", en: "Member no. {number}, {college} college." }
    GovProxyTo { fr: "Vous avez donné procuration à {name} (n° {number}).", en: "You gave your proxy to {name} (no. {number})." }
    GovProxyRevoke { fr: "Reprendre ma procuration", en: "Take my proxy back" }
    GovVoteOpensLater { fr: "Le vote n'est pas encore ouvert. Vous pouvez donner procuration à un sociétaire de votre collège.", en: "Voting is not open yet. You can give your proxy to a member of your college." }
    GovProxiesHeld { fr: "Vous détenez {count} procuration(s).", en: "You hold {count} proxy(ies)." }
    GovProxyGive { fr: "N° du sociétaire qui votera pour vous ({max} procurations au plus par personne)", en: "Number of the member who will vote for you (at most {max} proxies each)" }
    GovProxyGiveButton { fr: "Donner procuration", en: "Give my proxy" }
    GovProxyGiven { fr: "Procuration donnée.", en: "Proxy given." }
    GovProxyRevoked { fr: "Procuration reprise.", en: "Proxy taken back." }
    GovYouVoted { fr: "Vous avez voté. Votre bulletin est secret et définitif.", en: "You have voted. Your ballot is secret and final." }
    GovVotedFor { fr: "Vote enregistré pour {name}.", en: "Vote recorded for {name}." }
    GovYourBallot { fr: "Votre bulletin", en: "Your ballot" }
    GovBallotFor { fr: "Bulletin de {name} (procuration)", en: "Ballot of {name} (proxy)" }
    GovVote { fr: "Voter", en: "Vote" }
    GovVoteFinal { fr: "Un vote est définitif : il ne pourra plus être changé. Il est secret : personne ne pourra le relier à vous.", en: "A vote is final: it cannot be changed. It is secret: nobody can link it to you." }
    GovVoteConfirm { fr: "Confirmer mon vote", en: "Confirm my vote" }
    GovVoted { fr: "Vote enregistré.", en: "Vote recorded." }
    GovNothingToVote { fr: "Vous avez donné votre procuration : son détenteur vote pour vous.", en: "You gave your proxy: its holder votes for you." }
    GovClosedNote { fr: "Le vote est clos ; les résultats sont ci-dessous.", en: "Voting is closed; the results are below." }
    GovDecisionsTitle { fr: "Registre des délibérations", en: "Decisions register" }
    GovDecisionsIntro { fr: "Chaque résolution votée, numérotée sans trou ; imprimez cette page pour le procès-verbal.", en: "Every resolution voted, numbered without gaps; print this page for the minutes." }
    GovNoDecisions { fr: "Aucune délibération pour le moment.", en: "No decision yet." }
    GovDecisionNumber { fr: "Délibération n° {number} : {title}", en: "Decision no. {number}: {title}" }
    GovRegisterTitle { fr: "Sociétaires", en: "Members" }
    GovApplications { fr: "Candidatures", en: "Applications" }
    GovNoApplications { fr: "Aucune candidature en attente.", en: "No application waiting." }
    GovSharesApplied { fr: "{count} part(s) demandée(s)", en: "{count} share(s) applied for" }
    GovApprove { fr: "Accepter", en: "Approve" }
    GovApproveConfirm { fr: "Accepter {name} comme sociétaire et inscrire ses parts au registre ?", en: "Approve {name} as a member and enter their shares in the register?" }
    GovApproved { fr: "Candidature acceptée.", en: "Application approved." }
    GovRefuse { fr: "Refuser", en: "Refuse" }
    GovRefusalReason { fr: "Raison du refus (elle sera communiquée)", en: "Reason for refusing (it will be shown)" }
    GovRefused { fr: "Candidature refusée.", en: "Application refused." }
    GovRegister { fr: "Registre des associés", en: "Members' register" }
    GovRegisterCsv { fr: "Télécharger le registre (CSV)", en: "Download the register (CSV)" }
    GovRegisterCount { fr: "{count} sociétaire(s) inscrit(s)", en: "{count} member(s) registered" }
    GovStatus { fr: "Statut", en: "Status" }
    GovRecordMovement { fr: "Enregistrer un mouvement de parts", en: "Record a share movement" }
    GovRecord { fr: "Enregistrer", en: "Record" }
    GovMovementRecorded { fr: "Mouvement enregistré.", en: "Movement recorded." }
    GovCollegesTitle { fr: "Collèges de vote", en: "Voting colleges" }
    GovCollegesRule {
        fr: "SCIC : au moins trois collèges, chacun entre 10 % et 50 % des voix, 100 % au total (loi du 10 septembre 1947, art. 19 octies). Une fois définis, les poids ne changent que par une décision d'assemblée.",
        en: "SCIC: at least three colleges, each between 10% and 50% of the votes, 100% in all (law of 10 September 1947, art. 19 octies). Once defined, the weights change only through an assembly's decision.",
    }
    GovCollegeName { fr: "Nom du collège", en: "College name" }
    GovCollegeNameN { fr: "Nom du collège {n}", en: "Name of college {n}" }
    GovWeight { fr: "Poids (%)", en: "Weight (%)" }
    GovWeightN { fr: "Poids du collège {n} (%)", en: "Weight of college {n} (%)" }
    GovCollegeOf { fr: "Collège de la catégorie {category}", en: "College of the {category} category" }
    GovMinShares { fr: "Parts minimum", en: "Minimum shares" }
    GovMinSharesOf { fr: "Parts minimum, {category}", en: "Minimum shares, {category}" }
    GovDefineColleges { fr: "Définir les collèges", en: "Define the colleges" }
    GovCategories { fr: "Catégories", en: "Categories" }
    GovMembers { fr: "Sociétaires", en: "Members" }
    GovReweigh { fr: "Changer les poids", en: "Change the weights" }
    GovReweighNeedsDecision { fr: "Pour changer les poids, il faut une décision adoptée par une assemblée et pas encore appliquée.", en: "Changing the weights needs a decision adopted by an assembly and not yet applied." }
    GovDecision { fr: "Décision d'assemblée", en: "Assembly decision" }
    GovAssemblyKind { fr: "Type d'assemblée", en: "Kind of assembly" }
    GovAssemblyTitle { fr: "Titre", en: "Title" }
    GovOpens { fr: "Ouverture du vote", en: "Voting opens" }
    GovCloses { fr: "Clôture du vote", en: "Voting closes" }
    GovResolutionN { fr: "Résolution {n}", en: "Resolution {n}" }
    GovProposalTitle { fr: "Titre de la résolution", en: "Resolution title" }
    GovProposalText { fr: "Texte soumis au vote", en: "Text put to the vote" }
    GovProposalOptions { fr: "Options (une par ligne)", en: "Options (one per line)" }
    GovProposalOptionsHint { fr: "Laissez les options vides pour un vote pour / contre / abstention.", en: "Leave the options empty for a for / against / abstain vote." }
    GovAuditTitle { fr: "Journal d'audit", en: "Audit log" }
    GovAuditIntro { fr: "Chaque changement de rôle, d'adhésion, de parts, de collège et d'assemblée. Personne ne peut le modifier.", en: "Every change of role, membership, shares, colleges and assemblies. Nobody can edit it." }
    GovWho { fr: "Qui", en: "Who" }
    GovWhat { fr: "Quoi", en: "What" }
    GovBefore { fr: "Avant", en: "Before" }
    GovAfter { fr: "Après", en: "After" }
    GovClock { fr: "l'horloge", en: "the clock" }
    ErrShareValue { fr: "La valeur d'une part va de 1 € à 10 000 €.", en: "A share is worth from €1 to €10,000." }
    ErrNoticeDays { fr: "Le délai de convocation va de 0 à 90 jours.", en: "The notice period is 0 to 90 days." }
    ErrMaxProxies { fr: "De 0 à 10 procurations par sociétaire.", en: "From 0 to 10 proxies per member." }
    ErrMajority { fr: "Choisissez une majorité.", en: "Choose a majority." }
    ErrRefundRule { fr: "La règle de remboursement tient en 500 caractères.", en: "The refund rule fits in 500 characters." }
    GovSettingsTitle { fr: "Règles de la coopérative", en: "The cooperative's rules" }
    GovShareValue { fr: "Valeur d'une part (€)", en: "Value of a share (€)" }
    GovNoticeDays { fr: "Délai de convocation (jours)", en: "Notice period (days)" }
    GovMaxProxies { fr: "Procurations par sociétaire, au plus", en: "Proxies per member, at most" }
    GovOrdinaryQuorum { fr: "Quorum, assemblée ordinaire (ex. 1/4)", en: "Quorum, ordinary assembly (e.g. 1/4)" }
    GovOrdinaryMajority { fr: "Majorité, assemblée ordinaire", en: "Majority, ordinary assembly" }
    GovExtraordinaryQuorum { fr: "Quorum, assemblée extraordinaire (ex. 1/3)", en: "Quorum, extraordinary assembly (e.g. 1/3)" }
    GovExtraordinaryMajority { fr: "Majorité, assemblée extraordinaire", en: "Majority, extraordinary assembly" }
    GovRefundRule { fr: "Règle de remboursement des parts", en: "Rule for refunding shares" }
    GovAdopted { fr: "adoptée", en: "adopted" }
    GovRejected { fr: "rejetée", en: "rejected" }
    GovMinutes { fr: "Procès-verbal", en: "Minutes" }
    GovMinutesTitle { fr: "Procès-verbal : {title}", en: "Minutes: {title}" }
    GovMinutesIntro {
        fr: "{coop}, {kind}, convoquée le {convened}. Vote en ligne à bulletin secret du {opens} au {closes}.",
        en: "{coop}, {kind}, convened on {convened}. Secret online ballot from {opens} to {closes}.",
    }
    GovMinutesNotYet { fr: "Le procès-verbal sera établi quand le vote sera clos.", en: "The minutes will be drawn up once voting has closed." }
    GovMinutesClosing {
        fr: "Procès-verbal établi à partir des résultats enregistrés à la clôture du vote, le {date}.",
        en: "Minutes drawn up from the results recorded when voting closed, on {date}.",
    }
    GovDecisionNo { fr: "Délibération n° {number}", en: "Decision no. {number}" }
    GovRegisterPrint { fr: "Registre imprimable", en: "Printable register" }
    GovRegisterPrinted { fr: "{coop} · établi le {date} · {count} associés", en: "{coop} · drawn up on {date} · {count} members" }
    GovRegisterEntry { fr: "N° {number} · {name}", en: "No. {number} · {name}" }
    GovSharesUnit { fr: "part(s)", en: "share(s)" }
    GovNoMovements { fr: "Aucun mouvement.", en: "No movements." }
    MailMemberApprovedSubject { fr: "{coop} : bienvenue, sociétaire n° {number}", en: "{coop}: welcome, member no. {number}" }
    MailMemberApprovedBody {
        fr: "Le conseil a accepté votre candidature : vous êtes sociétaire n° {number}. Vos parts, votre collège et les assemblées sont sur votre page :",
        en: "The board approved your application: you are member no. {number}. Your shares, your college and the assemblies are on your page:",
    }
    MailMemberRefusedSubject { fr: "{coop} : votre candidature", en: "{coop}: your application" }
    MailMemberRefusedBody {
        fr: "Le conseil n'a pas accepté votre candidature, pour la raison suivante : {reason}",
        en: "The board did not approve your application, for this reason: {reason}",
    }
    MailAssemblySubject { fr: "{coop} : convocation, {title}", en: "{coop}: notice of meeting, {title}" }
    MailAssemblyBody {
        fr: "Vous êtes convoqué·e à l'assemblée « {title} ». Le vote en ligne ouvre le {opens} et ferme le {closes}. Ordre du jour :",
        en: "You are invited to the assembly \"{title}\". Online voting opens on {opens} and closes on {closes}. Agenda:",
    }
    MailAssemblyReminderSubject { fr: "{coop} : le vote « {title} » ferme bientôt", en: "{coop}: voting on \"{title}\" closes soon" }
    MailAssemblyReminderBody {
        fr: "Vous n'avez pas encore voté. Le vote ferme le {closes}.",
        en: "You have not voted yet. Voting closes on {closes}.",
    }
    MailAssemblyResultsSubject { fr: "{coop} : résultats, {title}", en: "{coop}: results, {title}" }
    MailAssemblyResultsBody {
        fr: "Le vote « {title} » est clos. Les résultats :",
        en: "Voting on \"{title}\" has closed. The results:",
    }

    ErrLegalName { fr: "Donnez la raison sociale (120 caractères au plus).", en: "Give the legal name (at most 120 characters)." }
    ErrLegalForm { fr: "Donnez la forme juridique, par exemple SCIC SAS à capital variable.", en: "Give the legal form, for example SCIC SAS à capital variable." }
    ErrStreet { fr: "Donnez l'adresse : numéro et rue (200 caractères au plus).", en: "Give the address: number and street (at most 200 characters)." }
    ErrInvoicePostcode { fr: "Le code postal a cinq chiffres, par exemple 59800.", en: "The postcode has five digits, for example 59800." }
    ErrCity { fr: "Donnez la commune (80 caractères au plus).", en: "Give the town (at most 80 characters)." }
    ErrSiren { fr: "Ce numéro SIREN n'est pas valide : neuf chiffres, dont le dernier est une clé de contrôle.", en: "This SIREN number is not valid: nine digits, the last one a check digit." }
    ErrVatNumber { fr: "Ce numéro de TVA ne correspond pas au SIREN : FR, deux chiffres de clé, puis le SIREN.", en: "This VAT number does not match the SIREN: FR, a two-digit key, then the SIREN." }
    ErrRegistry { fr: "L'immatriculation ne doit pas dépasser 120 caractères.", en: "The registration must be at most 120 characters long." }
    ErrCreditNoteReason { fr: "Donnez le motif de l'annulation (300 caractères au plus).", en: "Give the reason for the cancellation (at most 300 characters)." }
    ErrInvoiceCancelled { fr: "Cette facture est déjà annulée par un avoir.", en: "This invoice has already been cancelled by a credit note." }

    BillingTitle { fr: "Identité sur les factures", en: "Identity on invoices" }
    BillingHint { fr: "Les factures émises à partir de maintenant portent ces mentions ; celles déjà émises ne changent pas.", en: "Invoices issued from now on state these details; those already issued do not change." }
    BillingMissing { fr: "À compléter : sans identité légale, les factures ne portent que le nom de la coopérative.", en: "To complete: without a legal identity, invoices state only the cooperative's name." }
    LegalNameLabel { fr: "Raison sociale", en: "Legal name" }
    LegalFormLabel { fr: "Forme juridique", en: "Legal form" }
    StreetLabel { fr: "Adresse (numéro et rue)", en: "Address (number and street)" }
    PostcodeLabel { fr: "Code postal", en: "Postcode" }
    CityLabel { fr: "Commune", en: "Town" }
    SirenLabel { fr: "SIREN", en: "SIREN" }
    VatNumberLabel { fr: "N° de TVA intracommunautaire (facultatif)", en: "EU VAT number (optional)" }
    RegistryLabel { fr: "Immatriculation (facultatif), par exemple RCS Lille Métropole", en: "Registration (optional), for example RCS Lille Métropole" }

    InvoiceTitle { fr: "Facture n° {number}", en: "Invoice no. {number}" }
    CreditNoteTitle { fr: "Avoir n° {number}", en: "Credit note no. {number}" }
    InvoiceSeller { fr: "Vendeur", en: "Seller" }
    InvoiceBuyer { fr: "Client", en: "Buyer" }
    InvoiceSiren { fr: "SIREN {siren}", en: "SIREN {siren}" }
    InvoiceVatNumber { fr: "TVA intracommunautaire {number}", en: "EU VAT number {number}" }
    InvoiceIssued { fr: "Date d'émission", en: "Date of issue" }
    InvoiceSaleDate { fr: "Date de la vente (livraison)", en: "Date of sale (delivery)" }
    InvoiceOrder { fr: "Commande", en: "Order" }
    InvoiceDescription { fr: "Désignation", en: "Description" }
    InvoiceQuantity { fr: "Quantité", en: "Quantity" }
    InvoiceUnitPrice { fr: "Prix unitaire TTC", en: "Unit price incl. VAT" }
    InvoiceVatRate { fr: "Taux de TVA", en: "VAT rate" }
    InvoiceLineHt { fr: "Montant HT", en: "Amount excl. VAT" }
    InvoiceLineTtc { fr: "Montant TTC", en: "Amount incl. VAT" }
    InvoiceVatTitle { fr: "TVA par taux", en: "VAT by rate" }
    InvoiceBase { fr: "Base HT", en: "Taxable amount" }
    InvoiceVatAmount { fr: "TVA", en: "VAT" }
    InvoiceTotalHt { fr: "Total HT", en: "Total excl. VAT" }
    InvoiceTotalVat { fr: "Total TVA", en: "Total VAT" }
    InvoiceTotalTtc { fr: "Total TTC", en: "Total incl. VAT" }
    InvoiceRounding {
        fr: "Prix TTC. Chaque montant HT est le montant TTC divisé par (1 + taux), arrondi au centime le plus proche ; la TVA d'un taux est le total TTC de ce taux moins sa base HT.",
        en: "Prices include VAT. Each amount excluding VAT is the amount including VAT divided by (1 + rate), rounded to the nearest cent; a rate's VAT is that rate's total including VAT minus its taxable amount.",
    }
    InvoiceTermsCard { fr: "Payée par carte bancaire à la commande.", en: "Paid by card with the order." }
    InvoiceTermsPickup { fr: "Payable au retrait du panier.", en: "Payable when the basket is collected." }
    InvoiceTermsBusiness {
        fr: "Pas d'escompte pour paiement anticipé. Pénalités de retard : trois fois le taux d'intérêt légal ; indemnité forfaitaire pour frais de recouvrement : 40 €.",
        en: "No discount for early payment. Late payment: three times the legal interest rate, plus a fixed recovery fee of €40.",
    }
    InvoiceCancels { fr: "Annule la facture n° {number} du {date}.", en: "Cancels invoice no. {number} of {date}." }
    InvoiceCancelledBy { fr: "Annulée par l'avoir n° {number} du {date}.", en: "Cancelled by credit note no. {number} of {date}." }
    InvoiceReason { fr: "Motif", en: "Reason" }
    InvoicePrint { fr: "Imprimer ou enregistrer en PDF", en: "Print or save as PDF" }
    InvoiceXml { fr: "Facture électronique (XML EN 16931)", en: "E-invoice (EN 16931 XML)" }
    InvoiceCancel { fr: "Annuler par un avoir", en: "Cancel with a credit note" }
    InvoiceCancelHint {
        fr: "Une facture émise n'est jamais supprimée : un avoir du même montant l'annule. C'est définitif.",
        en: "An issued invoice is never deleted: a credit note of the same amount cancels it. This is final.",
    }
    InvoiceCancelReason { fr: "Motif de l'annulation", en: "Reason for the cancellation" }
    InvoiceCancelDone { fr: "Avoir émis.", en: "Credit note issued." }
    InvoiceCancelledBadge { fr: "annulée", en: "cancelled" }
    OrderInvoices { fr: "Factures", en: "Invoices" }
    InvoicesTitle { fr: "Factures et avoirs", en: "Invoices and credit notes" }
    InvoicesYear { fr: "Année", en: "Year" }
    InvoicesEmpty { fr: "Aucune facture cette année : elles sont émises quand un cycle est livré.", en: "No invoices this year: they are issued when a cycle is delivered." }
    NavInvoices { fr: "Factures", en: "Invoices" }
    Show { fr: "Afficher", en: "Show" }
    ErrExecutionDate { fr: "Choisissez une date d'exécution entre aujourd'hui et dans 60 jours.", en: "Choose an execution date between today and 60 days from now." }
    ErrCoopBankAccount { fr: "Indiquez d'abord l'IBAN et le BIC de la coopérative dans les réglages : les virements partent de ce compte.", en: "First enter the cooperative's IBAN and BIC in the settings: the transfers are paid from that account." }
    ErrNoStatementToPay { fr: "Aucun relevé à payer : ils sont déjà dans un lot, ou leurs producteurs n'ont pas donné d'IBAN.", en: "No statement to pay: they are already in a batch, or their producers have not given an IBAN." }
    ErrAccountHolder { fr: "Donnez le nom du titulaire du compte (70 caractères au plus).", en: "Give the account holder's name (at most 70 characters)." }
    ErrIban { fr: "Cet IBAN n'est pas valide : vérifiez-le sur votre RIB (FR76 suivi de 23 caractères pour un compte français).", en: "This IBAN is not valid: check it against your bank details (FR76 and 23 more characters for a French account)." }
    ErrBic { fr: "Ce BIC n'est pas valide : 8 ou 11 caractères, par exemple CEPAFRPP.", en: "This BIC is not valid: 8 or 11 characters, for example CEPAFRPP." }

    CoopIbanLabel { fr: "IBAN de la coopérative (pour les virements aux producteurs)", en: "The cooperative's IBAN (for transfers to producers)" }
    CoopBicLabel { fr: "BIC de la coopérative", en: "The cooperative's BIC" }
    PayoutsMine { fr: "Mes relevés de ventes", en: "My sales statements" }
    PayoutsMineHint { fr: "Un relevé par cycle livré : ce qui a été livré de vos produits, au prix payé, la TVA et la commission déduites.", en: "One statement per delivered cycle: what was delivered of your products, at the price paid, VAT and commission deducted." }
    PayoutsEmpty { fr: "Aucun relevé : ils sont établis quand un cycle est livré.", en: "No statements: they are drawn up when a cycle is delivered." }
    PayoutTitle { fr: "Relevé de ventes : {cycle}", en: "Sales statement: {cycle}" }
    PayoutPaidOn { fr: "payé le {date}", en: "paid on {date}" }
    PayoutInBatch { fr: "virement en préparation", en: "transfer being prepared" }
    PayoutUnpaid { fr: "à payer", en: "to be paid" }
    PayoutNoBankAccount { fr: "sans IBAN", en: "no IBAN" }
    BankAccountTitle { fr: "Où vous êtes payé", en: "Where you are paid" }
    BankAccountMissing { fr: "Donnez votre IBAN : sans lui, vos relevés ne peuvent pas être virés.", en: "Give your IBAN: without it, your statements cannot be paid by transfer." }
    AccountHolderLabel { fr: "Titulaire du compte", en: "Account holder" }
    IbanLabel { fr: "IBAN", en: "IBAN" }
    BicLabel { fr: "BIC", en: "BIC" }
    PayoutDrawnUp { fr: "Établi le", en: "Drawn up on" }
    PayoutStatus { fr: "Paiement", en: "Payment" }
    PayoutLines { fr: "Produits livrés", en: "Products delivered" }
    PayoutDelivered { fr: "{delivered} livré(s) sur {ordered} commandé(s)", en: "{delivered} delivered of {ordered} ordered" }
    PayoutPerUnit { fr: "{amount} pour vous par unité", en: "{amount} for you per unit" }
    PayoutSales { fr: "Ventes livrées (TTC)", en: "Sales delivered (incl. VAT)" }
    PayoutVat { fr: "TVA collectée", en: "VAT collected" }
    PayoutHub { fr: "Logistique du hub", en: "Hub logistics" }
    PayoutCommission { fr: "Marge de la coopérative", en: "The cooperative's margin" }
    PayoutSolidarity { fr: "Contribution au fonds de solidarité", en: "Solidarity fund contribution" }
    PayoutNet { fr: "À vous verser", en: "To be paid to you" }
    PayoutMissing { fr: "{n} unité(s) manquante(s) à la réception, non payée(s) : elles ont été remboursées aux acheteurs.", en: "{n} unit(s) missing at reception, not paid: the buyers were refunded." }
    PayoutRule { fr: "Calcul", en: "How it is computed" }
    PayoutRuleText { fr: "pour chaque unité livrée, le prix payé moins la TVA, moins les parts du hub, de la coopérative et du fonds de solidarité, chacune un pourcentage du HT arrondi au centime ; les parts font toujours le prix.", en: "for each unit delivered, the price paid less VAT, less the shares of the hub, the cooperative and the solidarity fund, each a percentage of the price before VAT rounded to the cent; the parts always add up to the price." }
    PayoutsTitle { fr: "Versements aux producteurs", en: "Payouts to producers" }
    PayoutsHint { fr: "Chaque cycle livré donne un relevé par producteur. Préparez un lot de virements : le fichier SEPA se dépose sur le site de votre banque.", en: "Each delivered cycle gives one statement per producer. Prepare a batch of transfers: the SEPA file is uploaded to your bank's website." }
    PayoutBatchTitle { fr: "Lots de virements SEPA", en: "SEPA transfer batches" }
    PayoutBatchCreate { fr: "Préparer un lot de virements", en: "Prepare a transfer batch" }
    PayoutBatchHint { fr: "Le lot reprend tous les relevés à payer des producteurs qui ont donné leur IBAN.", en: "The batch takes every statement to be paid of the producers who gave their IBAN." }
    PayoutExecution { fr: "Date d'exécution demandée", en: "Requested execution date" }
    PayoutBatchCreated { fr: "Lot préparé : téléchargez son fichier SEPA.", en: "Batch prepared: download its SEPA file." }
    PayoutBatchPaid { fr: "Lot marqué payé.", en: "Batch marked paid." }
    PayoutBatchesEmpty { fr: "Aucun lot pour l'instant.", en: "No batch yet." }
    PayoutBatch { fr: "Lot n° {id}", en: "Batch no. {id}" }
    PayoutBatchCount { fr: "{count} virement(s)", en: "{count} transfer(s)" }
    PayoutExecutionOn { fr: "Exécution le {date}", en: "Execution on {date}" }
    PayoutBatchFile { fr: "Fichier SEPA (pain.001)", en: "SEPA file (pain.001)" }
    PayoutMarkPaid { fr: "Marquer comme payé", en: "Mark as paid" }
    PayoutsPaidConfirm { fr: "Confirmez que la banque a exécuté ces virements : chaque relevé du lot sera marqué payé, définitivement.", en: "Confirm that the bank executed these transfers: each statement of the batch will be marked paid, for good." }
    NavPayouts { fr: "Versements", en: "Payouts" }
    NavStatements { fr: "Mes relevés", en: "My statements" }
    NavReport { fr: "Comptes", en: "Accounts" }
    OrderShareExplained {
        fr: "Pour chaque produit remis : le prix moins la TVA, moins les parts du hub, de la coopérative et du fonds de solidarité, va au producteur ; la livraison à domicile va à la coopérative. Le même calcul fait les relevés des producteurs.",
        en: "For each product handed over: the price less VAT, less the shares of the hub, the cooperative and the solidarity fund, goes to the producer; home delivery goes to the cooperative. The same computation makes the producers' statements.",
    }
    ErrReturnQuantity { fr: "Indiquez un nombre entier d'unités, au plus ce qui a été remis et pas encore rendu.", en: "Enter a whole number of units, at most what was handed over and not yet returned." }
    ErrReturnReason { fr: "Donnez le motif du retour (280 caractères au plus) : il figure sur l'avoir.", en: "Give the reason for the return (at most 280 characters): it shows on the credit note." }
    ErrReturnNotDelivered { fr: "Cette commande n'a pas été livrée : un retour se fait après la livraison du cycle.", en: "This order was not delivered: a return comes after the cycle's delivery." }
    ErrReturnNotPaid { fr: "Cette commande n'est pas entièrement réglée : encaissez-la d'abord au comptoir.", en: "This order is not fully paid: take the payment at the desk first." }
    ErrReturnNoInvoice { fr: "Cette commande n'a pas de facture en cours (annulée par un avoir) : rien à rendre.", en: "This order has no invoice in force (cancelled by a credit note): nothing to return." }
    ErrInvoiceHasReturns { fr: "Cette facture a déjà des retours (avoirs partiels) : enregistrez les autres retours un par un.", en: "This invoice already has returns (partial credit notes): record the other returns one by one." }
    ReturnsTitle { fr: "Retours après livraison", en: "Returns after delivery" }
    ReturnsHint { fr: "Un produit rapporté est remboursé à l'acheteur (sur son avoir, ou sur sa carte s'il a payé par carte et l'a choisi), un avoir partiel corrige sa facture, et la part du producteur est déduite de son relevé.", en: "A product brought back is refunded to the buyer (to their credit, or to their card if they paid by card and chose so), a partial credit note corrects their invoice, and the producer's part is deducted from their statement." }
    ReturnsFind { fr: "N° de commande", en: "Order number" }
    ReturnsOrder { fr: "Commande n° {number} · {buyer} · {cycle}", en: "Order no. {number} · {buyer} · {cycle}" }
    ReturnsLine { fr: "{delivered} remis · {returned} déjà rendu(s)", en: "{delivered} handed over · {returned} already returned" }
    ReturnsQuantity { fr: "Unités rendues", en: "Units returned" }
    ReturnsReason { fr: "Motif (figure sur l'avoir)", en: "Reason (shows on the credit note)" }
    ReturnsRecord { fr: "Enregistrer le retour", en: "Record the return" }
    ReturnsConfirm { fr: "Le remboursement, l'avoir et la déduction au producteur sont définitifs.", en: "The refund, the credit note and the producer's deduction are final." }
    ReturnsRecorded { fr: "Retour enregistré : l'acheteur est remboursé.", en: "Return recorded: the buyer is refunded." }
    ReturnsNone { fr: "Aucun retour.", en: "No return." }
    ReturnsNothingLeft { fr: "Tout a déjà été rendu.", en: "Everything was already returned." }
    ReturnsRecent { fr: "Derniers retours", en: "Latest returns" }
    ReturnItem { fr: "{quantity} × {what} · {amount}, remboursé {refund}", en: "{quantity} × {what} · {amount}, refunded {refund}" }
    ReturnDeducted { fr: "Retours déduits", en: "Returns deducted" }
    ReturnDeductedItem { fr: "{quantity} × {what} (commande n° {order}) : − {amount}", en: "{quantity} × {what} (order no. {order}): − {amount}" }
    PayoutNetAfterReturns { fr: "À vous verser, retours déduits", en: "To be paid to you, returns deducted" }
    InvoiceCorrects { fr: "Avoir partiel (retour) sur la facture n° {number} du {date}.", en: "Partial credit note (return) on invoice no. {number} of {date}." }
    NavReturns { fr: "Retours", en: "Returns" }
    ReportTitle { fr: "Comptes de l'année {year}", en: "Accounts for {year}" }
    ReportHint { fr: "Par cycle livré, d'après les factures et avoirs émis dans l'année et les relevés des producteurs. Montants TTC sauf mention.", en: "By delivered cycle, from the invoices and credit notes issued in the year and the producers' statements. Amounts include VAT unless stated." }
    ReportEmpty { fr: "Aucune facture cette année : les comptes se remplissent quand un cycle est livré.", en: "No invoices this year: the accounts fill in when a cycle is delivered." }
    ReportDocuments { fr: "{invoices} facture(s), {notes} avoir(s)", en: "{invoices} invoice(s), {notes} credit note(s)" }
    ReportTurnover { fr: "Chiffre d'affaires TTC", en: "Turnover incl. VAT" }
    ReportVat { fr: "TVA collectée", en: "VAT collected" }
    ReportTurnoverHt { fr: "Chiffre d'affaires HT", en: "Turnover excl. VAT" }
    ReportProducers { fr: "Part des producteurs", en: "Producers' share" }
    ReportHub { fr: "Part du hub (logistique des produits)", en: "The hub's share (logistics of the products)" }
    ReportCooperative { fr: "Part de la coopérative (marge, livraisons à domicile, avoirs déduits)", en: "The cooperative's share (margin, home deliveries, credit notes deducted)" }
    ReportSolidarity { fr: "Contribution au fonds de solidarité", en: "Solidarity fund contribution" }
    ReportYearTotal { fr: "Total de l'année", en: "Year total" }
    ReportCsv { fr: "Télécharger pour le comptable (CSV)", en: "Download for the accountant (CSV)" }
    CreditTopUpCard { fr: "Recharge par carte", en: "Top-up by card" }
    CreditTopUpHub { fr: "Recharge reçue au hub", en: "Top-up received at the hub" }
    CreditRefund { fr: "Remboursement", en: "Refund" }
    CreditPayment { fr: "Paiement de commande", en: "Order payment" }
    CreditAdjustment { fr: "Ajustement du conseil", en: "Board adjustment" }
    CreditTopUpLine { fr: "Recharge de l'avoir – {coop}", en: "Credit top-up – {coop}" }
    ErrCreditAmount { fr: "Indiquez un montant entre 0,01 € et 500 €.", en: "Enter an amount between €0.01 and €500." }
    ErrCardTopUpAmount { fr: "Une recharge par carte va de 5 € à 500 €.", en: "A card top-up is between €5 and €500." }
    ErrCreditAdjustment { fr: "Indiquez un montant non nul, de 500 € au plus : « 5 » crédite, « -5 » débite.", en: "Enter a non-zero amount of at most €500: \"5\" credits, \"-5\" debits." }
    ErrCreditReason { fr: "Donnez un motif (300 caractères au plus) : il figure au relevé du membre.", en: "Give a reason (at most 300 characters): it shows on the member's statement." }
    ErrCreditNoMember { fr: "Aucun membre de la coopérative n'a cette adresse e-mail.", en: "No member of the cooperative has this email address." }
    ErrCreditOverdraw { fr: "Refusé : l'avoir de ce membre deviendrait négatif.", en: "Refused: this member's credit would go below zero." }
    ErrCreditShort { fr: "Votre avoir ne couvre pas cette commande : choisissez un autre paiement, ou rechargez-le d'abord.", en: "Your credit does not cover this order: choose another payment, or top it up first." }
    ErrTooManyTopUps { fr: "Vous avez déjà ouvert plusieurs recharges aujourd'hui : terminez l'une d'elles, ou réessayez demain.", en: "You have already opened several top-ups today: finish one of them, or try again tomorrow." }
    ErrTopUpProvider { fr: "Le paiement par carte ne répond pas : réessayez dans un instant.", en: "Card payment is not answering: try again in a moment." }
    PayByCredit { fr: "Payer avec mon avoir", en: "Pay with my credit" }
    PayByCreditBalance { fr: "Solde disponible : {amount}", en: "Available balance: {amount}" }
    CreditTitle { fr: "Mon avoir", en: "My credit" }
    CreditHint { fr: "Un avoir auprès de la coopérative : rechargez-le, recevez-y vos remboursements, payez vos commandes avec. Le solde est la somme des mouvements ci-dessous.", en: "Credit with the cooperative: top it up, receive your refunds in it, pay your orders with it. The balance is the sum of the movements below." }
    CreditBalance { fr: "Solde", en: "Balance" }
    CreditEntries { fr: "Mouvements", en: "Movements" }
    CreditEntriesEmpty { fr: "Aucun mouvement pour l'instant.", en: "No movement yet." }
    CreditBalanceAfter { fr: "solde {amount}", en: "balance {amount}" }
    CreditTopUpTitle { fr: "Recharger par carte", en: "Top up by card" }
    CreditTopUpAmount { fr: "Montant (5 € à 500 €)", en: "Amount (€5 to €500)" }
    CreditTopUpButton { fr: "Payer par carte", en: "Pay by card" }
    CreditTopUpDone { fr: "Paiement reçu : votre avoir est crédité dès que la banque le confirme, en général dans la minute.", en: "Payment received: your credit is topped up as soon as the bank confirms it, usually within a minute." }
    CreditTopUpAtHub { fr: "Vous pouvez aussi recharger en espèces ou par chèque au hub.", en: "You can also top up in cash or by cheque at the hub." }
    CreditRefundChoice { fr: "Remboursements de mes commandes payées par carte", en: "Refunds of my orders paid by card" }
    CreditRefundsToCard { fr: "sur ma carte", en: "to my card" }
    CreditRefundsToCredit { fr: "sur mon avoir (utilisable dès la commande suivante)", en: "to my credit (usable from the next order)" }
    CreditRefundsHint { fr: "Les commandes payées avec l'avoir sont toujours remboursées sur l'avoir.", en: "Orders paid with credit are always refunded to credit." }
    NavCredit { fr: "Mon avoir", en: "My credit" }
    CreditAccountsTitle { fr: "Avoirs des membres", en: "Members' credit" }
    CreditAccountsHint { fr: "Enregistrez l'argent reçu au hub pour un membre ; le conseil corrige un avoir par un ajustement motivé, inscrit au journal.", en: "Record money received at the hub for a member; the board corrects a credit with a reasoned adjustment, written to the audit log." }
    CreditRecordTopUp { fr: "Enregistrer une recharge reçue au hub", en: "Record a top-up received at the hub" }
    CreditMemberEmail { fr: "Adresse e-mail du membre", en: "Member's email address" }
    CreditAmountLabel { fr: "Montant reçu", en: "Amount received" }
    CreditNoteLabel { fr: "Note (facultatif : espèces, chèque n°…)", en: "Note (optional: cash, cheque no.…)" }
    CreditAdjustTitle { fr: "Ajuster un avoir", en: "Adjust a credit" }
    CreditAdjustAmount { fr: "Montant (« 5 » crédite, « -5 » débite)", en: "Amount (\"5\" credits, \"-5\" debits)" }
    CreditReasonLabel { fr: "Motif", en: "Reason" }
    CreditAdjustConfirm { fr: "Confirmez l'ajustement : un mouvement ne s'efface pas, une erreur se corrige par un autre ajustement.", en: "Confirm the adjustment: a movement cannot be erased, a mistake is corrected by another adjustment." }
    CreditRecordConfirm { fr: "Confirmez que vous avez reçu cet argent : le mouvement ne s'efface pas.", en: "Confirm you received this money: the movement cannot be erased." }
    CreditAccountsEmpty { fr: "Aucun membre n'a d'avoir pour l'instant.", en: "No member has credit yet." }
    NavCreditAccounts { fr: "Avoirs", en: "Credit" }
    Record { fr: "Enregistrer", en: "Record" }
    FundRoundUp { fr: "Arrondi à l'euro", en: "Round-up to the euro" }
    FundDonation { fr: "Don", en: "Donation" }
    FundMargin { fr: "Contribution des ventes livrées", en: "Contribution of the sales delivered" }
    FundDiscount { fr: "Prix solidaire payé", en: "Solidarity price paid" }
    FundReturn { fr: "Prix solidaire rendu (commande annulée)", en: "Solidarity price returned (order cancelled)" }
    ErrSolidarityRate { fr: "Indiquez un pourcentage entre 0 et 50, deux décimales au plus.", en: "Enter a percentage between 0 and 50, at most two decimals." }
    ErrGrantUntil { fr: "Choisissez une date de fin entre demain et la durée permise.", en: "Choose an end date between tomorrow and the period allowed." }
    ErrDonation { fr: "Indiquez un montant entre 0,01 € et 10 000 €.", en: "Enter an amount between €0.01 and €10,000." }
    ErrPartnerName { fr: "Donnez le nom de l'association (120 caractères au plus).", en: "Give the association's name (at most 120 characters)." }
    ErrRoundUpNeedsPrepay { fr: "L'arrondi solidaire se règle par carte ou avec l'avoir : choisissez l'un des deux, ou décochez l'arrondi.", en: "The solidarity round-up is paid by card or with credit: choose one of them, or untick the round-up." }
    FundTitle { fr: "Fonds de solidarité", en: "Solidarity fund" }
    FundHint { fr: "Le fonds paie la différence du prix solidaire. Il est alimenté par les arrondis à l'euro, les dons et une contribution prise sur le prix des ventes ; son solde ne descend jamais sous zéro. Les mouvements sont publics, sans aucun nom.", en: "The fund pays the difference of the solidarity price. It is fed by round-ups to the euro, donations and a contribution taken from the price of sales; its balance never goes below zero. Its movements are public, without any name." }
    FundBalance { fr: "Solde du fonds", en: "Fund balance" }
    FundRate { fr: "Prix solidaire : {rate} de remise sur les produits", en: "Solidarity price: {rate} off the products" }
    FundMarginShare { fr: "Contribution des ventes au fonds : {rate} du prix hors TVA (règle générale)", en: "Contribution of sales to the fund: {rate} of the price before VAT (general rule)" }
    FundMembers { fr: "Membres au prix solidaire aujourd'hui : {n}", en: "Members at the solidarity price today: {n}" }
    FundEntries { fr: "Mouvements du fonds", en: "Fund movements" }
    FundEntriesEmpty { fr: "Aucun mouvement pour l'instant.", en: "No movement yet." }
    NavFund { fr: "Solidarité", en: "Solidarity" }
    NavPlatforms { fr: "Plateformes", en: "Platforms" }
    PlatformsTitle { fr: "Accès des plateformes (DFC)", en: "Platforms' access (DFC)" }
    PlatformsHint { fr: "Une autre plateforme (Open Food Network, CoopCircuits…) lit et passe les commandes d'un membre par l'API DFC, avec un jeton que vous créez ici. Les commandes sont payées au retrait.", en: "Another platform (Open Food Network, CoopCircuits…) reads and places a member's orders through the DFC API, with a token you issue here. The orders are paid at pickup." }
    PlatformsApi { fr: "Adresse des commandes : {url}", en: "Orders' address: {url}" }
    PlatformName { fr: "Plateforme", en: "Platform" }
    PlatformAccount { fr: "E-mail du membre pour qui elle commande", en: "Email of the member it orders for" }
    PlatformIssue { fr: "Créer un jeton", en: "Issue a token" }
    PlatformIssued { fr: "Jeton de {platform}, à copier maintenant : il ne sera plus montré.", en: "{platform}'s token, to copy now: it will not be shown again." }
    PlatformsEmpty { fr: "Aucun jeton pour l'instant.", en: "No token yet." }
    PlatformTokenFor { fr: "Pour {account}, créé le {issued}", en: "For {account}, issued {issued}" }
    PlatformLastUsed { fr: "Dernier usage : {at}", en: "Last used: {at}" }
    PlatformNeverUsed { fr: "Jamais utilisé", en: "Never used" }
    PlatformRevoked { fr: "Révoqué le {at}", en: "Revoked {at}" }
    PlatformRevoke { fr: "Révoquer", en: "Revoke" }
    PlatformRevokeConfirm { fr: "Confirmez : la plateforme ne pourra plus lire ni passer de commande avec ce jeton.", en: "Confirm: the platform will no longer read or place orders with this token." }
    SolidarityBoardTitle { fr: "Prix solidaire", en: "Solidarity price" }
    SolidarityRateLabel { fr: "Remise solidaire sur les produits (%)", en: "Solidarity discount on products (%)" }
    SolidaritySplitLink { fr: "Régler la contribution dans la répartition des prix", en: "Set the contribution in the price split" }
    SolidarityDonationTitle { fr: "Enregistrer un don au fonds", en: "Record a donation to the fund" }
    SolidarityDonationAmount { fr: "Montant du don", en: "Donation amount" }
    SolidarityGrantTitle { fr: "Accorder le prix solidaire", en: "Grant the solidarity price" }
    SolidarityGrantUntil { fr: "Jusqu'au", en: "Until" }
    SolidarityGrantsTitle { fr: "Statuts solidaires", en: "Solidarity statuses" }
    SolidarityGrantsEmpty { fr: "Aucun statut en cours.", en: "No status running." }
    SolidarityGrantPeriod { fr: "du {from} au {until}", en: "from {from} to {until}" }
    SolidarityGrantedBy { fr: "accordé par {partner}", en: "granted by {partner}" }
    SolidarityGrantedByBoard { fr: "accordé par le conseil", en: "granted by the board" }
    SolidarityRevoked { fr: "retiré", en: "withdrawn" }
    SolidarityRevoke { fr: "Retirer", en: "Withdraw" }
    SolidarityRevokeConfirm { fr: "Confirmez : le membre paiera le prix normal dès sa prochaine commande.", en: "Confirm: the member will pay the normal price from their next order." }
    SolidarityPartnersTitle { fr: "Associations partenaires", en: "Partner associations" }
    SolidarityPartnersHint { fr: "Le compte d'une association partenaire accorde le prix solidaire, six mois au plus, aux personnes qu'elle accompagne. Il ne voit pas leurs commandes.", en: "A partner association's account grants the solidarity price, for six months at most, to people it follows. It does not see their orders." }
    SolidarityPartnerName { fr: "Nom de l'association", en: "Association's name" }
    SolidarityPartnerAccount { fr: "Adresse e-mail du compte de l'association", en: "Email address of the association's account" }
    SolidarityPartnerAdd { fr: "Ajouter l'association", en: "Add the association" }
    SolidarityPartnersEmpty { fr: "Aucune association partenaire.", en: "No partner association." }
    PartnerTitle { fr: "Prix solidaire : {name}", en: "Solidarity price: {name}" }
    PartnerHint { fr: "Accordez le prix solidaire aux personnes que vous accompagnez, six mois au plus. Elles doivent avoir un compte Maillon. Vous ne voyez pas leurs commandes.", en: "Grant the solidarity price to people you follow, for six months at most. They need a Maillon account. You do not see their orders." }
    NavPartner { fr: "Prix solidaire", en: "Solidarity price" }
    SolidarityYouHaveIt { fr: "Vous bénéficiez du prix solidaire : {amount} de remise sur ce panier, payée par le fonds de solidarité.", en: "You have the solidarity price: {amount} off this cart, paid by the solidarity fund." }
    SolidarityPriceTag { fr: "Prix solidaire {price}", en: "Solidarity price {price}" }
    SolidarityLineRate { fr: "prix solidaire −{rate}", en: "solidarity price −{rate}" }
    FundCategoryRate { fr: "{category} : {rate} de remise", en: "{category}: {rate} off" }
    SolidarityCategoryTitle { fr: "Remise par catégorie", en: "Discount per category" }
    SolidarityCategoryHint { fr: "Une catégorie peut avoir sa propre remise ; les autres gardent la remise générale.", en: "A category may have a discount of its own; the others keep the general discount." }
    SolidarityCategoryEmpty { fr: "Toutes les catégories ont la remise générale.", en: "Every category has the general discount." }
    SolidarityCategoryRate { fr: "Remise de la catégorie (%)", en: "Category's discount (%)" }
    SolidarityCategorySave { fr: "Enregistrer la remise de la catégorie", en: "Save the category's discount" }
    SolidarityCategoryReset { fr: "Revenir à la remise générale", en: "Back to the general discount" }
    SolidarityCategoryResetConfirm { fr: "Confirmez : cette catégorie aura la remise générale.", en: "Confirm: this category will have the general discount." }
    SolidarityDiscountLine { fr: "Prix solidaire (payé par le fonds)", en: "Solidarity price (paid by the fund)" }
    SolidarityPartial { fr: "Le fonds n'a pu couvrir que {covered} sur {wanted} de remise : le reste est au prix normal.", en: "The fund could cover only {covered} of the {wanted} discount: the rest is at the normal price." }
    SolidarityEmptyFund { fr: "Le fonds de solidarité est vide pour l'instant : cette commande est au prix normal.", en: "The solidarity fund is empty for now: this order is at the normal price." }
    RoundUpLabel { fr: "Arrondir à l'euro supérieur pour le fonds de solidarité", en: "Round up to the next euro for the solidarity fund" }
    RoundUpHint { fr: "Par carte ou avec l'avoir. L'arrondi est un don : il reste au fonds même si la commande est annulée.", en: "By card or with credit. The round-up is a donation: it stays with the fund even if the order is cancelled." }
    RoundUpLine { fr: "Arrondi solidaire", en: "Solidarity round-up" }
    YouPay { fr: "Vous payez", en: "You pay" }
    ReportFundIn { fr: "Entrées du fonds dans l'année", en: "Into the fund in the year" }
    ReportFundOut { fr: "Sorties du fonds dans l'année (prix solidaires payés)", en: "Out of the fund in the year (solidarity prices paid)" }
    OdPeriod { fr: "Année des chiffres (celle de la clôture du cycle).", en: "Year of the figures (that of the cycle's closing)." }
    OdCycle { fr: "Numéro du cycle de commande ; vide pour le total de l'année.", en: "Order cycle number; empty for the year's total." }
    OdClosedOn { fr: "Jour de clôture du cycle, heure de la coopérative ; vide pour l'année.", en: "Day the cycle closed, in the cooperative's time; empty for the year." }
    OdSuppressed { fr: "« oui » quand la ligne porte sur moins de 5 foyers : ses chiffres ne sont pas publiés et ne comptent pas dans le total de l'année.", en: "\"oui\" when the row concerns fewer than 5 households: its figures are not published and do not count in the year's total." }
    OdCycles { fr: "Cycles comptés.", en: "Cycles counted." }
    OdOrders { fr: "Commandes confirmées livrées.", en: "Confirmed orders delivered." }
    OdHouseholds { fr: "Foyers servis (acheteurs distincts).", en: "Households served (distinct buyers)." }
    OdProducers { fr: "Producteurs dont des produits ont été livrés (distincts).", en: "Producers with goods delivered (distinct)." }
    OdTurnover { fr: "Ventes TTC, avoirs déduits.", en: "Sales including VAT, credit notes deducted." }
    OdProducersShare { fr: "Part versée aux producteurs (relevés, retours déduits).", en: "Share paid to producers (statements, returns deducted)." }
    OdProducersPct { fr: "Part des producteurs dans les ventes TTC.", en: "Producers' share of sales including VAT." }
    OdDeliveredKg { fr: "Poids des produits livrés.", en: "Weight of the goods delivered." }
    OdHubKm { fr: "Kilomètres des tournées du hub et des dépôts des producteurs au hub.", en: "Kilometres of the hub's rounds and of producers' drop-offs at the hub." }
    OdHubCo2 { fr: "Émissions de ces kilomètres.", en: "Emissions of those kilometres." }
    OdAloneKm { fr: "Scénario de comparaison : chaque producteur livre seul chaque client (aller-retour en fourgon diesel).", en: "Comparison: each producer delivers each customer alone (round trip in a diesel van)." }
    OdAloneCo2 { fr: "Émissions de ce scénario.", en: "Emissions of that scenario." }
    OdCarsKm { fr: "Scénario de comparaison : chaque client va en voiture chez chaque producteur (aller-retour).", en: "Comparison: each customer drives to each producer (round trip)." }
    OdCarsCo2 { fr: "Émissions de ce scénario.", en: "Emissions of that scenario." }
    OdPerKg { fr: "Émissions du hub par kilogramme livré.", en: "The hub's emissions per kilogram delivered." }
    OdFill { fr: "Charge des tournées rapportée à la capacité de leurs véhicules.", en: "Load of the rounds against their vehicles' capacity." }
    OdFundIn { fr: "Entrées du fonds solidaire (arrondis, contribution, retours ; dons pour l'année).", en: "Solidarity fund in (round-ups, contribution, returns; donations for the year)." }
    OdFundOut { fr: "Sorties du fonds solidaire (remises du prix solidaire).", en: "Solidarity fund out (solidarity price discounts)." }
    TransparencyTitle { fr: "Transparence", en: "Transparency" }
    TransparencyIntro { fr: "Ce que la coopérative a vendu, ce qui est revenu aux producteurs, les kilomètres parcourus et leurs émissions, cycle par cycle. Ces chiffres sont des données ouvertes.", en: "What the cooperative sold, what went to the producers, the kilometres driven and their emissions, cycle by cycle. These figures are open data." }
    TransparencyEmpty { fr: "Aucun cycle livré pour l'instant : les chiffres paraîtront après la première livraison.", en: "No cycle delivered yet: the figures will appear after the first delivery." }
    TransparencyYear { fr: "Année {year}", en: "Year {year}" }
    TransparencyYearSuppressed { fr: "Les totaux de l'année portent sur moins de 5 foyers : ils ne sont pas publiés.", en: "The year's totals concern fewer than 5 households: they are not published." }
    TransparencySuppressedCycles { fr: "{n} cycle(s) de moins de 5 foyers ne sont ni détaillés ni comptés dans le total.", en: "{n} cycle(s) with fewer than 5 households are neither detailed nor counted in the total." }
    TransparencyTurnover { fr: "Ventes TTC", en: "Sales incl. VAT" }
    TransparencyProducersShare { fr: "Part des producteurs", en: "Producers' share" }
    TransparencyDeliveredKg { fr: "Livré", en: "Delivered" }
    TransparencyHubKm { fr: "Kilomètres du hub", en: "Hub kilometres" }
    TransparencyHubCo2 { fr: "Émissions du hub", en: "Hub emissions" }
    TransparencyAlone { fr: "Si chaque producteur livrait seul", en: "If each producer delivered alone" }
    TransparencyCars { fr: "Si chaque client allait à la ferme en voiture", en: "If each customer drove to the farm" }
    TransparencyPerKg { fr: "Par kilo livré", en: "Per kilo delivered" }
    TransparencyFill { fr: "Remplissage des tournées", en: "Round fill rate" }
    TransparencyFund { fr: "Fonds solidaire : entrées / sorties", en: "Solidarity fund: in / out" }
    TransparencyPeople { fr: "Producteurs / foyers servis", en: "Producers / households served" }
    TransparencyCycles { fr: "Cycles", en: "Cycles" }
    TransparencyCycle { fr: "Cycle du {date}", en: "Cycle of {date}" }
    TransparencyHidden { fr: "moins de 5 foyers : non publié", en: "fewer than 5 households: not published" }
    TransparencyNoRounds { fr: "sans tournée", en: "no round" }
    TransparencyChartCo2 { fr: "Émissions par cycle (kgCO2e) : le hub, chaque producteur seul, chaque client en voiture", en: "Emissions per cycle (kgCO2e): the hub, each producer alone, each customer driving" }
    TransparencyChartShare { fr: "Ventes par cycle (€) et part des producteurs", en: "Sales per cycle (€) and producers' share" }
    TransparencyFactors { fr: "Facteurs d'émission et méthode", en: "Emission factors and method" }
    TransparencyFactorsFuel { fr: "Gazole routier : {diesel} kgCO2e par litre ; électricité en France continentale : {elec} kgCO2e par kWh (du puits à la roue). Source : arrêté du 26 avril 2017 pris pour l'application du décret n° 2017-639 (information sur la quantité de gaz à effet de serre des prestations de transport).", en: "Road diesel: {diesel} kgCO2e per litre; electricity in mainland France: {elec} kgCO2e per kWh (well to wheel). Source: order of 26 April 2017 applying decree no. 2017-639 (greenhouse-gas information for transport services)." }
    TransparencyFactorsVehicles { fr: "Consommations retenues : vélo-cargo électrique {bike} kWh/km, fourgon électrique {evan} kWh/km, fourgon diesel {van} L/km, voiture {car} L/km. Pour comparer avec des valeurs qui comptent aussi la fabrication des véhicules : ADEME, Base Empreinte et Impact CO2 (impactco2.fr).", en: "Consumption used: electric cargo bike {bike} kWh/km, electric van {evan} kWh/km, diesel van {van} L/km, car {car} L/km. To compare with values that also count the making of vehicles: ADEME, Base Empreinte and Impact CO2 (impactco2.fr)." }
    TransparencyMethod { fr: "Distances : à vol d'oiseau multipliées par {detour} pour la route. Les scénarios de comparaison comptent un aller-retour par commande et par producteur. Les cycles de moins de 5 foyers ne sont pas publiés.", en: "Distances: as the crow flies times {detour} for the road. The comparisons count one round trip per order and per producer. Cycles with fewer than 5 households are not published." }
    OpenDataTitle { fr: "Données ouvertes", en: "Open data" }
    OpenDataLicence { fr: "Licence : {licence}.", en: "Licence: {licence}." }
    OpenDataCsv { fr: "Télécharger en CSV", en: "Download as CSV" }
    OpenDataJson { fr: "Télécharger en JSON", en: "Download as JSON" }
    OpenDataDictionary { fr: "Dictionnaire des données", en: "Data dictionary" }
    OpenDataNoPersonal { fr: "Aucune donnée personnelle : ni nom, ni adresse, ni courriel ; seulement des totaux, et aucun sur moins de 5 foyers.", en: "No personal data: no name, address or email; only totals, and none about fewer than 5 households." }
    OpenDataColumn { fr: "Colonne", en: "Column" }
    OpenDataUnit { fr: "Unité", en: "Unit" }
    OpenDataMeaning { fr: "Signification", en: "Meaning" }
    OpenDataLicenceField { fr: "Licence des données ouvertes", en: "Open data licence" }
    ErrOpenDataLicence { fr: "Choisissez une des licences proposées.", en: "Choose one of the licences offered." }
    MailDonationSubject { fr: "{coop} : un don vous attend au hub", en: "{coop}: a donation is waiting for you at the hub" }
    MailDonationBody { fr: "Le hub vous donne {what}. Venez le chercher, puis confirmez la réception depuis votre téléphone :", en: "The hub gives you {what}. Collect it, then confirm receipt from your phone:" }
    ErrRescueQuantity { fr: "Donnez un nombre entier d'unités, de 1 à 10 000.", en: "Give a whole number of units, from 1 to 10,000." }
    ErrRescueCycle { fr: "On ne donne que les produits d'un cycle clos ou livré.", en: "Only goods of a closed or delivered cycle can be given." }
    ErrRescueVariant { fr: "Choisissez un produit que ce cycle proposait.", en: "Choose a product this cycle offered." }
    ErrRescueAssociation { fr: "Choisissez une association partenaire de la coopérative.", en: "Choose one of the cooperative's partner associations." }
    RescueTitle { fr: "Anti-gaspi", en: "Anti-waste" }
    RescueHint { fr: "Après la réception ou en fin de journée de retrait, donnez les surplus et les paniers non retirés à une association d'aide alimentaire partenaire. Elle confirme la réception depuis son téléphone ; les kilos sauvés comptent dans la page Transparence.", en: "After reception or at the end of a pickup day, give surplus and uncollected baskets to a partner food-aid association. It confirms receipt from its phone; the kilograms rescued count on the Transparency page." }
    RescueGive { fr: "Donner à une association", en: "Give to an association" }
    RescueCycle { fr: "Cycle", en: "Cycle" }
    RescueProduct { fr: "Produit", en: "Product" }
    RescueQuantity { fr: "Unités données", en: "Units given" }
    RescueAssociation { fr: "Association", en: "Association" }
    RescueConfirm { fr: "Enregistrer ce don et prévenir l'association ?", en: "Record this donation and tell the association?" }
    RescueNoCycle { fr: "Aucun cycle clos ou livré : rien à donner pour l'instant.", en: "No closed or delivered cycle: nothing to give yet." }
    RescueNoAssociation { fr: "Aucune association partenaire : le conseil en ajoute une sur la page Solidarité.", en: "No partner association: the board adds one on the Solidarity page." }
    RescueDonations { fr: "Dons", en: "Donations" }
    RescueEmpty { fr: "Aucun don pour l'instant.", en: "No donation yet." }
    RescueWaiting { fr: "à retirer", en: "waiting" }
    RescueReceived { fr: "reçu le {date}", en: "received on {date}" }
    RescueByProducer { fr: "Sauvé par producteur", en: "Rescued by producer" }
    RescueByAssociation { fr: "Sauvé par association", en: "Rescued by association" }
    RescueLine { fr: "{n} don(s) ou lot(s) · {kg} kg · {value}", en: "{n} donation(s) or lot(s) · {kg} kg · {value}" }
    RescueDonationLine { fr: "{quantity} × {what} ({producer}) · {kg} kg · {value}", en: "{quantity} × {what} ({producer}) · {kg} kg · {value}" }
    RescueDonated { fr: "Don enregistré ; l'association est prévenue.", en: "Donation recorded; the association has been told." }
    DonationsTitle { fr: "Dons reçus du hub — {name}", en: "Donations from the hub — {name}" }
    DonationsHint { fr: "Confirmez chaque don quand vous l'avez récupéré.", en: "Confirm each donation once you have collected it." }
    DonationsConfirm { fr: "J'ai reçu ce don", en: "I received this donation" }
    DonationsConfirmQuestion { fr: "Confirmer la réception de ce don ?", en: "Confirm you received this donation?" }
    // Last-minute lots.
    ErrLotDiscount { fr: "Donnez une remise en pourcentage entier, de 10 à 90.", en: "Give a discount as a whole percentage, from 10 to 90." }
    ErrLotSaleUntil { fr: "La vente doit finir entre un quart d'heure et 24 heures d'ici.", en: "The sale must end between a quarter of an hour and 24 hours from now." }
    ErrLotPickupUntil { fr: "Le retrait doit finir après la vente, le même jour.", en: "Pickup must end after the sale, on the same day." }
    ErrLotPickupPoint { fr: "Choisissez un point de retrait actif de la coopérative.", en: "Choose one of the cooperative's active pickup points." }
    ErrLotTwice { fr: "Ce produit est déjà en vente dans les lots de ce cycle.", en: "This product is already on sale among this cycle's lots." }
    LastMinuteTag { fr: "vente de dernière minute", en: "last-minute sale" }
    ErrDuplicateSale { fr: "Une vente de dernière minute ne se duplique pas : ses prix sont ceux des lots.", en: "A last-minute sale cannot be duplicated: its prices are the lots' prices." }
    LotSaleName { fr: "Dernière minute — {cycle}", en: "Last minute — {cycle}" }
    LotsTitle { fr: "Lots de dernière minute", en: "Last-minute lots" }
    LotsHint { fr: "Mettez les surplus en vente à prix réduit pour quelques heures, retrait le jour même. Les membres les achètent dans la boutique comme le reste ; à la fin de la vente, les invendus vont à l'association choisie ou sont comptés comme perdus.", en: "Put surplus on sale at a discount for a few hours, collected the same day. Members buy it in the shop like anything else; when the sale ends, what is left goes to the association chosen or is counted as lost." }
    LotsCreate { fr: "Mettre en vente", en: "Put on sale" }
    LotsUnits { fr: "Unités mises en vente", en: "Units put on sale" }
    LotsDiscount { fr: "Remise (%)", en: "Discount (%)" }
    LotsSaleUntil { fr: "Vente jusqu'à", en: "Sale until" }
    LotsPickupUntil { fr: "Retrait jusqu'à (le même jour)", en: "Pickup until (the same day)" }
    LotsPickupPoint { fr: "Lieu de retrait", en: "Pickup point" }
    LotsOrigin { fr: "D'où viennent ces produits ?", en: "Where do these goods come from?" }
    LotsOriginSurplus { fr: "Un surplus du producteur : il est payé pour ce qui se vend.", en: "The producer's surplus: they are paid for what sells." }
    LotsOriginBaskets { fr: "Des paniers non retirés, déjà payés au producteur : la vente revient à la coopérative.", en: "Baskets nobody collected, already paid to the producer: the sale goes to the cooperative." }
    LotAlreadyPaid { fr: "paniers non retirés, déjà payés au producteur", en: "uncollected baskets, already paid to the producer" }
    ErrLotOrigin { fr: "Choisissez d'où viennent les produits.", en: "Choose where the goods come from." }
    LotsUnsoldTo { fr: "Les invendus iront à", en: "What is not sold goes to" }
    LotsUnsoldLost { fr: "personne : comptés comme perdus", en: "nobody: counted as lost" }
    LotsSaleOn { fr: "Une vente de ce cycle est en cours jusqu'à {time}, retrait jusqu'à {pickup} : le lot s'y ajoute.", en: "A sale of this cycle is on until {time}, pickup until {pickup}: the lot joins it." }
    LotsNoPickupPoint { fr: "Aucun point de retrait actif : ajoutez-en un sur la page Lieux avant de vendre des lots.", en: "No active pickup point: add one on the Places page before selling lots." }
    LotsConfirm { fr: "Mettre ce lot en vente ? Les membres le verront aussitôt dans la boutique.", en: "Put this lot on sale? Members will see it in the shop at once." }
    LotsCreated { fr: "Lot mis en vente.", en: "Lot put on sale." }
    LotsEmpty { fr: "Aucun lot pour l'instant.", en: "No lot yet." }
    LotLine { fr: "{quantity} × {what} ({producer}) · −{discount} % · {price} l'unité", en: "{quantity} × {what} ({producer}) · −{discount}% · {price} each" }
    LotSold { fr: "{sold} vendu(s) sur {quantity}", en: "{sold} sold of {quantity}" }
    LotOnSale { fr: "en vente jusqu'à {time}", en: "on sale until {time}" }
    LotSoldOut { fr: "tout vendu", en: "all sold" }
    LotGiven { fr: "{units} invendu(s) donné(s) à {association}", en: "{units} unsold given to {association}" }
    LotLost { fr: "{units} invendu(s) perdu(s)", en: "{units} unsold lost" }
    TransparencyRescued { fr: "Nourriture sauvée (dons reçus, lots vendus)", en: "Food rescued (donations received, lots sold)" }
    OdRescuedKg { fr: "Poids des surplus et invendus donnés à des associations d'aide alimentaire (réception confirmée) ou vendus en lots de dernière minute.", en: "Weight of surplus and unsold goods given to food-aid associations (receipt confirmed) or sold as last-minute lots." }
    OdRescuedValue { fr: "Valeur de ces dons au prix du cycle, et des lots au prix où ils ont été vendus, TTC.", en: "Value of those donations at the cycle's price, and of the lots at the price they sold for, VAT included." }
    ErrPeriod { fr: "Choisissez une période d'un an au plus, la date de début avant celle de fin.", en: "Choose a period of one year at most, the start before the end." }
    // Value chains.
    NavValueChains { fr: "Filières", en: "Value chains" }
    ValueChainsTitle { fr: "Filières du territoire", en: "The territory's value chains" }
    ValueChainsHint { fr: "D'où vient ce que la coopérative livre et où cela va : des communes des producteurs, par le hub, jusqu'aux points de retrait et aux zones de livraison, par catégorie de produits.", en: "Where what the cooperative delivers comes from and where it goes: from the producers' communes, through the hub, to the pickup points and delivery zones, by product category." }
    ValueChainsFrom { fr: "Du", en: "From" }
    ValueChainsTo { fr: "Au", en: "To" }
    ValueChainsEmpty { fr: "Aucun cycle livré sur cette période.", en: "No cycle was delivered in this period." }
    ValueChainsPeriod { fr: "Du {from} au {to} : {n} cycle(s) livré(s).", en: "From {from} to {to}: {n} cycle(s) delivered." }
    ValueChainsWeight { fr: "Livré", en: "Delivered" }
    ValueChainsMoney { fr: "Ventes TTC", en: "Sales incl. VAT" }
    ValueChainsLocal { fr: "Produit à moins de {km} km du hub", en: "Produced within {km} km of the hub" }
    ValueChainsSupplyKm { fr: "Trajets des producteurs jusqu'au hub (aller-retour)", en: "Producers' trips to the hub (return)" }
    ValueChainsUnplaced { fr: "{kg} viennent de producteurs sans position : ils ne comptent dans aucune distance.", en: "{kg} come from producers without a position: they count in no distance." }
    ValueChainsOrigins { fr: "Communes des producteurs", en: "Producers' communes" }
    ValueChainsCategories { fr: "Catégories de produits", en: "Product categories" }
    ValueChainsDestinations { fr: "Destinations", en: "Destinations" }
    ValueChainsName { fr: "Nom", en: "Name" }
    ValueChainsShare { fr: "Part", en: "Share" }
    ValueChainsOthers { fr: "Autres", en: "Others" }
    ValueChainsDiagram { fr: "Flux des communes des producteurs vers le hub puis vers les destinations, en kilogrammes", en: "Flows from the producers' communes to the hub, then to the destinations, in kilograms" }
    ValueChainsMethod { fr: "Poids et ventes des produits remis (les manquants exclus). Distances par la route estimées à vol d'oiseau × 1,3, une livraison aller-retour par producteur et par cycle. Une destination est la commune d'un point de retrait ou une zone de livraison à domicile.", en: "Weight and sales of the goods handed over (missing ones left out). Road distances estimated as the crow flies × 1.3, one return trip per producer and cycle. A destination is a pickup point's commune or a home delivery zone." }
    OpenDataFlowsOpen { fr: "Publier aussi les filières en données ouvertes", en: "Also publish the value chains as open data" }
    OpenDataFlowsHint { fr: "Par année, commune des producteurs, catégorie de produits et destination : kilos livrés, ventes TTC et livraisons à des foyers. Une ligne de moins de 5 livraisons n'est pas publiée, ni celles qui permettraient de la retrouver par différence ; seuls comptent les cycles publiés.", en: "By year, producers' commune, product category and destination: kilograms delivered, sales with VAT and deliveries to households. A row of fewer than 5 deliveries is not published, nor those that would give it away by difference; only published cycles count." }
    OpenDataFlowsCsv { fr: "Filières (CSV)", en: "Value chains (CSV)" }
    // The actors directory.
    NavActors { fr: "Annuaire des acteurs", en: "Actors directory" }
    ActorKindFarm { fr: "Ferme", en: "Farm" }
    ActorKindShop { fr: "Commerce", en: "Shop" }
    ActorKindAssociation { fr: "Association", en: "Association" }
    ActorKindLocalAuthority { fr: "Collectivité", en: "Local authority" }
    ActorKindCompany { fr: "Entreprise", en: "Company" }
    ItemTool { fr: "Outil", en: "Tool" }
    ItemColdRoom { fr: "Chambre froide", en: "Cold room" }
    ItemSpace { fr: "Local", en: "Space" }
    ItemVehicle { fr: "Véhicule", en: "Vehicle" }
    ItemSkill { fr: "Savoir-faire", en: "Skill" }
    ItemOther { fr: "Autre", en: "Other" }
    ActorShares { fr: "Peut partager", en: "Can share" }
    ActorNeeds { fr: "Recherche", en: "Needs" }
    ErrActorKind { fr: "Choisissez le type d'acteur.", en: "Choose the kind of actor." }
    ErrActorName { fr: "Donnez un nom de 1 à 120 caractères.", en: "Give a name of 1 to 120 characters." }
    ErrActorActivity { fr: "Décrivez votre activité en 1 à 1 000 caractères.", en: "Describe what you do in 1 to 1,000 characters." }
    ErrActorCommune { fr: "Donnez votre commune (80 caractères au plus).", en: "Give your town (80 characters at most)." }
    ErrActorDirection { fr: "Dites si vous partagez ou recherchez.", en: "Say whether you share or need it." }
    ErrActorCategory { fr: "Choisissez une catégorie.", en: "Choose a category." }
    ErrActorItem { fr: "Décrivez-le en 1 à 200 caractères.", en: "Describe it in 1 to 200 characters." }
    ErrActorAvailability { fr: "La disponibilité tient en 120 caractères.", en: "The availability fits in 120 characters." }
    ErrActorMessage { fr: "Votre message fait de 10 à 2 000 caractères.", en: "Your message is 10 to 2,000 characters long." }
    ErrActorNoProfile { fr: "Enregistrez d'abord votre profil.", en: "Save your profile first." }
    ErrActorTooManyItems { fr: "Un profil compte au plus 12 partages et besoins : retirez-en un d'abord.", en: "A profile holds at most 12 shares and needs: remove one first." }
    ErrActorSelf { fr: "C'est votre propre profil.", en: "This is your own profile." }
    ErrActorTooManyContacts { fr: "Vous avez écrit 10 messages aujourd'hui : réessayez demain.", en: "You have sent 10 messages today: try again tomorrow." }
    MailActorSubject { fr: "{coop} : {from} vous écrit depuis l'annuaire", en: "{coop}: {from} writes to you from the directory" }
    MailActorBody { fr: "{from} vous écrit depuis l'annuaire des acteurs. Pour répondre, écrivez à {email}.", en: "{from} writes to you from the actors directory. To answer, write to {email}." }
    MailActorFooter { fr: "Votre adresse ne lui a pas été communiquée. Votre profil dans l'annuaire :", en: "Your address was not given to them. Your profile in the directory:" }
    ActorsTitle { fr: "Annuaire des acteurs", en: "Actors directory" }
    ActorsHint { fr: "Fermes, commerces, associations, collectivités et entreprises du territoire : ce qu'ils font, ce qu'ils peuvent partager et ce qu'ils recherchent.", en: "Farms, shops, associations, local authorities and companies of the territory: what they do, what they can share and what they need." }
    ActorsKind { fr: "Type", en: "Kind" }
    ActorsKindAll { fr: "Tous", en: "All" }
    ActorsSharing { fr: "Qui partage", en: "Sharing" }
    ActorsShareAny { fr: "Peu importe", en: "Anything" }
    ActorsDistance { fr: "Distance", en: "Distance" }
    ActorsDistanceAny { fr: "Toutes", en: "Any" }
    ActorsWithin { fr: "à moins de {km} km", en: "within {km} km" }
    ActorsNoOrigin { fr: "Pour chercher par distance, placez votre propre profil sur la carte.", en: "To search by distance, place your own profile on the map." }
    ActorsFromHub { fr: "Distances mesurées depuis le hub. Placez votre profil pour les mesurer depuis chez vous.", en: "Distances measured from the hub. Place your profile to measure them from your place." }
    ActorsMyProfile { fr: "Mon profil d'acteur", en: "My actor profile" }
    ActorsFound { fr: "{n} acteur(s) trouvé(s)", en: "{n} actor(s) found" }
    ActorsEmpty { fr: "Aucun acteur ne correspond. Élargissez la recherche.", en: "No actor matches. Widen the search." }
    ActorsMapLabel { fr: "Carte de {n} acteur(s) trouvé(s)", en: "Map of {n} actor(s) found" }
    ActorsMapYou { fr: "Vous", en: "You" }
    ActorsAway { fr: "à {km} km", en: "{km} km away" }
    ActorWriteTo { fr: "Écrire à {name}", en: "Write to {name}" }
    ActorWriteHint { fr: "Votre message part par e-mail. Votre nom et votre adresse lui sont transmis pour qu'il puisse répondre ; son adresse reste cachée.", en: "Your message goes by email. Your name and address are passed on so that they can answer; theirs stays hidden." }
    ActorMessage { fr: "Message", en: "Message" }
    ActorSend { fr: "Envoyer", en: "Send" }
    ActorSent { fr: "Message envoyé.", en: "Message sent." }
    ActorBack { fr: "Retour à l'annuaire", en: "Back to the directory" }
    ActorAvailability { fr: "Disponibilité", en: "Availability" }
    MyActorTitle { fr: "Mon profil d'acteur", en: "My actor profile" }
    MyActorHint { fr: "Ce que vous publiez ici est visible par les membres connectés. Votre adresse e-mail n'est jamais affichée.", en: "What you publish here is seen by signed-in members. Your email address is never shown." }
    ActorName { fr: "Nom", en: "Name" }
    ActorActivity { fr: "Ce que vous produisez ou faites", en: "What you produce or do" }
    ActorCommune { fr: "Commune", en: "Town" }
    ActorPlace { fr: "Position sur la carte (facultatif)", en: "Place on the map (optional)" }
    ActorPlaceHint { fr: "En degrés décimaux. Laissées vides, votre commune vous place sur la carte quand c'est possible. N'indiquez pas votre adresse exacte si vous ne le souhaitez pas.", en: "In decimal degrees. Left empty, your town places you on the map when it can. Do not give your exact address if you would rather not." }
    ActorAddTitle { fr: "Ajouter un partage ou un besoin", en: "Add a share or a need" }
    ActorPublished { fr: "Publier dans l'annuaire", en: "List in the directory" }
    ActorSaved { fr: "Profil enregistré.", en: "Profile saved." }
    ActorItems { fr: "Partages et besoins", en: "Shares and needs" }
    ActorNoItems { fr: "Rien pour l'instant : ajoutez ce que vous pouvez partager ou ce que vous cherchez.", en: "Nothing yet: add what you can share or what you need." }
    ActorAddItem { fr: "Ajouter", en: "Add" }
    ActorItemAdded { fr: "Ajouté.", en: "Added." }
    ActorItemKind { fr: "Je…", en: "I…" }
    ActorItemCategory { fr: "Catégorie", en: "Category" }
    ActorItemDescription { fr: "Description", en: "Description" }
    ActorItemAvailability { fr: "Disponibilité (facultatif)", en: "Availability (optional)" }
    ActorRemoveConfirm { fr: "Retirer cet élément de votre profil ?", en: "Remove this item from your profile?" }
    ActorNotListed { fr: "Votre profil n'est pas publié : seul vous le voyez.", en: "Your profile is not listed: only you see it." }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_values_are_joined_as_each_language_writes_them() {
        assert_eq!(
            format!("{}{}14", Msg::Ordered.text(Locale::Fr), colon(Locale::Fr)),
            "Commandé\u{a0}: 14"
        );
        assert_eq!(
            format!("{}{}14", Msg::Ordered.text(Locale::En), colon(Locale::En)),
            "Ordered: 14"
        );
        assert_eq!(format_decimal(28.14, 1, Locale::Fr), "28,1");
        assert_eq!(Msg::ShortNumber.fill(Locale::En, &[("n", "9")]), "No. 9");
    }

    fn placeholders(s: &str) -> Vec<&str> {
        let mut out: Vec<&str> = s
            .split('{')
            .skip(1)
            .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
            .collect();
        out.sort_unstable();
        out
    }

    #[test]
    fn every_message_has_the_same_placeholders_in_every_language() {
        for msg in Msg::ALL {
            let fr = placeholders(msg.text(Locale::Fr));
            for locale in Locale::ALL {
                let text = msg.text(locale);
                assert!(!text.trim().is_empty(), "{msg:?} is empty in {locale:?}");
                assert_eq!(placeholders(text), fr, "{msg:?} placeholders differ in {locale:?}");
            }
        }
    }

    #[test]
    fn fill_replaces_placeholders() {
        assert_eq!(Msg::HomeHello.fill(Locale::Fr, &[("name", "Léa")]), "Bonjour Léa !");
        assert_eq!(
            Msg::PageOf.fill(Locale::En, &[("page", "2"), ("pages", "5")]),
            "Page 2 of 5"
        );
    }

    #[test]
    fn french_is_the_default() {
        assert_eq!(Locale::default(), Locale::Fr);
        assert_eq!(Locale::parse(" EN "), Some(Locale::En));
        assert_eq!(Locale::parse("es"), None);
    }

    #[test]
    fn figures_use_each_language_decimal_mark() {
        assert_eq!(format_decimal(12.345, 1, Locale::Fr), "12,3");
        assert_eq!(format_decimal(12.35, 2, Locale::En), "12.35");
        assert_eq!(format_decimal(3.0, 0, Locale::Fr), "3");
    }
}
