//! Lead scoring: rules that give points for what a lead is (its fields) and for what it did
//! (events such as a form submission or a note), event points fading with a half-life. The
//! score is their sum, and every part says which rule gave how many points and why.

use chrono::{DateTime, Utc};

use crate::account::string_enum;
use crate::id::ScoringRuleId;
use crate::lead::LeadFields;
use crate::validation::FieldError;

/// The largest number of points one rule gives or takes.
pub const MAX_POINTS: i64 = 1_000;

/// The longest half-life, in days.
pub const MAX_HALF_LIFE_DAYS: i64 = 3_650;

/// How many events of one kind count (the most recent ones).
pub const MAX_EVENTS: usize = 20;

/// A lead field a rule reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ScoreField {
    /// Lead source.
    Source,
    /// Country code.
    Country,
    /// Industry.
    Industry,
    /// Company size.
    CompanySize,
    /// Job title: any of the values as a word in it.
    Title,
    /// Campaign.
    Campaign,
    /// Any of its tags.
    Tag,
    /// The email's domain is a company's, not a free mail service's.
    BusinessEmail,
    /// It has a phone number.
    Phone,
}

string_enum!(ScoreField, "invalid_field", "must be one of source, country, industry, company_size, title, campaign, tag, business_email, phone", {
    ScoreField::Source => "source",
    ScoreField::Country => "country",
    ScoreField::Industry => "industry",
    ScoreField::CompanySize => "company_size",
    ScoreField::Title => "title",
    ScoreField::Campaign => "campaign",
    ScoreField::Tag => "tag",
    ScoreField::BusinessEmail => "business_email",
    ScoreField::Phone => "phone",
});

impl ScoreField {
    /// What a reason calls the field.
    fn label(self) -> &'static str {
        match self {
            ScoreField::Source => "source",
            ScoreField::Country => "country",
            ScoreField::Industry => "industry",
            ScoreField::CompanySize => "company size",
            ScoreField::Title => "title",
            ScoreField::Campaign => "campaign",
            ScoreField::Tag => "tag",
            ScoreField::BusinessEmail => "company email at",
            ScoreField::Phone => "phone",
        }
    }

    /// Whether the rule lists values to match (the others only ask that the lead has it).
    pub fn takes_values(self) -> bool {
        !matches!(self, ScoreField::BusinessEmail | ScoreField::Phone)
    }
}

/// Something a lead did that earns points each time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ScoreEvent {
    /// It came in through a capture form.
    FormSubmission,
    /// A note was written about it.
    Note,
}

string_enum!(ScoreEvent, "invalid_event", "must be one of form_submission, note", {
    ScoreEvent::FormSubmission => "form_submission",
    ScoreEvent::Note => "note",
});

/// What a rule gives points for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Criterion {
    /// A field holding one of `values` (any value when empty; case does not matter).
    Field {
        /// Which field.
        field: ScoreField,
        /// The values that count.
        values: Vec<String>,
    },
    /// Each event of a kind, its points halving every `half_life_days` (never, when none).
    Event {
        /// Which kind.
        event: ScoreEvent,
        /// The half-life.
        half_life_days: Option<i64>,
    },
}

/// A scoring rule as stored and as the score reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScoringRuleFields {
    /// Name, unique among live rules.
    pub name: String,
    /// Whether it counts.
    pub active: bool,
    /// What it gives points for.
    pub criterion: Criterion,
    /// How many points (negative takes points away).
    pub points: i64,
}

/// A rule with its id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScoringRule {
    /// Which.
    pub id: ScoringRuleId,
    /// What it is.
    pub fields: ScoringRuleFields,
}

/// One rule's share of a score.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    /// The rule.
    pub rule: ScoringRuleId,
    /// Its name.
    pub name: String,
    /// The points it gives now (events' points faded), rounded to whole points.
    pub points: i64,
    /// Why, in words.
    pub reason: String,
}

/// A score and how it came about.
#[derive(Debug, Clone, PartialEq)]
pub struct Score {
    /// The sum of the parts.
    pub total: i64,
    /// The rules that gave or took points, most points first.
    pub parts: Vec<Part>,
}

fn any_of(values: &[String], value: Option<&str>) -> Option<String> {
    let value = value?.trim();
    if value.is_empty() {
        return None;
    }
    let hit = values.is_empty() || values.iter().any(|v| v.eq_ignore_ascii_case(value));
    hit.then(|| value.to_owned())
}

/// What of `lead` meets a field rule, in words; `None` when it does not.
fn field_match(lead: &LeadFields, field: ScoreField, values: &[String]) -> Option<String> {
    match field {
        ScoreField::Source => any_of(values, lead.source.map(|s| s.as_str())),
        ScoreField::Country => any_of(values, lead.address.country.as_deref()),
        ScoreField::Industry => any_of(values, lead.industry.as_deref()),
        ScoreField::CompanySize => any_of(values, lead.company_size.map(|s| s.as_str())),
        ScoreField::Campaign => any_of(values, lead.campaign.as_deref()),
        ScoreField::Tag => lead.tags.iter().find_map(|t| any_of(values, Some(t))),
        ScoreField::Title => {
            let title = lead.title.as_deref()?;
            let words: Vec<String> = title
                .split(|c: char| !c.is_alphanumeric())
                .map(str::to_lowercase)
                .collect();
            let hit = values.is_empty()
                || values
                    .iter()
                    .any(|v| words.iter().any(|w| *w == v.to_lowercase()));
            hit.then(|| title.to_owned())
        }
        ScoreField::BusinessEmail => {
            let email = lead.email.as_ref()?.normalized();
            let domain = email.rsplit_once('@')?.1.to_owned();
            (!crate::lead::is_free_mail(&domain)).then_some(domain)
        }
        ScoreField::Phone => lead.phones.first().map(|p| p.number.clone()),
    }
}

/// `points` after `age`, halving every `half_life_days`.
fn faded(points: i64, age_days: f64, half_life_days: Option<i64>) -> f64 {
    match half_life_days {
        Some(half) if half > 0 => points as f64 * 0.5_f64.powf(age_days.max(0.0) / half as f64),
        _ => points as f64,
    }
}

/// The score of `lead`, whose events happened at the times given, at `now`.
pub fn score(
    rules: &[ScoringRule],
    lead: &LeadFields,
    events: &[(ScoreEvent, DateTime<Utc>)],
    now: DateTime<Utc>,
) -> Score {
    let mut parts: Vec<Part> = Vec::new();
    for rule in rules.iter().filter(|r| r.fields.active) {
        let f = &rule.fields;
        let (points, reason) = match &f.criterion {
            Criterion::Field { field, values } => match field_match(lead, *field, values) {
                Some(value) if field.takes_values() => {
                    (f.points as f64, format!("{} is {value}", field.label()))
                }
                Some(value) => (f.points as f64, format!("{} {value}", field.label())),
                None => continue,
            },
            Criterion::Event {
                event,
                half_life_days,
            } => {
                let mut times: Vec<&DateTime<Utc>> = events
                    .iter()
                    .filter(|(kind, _)| kind == event)
                    .map(|(_, at)| at)
                    .collect();
                times.sort_unstable_by(|a, b| b.cmp(a));
                times.truncate(MAX_EVENTS);
                if times.is_empty() {
                    continue;
                }
                let points: f64 = times
                    .iter()
                    .map(|at| {
                        let age = (now - **at).num_seconds() as f64 / 86_400.0;
                        faded(f.points, age, *half_life_days)
                    })
                    .sum();
                let fading = match half_life_days {
                    Some(days) => format!(", halving every {days} days"),
                    None => String::new(),
                };
                let count = times.len();
                let plural = if count == 1 { "" } else { "s" };
                (
                    points,
                    format!(
                        "{count} {}{plural}{fading}",
                        event.as_str().replace('_', " ")
                    ),
                )
            }
        };
        let points = points.round() as i64;
        if points != 0 {
            parts.push(Part {
                rule: rule.id,
                name: f.name.clone(),
                points,
                reason,
            });
        }
    }
    parts.sort_by(|a, b| b.points.cmp(&a.points).then_with(|| a.name.cmp(&b.name)));
    Score {
        total: parts.iter().map(|p| p.points).sum(),
        parts,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lead::{CompanySize, LeadSource, LeadStatus};
    use chrono::Duration;
    use proptest::prelude::*;

    fn fresh() -> ScoringRuleId {
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        ScoringRuleId::from_uuid(uuid::Uuid::from_u128(u128::from(n)))
    }

    fn rule(name: &str, criterion: Criterion, points: i64) -> ScoringRule {
        ScoringRule {
            id: fresh(),
            fields: ScoringRuleFields {
                name: name.into(),
                active: true,
                criterion,
                points,
            },
        }
    }

    fn lead() -> LeadFields {
        LeadFields {
            first_name: None,
            last_name: Some("Lovelace".into()),
            company: Some("Engines Ltd".into()),
            title: Some("VP of Engineering".into()),
            email: crate::Email::parse("", "ada@engines.example").ok(),
            phones: Vec::new(),
            website: None,
            address: crate::account::Address {
                country: Some("GB".into()),
                ..Default::default()
            },
            industry: Some("Manufacturing".into()),
            company_size: Some(CompanySize::Large),
            source: Some(LeadSource::Web),
            campaign: None,
            status: LeadStatus::New,
            disqualified_reason: None,
            owner_id: None,
            tags: vec!["vip".into()],
        }
    }

    #[test]
    fn explains_each_rules_points() {
        let now = DateTime::parse_from_rfc3339("2026-12-05T12:00:00Z")
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_default();
        let field = |field, values: &[&str]| Criterion::Field {
            field,
            values: values.iter().map(|v| (*v).to_owned()).collect(),
        };
        let rules = vec![
            rule(
                "Senior title",
                field(ScoreField::Title, &["vp", "director"]),
                20,
            ),
            rule(
                "Big company",
                field(ScoreField::CompanySize, &["201-1000", "1001-5000"]),
                15,
            ),
            rule("Company email", field(ScoreField::BusinessEmail, &[]), 10),
            rule("Has phone", field(ScoreField::Phone, &[]), 5),
            rule("Students", field(ScoreField::Industry, &["education"]), -30),
            rule(
                "Notes",
                Criterion::Event {
                    event: ScoreEvent::Note,
                    half_life_days: Some(30),
                },
                8,
            ),
        ];
        let events = [
            (ScoreEvent::Note, now),
            (ScoreEvent::Note, now - Duration::days(30)),
            (ScoreEvent::FormSubmission, now),
        ];
        let score = score(&rules, &lead(), &events, now);
        let parts: Vec<(&str, i64)> = score
            .parts
            .iter()
            .map(|p| (p.name.as_str(), p.points))
            .collect();
        assert_eq!(
            parts,
            [
                ("Senior title", 20),
                ("Big company", 15),
                ("Notes", 12),
                ("Company email", 10)
            ]
        );
        assert_eq!(score.total, 57);
        assert_eq!(score.parts[2].reason, "2 notes, halving every 30 days");
        assert_eq!(score.parts[3].reason, "company email at engines.example");
    }

    proptest! {
        /// Event points only fade: a later look never gives more, and never flips the sign.
        #[test]
        fn event_points_fade(points in -100i64..100, half in 1i64..365, age in 0i64..2000, later in 0i64..2000) {
            let now = DateTime::<Utc>::UNIX_EPOCH + Duration::days(5000);
            let rules = vec![rule("e", Criterion::Event { event: ScoreEvent::Note, half_life_days: Some(half) }, points)];
            let events = [(ScoreEvent::Note, now - Duration::days(age))];
            let first = score(&rules, &lead(), &events, now).total;
            let second = score(&rules, &lead(), &events, now + Duration::days(later)).total;
            prop_assert!(second.abs() <= first.abs());
            prop_assert!(first == 0 || second == 0 || first.signum() == second.signum());
            prop_assert!(first.abs() <= points.abs());
        }
    }
}
