//! "Prepare the following week": a draft copy of a cycle, its times moved on by whole weeks.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::i18n::Msg;

/// The most weeks a cycle is carried forward when it is copied.
pub const MAX_COPY_WEEKS: u32 = 52;

/// `at` moved `weeks` weeks later at the same wall-clock time in `tz`, so that "Thursday 20:00"
/// stays Thursday 20:00 across a change of summer time (168 h per week would make it 19:00 or
/// 21:00). A time repeated in autumn keeps the original's offset when it can, else the earlier
/// one; a time skipped in spring moves forward by the gap (02:30 becomes 03:30).
pub fn shift_weeks(at: DateTime<Utc>, weeks: u32, tz: Tz) -> DateTime<Utc> {
    use chrono::{LocalResult, Offset};
    let local = at.with_timezone(&tz);
    let naive = local.naive_local() + chrono::Days::new(7 * u64::from(weeks));
    match tz.from_local_datetime(&naive) {
        LocalResult::Single(t) => t.with_timezone(&Utc),
        LocalResult::Ambiguous(earlier, later) => {
            let same = later.offset().fix() == local.offset().fix();
            let chosen = if same { later } else { earlier };
            chosen.with_timezone(&Utc)
        }
        LocalResult::None => {
            // Inside the gap: read the time with the offset in force the day before.
            let before = tz.offset_from_utc_datetime(&(naive - chrono::Duration::days(1))).fix();
            naive.and_utc() - chrono::Duration::seconds(i64::from(before.local_minus_utc()))
        }
    }
}

/// A window (a cycle's or a slot's) moved `weeks` weeks; should a spring gap fold it (its start
/// pushed onto its end), it keeps its length instead.
pub fn shift_window(starts: DateTime<Utc>, ends: DateTime<Utc>, weeks: u32, tz: Tz) -> (DateTime<Utc>, DateTime<Utc>) {
    let (s, e) = (shift_weeks(starts, weeks, tz), shift_weeks(ends, weeks, tz));
    if e > s { (s, e) } else { (s, s + (ends - starts)) }
}

/// The fewest whole weeks (1 to 52) that put a copy's closing time after `now`: last week's
/// cycle prepares this week's, one left for a month prepares the coming one.
pub fn weeks_ahead(closes_at: DateTime<Utc>, now: DateTime<Utc>, tz: Tz) -> Option<u32> {
    (1..=MAX_COPY_WEEKS).find(|&k| shift_weeks(closes_at, k, tz) > now)
}

/// Where a name ends with a day and month ("Semaine du 06/12"): the byte index of the date.
fn trailing_day_month(name: &str) -> Option<usize> {
    let bytes = name.as_bytes();
    let start = bytes.len().checked_sub(5)?;
    let tail = &bytes[start..];
    let number = |b: &[u8]| {
        b.iter()
            .all(u8::is_ascii_digit)
            .then(|| u32::from(b[0] - b'0') * 10 + u32::from(b[1] - b'0'))
    };
    let (day, month) = (number(&tail[..2])?, number(&tail[3..])?);
    // "12/06/2026" ends with "6/2026", not a day and month; "106/12" is no date either.
    let alone = start == 0 || !matches!(bytes[start - 1], b'0'..=b'9' | b'/');
    (tail[2] == b'/' && alone && (1..=31).contains(&day) && (1..=12).contains(&month)).then_some(start)
}

/// The copy's name: a trailing "dd/mm" becomes the new opening date's, any other name is marked
/// as a copy (once), within the 120 characters a cycle's name may have.
pub fn next_cycle_name(name: &str, opens_on: NaiveDate, locale: crate::i18n::Locale) -> String {
    if let Some(start) = trailing_day_month(name) {
        return format!("{}{}", &name[..start], opens_on.format("%d/%m"));
    }
    let copies = crate::i18n::Locale::ALL.map(|l| Msg::CycleCopyName.fill(l, &[("name", "")]));
    if copies.iter().any(|suffix| name.ends_with(suffix.as_str())) {
        return name.to_owned();
    }
    let suffix = Msg::CycleCopyName.fill(locale, &[("name", "")]);
    let room = 120usize.saturating_sub(suffix.chars().count());
    let base: String = name.chars().take(room).collect();
    Msg::CycleCopyName.fill(locale, &[("name", base.trim_end())])
}

/// What a cycle's copy for a coming week is called and when it takes orders.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NextCycle {
    pub weeks: u32,
    pub name: String,
    pub opens_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
}

/// The copy of a cycle for the first week whose closing is still to come, or why there is none.
pub fn next_cycle(
    name: &str,
    opens_at: DateTime<Utc>,
    closes_at: DateTime<Utc>,
    now: DateTime<Utc>,
    tz: Tz,
    locale: crate::i18n::Locale,
) -> Result<NextCycle, Msg> {
    let weeks = weeks_ahead(closes_at, now, tz).ok_or(Msg::ErrCycleTooOldToCopy)?;
    let (opens_at, closes_at) = shift_window(opens_at, closes_at, weeks, tz);
    Ok(NextCycle {
        weeks,
        name: next_cycle_name(name, opens_at.with_timezone(&tz).date_naive(), locale),
        opens_at,
        closes_at,
    })
}
