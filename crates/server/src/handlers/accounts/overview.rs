use actix_web::{get, web, HttpResponse};
use api_types::accounts::{AccountCounts, AccountOverview};
use api_types::Problem;
use db::contacts::ContactFilter;
use db::list::{ListParams, TimeRanges};
use db::notes::NoteSubject;
use db::SortKey;
use domain::AccountId;

use super::view;
use crate::auth::Principal;
use crate::error::ApiError;
use crate::extract::path_id;
use crate::handlers::{contacts, notes};
use crate::state::AppState;

/// The 360° view of an account: the account, its contacts, its latest notes and counters.
#[utoipa::path(
    tag = "accounts",
    params(("id" = String, Path, description = "Account id")),
    responses(
        (status = 200, description = "The overview", body = AccountOverview),
        (status = 404, description = "No such account", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/accounts/{id}/overview")]
pub async fn account_overview(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let account_id: AccountId = path_id(&id)?;
    let backend = state.backend;
    let overview = state
        .db(move |conn| {
            let account = db::accounts::get(conn, principal.org, account_id, false)?;
            let filter = ContactFilter {
                account_id: Some(account_id),
                ..ContactFilter::default()
            };
            let params = ListParams {
                sort: SortKey::Name,
                descending: false,
                after: None,
                limit: 51,
                words: Vec::new(),
                times: TimeRanges::default(),
                deleted: false,
            };
            let (people, _) = db::contacts::list(conn, backend, principal.org, &filter, &params)?;
            let latest = db::notes::list(
                conn,
                principal.org,
                NoteSubject::Account(account_id),
                None,
                10,
            )?;
            let (contact_count, note_count, child_count) =
                db::accounts::counts(conn, principal.org, account_id)?;
            Ok(AccountOverview {
                account: view::account(&account),
                contacts: people.iter().map(contacts::view::contact).collect(),
                latest_notes: latest.iter().map(notes::view).collect(),
                counts: AccountCounts {
                    contacts: contact_count,
                    notes: note_count,
                    child_accounts: child_count,
                },
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(overview))
}
