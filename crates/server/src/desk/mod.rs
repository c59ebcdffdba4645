//! The service desk's work that handlers (and the background sweep) share: tickets created,
//! changed and answered in one transaction each, and their SLA clocks.

pub mod clocks;
pub mod tickets;
