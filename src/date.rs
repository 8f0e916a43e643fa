//! Calendar dates as written in front matter (`2026-11-26`).

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;

/// A calendar date without a time zone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(jiff::civil::Date);

impl Date {
    /// Parses `YYYY-MM-DD`, and nothing else.
    pub fn parse(text: &str) -> Result<Date, String> {
        let bytes = text.as_bytes();
        let shape_ok = bytes.len() == 10
            && bytes[4] == b'-'
            && bytes[7] == b'-'
            && bytes
                .iter()
                .enumerate()
                .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
        if !shape_ok {
            return Err(format!(
                "`{text}` is not a date; write it as YYYY-MM-DD, for example `2026-11-26`"
            ));
        }
        let number = |range: std::ops::Range<usize>| -> i16 {
            text[range].parse().expect("checked to be ASCII digits")
        };
        let (year, month, day) = (number(0..4), number(5..7), number(8..10));
        if !(1..=12).contains(&month) {
            return Err(format!("`{text}` is not a date: there is no month {month}"));
        }
        jiff::civil::Date::new(year, month as i8, day as i8)
            .map(Date)
            .map_err(|_| {
                format!("`{text}` is not a date: month {month} of {year} has no day {day}")
            })
    }

    /// Today, in UTC: used only to warn about review dates that have passed.
    pub fn today() -> Date {
        Date(
            jiff::Timestamp::now()
                .to_zoned_datetime(jiff::tz::TimeZone::UTC)
                .date(),
        )
    }

    /// The year.
    pub fn year(self) -> i16 {
        self.0.year()
    }

    /// The month, 1 to 12.
    pub fn month(self) -> i8 {
        self.0.month()
    }

    /// The day of the month.
    pub fn day(self) -> i8 {
        self.0.day()
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02}",
            self.year(),
            self.month(),
            self.day()
        )
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Date, D::Error> {
        struct DateVisitor;
        impl Visitor<'_> for DateVisitor {
            type Value = Date;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a date written as YYYY-MM-DD")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<Date, E> {
                Date::parse(text.trim()).map_err(E::custom)
            }
            fn visit_i64<E: de::Error>(self, n: i64) -> Result<Date, E> {
                Err(E::custom(format!(
                    "`{n}` is not a date; write it as YYYY-MM-DD, for example `2026-11-26`"
                )))
            }
            fn visit_u64<E: de::Error>(self, n: u64) -> Result<Date, E> {
                self.visit_i64(n as i64)
            }
        }
        deserializer.deserialize_any(DateVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_real_dates_only() {
        assert_eq!(Date::parse("2026-11-26").unwrap().to_string(), "2026-11-26");
        assert_eq!(Date::parse("2028-02-29").unwrap().day(), 29);
        assert!(Date::parse("2026-13-45")
            .unwrap_err()
            .contains("no month 13"));
        assert!(Date::parse("2026-02-30").unwrap_err().contains("no day 30"));
        assert!(Date::parse("26-11-2026").is_err());
        assert!(Date::parse("2026-1-5").is_err());
    }
}
