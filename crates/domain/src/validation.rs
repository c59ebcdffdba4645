//! Collecting every problem with an input at once, so a form can show them all together.

use std::fmt;

use chrono::{Datelike, NaiveDate};

/// One invalid field: where it is (a JSON pointer into the request body), a stable machine
/// code and a sentence for people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// JSON pointer (RFC 6901) to the offending value, e.g. `/email` or `/tags/2`.
    pub pointer: String,
    /// Stable machine-readable code, e.g. `too_long`.
    pub code: &'static str,
    /// Human-readable explanation.
    pub detail: String,
}

impl FieldError {
    /// A field error at `pointer`.
    pub fn new(pointer: impl Into<String>, code: &'static str, detail: impl Into<String>) -> Self {
        Self {
            pointer: pointer.into(),
            code,
            detail: detail.into(),
        }
    }

    /// The same error moved below `prefix` (`/address` + `/city` = `/address/city`).
    #[must_use]
    pub fn nested(mut self, prefix: &str) -> Self {
        self.pointer = format!("{prefix}{}", self.pointer);
        self
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.pointer, self.detail)
    }
}

/// Accumulates field errors while an input is parsed.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Violations(Vec<FieldError>);

impl Violations {
    /// An empty collection.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records an error.
    pub fn push(&mut self, error: FieldError) {
        self.0.push(error);
    }

    /// Keeps the value of a successful parse, records the error of a failed one.
    pub fn check<T>(&mut self, result: Result<T, FieldError>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(error) => {
                self.push(error);
                None
            }
        }
    }

    /// Parses an optional input: absent stays absent, present must parse.
    pub fn check_opt<I, T>(
        &mut self,
        input: Option<I>,
        parse: impl FnOnce(I) -> Result<T, FieldError>,
    ) -> Option<T> {
        input.and_then(|value| self.check(parse(value)))
    }

    /// True when nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The recorded errors.
    pub fn errors(&self) -> &[FieldError] {
        &self.0
    }

    /// `Ok(value)` when nothing was recorded, otherwise every error.
    pub fn finish<T>(self, value: impl FnOnce() -> Option<T>) -> Result<T, Violations> {
        if self.0.is_empty() {
            if let Some(v) = value() {
                return Ok(v);
            }
        }
        Err(self)
    }

    /// The errors, consuming the collection.
    pub fn into_errors(self) -> Vec<FieldError> {
        self.0
    }
}

impl From<FieldError> for Violations {
    fn from(error: FieldError) -> Self {
        Self(vec![error])
    }
}

impl From<Vec<FieldError>> for Violations {
    fn from(errors: Vec<FieldError>) -> Self {
        Self(errors)
    }
}

impl fmt::Display for Violations {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self.0.iter().map(ToString::to_string).collect();
        f.write_str(&parts.join("; "))
    }
}

impl std::error::Error for Violations {}

/// A list of at most `max` values, each parsed at `pointer/<index>`, without repeats (the
/// first of each is kept).
pub fn list<T: PartialEq>(
    pointer: &str,
    raw: &[String],
    max: usize,
    parse: impl Fn(&str, &str) -> Result<T, FieldError>,
) -> Result<Vec<T>, FieldError> {
    if raw.len() > max {
        return Err(FieldError::new(
            pointer,
            "too_many",
            format!("at most {max} values"),
        ));
    }
    let mut values: Vec<T> = Vec::with_capacity(raw.len());
    for (i, item) in raw.iter().enumerate() {
        let value = parse(&format!("{pointer}/{i}"), item)?;
        if !values.contains(&value) {
            values.push(value);
        }
    }
    Ok(values)
}

/// The first year a record's calendar day (a contract's end, a warranty's) may fall in.
pub const FIRST_YEAR: i32 = 1900;
/// The last.
pub const LAST_YEAR: i32 = 9999;

/// Checks a calendar day of a record falls in the years [`FIRST_YEAR`] to [`LAST_YEAR`].
pub fn day_in_range(pointer: &str, day: NaiveDate) -> Result<NaiveDate, FieldError> {
    if (FIRST_YEAR..=LAST_YEAR).contains(&day.year()) {
        Ok(day)
    } else {
        Err(FieldError::new(
            pointer,
            "out_of_range",
            format!("a day of the years {FIRST_YEAR} to {LAST_YEAR}"),
        ))
    }
}
