//! `/api/v1/opportunities`: deals in pipelines (sales and managers write; everyone reads).

pub mod create;
pub mod delete;
pub mod get;
pub mod history;
pub mod input;
pub mod list;
pub mod reopen;
pub mod restore;
pub mod update;
pub mod view;

use domain::Permission::{ReadSales, WriteSales};

use crate::auth::{Access::Permission as Can, Routes};

/// The opportunity routes and who may call them.
pub fn routes(r: &mut Routes) {
    r.add(list::list_opportunities, Can(ReadSales))
        .add(create::create_opportunity, Can(WriteSales))
        .add(get::get_opportunity, Can(ReadSales))
        .add(update::update_opportunity, Can(WriteSales))
        .add(delete::delete_opportunity, Can(WriteSales))
        .add(restore::restore_opportunity, Can(WriteSales))
        .add(reopen::reopen_opportunity, Can(WriteSales))
        .add(history::list_stage_history, Can(ReadSales));
}
