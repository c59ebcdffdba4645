//! The demo organization's deals: two pipelines, exchange rates for the currencies its
//! customers pay in, and deals in every stage, the closed ones won or lost over the last
//! months, each with the stage history its moves left.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use db::opportunities::{DealChange, Opportunity};
use db::pipelines::Pipeline;
use domain::money::Rate;
use domain::opportunity::{ContactRole, OpportunityFields, RoleOnDeal};
use domain::pipeline::{PipelineFields, Stage, StageKind};
use domain::product::{Discount, LineItem};
use domain::{
    AccountId, ContactId, Currency, Money, OpportunityId, OrgId, ProductId, StageId, UserId,
};

use super::sample::Dice;
use crate::commands::CommandError;

const PRODUCTS: &[&str] = &[
    "250 seats",
    "Premium support",
    "Data migration",
    "Second site roll-out",
    "Analytics add-on",
    "Three-year renewal",
    "Pilot",
    "Training days",
];

/// A deal still open, for the activities that go with it.
pub(super) struct OpenDeal {
    pub(super) id: OpportunityId,
    pub(super) account: AccountId,
    pub(super) contact: ContactId,
    pub(super) owner: Option<UserId>,
}

const COMPETITORS: &[&str] = &["Acme CRM", "Globex Suite", "Initech Sales"];

const NEXT_STEPS: &[&str] = &[
    "Demo for the operations team",
    "Send the revised quote",
    "Security review with their IT",
    "Call the CFO about the budget",
    "Workshop on the data migration",
];

fn stages(list: &[(&str, u8, StageKind)]) -> Vec<Stage> {
    list.iter()
        .map(|(name, probability, kind)| Stage {
            id: StageId::mint(),
            name: (*name).to_owned(),
            probability: *probability,
            kind: *kind,
        })
        .collect()
}

pub(super) fn pipelines(
    conn: &mut db::AnyConnection,
    org: OrgId,
    now: DateTime<Utc>,
) -> Result<Vec<Pipeline>, CommandError> {
    use StageKind::{Lost, Open, Won};
    let new_business = PipelineFields {
        name: "New business".into(),
        stages: stages(&[
            ("Qualify", 10, Open),
            ("Discovery", 25, Open),
            ("Proposal", 50, Open),
            ("Negotiation", 75, Open),
            ("Verbal yes", 90, Open),
            ("Won", 100, Won),
            ("Lost", 0, Lost),
        ]),
        won_reasons: vec!["Best fit".into(), "Price".into(), "Relationship".into()],
        lost_reasons: vec![
            "No budget".into(),
            "Went with a competitor".into(),
            "No decision".into(),
            "Missing feature".into(),
        ],
    };
    let renewals = PipelineFields {
        name: "Renewals".into(),
        stages: stages(&[
            ("Upcoming", 60, Open),
            ("In talks", 80, Open),
            ("Renewed", 100, Won),
            ("Churned", 0, Lost),
        ]),
        won_reasons: vec!["Renewed as is".into(), "Expanded".into()],
        lost_reasons: vec!["Budget cut".into(), "Moved to a competitor".into()],
    };
    Ok(vec![
        db::pipelines::create(conn, org, &new_business, now)?,
        db::pipelines::create(conn, org, &renewals, now)?,
    ])
}

fn rates(conn: &mut db::AnyConnection, org: OrgId, now: DateTime<Utc>) -> Result<(), CommandError> {
    let year = now.date_naive() - Duration::days(365);
    for (code, rate) in [("USD", "0.92"), ("GBP", "1.17"), ("CHF", "1.04")] {
        let currency = Currency::parse("", code).map_err(|e| CommandError(e.to_string()))?;
        let rate = Rate::parse("", rate).map_err(|e| CommandError(e.to_string()))?;
        db::exchange_rates::create(conn, org, (currency, year, rate), now)?;
    }
    Ok(())
}

/// One to three lines of the catalogue's products.
fn lines(dice: &mut Dice, catalogue: &[ProductId]) -> Vec<LineItem> {
    let count = 1 + dice.below(3) as usize;
    let first = dice.below(catalogue.len().max(1) as u64) as usize;
    (0..count.min(catalogue.len()))
        .map(|k| LineItem {
            product_id: catalogue[(first + k) % catalogue.len()],
            name: None,
            description: None,
            quantity: *dice.pick(&[1, 1, 5, 10, 25, 50]),
            unit_price: None,
            discount: Discount::from_basis_points(*dice.pick(&[0, 0, 500, 1000, 1500])),
        })
        .collect()
}

/// Moves a deal to `stage` at `at`, as its owner.
fn move_to(
    conn: &mut db::AnyConnection,
    org: OrgId,
    deal: &Opportunity,
    (stage, reason): (StageId, Option<&str>),
    at: DateTime<Utc>,
) -> Result<Opportunity, CommandError> {
    let change = DealChange {
        fields: OpportunityFields {
            stage_id: stage,
            close_reason: reason.map(str::to_owned),
            ..deal.fields.clone()
        },
        by: deal.fields.owner_id,
        first_open_stage: false,
        amount_given: true,
    };
    db::record::modify::<Opportunity, db::Error>(conn, org, deal.id, at, |_| Ok(change))
        .map_err(|e| CommandError(db::Error::from(e).to_string()))
}

/// Each seller's quota for this quarter and this year.
fn quotas(
    conn: &mut db::AnyConnection,
    org: OrgId,
    owners: &[UserId],
    now: DateTime<Utc>,
) -> Result<(), CommandError> {
    use db::quotas::{Holder, QuotaFields};
    use domain::forecast::{Period, PeriodKind};
    for owner in owners {
        for (kind, amount_minor) in [
            (PeriodKind::Quarter, 150_000_000),
            (PeriodKind::Year, 600_000_000),
        ] {
            let Some(period) = Period::containing(kind, now.date_naive()) else {
                continue;
            };
            let fields = QuotaFields {
                holder: Holder::User(*owner),
                period,
                amount_minor,
            };
            db::quotas::create(conn, org, &fields, now)?;
        }
    }
    Ok(())
}

/// Pipelines, rates, quotas and 140 deals at `buyers` (an account and one of its contacts), owned by
/// `owners`.
pub(super) fn demo_deals(
    conn: &mut db::AnyConnection,
    org: OrgId,
    owners: &[UserId],
    buyers: &[(AccountId, ContactId)],
    now: DateTime<Utc>,
) -> Result<Vec<OpenDeal>, CommandError> {
    let mut open_deals = Vec::new();
    let pipelines = pipelines(conn, org, now - Duration::days(200))?;
    rates(conn, org, now - Duration::days(200))?;
    quotas(conn, org, owners, now)?;
    let catalogue = super::products::catalogue(conn, org, now - Duration::days(200))?;
    let mut dice = Dice(7);
    let today = now.date_naive();
    for i in 0..140_u64 {
        let Some(&(account, contact)) = buyers.get((i as usize * 7) % buyers.len().max(1)) else {
            break;
        };
        let pipeline = &pipelines[usize::from(i % 4 == 3)];
        let stages = &pipeline.fields.stages;
        let open: Vec<&Stage> = stages
            .iter()
            .filter(|s| s.kind == StageKind::Open)
            .collect();
        // Where the deal ends up: open in some stage, or won or lost.
        let fate = dice.below(10);
        let target = match fate {
            0..=2 => stages.iter().find(|s| s.kind == StageKind::Won),
            3..=4 => stages.iter().find(|s| s.kind == StageKind::Lost),
            _ => open.get(dice.below(open.len() as u64) as usize).copied(),
        };
        let Some(target) = target else { continue };
        let closed = target.kind.is_closed();
        let started = now - Duration::days(20 + dice.below(150) as i64);
        let close_date: NaiveDate = if closed {
            today - Duration::days(dice.below(90) as i64)
        } else {
            today + Duration::days(5 + dice.below(180) as i64)
        };
        let code = *dice.pick(&["EUR", "EUR", "EUR", "EUR", "USD", "GBP", "CHF"]);
        let currency = Currency::parse("", code).map_err(|e| CommandError(e.to_string()))?;
        let amount = Money {
            amount_minor: (5 + dice.below(120) as i64) * 100_000,
            currency,
        };
        let fields = OpportunityFields {
            name: format!("{} {}", PRODUCTS[(i as usize) % PRODUCTS.len()], i + 1),
            account_id: account,
            pipeline_id: pipeline.id,
            stage_id: open[0].id,
            close_reason: None,
            amount,
            close_date,
            owner_id: Some(owners[(i as usize) % owners.len().max(1)]),
            primary_contact_id: Some(contact),
            // A third are quoted line by line at list prices less a discount.
            line_items: if i % 3 == 0 {
                lines(&mut dice, &catalogue)
            } else {
                Vec::new()
            },
            contact_roles: vec![RoleOnDeal {
                contact_id: contact,
                role: *dice.pick(&[
                    ContactRole::DecisionMaker,
                    ContactRole::Champion,
                    ContactRole::EconomicBuyer,
                ]),
            }],
            next_step: (!closed).then(|| (*dice.pick(NEXT_STEPS)).to_owned()),
            competitors: match dice.below(3) {
                0 => Vec::new(),
                _ => vec![(*dice.pick(COMPETITORS)).to_owned()],
            },
            source_lead_id: None,
            campaign: None,
            forecast_category: None,
            description: None,
        };
        let change = DealChange {
            amount_given: fields.line_items.is_empty(),
            fields,
            by: owners.first().copied(),
            first_open_stage: false,
        };
        let mut deal =
            db::opportunities::create(conn, org, OpportunityId::mint(), change, started)?;
        // Walk it through the open stages before its target, a few days in each.
        let mut at = started;
        let last_open = open
            .iter()
            .position(|s| s.id == target.id)
            .unwrap_or(if closed {
                dice.below(open.len() as u64) as usize
            } else {
                0
            });
        for stage in open.iter().take(last_open + 1).skip(1) {
            at += Duration::days(2 + dice.below(10) as i64);
            deal = move_to(conn, org, &deal, (stage.id, None), at.min(now))?;
        }
        if !closed {
            open_deals.push(OpenDeal {
                id: deal.id,
                account,
                contact,
                owner: deal.fields.owner_id,
            });
        }
        if closed {
            let reasons = pipeline.fields.reasons(target.kind);
            let reason = reasons.get(dice.below(reasons.len() as u64) as usize);
            let closed_at = close_date
                .and_hms_opt(15, 0, 0)
                .map(|t| t.and_utc())
                .unwrap_or(now);
            let mut fields = deal.fields.clone();
            fields.close_date = close_date;
            deal.fields = fields;
            move_to(
                conn,
                org,
                &deal,
                (target.id, reason.map(String::as_str)),
                closed_at.max(at),
            )?;
        }
    }
    Ok(open_deals)
}
