//! `/api/v1/accounts`.

use api_types::accounts::{Account, AccountFilters, AccountOverview, CreateAccount, UpdateAccount};

use super::{get, ApiError, Resource, Session, Versioned};

impl Resource for Account {
    const PATH: &'static str = "accounts";
    const KIND: &'static str = "account";
    const TITLE: &'static str = "Accounts";
    const WRITE: domain::Permission = domain::Permission::WriteCustomers;
    type Create = CreateAccount;
    type Update = UpdateAccount;
    type Filters = AccountFilters;

    fn id(&self) -> &str {
        &self.id
    }

    fn deleted_at(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        self.deleted_at
    }

    fn title(&self) -> String {
        self.name.clone()
    }
}

/// The account with its contacts, latest notes and counters, and the account's `ETag`.
pub async fn overview(session: &Session, id: &str) -> Result<Versioned<AccountOverview>, ApiError> {
    let answer = get(
        session,
        &format!("/api/v1/accounts/{id}/overview?include_deleted=true"),
    )
    .await?;
    Ok(Versioned {
        record: answer.body,
        etag: answer.etag.unwrap_or_default(),
    })
}
