//! `GET /api/v1/lookup/phone`: who is calling.

use actix_web::web::Query;
use actix_web::{get, HttpResponse};
use api_types::phone::{PhoneLookup, PhoneLookupQuery};

use db::opportunities::Opportunity;
use db::record::{self, Record, Visibility};
use db::AnyConnection;
use domain::account::Account;
use domain::contact::Contact;
use domain::lead::Lead;
use domain::ticket::Ticket;
use domain::{FieldError, Id, OrgId};

use crate::auth::Caller;
use crate::error::ApiError;
use crate::kit::{Reply, State, View};
use crate::openapi::Invalid;

/// The bodies of the records `ids`, in their order.
fn bodies<R: View>(
    conn: &mut AnyConnection,
    org: OrgId,
    ids: &[Id<<R as Record>::Kind>],
) -> Result<Vec<R::Body>, ApiError> {
    let records = ids
        .iter()
        .map(|id| record::get::<R>(conn, org, *id, Visibility::Live))
        .collect::<Result<Vec<R>, _>>()?;
    R::view_page(conn, org, &records)
}

/// Look a caller up by phone number.
///
/// The number is read as E.164 (`+41445551234`), or in the organization's `phone_region`
/// when written without a country code (`044 555 12 34`): the contacts, accounts and
/// unconverted leads with that number, and the open tickets and opportunities of those
/// contacts and accounts. A number nobody has answers empty lists; one that is no phone
/// number answers 422 `invalid_number`.
#[utoipa::path(
    tag = "phone",
    params(PhoneLookupQuery),
    responses((status = 200, description = "Who has the number", body = PhoneLookup), Invalid),
)]
#[get("/lookup/phone")]
pub async fn lookup_phone(state: State, caller: Caller, query: Query<PhoneLookupQuery>) -> Reply {
    let raw = query.into_inner().number;
    let found = state
        .run(caller, move |conn, p| {
            let number = db::phones::normalize(conn, p.org, &raw)?.ok_or_else(|| {
                ApiError::InvalidParameters(vec![FieldError::new(
                    "/query/number",
                    "invalid_number",
                    "not a phone number: give it in E.164 (+41445551234) or as dialled locally",
                )])
            })?;
            let caller = db::phones::lookup(conn, p.org, &number)?;
            Ok(PhoneLookup {
                contacts: bodies::<Contact>(conn, p.org, &caller.contacts)?,
                accounts: bodies::<Account>(conn, p.org, &caller.accounts)?,
                leads: bodies::<Lead>(conn, p.org, &caller.leads)?,
                open_tickets: bodies::<Ticket>(conn, p.org, &caller.open_tickets)?,
                open_opportunities: bodies::<Opportunity>(conn, p.org, &caller.open_opportunities)?,
                number,
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(found))
}
