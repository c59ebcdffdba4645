//! `/api/v1/accounts`.

use api_types::accounts::{Account, AccountFilters, AccountOverview, CreateAccount, UpdateAccount};

use crate::components::bulk::BulkEdit;

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

impl BulkEdit for Account {
    fn version(&self) -> i64 {
        self.version
    }

    fn set_owner(owner: Option<String>) -> UpdateAccount {
        UpdateAccount {
            owner_id: api_types::Patch::set(owner),
            ..UpdateAccount::default()
        }
    }

    fn add_tag(&self, tag: &str) -> UpdateAccount {
        let mut tags = self.tags.clone();
        if !tags.iter().any(|t| t == tag) {
            tags.push(tag.to_owned());
        }
        UpdateAccount {
            tags: Some(tags),
            ..UpdateAccount::default()
        }
    }
}
