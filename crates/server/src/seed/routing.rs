//! The demo organization's lead routing and scoring: territories for Europe and the
//! Americas, a rule sending partner leads to the manager and the rest round the sellers of
//! their territory, and scoring rules that make the hottest leads stand out.

use chrono::{DateTime, Utc};
use domain::assignment::{AssignTo, Conditions, RuleFields};
use domain::lead::{CompanySize, LeadSource};
use domain::scoring::{Criterion, ScoreEvent, ScoreField, ScoringRuleFields};
use domain::territory::{TerritoryFields, TerritoryRules};
use domain::{OrgId, UserId};

use crate::commands::CommandError;

/// Territories, assignment rules and scoring rules; `sellers` own the territories and the
/// first of them takes partner leads.
pub(super) fn demo_routing(
    conn: &mut db::AnyConnection,
    org: OrgId,
    sellers: &[UserId],
    now: DateTime<Utc>,
) -> Result<(), CommandError> {
    let territory =
        |name: &str, parent, countries: &[&str], sizes: Vec<CompanySize>| TerritoryFields {
            name: name.into(),
            description: None,
            parent_id: parent,
            rules: TerritoryRules {
                countries: countries.iter().map(|c| (*c).to_owned()).collect(),
                company_sizes: sizes,
                ..TerritoryRules::default()
            },
            owner_ids: sellers.to_vec(),
        };
    let europe = db::territories::create(
        conn,
        org,
        &territory(
            "Europe",
            None,
            &["DE", "FR", "GB", "ES", "IT", "NL", "AT", "CH"],
            Vec::new(),
        ),
        now,
    )?;
    db::territories::create(
        conn,
        org,
        &territory("DACH", Some(europe.id), &["DE", "AT", "CH"], Vec::new()),
        now,
    )?;
    db::territories::create(
        conn,
        org,
        &territory("Americas", None, &["US", "CA", "MX", "BR"], Vec::new()),
        now,
    )?;
    if let Some(first) = sellers.first() {
        db::assignment_rules::create(
            conn,
            org,
            &RuleFields {
                name: "Partner leads".into(),
                position: None,
                active: true,
                conditions: Conditions {
                    sources: vec![LeadSource::Partner],
                    ..Conditions::default()
                },
                assign_to: AssignTo::User(*first),
            },
            now,
        )?;
    }
    db::assignment_rules::create(
        conn,
        org,
        &RuleFields {
            name: "By territory".into(),
            position: None,
            active: true,
            conditions: Conditions::default(),
            assign_to: AssignTo::Territory,
        },
        now,
    )?;
    let field = |name: &str, field, values: &[&str], points| ScoringRuleFields {
        name: name.into(),
        active: true,
        criterion: Criterion::Field {
            field,
            values: values.iter().map(|v| (*v).to_owned()).collect(),
        },
        points,
    };
    let rules = [
        field(
            "Decision maker",
            ScoreField::Title,
            &["ceo", "cto", "cfo", "vp", "director", "head"],
            20,
        ),
        field(
            "Larger company",
            ScoreField::CompanySize,
            &["201-1000", "1001-5000", "5001+"],
            15,
        ),
        field("Company email", ScoreField::BusinessEmail, &[], 10),
        field("Reachable by phone", ScoreField::Phone, &[], 5),
        field(
            "Referred to us",
            ScoreField::Source,
            &["referral", "partner"],
            10,
        ),
        ScoringRuleFields {
            name: "Asked us through the web site".into(),
            active: true,
            criterion: Criterion::Event {
                event: ScoreEvent::FormSubmission,
                half_life_days: Some(30),
            },
            points: 15,
        },
        ScoringRuleFields {
            name: "Recent conversations".into(),
            active: true,
            criterion: Criterion::Event {
                event: ScoreEvent::Note,
                half_life_days: Some(14),
            },
            points: 5,
        },
    ];
    for rule in &rules {
        db::scoring_rules::create(conn, org, rule, now)?;
    }
    Ok(())
}
