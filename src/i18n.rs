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
    ErrFarmName { fr: "Donnez le nom de la ferme (120 caractères au plus).", en: "Give the farm's name (at most 120 characters)." }
    ErrTown { fr: "Indiquez la commune.", en: "Give the town." }
    ErrAddress { fr: "L'adresse ne doit pas dépasser 300 caractères.", en: "The address must be at most 300 characters long." }
    ErrPhone { fr: "Ce numéro de téléphone n'est pas valide.", en: "This phone number is not valid." }
    ErrLatitude { fr: "La latitude est un nombre entre -90 et 90, par exemple 50,63.", en: "The latitude is a number between -90 and 90, for example 50.63." }
    ErrLongitude { fr: "La longitude est un nombre entre -180 et 180, par exemple 3,06.", en: "The longitude is a number between -180 and 180, for example 3.06." }
    ErrCoordinatesPair { fr: "Indiquez la latitude et la longitude, ou aucune des deux.", en: "Give both latitude and longitude, or neither." }
    ErrCommission { fr: "La commission est un pourcentage entre 0 et 50.", en: "The commission is a percentage between 0 and 50." }
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
    ErrSomeRowsInvalid {
        fr: "Rien n'a été enregistré : corrigez les lignes ci-dessous puis recommencez.",
        en: "Nothing was saved: fix the lines below and try again.",
    }

    CatalogueTitle { fr: "Catalogue des producteurs", en: "Producers' catalogue" }
    CatalogueSearch { fr: "Rechercher un produit", en: "Search for a product" }
    CatalogueSearchHint { fr: "pâté, poireaux, œufs…", en: "pâté, leeks, eggs…" }
    Category { fr: "Catégorie", en: "Category" }
    Categories { fr: "Catégories", en: "Categories" }
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
    ShareCoop { fr: "À la coopérative (logistique, plateforme)", en: "To the cooperative (logistics, platform)" }
    ShareVat { fr: "TVA", en: "VAT" }
    ShareExplained {
        fr: "La commission de la coopérative est votée par ses sociétaires ; elle finance le hub, les tournées et la plateforme.",
        en: "The cooperative's commission is voted by its members; it pays for the hub, the rounds and the platform.",
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
    ImportCsv { fr: "Importer un fichier CSV", en: "Import a CSV file" }
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
        fr: "Exportez votre catalogue, modifiez-le dans un tableur, puis importez-le : vous verrez un aperçu avant que rien ne change. Une ligne sans variant_id ajoute une déclinaison.",
        en: "Export your catalogue, edit it in a spreadsheet, then import it: you will see a preview before anything changes. A line without variant_id adds a variant.",
    }
    CsvFile { fr: "Fichier CSV", en: "CSV file" }
    Preview { fr: "Voir l'aperçu", en: "Preview" }
    ImportPreviewTitle { fr: "Aperçu de l'import", en: "Import preview" }
    ImportHasErrors { fr: "Ce fichier contient des erreurs ; rien n'a été importé.", en: "This file has errors; nothing was imported." }
    ImportAnother { fr: "Importer un autre fichier", en: "Import another file" }
    ImportSummary { fr: "{n} ligne(s) prêtes. Rien ne change tant que vous n'avez pas confirmé.", en: "{n} line(s) ready. Nothing changes until you confirm." }
    ConfirmImport { fr: "Confirmer l'import", en: "Confirm the import" }
    ImportApplied { fr: "Import appliqué : {n} ligne(s).", en: "Import applied: {n} line(s)." }

    SettingsTitle { fr: "Réglages de la coopérative", en: "Cooperative settings" }
    CommissionLabel { fr: "Commission de la coopérative (%)", en: "Cooperative commission (%)" }
    CommissionHint {
        fr: "Part du prix hors taxes gardée par la coopérative, affichée sur chaque fiche produit. Entre 0 et 50.",
        en: "Share of the price before VAT the cooperative keeps, shown on every product page. Between 0 and 50.",
    }

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
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
