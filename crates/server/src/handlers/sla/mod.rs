//! `/api/v1/sla`: business calendars, SLA targets and their simulation.

pub mod input;
pub mod simulate;
