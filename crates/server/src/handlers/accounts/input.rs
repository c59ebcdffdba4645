//! Turning account request bodies into validated domain fields.

use api_types::accounts::{Address as AddressBody, CreateAccount, UpdateAccount};
use api_types::MoneyBody;
use domain::account::{Account, AccountFields, Address};
use domain::lead::CompanySize;
use domain::text::{self, DomainName, Phone, Tag, WebAddress};
use domain::{AccountId, AccountType, Money, Tier, UserId, Violations};

use crate::auth::Principal;
use crate::error::ApiError;

/// Validates a whole account; `default_owner` fills an absent owner (the creator).
pub fn parse(
    body: CreateAccount,
    default_owner: Option<UserId>,
) -> Result<AccountFields, ApiError> {
    let mut v = Violations::new();
    let name = v.check(text::required("/name", &body.name, 200));
    let domain = v.check_opt(body.domain, |d| {
        optional(d, |d| {
            DomainName::parse("/domain", d).map(|d| d.as_str().to_owned())
        })
    });
    let account_type = match body.account_type {
        Some(raw) => v.check(AccountType::parse("/type", &raw)),
        None => Some(AccountType::Prospect),
    };
    let industry = v
        .check_opt(body.industry, |i| text::optional("/industry", &i, 100))
        .flatten();
    let tier = v.check_opt(body.tier, |t| Tier::parse("/tier", &t));
    let company_size = v
        .check_opt(body.company_size, |s| {
            optional(s, |s| CompanySize::parse("/company_size", s))
        })
        .flatten();
    let owner_id = v
        .check_opt(body.owner_id, |o| UserId::parse("/owner_id", &o))
        .or(default_owner);
    let parent_id = v.check_opt(body.parent_id, |p| AccountId::parse("/parent_id", &p));
    let address = parse_address(&mut v, body.address.unwrap_or_default());
    let phone = v
        .check_opt(body.phone, |p| {
            optional(p, |p| {
                Phone::parse("/phone", p).map(|p| p.as_str().to_owned())
            })
        })
        .flatten();
    let website = v
        .check_opt(body.website, |w| {
            optional(w, |w| {
                WebAddress::parse("/website", w).map(|w| w.as_str().to_owned())
            })
        })
        .flatten();
    let annual_revenue = v.check_opt(body.annual_revenue, |m: MoneyBody| {
        Money::parse("/annual_revenue", m.amount_minor, &m.currency, true).and_then(|money| {
            domain::money::check_amount("/annual_revenue", &money).map(|()| money)
        })
    });
    let tags = v.check(Tag::parse_list("/tags", &body.tags));
    v.finish(|| {
        Some(AccountFields {
            name: name?,
            domain: domain.flatten(),
            account_type: account_type?,
            industry,
            tier,
            company_size,
            owner_id,
            parent_id,
            address,
            phone,
            website,
            annual_revenue,
            tags: tags?.iter().map(|t| t.as_str().to_owned()).collect(),
        })
    })
    .map_err(ApiError::from)
}

/// An optional text field: blank means none, anything else must parse.
pub fn optional<T>(
    raw: String,
    parse: impl FnOnce(&str) -> Result<T, domain::FieldError>,
) -> Result<Option<T>, domain::FieldError> {
    if raw.trim().is_empty() {
        Ok(None)
    } else {
        parse(&raw).map(Some)
    }
}

/// A postal address, each part checked at `/address/…`.
pub fn parse_address(v: &mut Violations, body: AddressBody) -> Address {
    let part = |v: &mut Violations, pointer: &str, raw: Option<String>| {
        v.check_opt(raw, |r| text::optional(pointer, &r, 200))
            .flatten()
    };
    Address {
        street: part(v, "/address/street", body.street),
        city: part(v, "/address/city", body.city),
        region: part(v, "/address/region", body.region),
        postal_code: part(v, "/address/postal_code", body.postal_code),
        country: v
            .check_opt(body.country, |c| {
                optional(c, |c| text::country_code("/address/country", c))
            })
            .flatten(),
    }
}

/// The fields of `current` with `patch` applied, validated exactly like a creation.
pub fn merge(
    current: &Account,
    patch: UpdateAccount,
    _caller: &Principal,
) -> Result<AccountFields, ApiError> {
    let current = &current.fields;
    let merged = CreateAccount {
        // `null` becomes an empty name, which validation refuses.
        name: patch.name.or_default(current.name.clone()),
        domain: patch.domain.or(current.domain.clone()),
        account_type: Some(
            patch
                .account_type
                .unwrap_or_else(|| current.account_type.as_str().to_owned()),
        ),
        industry: patch.industry.or(current.industry.clone()),
        tier: patch.tier.or(current.tier.map(|t| t.as_str().to_owned())),
        company_size: patch
            .company_size
            .or(current.company_size.map(|s| s.as_str().to_owned())),
        owner_id: patch.owner_id.or(current.owner_id.map(|o| o.to_string())),
        parent_id: patch.parent_id.or(current.parent_id.map(|p| p.to_string())),
        address: Some(
            patch
                .address
                .unwrap_or_else(|| super::view::address(&current.address)),
        ),
        phone: patch.phone.or(current.phone.clone()),
        website: patch.website.or(current.website.clone()),
        annual_revenue: patch
            .annual_revenue
            .or(current.annual_revenue.map(super::view::money)),
        tags: patch.tags.unwrap_or_else(|| current.tags.clone()),
    };
    parse(merged, None)
}
