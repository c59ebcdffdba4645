//! HTTP handlers, one file per action.

pub mod accounts;
pub mod assignment_rules;
pub mod attachments;
pub mod auth;
pub mod contacts;
pub mod events;
pub mod exchange_rates;
pub mod forecast;
pub mod health;
pub mod jobs;
pub mod lead_forms;
pub mod leads;
pub mod me;
pub mod meta;
pub mod notes;
pub mod notifications;
pub mod opportunities;
pub mod organization;
pub mod pipelines;
pub mod scoring_rules;
pub mod sla;
pub mod teams;
pub mod territories;
pub mod ticket_views;
pub mod tickets;
pub mod users;
