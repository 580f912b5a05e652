//! Accounts: who people are (email, password) and the checks on what they type.
//! Values are parsed at the boundary, so an invalid email or password cannot exist past it.

use serde::{Deserialize, Serialize};

use crate::i18n::Msg;

#[cfg(feature = "ssr")]
pub mod password;
pub mod platforms;
#[cfg(feature = "ssr")]
pub mod store;

pub const PASSWORD_MIN_CHARS: usize = 12;
pub const PASSWORD_MAX_CHARS: usize = 128;
pub const DISPLAY_NAME_MAX_CHARS: usize = 80;

/// A syntactically valid email address, trimmed; compared case-insensitively.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Email, Msg> {
        let email = raw.trim();
        let valid = email.len() <= 254
            && !email.chars().any(|c| c.is_whitespace() || c.is_control())
            && match email.rsplit_once('@') {
                Some((local, domain)) => {
                    !local.is_empty()
                        && local.len() <= 64
                        && !local.contains('@')
                        && domain.contains('.')
                        && !domain.starts_with('.')
                        && !domain.ends_with('.')
                        && !domain.contains("..")
                        && domain.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '.')
                }
                None => false,
            };
        if valid {
            Ok(Email(email.to_owned()))
        } else {
            Err(Msg::ErrEmailInvalid)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The key under which an address is unique and throttled.
    pub fn normalized(&self) -> String {
        self.0.to_lowercase()
    }
}

/// A password chosen by a person: 12 to 128 characters, no composition rules (NIST SP 800-63B).
#[derive(Clone, PartialEq, Eq)]
pub struct NewPassword(String);

impl NewPassword {
    pub fn parse(raw: &str) -> Result<NewPassword, Msg> {
        let chars = raw.chars().count();
        if chars < PASSWORD_MIN_CHARS {
            Err(Msg::ErrPasswordTooShort)
        } else if chars > PASSWORD_MAX_CHARS {
            Err(Msg::ErrPasswordTooLong)
        } else {
            Ok(NewPassword(raw.to_owned()))
        }
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NewPassword(***)")
    }
}

/// The optional name shown to others; blank means "use the email's local part".
pub fn parse_display_name(raw: &str) -> Result<String, Msg> {
    let name = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.chars().count() > DISPLAY_NAME_MAX_CHARS {
        Err(Msg::ErrDisplayNameTooLong)
    } else {
        Ok(name)
    }
}

/// A role a member holds in one cooperative. A person may hold several.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Role {
    Resident,
    Shopkeeper,
    Producer,
    HubStaff,
    Board,
    /// A partner from a local authority: reads the value chains, changes nothing.
    LocalAuthority,
}

impl Role {
    pub const ALL: [Role; 6] = [
        Role::Resident,
        Role::Shopkeeper,
        Role::Producer,
        Role::HubStaff,
        Role::Board,
        Role::LocalAuthority,
    ];

    /// The name stored in the database.
    pub fn code(self) -> &'static str {
        match self {
            Role::Resident => "resident",
            Role::Shopkeeper => "shopkeeper",
            Role::Producer => "producer",
            Role::HubStaff => "hub_staff",
            Role::Board => "board",
            Role::LocalAuthority => "local_authority",
        }
    }

    pub fn parse(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == code)
    }

    pub fn label(self) -> Msg {
        match self {
            Role::Resident => Msg::RoleResident,
            Role::Shopkeeper => Msg::RoleShopkeeper,
            Role::Producer => Msg::RoleProducer,
            Role::HubStaff => Msg::RoleHubStaff,
            Role::Board => Msg::RoleBoard,
            Role::LocalAuthority => Msg::RoleLocalAuthority,
        }
    }
}

/// Whether a session in use should be saved again so that its idle expiry moves forward. Not
/// at every request (reading pages would then write to the database each time): once a twelfth
/// of the idle window has passed since the last save, so a session in use is never closer to
/// its idle end than eleven twelfths of the window. Times in seconds.
pub fn session_needs_touch(last_touch: i64, now: i64, idle: chrono::Duration) -> bool {
    now.saturating_sub(last_touch) >= (idle.num_seconds() / 12).max(1)
}

/// What a server function may require of its caller.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Permission {
    /// Any signed-in account, whatever its roles.
    SignedIn,
    /// Grant and revoke roles, see every account of the cooperative.
    ManageMembers,
    /// Manage a farm's catalogue: one's own as a producer, any as board (the farm is then
    /// checked by `catalogue::store::managed_producer` / `authorize_product`).
    ManageCatalogue,
    /// Set up one's own farm profile.
    ManageOwnFarm,
    /// Change the cooperative's settings (commission…).
    ManageSettings,
    /// Run order cycles: offers, slots, pickup points, delivery zones, opening and closing.
    ManageCycles,
    /// Hand baskets over at a pickup point and record payments made there.
    PickupDesk,
    /// Decide on applications, keep the share register, define colleges, convene general
    /// assemblies, read the audit log.
    Govern,
    /// Read the value chains: where the food comes from and goes, by commune and category.
    ViewValueChains,
}

/// The one place that says which roles carry which permission.
pub fn allows(roles: &[Role], permission: Permission) -> bool {
    match permission {
        Permission::SignedIn => true,
        Permission::ManageMembers | Permission::ManageSettings | Permission::Govern => roles.contains(&Role::Board),
        Permission::ManageCatalogue => roles.contains(&Role::Producer) || roles.contains(&Role::Board),
        Permission::ManageOwnFarm => roles.contains(&Role::Producer),
        Permission::ManageCycles => roles.contains(&Role::HubStaff) || roles.contains(&Role::Board),
        Permission::PickupDesk => [Role::HubStaff, Role::Board, Role::Shopkeeper]
            .iter()
            .any(|r| roles.contains(r)),
        Permission::ViewValueChains => [Role::HubStaff, Role::Board, Role::LocalAuthority]
            .iter()
            .any(|r| roles.contains(r)),
    }
}

/// The account pages' addresses (and every other): `crate::paths`.
pub use crate::paths;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_parsed_not_guessed() {
        assert_eq!(
            Email::parse("  Lea.Martin@Example.fr ").unwrap().as_str(),
            "Lea.Martin@Example.fr"
        );
        assert_eq!(
            Email::parse("Lea.Martin@Example.fr").unwrap().normalized(),
            "lea.martin@example.fr"
        );
        assert!(Email::parse("élise@ferme-des-saules.fr").is_ok());
        for bad in [
            "",
            "lea",
            "lea@",
            "@example.fr",
            "lea@example",
            "lea martin@example.fr",
            "lea@ex..fr",
            "lea@.fr",
            "a@b@c.fr",
        ] {
            assert_eq!(Email::parse(bad), Err(Msg::ErrEmailInvalid), "{bad:?}");
        }
    }

    #[test]
    fn password_length_bounds_count_characters_not_bytes() {
        assert_eq!(NewPassword::parse("elevenchars"), Err(Msg::ErrPasswordTooShort));
        assert!(NewPassword::parse("twelve chars").is_ok());
        // 12 accented characters are 24 bytes but 12 characters.
        assert!(NewPassword::parse("éééééééééééé").is_ok());
        assert!(NewPassword::parse(&"a".repeat(128)).is_ok());
        assert_eq!(NewPassword::parse(&"a".repeat(129)), Err(Msg::ErrPasswordTooLong));
        // No composition rules: all lowercase letters is fine.
        assert!(NewPassword::parse("correct horse battery staple").is_ok());
    }

    #[test]
    fn passwords_do_not_leak_through_debug() {
        let pw = NewPassword::parse("a secret phrase").unwrap();
        assert!(!format!("{pw:?}").contains("secret"));
    }

    #[test]
    fn display_names_are_tidied_and_bounded() {
        assert_eq!(parse_display_name("  Léa   Martin ").unwrap(), "Léa Martin");
        assert_eq!(parse_display_name(&"x".repeat(81)), Err(Msg::ErrDisplayNameTooLong));
    }

    #[test]
    fn a_session_in_use_is_saved_once_per_twelfth_of_its_idle_window() {
        let idle = chrono::Duration::hours(72); // a twelfth: 6 hours
        let six_hours = 6 * 3600;
        assert!(!session_needs_touch(1_000, 1_000, idle));
        assert!(!session_needs_touch(1_000, 1_000 + six_hours - 1, idle));
        assert!(session_needs_touch(1_000, 1_000 + six_hours, idle));
        assert!(session_needs_touch(1_000, 1_000 + 70 * 3600, idle));
        // A clock that went back does not save; a tiny window still saves at most each second.
        assert!(!session_needs_touch(1_000, 500, idle));
        assert!(!session_needs_touch(1_000, 1_000, chrono::Duration::seconds(5)));
        assert!(session_needs_touch(1_000, 1_001, chrono::Duration::seconds(5)));
    }

    #[test]
    fn roles_round_trip_and_only_board_manages_members() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.code()), Some(role));
            assert_eq!(allows(&[role], Permission::ManageMembers), role == Role::Board);
            assert_eq!(allows(&[role], Permission::ManageSettings), role == Role::Board);
            assert_eq!(allows(&[role], Permission::Govern), role == Role::Board);
            assert_eq!(
                allows(&[role], Permission::ManageCatalogue),
                matches!(role, Role::Board | Role::Producer)
            );
            assert_eq!(allows(&[role], Permission::ManageOwnFarm), role == Role::Producer);
            assert!(allows(&[role], Permission::SignedIn));
            // A local authority reads the value chains and changes nothing.
            assert_eq!(
                allows(&[role], Permission::ViewValueChains),
                matches!(role, Role::Board | Role::HubStaff | Role::LocalAuthority)
            );
            if role == Role::LocalAuthority {
                for p in [
                    Permission::ManageCycles,
                    Permission::ManageCatalogue,
                    Permission::PickupDesk,
                ] {
                    assert!(!allows(&[role], p), "{p:?}");
                }
            }
        }
        assert_eq!(Role::parse("admin"), None);
        assert!(!allows(&[], Permission::ManageMembers));
    }
}
