//! Times are stored in UTC and shown in the cooperative's zone (Europe/Paris by default).

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::i18n::Locale;

/// The zone used when a cooperative has none configured.
pub const DEFAULT_ZONE: Tz = chrono_tz::Europe::Paris;

/// Parses an IANA zone name, falling back to the default zone.
pub fn zone(name: &str) -> Tz {
    name.parse().unwrap_or(DEFAULT_ZONE)
}

/// A date and time as people in the cooperative read it.
pub fn format_local(at: DateTime<Utc>, tz: Tz, locale: Locale) -> String {
    let local = at.with_timezone(&tz);
    match locale {
        Locale::Fr => local.format("%d/%m/%Y à %H:%M").to_string(),
        Locale::En => local.format("%Y-%m-%d at %H:%M").to_string(),
    }
}

/// A calendar day as people in the cooperative read it.
pub fn format_date(day: chrono::NaiveDate, locale: Locale) -> String {
    match locale {
        Locale::Fr => day.format("%d/%m/%Y").to_string(),
        Locale::En => day.format("%Y-%m-%d").to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn winter_and_summer_time_in_paris() {
        let winter = Utc.with_ymd_and_hms(2026, 1, 15, 17, 30, 0).unwrap();
        let summer = Utc.with_ymd_and_hms(2026, 7, 15, 17, 30, 0).unwrap();
        assert_eq!(format_local(winter, DEFAULT_ZONE, Locale::Fr), "15/01/2026 à 18:30");
        assert_eq!(format_local(summer, DEFAULT_ZONE, Locale::En), "2026-07-15 at 19:30");
        assert_eq!(format_date(winter.date_naive(), Locale::Fr), "15/01/2026");
    }

    #[test]
    fn unknown_zone_falls_back_to_paris() {
        assert_eq!(zone("Mars/Olympus"), DEFAULT_ZONE);
        assert_eq!(zone("Europe/Brussels"), chrono_tz::Europe::Brussels);
    }
}
