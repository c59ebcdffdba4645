//! The account list: its filters, search and one page.

use diesel::prelude::*;
use domain::account::Account;
use domain::{AccountId, AccountType, OrgId, Tier, UserId};

use super::{to_account, AccountRow, TERMS};
use crate::connection::AnyConnection;
use crate::convert::bytes;
use crate::error::Result;
use crate::list::{self, ListParams, Page};
use crate::schema::{account_tags, accounts};
use crate::search::Search;

/// Filters of the account list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AccountFilter {
    /// Search words (already split), matched as word prefixes.
    pub words: Vec<String>,
    /// Relationship.
    pub account_type: Option<AccountType>,
    /// Exact industry.
    pub industry: Option<String>,
    /// Tier.
    pub tier: Option<Tier>,
    /// Owner.
    pub owner_id: Option<UserId>,
    /// Parent account.
    pub parent_id: Option<AccountId>,
    /// Carries this tag.
    pub tag: Option<String>,
}

/// One page of accounts.
pub fn list(
    conn: &mut AnyConnection,
    org: OrgId,
    filter: &AccountFilter,
    params: &ListParams,
) -> Result<Page<Account>> {
    let org_bytes = bytes(&org);
    let build = || {
        let mut query = accounts::table
            .filter(accounts::org_id.eq(org_bytes.clone()))
            .select(AccountRow::as_select())
            .into_boxed();
        if let Some(kind) = filter.account_type {
            query = query.filter(accounts::account_type.eq(kind.as_str()));
        }
        if let Some(industry) = &filter.industry {
            query = query.filter(accounts::industry.eq(industry.clone()));
        }
        if let Some(tier) = filter.tier {
            query = query.filter(accounts::tier.eq(tier.as_str()));
        }
        if let Some(owner) = filter.owner_id {
            query = query.filter(accounts::owner_id.eq(bytes(&owner)));
        }
        if let Some(parent) = filter.parent_id {
            query = query.filter(accounts::parent_id.eq(bytes(&parent)));
        }
        if let Some(tag) = &filter.tag {
            let tagged = account_tags::table
                .filter(account_tags::org_id.eq(org_bytes.clone()))
                .filter(account_tags::tag.eq(tag.clone()))
                .select(account_tags::account_id);
            query = query.filter(accounts::id.eq_any(tagged));
        }
        query
    };
    let search = Search::new(TERMS, org, filter.words.clone());
    let page = list::load_page::<Account, _, _>(conn, build, search.as_ref(), params)?;
    Ok(page.map(to_account))
}
