//! `/api/v1/accounts`.

use api_types::accounts::{Account, AccountOverview, CreateAccount, UpdateAccount};
use api_types::Page;

use super::{call, get, query, Answer, ApiError, Session};

/// What the account list shows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AccountQuery {
    /// Search words.
    pub q: String,
    /// customer, prospect or partner.
    pub account_type: String,
    /// platinum, gold, silver or bronze.
    pub tier: String,
    /// Sort key, e.g. `name` or `-updated_at`.
    pub sort: String,
    /// The trash instead of the live accounts.
    pub deleted: bool,
    /// The page's cursor.
    pub cursor: String,
    /// Page size.
    pub limit: u32,
}

impl crate::components::list_nav::ListQuery for AccountQuery {
    fn cursor(&mut self) -> &mut String {
        &mut self.cursor
    }

    fn url(&self) -> String {
        format!(
            "/accounts{}",
            query(&[
                ("q", self.q.as_str()),
                ("type", &self.account_type),
                ("tier", &self.tier),
                ("sort", &self.sort),
                ("deleted", if self.deleted { "true" } else { "" }),
                ("cursor", &self.cursor),
            ])
        )
    }
}

/// One page of accounts.
pub async fn list(session: &Session, q: &AccountQuery) -> Result<Page<Account>, ApiError> {
    let limit = q.limit.max(1).to_string();
    let path = format!(
        "/api/v1/accounts{}",
        query(&[
            ("q", q.q.trim()),
            ("type", &q.account_type),
            ("tier", &q.tier),
            ("sort", &q.sort),
            ("deleted", if q.deleted { "true" } else { "" }),
            ("cursor", &q.cursor),
            ("limit", &limit),
        ])
    );
    Ok(get(session, &path).await?.body)
}

/// The account, its contacts, latest notes and counters.
pub async fn overview(session: &Session, id: &str) -> Result<AccountOverview, ApiError> {
    Ok(get(session, &format!("/api/v1/accounts/{id}/overview"))
        .await?
        .body)
}

/// One account with its `ETag`.
pub async fn one(session: &Session, id: &str) -> Result<Answer<Account>, ApiError> {
    get(session, &format!("/api/v1/accounts/{id}")).await
}

/// Creates an account.
pub async fn create(session: &Session, body: &CreateAccount) -> Result<Account, ApiError> {
    Ok(call(session, "POST", "/api/v1/accounts", Some(body), None)
        .await?
        .body)
}

/// Changes an account, if it is still at version `etag`.
pub async fn update(
    session: &Session,
    id: &str,
    etag: &str,
    body: &UpdateAccount,
) -> Result<Account, ApiError> {
    let path = format!("/api/v1/accounts/{id}");
    Ok(call(session, "PATCH", &path, Some(body), Some(etag))
        .await?
        .body)
}
