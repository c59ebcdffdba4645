//! `/api/v1/territories`: the hierarchy of sales territories (admins and managers change it;
//! everyone reads it).

pub mod create;
pub mod delete;
pub mod get;
pub mod input;
pub mod list;
pub mod restore;
pub mod update;

use api_types::territories::Territory as TerritoryBody;
use db::territories::Territory;
use db::AnyConnection;
use domain::OrgId;
use domain::Permission::{ManageSales, ReadSales};

use crate::auth::{Access::Permission as Can, Routes};
use crate::error::ApiError;
use crate::kit::View;

/// The territory routes and who may call them.
pub fn routes(r: &mut Routes) {
    r.add(list::list_territories, Can(ReadSales))
        .add(create::create_territory, Can(ManageSales))
        .add(get::get_territory, Can(ReadSales))
        .add(update::update_territory, Can(ManageSales))
        .add(delete::delete_territory, Can(ManageSales))
        .add(restore::restore_territory, Can(ManageSales));
}

impl View for Territory {
    type Body = TerritoryBody;

    fn view(_: &mut AnyConnection, _: OrgId, t: &Territory) -> Result<TerritoryBody, ApiError> {
        Ok(body(t))
    }
}

/// A territory as a response body.
pub fn body(t: &Territory) -> TerritoryBody {
    let f = &t.fields;
    TerritoryBody {
        id: t.id.to_string(),
        name: f.name.clone(),
        description: f.description.clone(),
        parent_id: f.parent_id.map(|p| p.to_string()),
        countries: f.rules.countries.clone(),
        regions: f.rules.regions.clone(),
        industries: f.rules.industries.clone(),
        company_sizes: f
            .rules
            .company_sizes
            .iter()
            .map(|s| s.as_str().to_owned())
            .collect(),
        owner_ids: f.owner_ids.iter().map(ToString::to_string).collect(),
        created_at: t.created_at,
        updated_at: t.updated_at,
        deleted_at: t.deleted_at,
        version: t.version,
    }
}
