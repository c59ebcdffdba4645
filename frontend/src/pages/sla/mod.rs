//! Service levels: business calendars and SLA policies, with the simulator.

pub mod calendars;
pub mod policies;
pub mod simulator;
