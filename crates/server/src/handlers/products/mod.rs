//! `/api/v1/products`: the product catalogue and its price book (admins and managers change
//! it; everyone reads it).

pub mod create;
pub mod delete;
pub mod get;
pub mod input;
pub mod list;
pub mod restore;
pub mod update;

use api_types::products::Product as ProductBody;
use api_types::MoneyBody;
use db::products::Product;
use db::AnyConnection;
use domain::OrgId;
use domain::Permission::{ManageSales, ReadSales};

use crate::auth::{Access::Permission as Can, Routes};
use crate::error::ApiError;
use crate::kit::View;

/// The product routes and who may call them.
pub fn routes(r: &mut Routes) {
    r.add(list::list_products, Can(ReadSales))
        .add(create::create_product, Can(ManageSales))
        .add(get::get_product, Can(ReadSales))
        .add(update::update_product, Can(ManageSales))
        .add(delete::delete_product, Can(ManageSales))
        .add(restore::restore_product, Can(ManageSales));
}

impl View for Product {
    type Body = ProductBody;

    fn view(_: &mut AnyConnection, _: OrgId, p: &Product) -> Result<ProductBody, ApiError> {
        Ok(body(p))
    }
}

/// A product as a response body.
pub fn body(p: &Product) -> ProductBody {
    let f = &p.fields;
    ProductBody {
        id: p.id.to_string(),
        name: f.name.clone(),
        code: f.code.clone(),
        description: f.description.clone(),
        active: f.active,
        prices: f
            .prices
            .iter()
            .map(|m| MoneyBody {
                amount_minor: m.amount_minor,
                currency: m.currency.code().to_owned(),
            })
            .collect(),
        created_at: p.created_at,
        updated_at: p.updated_at,
        deleted_at: p.deleted_at,
        version: p.version,
    }
}
