//! Turning territory request bodies into validated domain fields.

use api_types::territories::{CreateTerritory, Territory as TerritoryBody, UpdateTerritory};
use db::territories::Territory;
use domain::lead::CompanySize;
use domain::territory::{TerritoryFields, TerritoryRules};
use domain::text;
use domain::validation::list;
use domain::{TerritoryId, UserId, Violations};

use crate::auth::Principal;
use crate::error::ApiError;
use crate::handlers::accounts::input::optional;

/// Validates a whole territory.
pub fn parse(body: CreateTerritory) -> Result<TerritoryFields, ApiError> {
    let mut v = Violations::new();
    let name = v.check(text::required("/name", &body.name, 100));
    let description = v
        .check_opt(body.description, |d| {
            text::optional("/description", &d, 1000)
        })
        .flatten();
    let parent_id = v
        .check_opt(body.parent_id, |p| {
            optional(p, |p| TerritoryId::parse("/parent_id", p))
        })
        .flatten();
    let words = |pointer: &str, raw: &str| text::required(pointer, raw, 100);
    let countries = v.check(list("/countries", &body.countries, 250, text::country_code));
    let regions = v.check(list("/regions", &body.regions, 100, words));
    let industries = v.check(list("/industries", &body.industries, 100, words));
    let company_sizes = v.check(list(
        "/company_sizes",
        &body.company_sizes,
        6,
        CompanySize::parse,
    ));
    let owner_ids = v.check(list("/owner_ids", &body.owner_ids, 100, UserId::parse));
    v.finish(|| {
        Some(TerritoryFields {
            name: name?,
            description,
            parent_id,
            rules: TerritoryRules {
                countries: countries?,
                regions: regions?,
                industries: industries?,
                company_sizes: company_sizes?,
            },
            owner_ids: owner_ids?,
        })
    })
    .map_err(ApiError::from)
}

/// The fields of `current` with `patch` applied, validated exactly like a creation.
pub fn merge(
    current: &Territory,
    patch: UpdateTerritory,
    _caller: &Principal,
) -> Result<TerritoryFields, ApiError> {
    // The body as it stands is what the patch applies to.
    let now: TerritoryBody = super::body(current);
    parse(CreateTerritory {
        name: patch.name.unwrap_or(now.name),
        description: patch.description.or(now.description),
        parent_id: patch.parent_id.or(now.parent_id),
        countries: patch.countries.unwrap_or(now.countries),
        regions: patch.regions.unwrap_or(now.regions),
        industries: patch.industries.unwrap_or(now.industries),
        company_sizes: patch.company_sizes.unwrap_or(now.company_sizes),
        owner_ids: patch.owner_ids.unwrap_or(now.owner_ids),
    })
}
