//! `/api/v1/organization`: the caller's organization, its name and the service desk's rules
//! (how long a solved ticket can be reopened, when it closes by itself).

use actix_web::{get, patch, HttpResponse};
use api_types::organization::{Organization, UpdateOrganization};
use db::orgs::OrganizationChanges;
use domain::entitlement::EntitlementCheck;
use domain::ticket::{AUTO_CLOSE_DAYS, REOPEN_WINDOW_DAYS};
use domain::{attachment, text, Currency, FieldError, OrgId, UserId, Violations};

use crate::auth::{Access::Permission as Can, Access::Staff, Caller, Routes};
use crate::error::ApiError;
use crate::extract::{json_with_etag, IfMatch, Json};
use crate::kit::{Reply, State};
use crate::openapi::{self, Conflict, Invalid};

/// The organization routes and who may call them.
pub fn routes(r: &mut Routes) {
    r.add(get_organization, Staff)
        .add(update_organization, Can(domain::Permission::ManageSettings));
}

fn view(id: OrgId, org: db::orgs::Organization) -> HttpResponse {
    let body = Organization {
        id: id.to_string(),
        name: org.name,
        reopen_window_days: org.reopen_window_days,
        auto_close_after_days: org.auto_close_after_days,
        max_attachment_mib: org.max_attachment_mib,
        default_lead_owner_id: org.default_lead_owner_id.map(|u| u.to_string()),
        base_currency: org.base_currency.code().to_owned(),
        blocked_senders: org.blocked_senders,
        phone_region: org.phone_region.code(),
        entitlement_check: org.entitlement_check.as_str().to_owned(),
        portal_self_sign_up: org.portal_self_sign_up,
        updated_at: org.updated_at,
        version: org.version,
    };
    json_with_etag(HttpResponse::Ok(), body.version, &body)
}

/// A number (of days, of MiB) within `range`.
fn within(
    pointer: &str,
    value: Option<i32>,
    range: std::ops::RangeInclusive<i32>,
) -> Result<Option<i32>, FieldError> {
    match value {
        Some(days) if !range.contains(&days) => Err(FieldError::new(
            pointer,
            "out_of_range",
            format!("must be {} to {}", range.start(), range.end()),
        )),
        other => Ok(other),
    }
}

fn changes(body: UpdateOrganization) -> Result<OrganizationChanges, ApiError> {
    let mut v = Violations::new();
    let name = v.check_opt(body.name.as_deref(), |n| text::required("/name", n, 100));
    let reopen = v.check(within(
        "/reopen_window_days",
        body.reopen_window_days,
        REOPEN_WINDOW_DAYS,
    ));
    let close = v.check(within(
        "/auto_close_after_days",
        body.auto_close_after_days,
        AUTO_CLOSE_DAYS,
    ));
    let attachments = v.check(within(
        "/max_attachment_mib",
        body.max_attachment_mib,
        attachment::MAX_MIB,
    ));
    let default_owner = match body.default_lead_owner_id {
        api_types::Patch::Absent => Some(None),
        api_types::Patch::Null => Some(Some(None)),
        api_types::Patch::Value(raw) => v
            .check(UserId::parse("/default_lead_owner_id", &raw))
            .map(|u| Some(Some(u.as_bytes().to_vec()))),
    };
    let base_currency = v
        .check_opt(body.base_currency.as_deref(), |c| {
            Currency::parse("/base_currency", c)
        })
        .map(|c| c.code().to_owned());
    let blocked_senders = v
        .check_opt(body.blocked_senders, |list| blocked_senders(&list))
        .map(|list| serde_json::to_string(&list).unwrap_or_else(|_| "[]".into()));
    let phone_region = v
        .check_opt(body.phone_region.as_deref(), |r| {
            domain::phone::Region::parse("/phone_region", r)
        })
        .map(|r| r.code());
    let entitlement_check = v
        .check_opt(body.entitlement_check.as_deref(), |c| {
            EntitlementCheck::parse("/entitlement_check", c)
        })
        .map(|c| c.as_str().to_owned());
    v.finish(|| {
        Some(OrganizationChanges {
            phone_region,
            entitlement_check,
            portal_self_sign_up: body.portal_self_sign_up,
            base_currency,
            default_lead_owner_id: default_owner?,
            name,
            reopen_window_days: reopen?,
            auto_close_after_days: close?,
            max_attachment_mib: attachments?,
            blocked_senders,
        })
    })
    .map_err(ApiError::from)
}

/// A block list, each entry an address or `@domain`, lowercased, without repeats.
fn blocked_senders(raw: &[String]) -> Result<Vec<String>, FieldError> {
    if raw.len() > MAX_BLOCKED_SENDERS {
        return Err(FieldError::new(
            "/blocked_senders",
            "too_many",
            format!("at most {MAX_BLOCKED_SENDERS} entries"),
        ));
    }
    let mut list: Vec<String> = Vec::with_capacity(raw.len());
    for (i, entry) in raw.iter().enumerate() {
        let entry = domain::mail::blocked_sender(&format!("/blocked_senders/{i}"), entry)?;
        if !list.contains(&entry) {
            list.push(entry);
        }
    }
    Ok(list)
}

/// The longest block list.
const MAX_BLOCKED_SENDERS: usize = 1000;

/// Your organization and its service-desk rules.
#[utoipa::path(
    tag = "organization",
    responses((status = 200, description = "The organization", body = Organization, headers(("ETag" = String)))),
)]
#[get("/organization")]
pub async fn get_organization(state: State, caller: Caller) -> Reply {
    let (id, org) = state
        .run(caller, |conn, p| Ok((p.org, db::orgs::get(conn, p.org)?)))
        .await?;
    Ok(view(id, org))
}

/// Change your organization's name or its service-desk rules (admins).
///
/// A new reopen window applies at once to every solved ticket; a new auto-close time to
/// tickets solved from now on. The base currency changes only while no opportunity and no
/// exchange rate exists (409 `base_currency_in_use`). Send the `ETag` you read in `If-Match` to be told (412) when
/// another admin changed it meanwhile.
#[utoipa::path(
    tag = "organization",
    params(openapi::IfMatch),
    request_body = UpdateOrganization,
    responses(
        (status = 200, description = "The changed organization", body = Organization, headers(("ETag" = String))),
        Invalid,
        Conflict,
    ),
)]
#[patch("/organization")]
pub async fn update_organization(
    state: State,
    caller: Caller,
    if_match: IfMatch,
    body: Json<UpdateOrganization>,
) -> Reply {
    let changes = changes(body.into_inner())?;
    let now = state.now();
    let (id, org) = state
        .run(caller, move |conn, p| {
            let org = db::orgs::update(conn, p.org, &changes, if_match.0, now)?;
            Ok((p.org, org))
        })
        .await?;
    Ok(view(id, org))
}
