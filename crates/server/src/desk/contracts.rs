//! Contracts over time (run by the housekeeping of every process): an active contract past
//! its end expires, or renews for its term when it renews by itself; and once per term, its
//! notice days before the end, its owner and the account's owner are told, with a task to
//! renew it and, unless it renews by itself, a renewal deal in the first pipeline.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use db::contracts::Contract;
use db::error::ModifyError;
use db::notifications::About;
use db::record::{self, Visibility};
use db::AnyConnection;
use domain::account::Account;
use domain::activity::{ActivityFields, Links};
use domain::contract::{ContractFields, ContractStatus, Lapse};
use domain::opportunity::OpportunityFields;
use domain::{ContractId, Money, OpportunityId, OrgId, StageId};

use crate::error::ApiError;

/// The most contracts one round looks at, for each of its two steps.
const BATCH: i64 = 200;

/// The notification (and the mail, for users who have reminders mailed) of an ending contract.
pub const EXPIRING: &str = "contract_expiring";

/// Expires or renews the contracts past their end on `now`'s day, then sends the notices
/// that are due. Several processes may run it at once: each change happens once. A contract
/// that fails is logged and left for the next round; the others go on.
pub fn sweep(conn: &mut AnyConnection, now: DateTime<Utc>) -> Result<(), ApiError> {
    let today = now.date_naive();
    for (org, contract) in db::contracts::lapsed(conn, today, BATCH)? {
        if let Err(e) = lapse(conn, org, contract, today, now) {
            tracing::warn!(error = %e, contract = %contract, "expiring or renewing a contract failed");
        }
    }
    for (org, contract) in db::contracts::awaiting_notice(conn, today, BATCH)? {
        let told = record::get::<Contract>(conn, org, contract, Visibility::Live)
            .map_err(ApiError::from)
            .and_then(|c| notice(conn, org, &c, now));
        if let Err(e) = told {
            tracing::warn!(error = %e, contract = %contract, "announcing a contract's end failed");
        }
    }
    Ok(())
}

/// What a contract's end does to it, unless another process did it first.
fn lapse(
    conn: &mut AnyConnection,
    org: OrgId,
    contract: ContractId,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let changed = record::modify::<Contract, ()>(conn, org, contract, now, |current| {
        let mut f = current.fields.clone();
        match f.lapse(today).ok_or(())? {
            Lapse::Expired => f.status = ContractStatus::Expired,
            Lapse::Renewed { starts_on, ends_on } => {
                f.starts_on = starts_on;
                f.ends_on = ends_on;
            }
        }
        Ok(f)
    });
    match changed {
        Ok(_) | Err(ModifyError::Rejected(())) => Ok(()),
        // Its renewal would overlap another contract of its type: it expires instead.
        Err(ModifyError::Db(db::Error::Invalid(_))) => {
            let expired = record::modify::<Contract, ()>(conn, org, contract, now, |current| {
                current.fields.lapse(today).ok_or(())?;
                Ok(ContractFields {
                    status: ContractStatus::Expired,
                    ..current.fields.clone()
                })
            });
            match expired {
                Ok(_) | Err(ModifyError::Rejected(())) => Ok(()),
                Err(ModifyError::Db(e)) => Err(e.into()),
            }
        }
        Err(ModifyError::Db(e)) => Err(e.into()),
    }
}

/// Tells the owners a contract is ending, with a task to renew it and a renewal deal; once
/// for each end, whichever process claims it.
fn notice(
    conn: &mut AnyConnection,
    org: OrgId,
    contract: &Contract,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let f = &contract.fields;
    let told = record::in_transaction(conn, |conn| {
        if !db::contracts::claim_notice(conn, org, contract.id, f.ends_on)? {
            return Ok(false);
        }
        let account: Account = record::get(conn, org, f.account_id, Visibility::Any)?;
        if account.deleted_at.is_some() {
            // The customer is gone: nothing to renew, nobody to tell.
            return Ok(false);
        }
        let subject = format!(
            "Renew contract {} of {} (ends {})",
            f.number, account.fields.name, f.ends_on
        );
        let due = f.ends_on.and_time(NaiveTime::MIN).and_utc();
        let links = Links {
            account_id: Some(f.account_id),
            ..Links::default()
        };
        let task = ActivityFields::task(subject.clone(), links, f.owner_id, Some(due));
        let task = db::activities::create(conn, org, &task, None, now)?;
        let mut told = vec![f.owner_id];
        told.extend(account.fields.owner_id.filter(|o| *o != f.owner_id));
        for user in told {
            db::notifications::notify(
                conn,
                org,
                user,
                EXPIRING,
                About::Activity(task.id),
                &subject,
                now,
            )?;
        }
        Ok::<_, ApiError>(true)
    })?;
    if told && !f.renewal.auto_renew {
        // Best effort, after the notice: an organization without a pipeline, or without a
        // rate for the contract's currency, gets the task and the notice all the same.
        let deal = record::in_transaction(conn, |conn| renewal_deal(conn, org, f, now));
        if let Err(e) = deal {
            tracing::info!(error = %e, contract = %contract.id, "no renewal deal");
        }
    }
    Ok(())
}

/// A deal in the first pipeline's first open stage renewing `f`, worth what it is worth.
fn renewal_deal(
    conn: &mut AnyConnection,
    org: OrgId,
    f: &ContractFields,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let Some(pipeline) = db::pipelines::first(conn, org)? else {
        return Ok(());
    };
    let amount = match f.value {
        Some(value) => value,
        None => Money {
            amount_minor: 0,
            currency: db::orgs::get(conn, org)?.base_currency,
        },
    };
    let fields = OpportunityFields {
        name: format!("Renewal of {}", f.number),
        account_id: f.account_id,
        pipeline_id: pipeline,
        stage_id: StageId::from_uuid(uuid::Uuid::nil()),
        close_reason: None,
        amount,
        close_date: f.ends_on,
        owner_id: Some(f.owner_id),
        primary_contact_id: None,
        contact_roles: Vec::new(),
        line_items: Vec::new(),
        next_step: None,
        competitors: Vec::new(),
        source_lead_id: None,
        campaign: None,
        forecast_category: None,
        description: Some(format!("Contract {} ends on {}.", f.number, f.ends_on)),
    };
    let change = db::opportunities::DealChange {
        fields,
        by: None,
        first_open_stage: true,
        amount_given: true,
    };
    db::opportunities::create_in(conn, org, OpportunityId::mint(), change, now)?;
    Ok(())
}
