use actix_web::web::{Path, Query};
use actix_web::{get, HttpResponse};
use api_types::accounts::{AccountCounts, AccountOverview};
use api_types::RecordQuery;
use db::contacts::ContactFilter;
use db::list::ListParams;
use db::notes::NoteSubject;
use db::record;
use db::SortKey;
use domain::account::Account;
use domain::AccountId;

use super::view;
use crate::auth::Caller;
use crate::extract::{json_with_etag, path_id};
use crate::kit::{self, Reply, State};
use crate::openapi::Id;

/// The 360° view of an account: the account, its contacts, its latest notes and counters.
#[utoipa::path(
    tag = "accounts",
    params(Id, RecordQuery),
    responses((status = 200, description = "The overview; the ETag is the account's", body = AccountOverview, headers(("ETag" = String)))),
)]
#[get("/accounts/{id}/overview")]
pub async fn account_overview(
    state: State,
    caller: Caller,
    id: Path<String>,
    query: Query<RecordQuery>,
) -> Reply {
    let account_id: AccountId = path_id(&id)?;
    let visibility = kit::visibility(&query);
    let overview = state
        .run(caller, move |conn, p| {
            let account: Account = record::get(conn, p.org, account_id, visibility)?;
            let filter = ContactFilter {
                account_id: Some(account_id),
                ..ContactFilter::default()
            };
            let people = db::contacts::list(
                conn,
                p.org,
                &filter,
                &ListParams::first(SortKey::Name, false, 50),
            )?;
            let latest = db::notes::list(
                conn,
                p.org,
                NoteSubject::Account(account_id),
                &ListParams::first(SortKey::Created, true, 10),
            )?;
            let (contact_count, note_count, child_count) =
                db::accounts::counts(conn, p.org, account_id)?;
            Ok(AccountOverview {
                account: view::account(&account),
                contacts: kit::page(conn, p.org, people)?.items,
                latest_notes: kit::page(conn, p.org, latest)?.items,
                counts: AccountCounts {
                    contacts: contact_count,
                    notes: note_count,
                    child_accounts: child_count,
                },
            })
        })
        .await?;
    Ok(json_with_etag(
        HttpResponse::Ok(),
        overview.account.version,
        &overview,
    ))
}
