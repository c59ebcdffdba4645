//! Service levels: business calendars and SLA policies, with the simulator.

pub mod calendar_form;
pub mod calendars;
mod escalations;
pub mod policies;
pub mod policy_form;
pub mod simulator;
