//! `/api/v1/contracts`: service contracts of accounts, and under each its entitlements.

pub mod entitlements;

use actix_web::web::{Path, Query};
use actix_web::{delete, get, patch, post, HttpResponse};
use api_types::contracts::{
    Contract as ContractBody, ContractFilters, CreateContract, UpdateContract,
};
use api_types::{MoneyBody, Page, Patch, RecordQuery};
use chrono::{Datelike, NaiveDate, Utc};
use db::contracts::{Contract, ContractFilter};
use db::AnyConnection;
use domain::contract::{
    ContractFields, ContractStatus, ContractType, Renewal, FIRST_YEAR, LAST_YEAR, MAX_NOTES,
    MAX_NUMBER,
};
use domain::money::check_amount;
use domain::Permission::{ReadCustomers, WriteContracts};
use domain::{
    text, AccountId, ContactId, FieldError, Money, OrgId, SlaPolicyId, UserId, Violations,
};

use crate::auth::{Access::Permission as Can, Caller, Principal, Routes};
use crate::error::ApiError;
use crate::extract::{IfMatch, Json, Listing};
use crate::handlers::accounts::view::money;
use crate::kit::{self, Reply, State, View};
use crate::openapi::{self, Conflict, Id, Invalid};

/// The contract routes and who may call them: everyone reads (agents check what a customer
/// is entitled to); admins, managers and sales write.
pub fn routes(r: &mut Routes) {
    r.add(list_contracts, Can(ReadCustomers))
        .add(create_contract, Can(WriteContracts))
        .add(get_contract, Can(ReadCustomers))
        .add(update_contract, Can(WriteContracts))
        .add(delete_contract, Can(WriteContracts))
        .add(restore_contract, Can(WriteContracts))
        .add(entitlements::list_entitlements, Can(ReadCustomers))
        .add(entitlements::create_entitlement, Can(WriteContracts))
        .add(entitlements::get_entitlement, Can(ReadCustomers))
        .add(entitlements::update_entitlement, Can(WriteContracts))
        .add(entitlements::delete_entitlement, Can(WriteContracts))
        .add(entitlements::restore_entitlement, Can(WriteContracts));
}

/// The organization's day (UTC) at the moment of answering.
fn today() -> NaiveDate {
    Utc::now().date_naive()
}

fn body(c: &Contract, today: NaiveDate) -> ContractBody {
    let f = &c.fields;
    ContractBody {
        id: c.id.to_string(),
        number: f.number.clone(),
        account_id: f.account_id.to_string(),
        contract_type: f.contract_type.as_str().to_owned(),
        status: f.status.as_str().to_owned(),
        starts_on: f.starts_on,
        ends_on: f.ends_on,
        in_force: !c.deleted && f.in_force(today),
        value: f.value.map(money),
        auto_renew: f.renewal.auto_renew,
        renewal_term_months: f.renewal.term_months,
        expiry_notice_days: f.renewal.notice_days,
        owner_id: f.owner_id.to_string(),
        sla_policy_id: f.sla_policy_id.map(|p| p.to_string()),
        authorised_contact_ids: f
            .authorised_contacts
            .iter()
            .map(|c| c.to_string())
            .collect(),
        notes: f.notes.clone(),
        created_by: c.created_by.map(|u| u.to_string()),
        created_at: c.created_at,
        updated_at: c.updated_at,
        deleted: c.deleted,
        version: c.version,
    }
}

impl View for Contract {
    type Body = ContractBody;

    fn view(_: &mut AnyConnection, _: OrgId, c: &Contract) -> Result<ContractBody, ApiError> {
        Ok(body(c, today()))
    }
}

fn value(v: &mut Violations, raw: &MoneyBody) -> Option<Money> {
    let m = v.check(Money::parse(
        "/value",
        raw.amount_minor,
        &raw.currency,
        true,
    ))?;
    v.check(check_amount("/value", &m)).map(|()| m)
}

/// The authorised contacts, each once, in the order they are stored (so that what a change
/// answers is what a read answers).
fn contacts(v: &mut Violations, raw: &[String]) -> Vec<ContactId> {
    let mut ids: Vec<ContactId> = raw
        .iter()
        .enumerate()
        .filter_map(|(i, c)| v.check(ContactId::parse(&format!("/authorised_contact_ids/{i}"), c)))
        .collect();
    ids.sort();
    ids.dedup();
    ids
}

fn notes(v: &mut Violations, raw: &str) -> Option<String> {
    v.check(text::optional("/notes", raw, MAX_NOTES)).flatten()
}

/// Checks a new contract: draft unless it says active, the caller its owner unless it names
/// one, told 30 days before its end unless it says otherwise.
fn parse(body: CreateContract, caller: UserId) -> Result<ContractFields, ApiError> {
    let mut v = Violations::new();
    let number = v
        .check_opt(body.number.as_deref(), |n| {
            text::optional("/number", n, MAX_NUMBER)
        })
        .flatten()
        .unwrap_or_default();
    let account_id = v.check(AccountId::parse("/account_id", &body.account_id));
    let contract_type = v.check(ContractType::parse("/type", &body.contract_type));
    let status = match body.status.as_deref() {
        None => Some(ContractStatus::Draft),
        Some(raw) => v.check(ContractStatus::parse("/status", raw).and_then(|s| match s {
            ContractStatus::Draft | ContractStatus::Active => Ok(s),
            _ => Err(FieldError::new(
                "/status",
                "invalid_status",
                "a new contract is draft or active",
            )),
        })),
    };
    let value = body.value.as_ref().and_then(|m| value(&mut v, m));
    let owner_id = match body.owner_id.as_deref() {
        Some(o) => v.check(UserId::parse("/owner_id", o)),
        None => Some(caller),
    };
    let sla_policy_id = v.check_opt(body.sla_policy_id.as_deref(), |p| {
        SlaPolicyId::parse("/sla_policy_id", p)
    });
    let authorised_contacts = contacts(
        &mut v,
        body.authorised_contact_ids.as_deref().unwrap_or(&[]),
    );
    let notes = body.notes.as_deref().and_then(|n| notes(&mut v, n));
    let fields = v.finish(|| {
        Some(ContractFields {
            number,
            account_id: account_id?,
            contract_type: contract_type?,
            status: status?,
            starts_on: body.starts_on,
            ends_on: body.ends_on,
            value,
            renewal: Renewal {
                auto_renew: body.auto_renew.unwrap_or(false),
                term_months: body.renewal_term_months,
                notice_days: body.expiry_notice_days.unwrap_or(30),
            },
            owner_id: owner_id?,
            sla_policy_id,
            authorised_contacts,
            notes,
        })
    })?;
    fields.check()?;
    Ok(fields)
}

/// `current` with `patch` applied; a status change must be one the lifecycle allows.
fn merge(
    current: &Contract,
    patch: UpdateContract,
    _: &Principal,
) -> Result<ContractFields, ApiError> {
    let mut v = Violations::new();
    let mut f = current.fields.clone();
    if let Some(n) = patch.number.as_deref() {
        if let Some(n) = v.check(text::required("/number", n, MAX_NUMBER)) {
            f.number = n;
        }
    }
    if let Some(t) = patch.contract_type.as_deref() {
        if let Some(t) = v.check(ContractType::parse("/type", t)) {
            f.contract_type = t;
        }
    }
    if let Some(s) = patch.status.as_deref() {
        if let Some(s) = v.check(ContractStatus::parse("/status", s)) {
            if v.check(current.fields.status.check_move(s)).is_some() {
                f.status = s;
            }
        }
    }
    f.starts_on = patch.starts_on.unwrap_or(f.starts_on);
    f.ends_on = patch.ends_on.unwrap_or(f.ends_on);
    match &patch.value {
        Patch::Absent => {}
        Patch::Null => f.value = None,
        Patch::Value(m) => f.value = value(&mut v, m).or(f.value),
    }
    f.renewal.auto_renew = patch.auto_renew.unwrap_or(f.renewal.auto_renew);
    match patch.renewal_term_months {
        Patch::Absent => {}
        Patch::Null => f.renewal.term_months = None,
        Patch::Value(m) => f.renewal.term_months = Some(m),
    }
    f.renewal.notice_days = patch.expiry_notice_days.unwrap_or(f.renewal.notice_days);
    if let Some(o) = patch.owner_id.as_deref() {
        if let Some(o) = v.check(UserId::parse("/owner_id", o)) {
            f.owner_id = o;
        }
    }
    match &patch.sla_policy_id {
        Patch::Absent => {}
        Patch::Null => f.sla_policy_id = None,
        Patch::Value(p) => f.sla_policy_id = v.check(SlaPolicyId::parse("/sla_policy_id", p)),
    }
    if let Some(list) = patch.authorised_contact_ids.as_deref() {
        f.authorised_contacts = contacts(&mut v, list);
    }
    match &patch.notes {
        Patch::Absent => {}
        Patch::Null => f.notes = None,
        Patch::Value(n) => f.notes = notes(&mut v, n),
    }
    v.finish(|| Some(()))?;
    f.check()?;
    Ok(f)
}

fn filter(f: &ContractFilters) -> Result<ContractFilter, ApiError> {
    let mut v = Violations::new();
    let filter = ContractFilter {
        account_id: v.check_opt(f.account_id.as_deref(), |a| {
            AccountId::parse("/query/account_id", a)
        }),
        status: v.check_opt(f.status.as_deref(), |s| {
            ContractStatus::parse("/query/status", s)
        }),
        contract_type: v.check_opt(f.contract_type.as_deref(), |t| {
            ContractType::parse("/query/type", t)
        }),
        owner_id: v.check_opt(f.owner_id.as_deref(), |o| {
            UserId::parse("/query/owner_id", o)
        }),
        ends_before: v.check_opt(f.ends_before, |d| {
            if (FIRST_YEAR..=LAST_YEAR).contains(&d.year()) {
                Ok(d)
            } else {
                Err(FieldError::new(
                    "/query/ends_before",
                    "out_of_range",
                    format!("a day of the years {FIRST_YEAR} to {LAST_YEAR}"),
                ))
            }
        }),
    };
    if v.is_empty() {
        Ok(filter)
    } else {
        Err(ApiError::InvalidParameters(v.into_errors()))
    }
}

/// List contracts.
///
/// Latest change first (`updated_at`; also `created_at`, and `ends_on`: soonest first, what
/// needs renewing). Filter by account, status, type, owner, and end (`ends_before`).
#[utoipa::path(
    tag = "contracts",
    params(api_types::ListQuery, ContractFilters),
    responses((status = 200, description = "A page of contracts", body = Page<ContractBody>)),
)]
#[get("/contracts")]
pub async fn list_contracts(
    state: State,
    caller: Caller,
    listing: Listing<ContractFilters>,
) -> Reply {
    let params = kit::list_params(&listing.list, &db::contracts::SORTS)?;
    let filter = filter(&listing.filters)?;
    let page = state
        .run(caller, move |conn, p| {
            let page = db::contracts::list(conn, p.org, &filter, &params)?;
            kit::page(conn, p.org, page)
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Create a contract.
///
/// A draft unless `status` is `active`. Its number is the next `CON-00042` unless given
/// (409 `contract_number_taken` when another has it). Two live contracts of one account and
/// type cannot share a day (422 `overlapping_contract`), unless one is cancelled.
#[utoipa::path(
    tag = "contracts",
    request_body = CreateContract,
    responses(
        (status = 201, description = "Created", body = ContractBody, headers(("ETag" = String), ("Location" = String))),
        Conflict,
        Invalid,
    ),
)]
#[post("/contracts")]
pub async fn create_contract(state: State, caller: Caller, body: Json<CreateContract>) -> Reply {
    let body = body.into_inner();
    let now = state.now();
    let created = state
        .run(caller, move |conn, p| {
            let fields = parse(body, p.user)?;
            Ok(db::contracts::create(
                conn,
                p.org,
                &fields,
                Some(p.user),
                now,
            )?)
        })
        .await?;
    let body = self::body(&created, now.date_naive());
    Ok(kit::created(
        format!("/api/v1/contracts/{}", body.id),
        body.version,
        &body,
    ))
}

/// Get a contract.
#[utoipa::path(
    tag = "contracts",
    params(Id, RecordQuery),
    responses((status = 200, description = "The contract", body = ContractBody, headers(("ETag" = String)))),
)]
#[get("/contracts/{id}")]
pub async fn get_contract(
    state: State,
    caller: Caller,
    id: Path<String>,
    query: Query<RecordQuery>,
) -> Reply {
    kit::get::<Contract>(&state, caller, &id, &query).await
}

/// Change a contract.
///
/// Its status moves draft → active or cancelled, active → expired or cancelled, expired →
/// active (renewed, with new dates); another move answers 422 `invalid_transition` naming the
/// allowed ones. Active contracts past their end expire (or renew) by themselves.
#[utoipa::path(
    tag = "contracts",
    params(Id, openapi::IfMatch),
    request_body = UpdateContract,
    responses(
        (status = 200, description = "The changed contract", body = ContractBody, headers(("ETag" = String))),
        Conflict,
        Invalid,
    ),
)]
#[patch("/contracts/{id}")]
pub async fn update_contract(
    state: State,
    caller: Caller,
    id: Path<String>,
    if_match: IfMatch,
    body: Json<UpdateContract>,
) -> Reply {
    kit::update::<Contract, _>(&state, caller, &id, if_match, body.into_inner(), merge).await
}

/// Delete a contract (to the trash; it covers nothing meanwhile).
#[utoipa::path(
    tag = "contracts",
    params(Id, openapi::IfMatch),
    responses((status = 204, description = "Deleted")),
)]
#[delete("/contracts/{id}")]
pub async fn delete_contract(
    state: State,
    caller: Caller,
    id: Path<String>,
    if_match: IfMatch,
) -> Reply {
    kit::delete::<Contract>(&state, caller, &id, if_match).await
}

/// Restore a deleted contract.
#[utoipa::path(
    tag = "contracts",
    params(Id),
    responses((status = 200, description = "The restored contract", body = ContractBody, headers(("ETag" = String)))),
)]
#[post("/contracts/{id}/restore")]
pub async fn restore_contract(state: State, caller: Caller, id: Path<String>) -> Reply {
    kit::restore::<Contract>(&state, caller, &id).await
}
