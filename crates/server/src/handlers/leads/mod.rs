//! `/api/v1/leads`: prospective customers, their notes, the records like them, and their
//! conversion into an account and a contact.

pub mod add_note;
pub mod convert;
pub mod create;
pub mod delete;
pub mod get;
pub mod input;
pub mod list;
pub mod list_notes;
pub mod matches;
pub mod restore;
pub mod score;
pub mod update;
pub mod view;

use domain::Permission::{ReadSales, WriteSales};

use crate::auth::{Access::Permission as Can, Routes};

/// The lead routes and who may call them.
pub fn routes(r: &mut Routes) {
    r.add(list::list_leads, Can(ReadSales))
        .add(create::create_lead, Can(WriteSales))
        .add(get::get_lead, Can(ReadSales))
        .add(update::update_lead, Can(WriteSales))
        .add(delete::delete_lead, Can(WriteSales))
        .add(restore::restore_lead, Can(WriteSales))
        .add(matches::lead_matches, Can(ReadSales))
        .add(score::lead_score, Can(ReadSales))
        .add(convert::convert_lead, Can(WriteSales))
        .add(list_notes::list_lead_notes, Can(ReadSales))
        .add(add_note::add_lead_note, Can(WriteSales));
}
