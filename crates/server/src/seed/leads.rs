//! The demo organization's leads: a capture form on its web site and leads in every status,
//! some of them alike to accounts and contacts it has.

use chrono::{DateTime, Duration, Utc};
use db::notes::NoteSubject;
use domain::account::Address;
use domain::contact::{PhoneEntry, PhoneKind};
use domain::lead::{CompanySize, LeadFields, LeadSource, LeadStatus};
use domain::lead_form::{FieldSpec, FormField, LeadFormFields};
use domain::{Email, LeadFormId, LeadId, OrgId, UserId};

use super::sample::{
    Dice, CITIES, COMPANY_KINDS, COMPANY_WORDS, FIRST_NAMES, INDUSTRIES, LAST_NAMES, TITLES,
};
use crate::commands::CommandError;

/// Why the demo's disqualified leads were.
const REASONS: &[&str] = &[
    "No budget this year",
    "Student project",
    "Went with a competitor",
    "Not the decision maker",
];

/// A capture form and 80 leads, owned by `owners`, created over the last 60 days.
pub(super) fn demo_leads(
    conn: &mut db::AnyConnection,
    org: OrgId,
    owners: &[UserId],
    now: DateTime<Utc>,
) -> Result<(), CommandError> {
    let spec = |field: FormField, required: bool| FieldSpec {
        field,
        label: field.default_label().to_owned(),
        required,
    };
    let form = LeadFormFields {
        name: "Web site: contact us".into(),
        fields: vec![
            spec(FormField::FirstName, false),
            spec(FormField::LastName, true),
            spec(FormField::Email, true),
            spec(FormField::Company, false),
            spec(FormField::Phone, false),
            spec(FormField::Message, false),
        ],
        thank_you_url: Some("https://www.northwind.example/thanks".into()),
        allowed_origins: vec!["https://www.northwind.example".into()],
        source: LeadSource::Web,
        campaign: Some("Website".into()),
        owner_id: owners.first().copied(),
        active: true,
    };
    let form = db::lead_forms::create(
        conn,
        org,
        LeadFormId::mint(),
        &form,
        now - Duration::days(90),
    )?;
    let mut dice = Dice(1843);
    let sources = [
        LeadSource::Web,
        LeadSource::Web,
        LeadSource::Event,
        LeadSource::Referral,
        LeadSource::Partner,
        LeadSource::ColdCall,
        LeadSource::Advertising,
        LeadSource::Social,
    ];
    let statuses = [
        LeadStatus::New,
        LeadStatus::New,
        LeadStatus::New,
        LeadStatus::Working,
        LeadStatus::Working,
        LeadStatus::Nurturing,
        LeadStatus::Qualified,
        LeadStatus::Disqualified,
    ];
    let sizes = [
        CompanySize::Micro,
        CompanySize::Small,
        CompanySize::Medium,
        CompanySize::Large,
        CompanySize::Enterprise,
        CompanySize::Huge,
    ];
    for i in 0..80u64 {
        let first = *dice.pick(FIRST_NAMES);
        let last = *dice.pick(LAST_NAMES);
        // Every tenth works for a company the demo has an account of: its possible duplicate.
        let company = format!("{} {}", dice.pick(COMPANY_WORDS), dice.pick(COMPANY_KINDS));
        let slug: String = company
            .to_lowercase()
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect();
        let domain = if i % 10 == 0 {
            format!("{slug}.example")
        } else {
            format!("{slug}-{i}.example")
        };
        let (city, country) = *dice.pick(CITIES);
        let source = *dice.pick(&sources);
        let status = *dice.pick(&statuses);
        let created = now - Duration::minutes(i64::try_from(dice.below(60 * 24 * 60)).unwrap_or(0));
        let fields = LeadFields {
            first_name: Some(first.to_owned()),
            last_name: Some(last.to_owned()),
            company: Some(company),
            title: Some((*dice.pick(TITLES)).to_owned()),
            email: Email::parse(
                "",
                &format!("{}.{}@{domain}", first.to_lowercase(), last.to_lowercase()),
            )
            .ok(),
            phones: vec![PhoneEntry {
                kind: PhoneKind::Work,
                number: format!(
                    "+{} {} {}",
                    1 + dice.below(98),
                    100 + dice.below(899),
                    100_000 + dice.below(899_999)
                ),
            }],
            website: Some(format!("https://www.{domain}")),
            address: Address {
                city: Some(city.to_owned()),
                country: Some(country.to_owned()),
                ..Address::default()
            },
            industry: Some((*dice.pick(INDUSTRIES)).to_owned()),
            company_size: Some(*dice.pick(&sizes)),
            source: Some(source),
            campaign: match source {
                LeadSource::Event => Some("Trade fair 2026".into()),
                LeadSource::Web => Some("Website".into()),
                LeadSource::Advertising => Some("Search ads Q4".into()),
                _ => None,
            },
            status,
            disqualified_reason: (status == LeadStatus::Disqualified)
                .then(|| (*dice.pick(REASONS)).to_owned()),
            // A few new ones wait for someone to take them.
            owner_id: (i % 7 != 3).then(|| *dice.pick(owners)),
            tags: Vec::new(),
        };
        let by_form = (source == LeadSource::Web).then_some(form.id);
        let lead = db::leads::create(conn, org, (LeadId::mint(), by_form), &fields, created)?;
        if i % 4 == 0 {
            db::notes::create(
                conn,
                org,
                NoteSubject::Lead(lead.id),
                fields.owner_id,
                "Asked for pricing and a demo next week.",
                created + Duration::hours(2),
            )?;
        }
    }
    Ok(())
}
