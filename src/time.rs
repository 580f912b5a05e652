//! Times are stored in UTC and shown in the cooperative's zone (Europe/Paris by default), the
//! way each language writes them: "13 déc. 2026 à 10 h 00", "13 Dec 2026, 10:00".

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, TimeZone, Timelike, Utc};
use chrono_tz::Tz;

use crate::i18n::Locale;

/// The zone used when a cooperative has none configured.
pub const DEFAULT_ZONE: Tz = chrono_tz::Europe::Paris;

/// A cooperative's time zone as stored: an IANA name (`Europe/Paris`). Read strictly: a name
/// the zone database does not know is a decoding error (`stored_code!`), never a silent
/// default. Travels to the browser as its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Zone(pub Tz);

impl Zone {
    pub fn tz(self) -> Tz {
        self.0
    }

    pub fn code(&self) -> &'static str {
        self.0.name()
    }

    pub fn parse(name: &str) -> Option<Zone> {
        name.parse().ok().map(Zone)
    }
}

impl serde::Serialize for Zone {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

impl<'de> serde::Deserialize<'de> for Zone {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Zone, D::Error> {
        let name = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Zone::parse(&name).ok_or_else(|| serde::de::Error::custom(format!("unknown time zone {name:?}")))
    }
}

#[cfg(feature = "ssr")]
crate::stored_code!(Zone);

const MONTHS_FR: [&str; 12] = [
    "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc.",
];
const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A local date-time as typed in an `<input type="datetime-local">` ("2026-11-24T18:00",
/// seconds optional), in the cooperative's zone. In the autumn's repeated hour the earlier
/// instant is taken; a time skipped by the spring change does not exist and is refused.
pub fn parse_local(raw: &str, tz: Tz) -> Option<DateTime<Utc>> {
    let raw = raw.trim();
    let naive = NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M:%S"))
        .or_else(|_| NaiveDateTime::parse_from_str(raw, "%Y-%m-%d %H:%M"))
        .ok()?;
    tz.from_local_datetime(&naive).earliest().map(|t| t.with_timezone(&Utc))
}

/// The value an `<input type="datetime-local">` shows for `at` in the zone.
pub fn to_local_input(at: DateTime<Utc>, tz: Tz) -> String {
    at.with_timezone(&tz).format("%Y-%m-%dT%H:%M").to_string()
}

/// A calendar day as people in the cooperative read it: "13 déc. 2026", "13 Dec 2026".
pub fn format_date(day: NaiveDate, locale: Locale) -> String {
    let month = day.month0() as usize;
    let name = match locale {
        Locale::Fr => MONTHS_FR[month],
        Locale::En => MONTHS_EN[month],
    };
    format!("{} {name} {}", day.day(), day.year())
}

/// A time of day: "10 h 00" in French, "10:00" in English.
pub fn format_clock(hour: u32, minute: u32, locale: Locale) -> String {
    match locale {
        Locale::Fr => format!("{hour} h {minute:02}"),
        Locale::En => format!("{hour:02}:{minute:02}"),
    }
}

/// The time of day of an instant in the cooperative's zone.
pub fn format_time(at: DateTime<Utc>, tz: Tz, locale: Locale) -> String {
    let local = at.with_timezone(&tz);
    format_clock(local.hour(), local.minute(), locale)
}

/// A date and time as people in the cooperative read it.
pub fn format_local(at: DateTime<Utc>, tz: Tz, locale: Locale) -> String {
    let day = format_date(at.with_timezone(&tz).date_naive(), locale);
    let time = format_time(at, tz, locale);
    match locale {
        Locale::Fr => format!("{day} à {time}"),
        Locale::En => format!("{day}, {time}"),
    }
}

/// A slot: "13 déc. 2026 à 10 h 00 – 12 h 00", "13 Dec 2026, 10:00 – 12:00".
pub fn format_slot(starts: DateTime<Utc>, ends: DateTime<Utc>, tz: Tz, locale: Locale) -> String {
    format!(
        "{} – {}",
        format_local(starts, tz, locale),
        format_time(ends, tz, locale)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn winter_and_summer_time_in_paris() {
        let winter = Utc.with_ymd_and_hms(2026, 1, 15, 17, 30, 0).unwrap();
        let summer = Utc.with_ymd_and_hms(2026, 7, 15, 17, 30, 0).unwrap();
        assert_eq!(
            format_local(winter, DEFAULT_ZONE, Locale::Fr),
            "15 janv. 2026 à 18 h 30"
        );
        assert_eq!(format_local(summer, DEFAULT_ZONE, Locale::En), "15 Jul 2026, 19:30");
        assert_eq!(format_date(winter.date_naive(), Locale::Fr), "15 janv. 2026");
    }

    #[test]
    fn each_language_writes_its_own_dates_and_times() {
        let at = Utc.with_ymd_and_hms(2026, 12, 13, 9, 0, 0).unwrap();
        assert_eq!(format_local(at, DEFAULT_ZONE, Locale::Fr), "13 déc. 2026 à 10 h 00");
        assert_eq!(format_local(at, DEFAULT_ZONE, Locale::En), "13 Dec 2026, 10:00");
        assert_eq!(format_time(at, DEFAULT_ZONE, Locale::Fr), "10 h 00");
        assert_eq!(format_clock(7, 5, Locale::En), "07:05");
        let later = at + chrono::Duration::hours(2);
        assert_eq!(
            format_slot(at, later, DEFAULT_ZONE, Locale::Fr),
            "13 déc. 2026 à 10 h 00 – 12 h 00"
        );
        let day = |m| NaiveDate::from_ymd_opt(2026, m, 1).unwrap();
        assert_eq!(format_date(day(8), Locale::Fr), "1 août 2026");
        assert_eq!(format_date(day(5), Locale::En), "1 May 2026");
    }

    #[test]
    fn an_unknown_zone_is_refused_not_replaced_by_paris() {
        assert_eq!(Zone::parse("Mars/Olympus"), None);
        assert_eq!(Zone::parse("Europe/Brussels"), Some(Zone(chrono_tz::Europe::Brussels)));
        assert_eq!(Zone(DEFAULT_ZONE).code(), "Europe/Paris");
    }
}
