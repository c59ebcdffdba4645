//! Phone numbers normalised to E.164 (`+41445551234`), so that a caller is found whatever way
//! their number was written on the record: `044 555 12 34`, `+41 44 555 12 34` and
//! `0041445551234` are one number. A number written without its country code is read as one
//! of the organization's region.

use std::str::FromStr;

use phonenumber::country::Id;
use phonenumber::Mode;

use crate::validation::FieldError;

/// The region numbers without a country code are read in, until an organization says.
pub const DEFAULT_REGION: &str = "US";

/// An ISO 3166 region the phone-number metadata knows, such as `CH` or `US`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Region(Id);

impl Region {
    /// Parses a region code (any case).
    pub fn parse(pointer: &str, raw: &str) -> Result<Region, FieldError> {
        let upper = raw.trim().to_ascii_uppercase();
        if upper.len() == 2 {
            if let Ok(id) = Id::from_str(&upper) {
                return Ok(Region(id));
            }
        }
        Err(FieldError::new(
            pointer,
            "invalid_region",
            "must be a two-letter ISO 3166 region with a telephone plan, such as CH or US",
        ))
    }

    /// A region read back from storage; the default when it is not one (it was checked when
    /// saved).
    pub fn stored(raw: &str) -> Region {
        Region::parse("", raw).unwrap_or(Region(Id::US))
    }

    /// Its code, such as `CH`.
    pub fn code(self) -> String {
        self.0.as_ref().to_owned()
    }
}

/// The E.164 form of `raw`, read in `region` when it has no country code; none when it is not
/// a phone number (too short, too long, letters, an unknown country code).
pub fn e164(raw: &str, region: Region) -> Option<String> {
    let raw = raw.trim();
    if raw.is_empty() || raw.len() > 64 {
        return None;
    }
    let number = phonenumber::parse(Some(region.0), raw).ok()?;
    let formatted = number.format().mode(Mode::E164).to_string();
    // Only `+` and 8 to 15 digits is E.164 (the shortest real numbers have 7 to 8 digits
    // with their country code); anything else is a fragment, not a number to find.
    let digits = formatted.strip_prefix('+')?;
    let plausible = (7..=15).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit());
    plausible.then_some(formatted)
}

/// The E.164 forms of several numbers, each once, in order.
pub fn e164_all<'a>(raw: impl IntoIterator<Item = &'a str>, region: Region) -> Vec<String> {
    let mut numbers: Vec<String> = Vec::new();
    for number in raw.into_iter().filter_map(|r| e164(r, region)) {
        if !numbers.contains(&number) {
            numbers.push(number);
        }
    }
    numbers
}

#[cfg(test)]
mod tests {
    use super::*;

    fn region(code: &str) -> Region {
        Region::parse("/phone_region", code).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn one_number_written_many_ways_is_one_e164_number() {
        let ch = region("ch");
        for written in [
            "044 555 12 34",
            "+41 44 555 12 34",
            "0041 44 555 12 34",
            "+41 (0)44 555-12-34",
        ] {
            assert_eq!(
                e164(written, ch).as_deref(),
                Some("+41445551234"),
                "{written}"
            );
        }
        let us = region("US");
        assert_eq!(e164("(415) 555-0100", us).as_deref(), Some("+14155550100"));
        // A number with its country code is that country's whatever the region.
        assert_eq!(
            e164("+44 20 7946 0958", us).as_deref(),
            Some("+442079460958")
        );
    }

    #[test]
    fn what_is_no_number_has_no_e164_form() {
        let us = region("US");
        for junk in ["", "   ", "12", "call me", "+999 123", &"9".repeat(80)] {
            assert_eq!(e164(junk, us), None, "{junk}");
        }
    }

    #[test]
    fn regions_are_known_two_letter_codes() {
        assert_eq!(region("de").code(), "DE");
        for bad in ["", "XX", "USA", "1"] {
            assert!(Region::parse("/phone_region", bad).is_err(), "{bad}");
        }
        assert_eq!(
            e164_all(["+1 415 555 0100", "415-555-0100", "x"], region("US")),
            vec!["+14155550100".to_owned()]
        );
    }
}
