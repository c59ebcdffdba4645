//! Domain accounts as the API shows them.

use api_types::accounts::{Account as AccountBody, Address as AddressBody};
use api_types::MoneyBody;
use db::AnyConnection;
use domain::account::{Account, Address};
use domain::{Money, OrgId};

use crate::error::ApiError;
use crate::kit::View;

impl View for Account {
    type Body = AccountBody;

    fn view(_: &mut AnyConnection, _: OrgId, account: &Account) -> Result<AccountBody, ApiError> {
        Ok(self::account(account))
    }
}

/// An account as a response body.
pub fn account(a: &Account) -> AccountBody {
    let f = &a.fields;
    AccountBody {
        id: a.id.to_string(),
        name: f.name.clone(),
        domain: f.domain.clone(),
        account_type: f.account_type.as_str().to_owned(),
        industry: f.industry.clone(),
        tier: f.tier.map(|t| t.as_str().to_owned()),
        company_size: f.company_size.map(|s| s.as_str().to_owned()),
        territory_id: a.territory_id.map(|t| t.to_string()),
        owner_id: f.owner_id.map(|o| o.to_string()),
        parent_id: f.parent_id.map(|p| p.to_string()),
        address: address(&f.address),
        phone: f.phone.clone(),
        website: f.website.clone(),
        annual_revenue: f.annual_revenue.map(money),
        tags: f.tags.clone(),
        created_at: a.created_at,
        updated_at: a.updated_at,
        deleted_at: a.deleted_at,
        version: a.version,
    }
}

/// An address as a body.
pub fn address(a: &Address) -> AddressBody {
    AddressBody {
        street: a.street.clone(),
        city: a.city.clone(),
        region: a.region.clone(),
        postal_code: a.postal_code.clone(),
        country: a.country.clone(),
    }
}

/// Money as a body.
pub fn money(m: Money) -> MoneyBody {
    MoneyBody {
        amount_minor: m.amount_minor,
        currency: m.currency.code().to_owned(),
    }
}
