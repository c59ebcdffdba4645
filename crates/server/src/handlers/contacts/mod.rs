//! `/api/v1/contacts`: people at accounts, and their notes.

pub mod add_note;
pub mod create;
pub mod delete;
pub mod get;
pub mod input;
pub mod list;
pub mod list_notes;
pub mod restore;
pub mod update;
pub mod view;

use domain::Permission::{ReadCustomers, WriteCustomers};

use crate::auth::{Access::Permission as Can, Routes};

/// The contact routes and who may call them.
pub fn routes(r: &mut Routes) {
    r.add(list::list_contacts, Can(ReadCustomers))
        .add(create::create_contact, Can(WriteCustomers))
        .add(get::get_contact, Can(ReadCustomers))
        .add(update::update_contact, Can(WriteCustomers))
        .add(delete::delete_contact, Can(WriteCustomers))
        .add(restore::restore_contact, Can(WriteCustomers))
        .add(list_notes::list_contact_notes, Can(ReadCustomers))
        .add(add_note::add_contact_note, Can(WriteCustomers));
}
