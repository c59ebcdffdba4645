//! A customer's answers to a partner's questions, read by each question's kind.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};

use super::{FieldKind, TicketField, MAX_NUMBER, MAX_TEXT_ANSWER, MAX_TICKET_FIELDS};
use crate::text;
use crate::validation::FieldError;

/// How a date answer is written.
pub const DATE_FORMAT: &str = "%Y-%m-%d";

/// The years a date answer may have.
pub const YEARS: std::ops::RangeInclusive<i32> = 1900..=2200;

/// An answer as JSON carried it, before it is checked.
#[derive(Debug, Clone, PartialEq)]
pub enum RawAnswer {
    /// `null`: no answer.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number (`None`: one no `f64` holds).
    Number(Option<f64>),
    /// A string.
    Text(String),
    /// An array or an object.
    Other,
}

/// An answer, checked against its question.
#[derive(Debug, Clone, PartialEq)]
pub enum AnswerValue {
    /// A text's or a choice's.
    Text(String),
    /// A number's.
    Number(f64),
    /// A date's.
    Date(NaiveDate),
    /// A checkbox's.
    Checkbox(bool),
}

impl AnswerValue {
    /// A date as `YYYY-MM-DD`.
    pub fn date_text(day: NaiveDate) -> String {
        day.format(DATE_FORMAT).to_string()
    }
}

/// A question answered on a ticket, with the question as it read when it was answered.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    /// The question's key.
    pub key: String,
    /// Its label.
    pub label: String,
    /// Its kind.
    pub kind: FieldKind,
    /// The answer.
    pub value: AnswerValue,
}

/// A JSON Pointer's reference token for `key` (RFC 6901: `~` and `/` escaped).
fn token(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// A customer's answers to `fields`, in the questions' order, under `pointer` (such as
/// `/custom_fields`): every required question answered, every answer of its question's kind,
/// and no answer to a question not asked. An unanswered optional question (absent, `null`
/// or blank) is left out; an optional checkbox sent unticked is kept as "no".
pub fn answers(
    pointer: &str,
    fields: &[TicketField],
    raw: &BTreeMap<String, RawAnswer>,
) -> Result<Vec<Answer>, Vec<FieldError>> {
    if raw.len() > MAX_TICKET_FIELDS {
        return Err(vec![FieldError::new(
            pointer,
            "too_many",
            format!("at most {MAX_TICKET_FIELDS} answers"),
        )]);
    }
    let mut errors: Vec<FieldError> = raw
        .keys()
        .filter(|key| !fields.iter().any(|f| &f.key == *key))
        .map(|key| {
            FieldError::new(
                format!("{pointer}/{}", token(key)),
                "unknown_field",
                "not a question of this portal",
            )
        })
        .collect();
    let mut answers = Vec::new();
    for field in fields {
        let at = format!("{pointer}/{}", field.key);
        match answer(&at, field, raw.get(&field.key).unwrap_or(&RawAnswer::Null)) {
            Ok(Some(value)) => answers.push(Answer {
                key: field.key.clone(),
                label: field.label.clone(),
                kind: field.kind,
                value,
            }),
            Ok(None) if field.required => errors.push(FieldError::new(
                at,
                "required",
                format!("\"{}\" must be answered", field.label),
            )),
            Ok(None) => {}
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok(answers)
    } else {
        Err(errors)
    }
}

/// One answer read by its question's kind; `None` when there is none.
fn answer(
    at: &str,
    field: &TicketField,
    raw: &RawAnswer,
) -> Result<Option<AnswerValue>, FieldError> {
    let wrong = |detail: &str| FieldError::new(at, "invalid_answer", detail.to_owned());
    let text = match raw {
        RawAnswer::Null => return Ok(None),
        RawAnswer::Text(t) if t.trim().is_empty() => return Ok(None),
        RawAnswer::Text(t) => Some(t.as_str()),
        _ => None,
    };
    match field.kind {
        FieldKind::Text => {
            let t = text.ok_or_else(|| wrong("must be text"))?;
            text::required(at, t, MAX_TEXT_ANSWER)
                .map(|t| Some(AnswerValue::Text(t)))
                .map_err(|e| wrong(&e.detail))
        }
        FieldKind::Choice => {
            let t = text.ok_or_else(|| wrong("must be one of the options"))?;
            match field.options.iter().find(|o| o.as_str() == t.trim()) {
                Some(o) => Ok(Some(AnswerValue::Text(o.clone()))),
                None => Err(FieldError::new(
                    at,
                    "unknown_option",
                    format!("must be one of: {}", field.options.join(", ")),
                )),
            }
        }
        FieldKind::Number => match raw {
            RawAnswer::Number(Some(n)) if n.is_finite() && n.abs() <= MAX_NUMBER => {
                Ok(Some(AnswerValue::Number(*n)))
            }
            _ => Err(wrong("must be a number no larger than 10^15 either way")),
        },
        FieldKind::Date => text
            .and_then(|t| NaiveDate::parse_from_str(t.trim(), DATE_FORMAT).ok())
            .filter(|d| YEARS.contains(&d.year()))
            .map(|d| Some(AnswerValue::Date(d)))
            .ok_or_else(|| wrong("must be a date from 1900 to 2200, such as 2026-12-31")),
        FieldKind::Checkbox => match raw {
            RawAnswer::Bool(true) => Ok(Some(AnswerValue::Checkbox(true))),
            // A required box must be ticked; an optional one unticked is a "no".
            RawAnswer::Bool(false) if field.required => Ok(None),
            RawAnswer::Bool(false) => Ok(Some(AnswerValue::Checkbox(false))),
            _ => Err(wrong("must be true or false")),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::super::definitions;
    use super::super::tests::{codes, raw};
    use super::*;

    #[test]
    fn answers_follow_their_questions() {
        let sizes = vec!["Small".to_owned(), "Large".to_owned()];
        let mut fields = definitions(
            "/f",
            &[
                raw("order", "text", &[]),
                raw("size", "choice", &sizes),
                raw("qty", "number", &[]),
                raw("since", "date", &[]),
                raw("agree", "checkbox", &[]),
            ],
        )
        .unwrap_or_default();
        fields[2].required = false;
        let given = BTreeMap::from([
            ("order".to_owned(), RawAnswer::Text(" A-1 ".into())),
            ("size".to_owned(), RawAnswer::Text("Large".into())),
            ("since".to_owned(), RawAnswer::Text("2026-02-28".into())),
            ("agree".to_owned(), RawAnswer::Bool(true)),
        ]);
        let got = answers("/c", &fields, &given).unwrap_or_default();
        let values: Vec<_> = got.iter().map(|a| a.value.clone()).collect();
        assert_eq!(
            values,
            vec![
                AnswerValue::Text("A-1".into()),
                AnswerValue::Text("Large".into()),
                AnswerValue::Date(NaiveDate::from_ymd_opt(2026, 2, 28).unwrap_or_default()),
                AnswerValue::Checkbox(true),
            ]
        );
        let wrong = BTreeMap::from([
            ("order".to_owned(), RawAnswer::Number(Some(1.0))),
            ("size".to_owned(), RawAnswer::Text("Huge".into())),
            ("qty".to_owned(), RawAnswer::Number(Some(1e16))),
            ("since".to_owned(), RawAnswer::Text("2026-02-30".into())),
            ("agree".to_owned(), RawAnswer::Bool(false)),
            ("a/b~".to_owned(), RawAnswer::Null),
        ]);
        assert_eq!(
            codes(&answers("/c", &fields, &wrong).err().unwrap_or_default()),
            vec![
                ("/c/a~1b~0".to_owned(), "unknown_field"),
                ("/c/order".to_owned(), "invalid_answer"),
                ("/c/size".to_owned(), "unknown_option"),
                ("/c/qty".to_owned(), "invalid_answer"),
                ("/c/since".to_owned(), "invalid_answer"),
                ("/c/agree".to_owned(), "required"),
            ]
        );
        fields.iter_mut().for_each(|f| f.required = false);
        assert_eq!(answers("/c", &fields, &BTreeMap::new()), Ok(Vec::new()));
        // Optional: an unticked box is a "no"; a date out of its years, a text with control
        // characters and a list are wrong answers.
        let no = BTreeMap::from([("agree".to_owned(), RawAnswer::Bool(false))]);
        let got = answers("/c", &fields, &no).unwrap_or_default();
        assert_eq!(got[0].value, AnswerValue::Checkbox(false));
        let odd = BTreeMap::from([
            ("order".to_owned(), RawAnswer::Text("a\u{7}b".into())),
            ("since".to_owned(), RawAnswer::Text("1899-12-31".into())),
            ("size".to_owned(), RawAnswer::Other),
        ]);
        assert_eq!(
            codes(&answers("/c", &fields, &odd).err().unwrap_or_default()),
            vec![
                ("/c/order".to_owned(), "invalid_answer"),
                ("/c/size".to_owned(), "invalid_answer"),
                ("/c/since".to_owned(), "invalid_answer"),
            ]
        );
    }
}
