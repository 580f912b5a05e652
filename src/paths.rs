//! Every address of the site, in one place: the routes (`app/src/lib.rs`, checked against
//! [`ROUTES`] by a test), the pages' links, the emails' links, the plain axum routes and the
//! redirects all take their paths from here. A leaf module: it imports nothing.
//!
//! A page with an id in its path has a pattern (`…_ROUTE`, as the router writes it) and a
//! function that fills it in.

pub const HOME: &str = "/";

// Accounts.
pub const SIGN_IN: &str = "/connexion";
pub const SIGN_UP: &str = "/inscription";
pub const SIGN_UP_SENT: &str = "/inscription/envoye";
pub const VERIFY: &str = "/compte/verifier";
pub const RESET_REQUEST: &str = "/mot-de-passe/oubli";
pub const RESET_SENT: &str = "/mot-de-passe/envoye";
pub const RESET: &str = "/mot-de-passe/nouveau";
pub const ACCOUNT: &str = "/compte";
pub const MEMBERS: &str = "/conseil/membres";
pub const SETTINGS: &str = "/conseil/reglages";

// Buying.
pub const CATALOGUE: &str = "/catalogue";
pub const PRODUCT_ROUTE: &str = "/produits/:id";
pub const PRODUCER_ROUTE: &str = "/producteurs/:id";
pub const SHOP: &str = "/boutique";
pub const CART: &str = "/panier";
pub const ORDERS: &str = "/commandes";
pub const ORDER_ROUTE: &str = "/commandes/:id";

// Producers.
pub const DASHBOARD: &str = "/producteur";
pub const FARM_PROFILE: &str = "/producteur/profil";
pub const NEW_PRODUCT: &str = "/producteur/produits/nouveau";
pub const EDIT_PRODUCT_ROUTE: &str = "/producteur/produits/:id";
pub const BULK_EDIT: &str = "/producteur/edition";
pub const IMPORT: &str = "/producteur/import";
pub const IMPORT_PREVIEW_ROUTE: &str = "/producteur/import/:id";
pub const MY_PURCHASE_ORDERS: &str = "/producteur/bons";
/// A photo upload, a multipart form (a plain axum route).
pub const PHOTO_UPLOAD: &str = "/producteur/photos";
/// A CSV file to import, a multipart form (a plain axum route).
pub const IMPORT_UPLOAD: &str = "/producteur/import/fichier";
/// The farm's catalogue as a spreadsheet (a plain axum route; `.csv` asks for the download).
pub const EXPORT: &str = "/producteur/export";

// The hub.
pub const CYCLES: &str = "/hub/cycles";
pub const CYCLE_ROUTE: &str = "/hub/cycles/:id";
pub const PURCHASE_ORDERS_ROUTE: &str = "/hub/cycles/:id/bons";
pub const PACKING_ROUTE: &str = "/hub/cycles/:id/preparation";
pub const ROUNDS_ROUTE: &str = "/hub/cycles/:id/tournees";
pub const MANIFEST_ROUTE: &str = "/hub/tournees/:id";
pub const PLACES: &str = "/hub/lieux";
pub const VEHICLES: &str = "/hub/vehicules";
pub const DESK: &str = "/retrait";

// Governance: members, assemblies, decisions (src/governance).
pub const MEMBERSHIP: &str = "/cooperative/adhesion";
pub const ASSEMBLIES: &str = "/cooperative/assemblees";
pub const ASSEMBLY_ROUTE: &str = "/cooperative/assemblees/:id";
pub const MINUTES_ROUTE: &str = "/cooperative/assemblees/:id/proces-verbal";
pub const DECISIONS: &str = "/cooperative/deliberations";
pub const REGISTER: &str = "/conseil/societaires";
pub const REGISTER_CSV: &str = "/conseil/societaires.csv";
pub const REGISTER_PRINT: &str = "/conseil/societaires/registre";
pub const COLLEGES: &str = "/conseil/colleges";
pub const NEW_ASSEMBLY: &str = "/conseil/assemblees/nouvelle";
pub const AUDIT: &str = "/conseil/journal";
pub const INVOICE_ROUTE: &str = "/factures/:id";
pub const INVOICES: &str = "/conseil/factures";
pub const MY_STATEMENTS: &str = "/producteur/releves";
pub const STATEMENT_ROUTE: &str = "/releves/:id";
pub const PAYOUTS: &str = "/conseil/versements";
pub const ACCOUNTS_REPORT: &str = "/conseil/comptes";
pub const ACCOUNTS_CSV: &str = "/conseil/comptes.csv";
pub const MY_CREDIT: &str = "/compte/avoir";
/// Members' credit, for hub staff (top-ups received) and the board (adjustments).
pub const CREDIT_ACCOUNTS: &str = "/hub/avoirs";
/// Returns after delivery, for hub staff and the board.
pub const RETURNS: &str = "/hub/retours";
/// The solidarity fund, public; the board's solidarity page; a partner association's page.
pub const FUND: &str = "/solidarite";
pub const SOLIDARITY_BOARD: &str = "/conseil/solidarite";
/// The board's tokens for other platforms (DFC orders).
pub const PLATFORMS: &str = "/conseil/plateformes";
pub const PARTNER: &str = "/solidarite/association";

// The territory's public figures.
pub const TRANSPARENCY: &str = "/transparence";
pub const OPEN_DATA: &str = "/donnees";
/// The open data files: stable addresses, linked from the data's own description.
pub const OPEN_DATA_CSV: &str = "/donnees/transparence.csv";
pub const OPEN_DATA_JSON: &str = "/donnees/transparence.json";
/// The value chains, when the board publishes them.
pub const OPEN_DATA_FLOWS_CSV: &str = "/donnees/filieres.csv";

// Anti-waste: the hub's donations, and the association's confirmations.
pub const RESCUE: &str = "/hub/anti-gaspi";
pub const ASSOCIATION_DONATIONS: &str = "/solidarite/association/dons";

// The actors directory: its search, an actor's page, the member's own profile.
pub const ACTORS: &str = "/acteurs";
pub const ACTOR_ROUTE: &str = "/acteurs/:id";
pub const MY_ACTOR_PROFILE: &str = "/compte/acteur";

// Value chains, for local authorities' partners, the board and hub staff.
pub const VALUE_CHAINS: &str = "/territoire/filieres";

/// Stripe's webhook: signed by Stripe, so it carries no session and no anti-CSRF token.
pub const STRIPE_WEBHOOK: &str = "/stripe/webhook";

/// Every page the router serves, as it writes them.
pub const ROUTES: &[&str] = &[
    HOME,
    SIGN_UP,
    SIGN_UP_SENT,
    VERIFY,
    SIGN_IN,
    RESET_REQUEST,
    RESET_SENT,
    RESET,
    ACCOUNT,
    MEMBERS,
    SETTINGS,
    CATALOGUE,
    PRODUCT_ROUTE,
    PRODUCER_ROUTE,
    DASHBOARD,
    FARM_PROFILE,
    NEW_PRODUCT,
    EDIT_PRODUCT_ROUTE,
    BULK_EDIT,
    IMPORT,
    IMPORT_PREVIEW_ROUTE,
    SHOP,
    CART,
    ORDERS,
    ORDER_ROUTE,
    CYCLES,
    CYCLE_ROUTE,
    PLACES,
    PURCHASE_ORDERS_ROUTE,
    PACKING_ROUTE,
    ROUNDS_ROUTE,
    MANIFEST_ROUTE,
    VEHICLES,
    MY_PURCHASE_ORDERS,
    DESK,
    MEMBERSHIP,
    ASSEMBLIES,
    ASSEMBLY_ROUTE,
    MINUTES_ROUTE,
    DECISIONS,
    REGISTER,
    REGISTER_PRINT,
    COLLEGES,
    NEW_ASSEMBLY,
    AUDIT,
    INVOICE_ROUTE,
    INVOICES,
    MY_STATEMENTS,
    STATEMENT_ROUTE,
    PAYOUTS,
    ACCOUNTS_REPORT,
    MY_CREDIT,
    CREDIT_ACCOUNTS,
    RETURNS,
    FUND,
    SOLIDARITY_BOARD,
    PLATFORMS,
    PARTNER,
    TRANSPARENCY,
    OPEN_DATA,
    RESCUE,
    ASSOCIATION_DONATIONS,
    ACTORS,
    ACTOR_ROUTE,
    MY_ACTOR_PROFILE,
    VALUE_CHAINS,
];

fn fill(route: &str, id: i64) -> String {
    route.replacen(":id", &id.to_string(), 1)
}

pub fn product(id: i64) -> String {
    fill(PRODUCT_ROUTE, id)
}

pub fn producer(id: i64) -> String {
    fill(PRODUCER_ROUTE, id)
}

pub fn order(id: i64) -> String {
    fill(ORDER_ROUTE, id)
}

pub fn edit_product(id: i64) -> String {
    fill(EDIT_PRODUCT_ROUTE, id)
}

pub fn import_preview(id: i64) -> String {
    fill(IMPORT_PREVIEW_ROUTE, id)
}

pub fn actor(id: i64) -> String {
    fill(ACTOR_ROUTE, id)
}

pub fn cycle(id: i64) -> String {
    fill(CYCLE_ROUTE, id)
}

pub fn purchase_orders(cycle_id: i64) -> String {
    fill(PURCHASE_ORDERS_ROUTE, cycle_id)
}

/// The cycle's purchase orders as a spreadsheet.
pub fn purchase_orders_csv(cycle_id: i64) -> String {
    PURCHASE_ORDERS_CSV_PATTERN.replace("{id}", &cycle_id.to_string())
}

pub fn export_csv() -> String {
    format!("{EXPORT}.csv")
}

pub fn packing(cycle_id: i64) -> String {
    fill(PACKING_ROUTE, cycle_id)
}

pub fn assembly(id: i64) -> String {
    fill(ASSEMBLY_ROUTE, id)
}

pub fn minutes(assembly_id: i64) -> String {
    fill(MINUTES_ROUTE, assembly_id)
}

pub fn rounds(cycle_id: i64) -> String {
    fill(ROUNDS_ROUTE, cycle_id)
}

pub fn manifest(round_id: i64) -> String {
    fill(MANIFEST_ROUTE, round_id)
}

// Plain axum routes with parameters, as axum writes them.
pub const PHOTO_PATTERN: &str = "/photos/{id}/{width}";
pub const PURCHASE_ORDERS_CSV_PATTERN: &str = "/hub/cycles/{id}/bons.csv";
pub const LABEL_QR_PATTERN: &str = "/hub/etiquettes/{id}/qr.svg";
pub const INVOICE_XML_PATTERN: &str = "/factures/{id}/facture.xml";
pub const BATCH_XML_PATTERN: &str = "/conseil/versements/lots/{id}/virements.xml";

/// A producer's payout statement, printable.
pub fn statement(id: i64) -> String {
    fill(STATEMENT_ROUTE, id)
}

/// A batch of payouts as a SEPA credit transfer file.
pub fn batch_xml(id: i64) -> String {
    BATCH_XML_PATTERN.replace("{id}", &id.to_string())
}

/// An invoice or credit note, printable.
pub fn invoice(id: i64) -> String {
    fill(INVOICE_ROUTE, id)
}

/// A business buyer's invoice as EN 16931 CII XML.
pub fn invoice_xml(id: i64) -> String {
    INVOICE_XML_PATTERN.replace("{id}", &id.to_string())
}

/// A photo at one of its stored widths.
pub fn photo(id: i64, width: u32) -> String {
    PHOTO_PATTERN
        .replace("{id}", &id.to_string())
        .replace("{width}", &width.to_string())
}

/// The QR code printed on a basket's label.
pub fn label_qr(order_id: i64) -> String {
    LABEL_QR_PATTERN.replace("{id}", &order_id.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filled_routes_are_the_patterns_with_their_id() {
        assert_eq!(order(12), "/commandes/12");
        assert_eq!(rounds(3), "/hub/cycles/3/tournees");
        assert_eq!(purchase_orders_csv(3), "/hub/cycles/3/bons.csv");
        assert_eq!(edit_product(5), "/producteur/produits/5");
        assert_eq!(photo(4, 640), "/photos/4/640");
        assert_eq!(label_qr(9), "/hub/etiquettes/9/qr.svg");
        assert_eq!(invoice(7), "/factures/7");
        assert_eq!(invoice_xml(7), format!("{}/facture.xml", invoice(7)));
        assert_eq!(purchase_orders_csv(3), format!("{}.csv", purchase_orders(3)));
    }

    #[test]
    fn every_route_is_listed_once() {
        let mut seen = std::collections::HashSet::new();
        for route in ROUTES {
            assert!(route.starts_with('/'), "{route}");
            assert!(seen.insert(route), "{route} twice");
        }
    }
}
