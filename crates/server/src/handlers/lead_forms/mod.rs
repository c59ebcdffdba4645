//! `/api/v1/lead-forms`: web-to-lead capture forms (admins and managers), and the public
//! route their submissions go to.

pub mod create;
pub mod delete;
pub mod get;
pub mod input;
pub mod list;
pub mod restore;
pub mod submit;
pub mod update;
pub mod view;

use domain::Permission::ManageSales;

use crate::auth::{Access, Access::Permission as Can, Routes};

/// The capture-form routes and who may call them.
pub fn routes(r: &mut Routes) {
    r.add(list::list_lead_forms, Can(ManageSales))
        .add(create::create_lead_form, Can(ManageSales))
        .add(get::get_lead_form, Can(ManageSales))
        .add(update::update_lead_form, Can(ManageSales))
        .add(delete::delete_lead_form, Can(ManageSales))
        .add(restore::restore_lead_form, Can(ManageSales))
        .add(submit::submit_to_form, Access::Public)
        .add(submit::submission_preflight, Access::Public);
}
