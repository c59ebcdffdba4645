//! `/api/v1/sla`: business calendars, SLA policies and the simulation of a ticket's clocks.

pub mod calendars;
pub mod documents;
pub mod input;
pub mod policies;
pub mod simulate;

use domain::Permission::ManageSla;

use crate::auth::{Access::Permission as Can, Routes};

/// The SLA routes and who may call them.
pub fn routes(r: &mut Routes) {
    r.add(simulate::simulate_sla, Can(ManageSla))
        .add(calendars::list::list_calendars, Can(ManageSla))
        .add(calendars::create::create_calendar, Can(ManageSla))
        .add(calendars::get::get_calendar, Can(ManageSla))
        .add(calendars::update::update_calendar, Can(ManageSla))
        .add(calendars::delete::delete_calendar, Can(ManageSla))
        .add(calendars::restore::restore_calendar, Can(ManageSla))
        .add(policies::list::list_policies, Can(ManageSla))
        .add(policies::create::create_policy, Can(ManageSla))
        .add(policies::get::get_policy, Can(ManageSla))
        .add(policies::update::update_policy, Can(ManageSla))
        .add(policies::delete::delete_policy, Can(ManageSla))
        .add(policies::restore::restore_policy, Can(ManageSla));
}
