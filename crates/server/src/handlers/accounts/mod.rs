//! `/api/v1/accounts`: companies, their notes and their 360° overview.

pub mod add_note;
pub mod create;
pub mod delete;
pub mod get;
pub mod input;
pub mod list;
pub mod list_notes;
pub mod overview;
pub mod restore;
pub mod update;
pub mod view;

use domain::Permission::{ReadCustomers, WriteCustomers};

use crate::auth::{Access::Permission as Can, Routes};

/// The account routes and who may call them.
pub fn routes(r: &mut Routes) {
    r.add(list::list_accounts, Can(ReadCustomers))
        .add(create::create_account, Can(WriteCustomers))
        .add(get::get_account, Can(ReadCustomers))
        .add(update::update_account, Can(WriteCustomers))
        .add(delete::delete_account, Can(WriteCustomers))
        .add(restore::restore_account, Can(WriteCustomers))
        .add(overview::account_overview, Can(ReadCustomers))
        .add(list_notes::list_account_notes, Can(ReadCustomers))
        .add(add_note::add_account_note, Can(WriteCustomers));
}
