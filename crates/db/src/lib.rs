//! Rapport's persistence layer: one schema, SQLite and PostgreSQL behind one connection type.
//!
//! Repositories take a connection and the caller's organization; every query they run is
//! scoped by that organization. They return domain types and never see HTTP.

pub mod accounts;
pub mod activities;
pub mod assets;
pub mod assignment;
pub mod assignment_rules;
pub mod callbacks;
pub mod connection;
pub mod contacts;
pub mod contracts;
pub mod convert;
mod counters;
pub mod email_templates;
pub mod error;
pub mod exchange_rates;
pub mod forecast;
pub mod inbound_emails;
pub mod jobs;
pub mod kb;
pub mod lead_forms;
pub mod leads;
pub mod list;
pub mod live;
pub mod login_throttle;
pub mod mail_settings;
pub mod mailbox_imap;
pub mod mailboxes;
pub mod migrations;
pub mod notes;
pub mod notifications;
pub mod opportunities;
mod ordered;
pub mod orgs;
pub mod outbound_emails;
pub mod phones;
pub mod pipelines;
pub mod portal;
pub mod products;
pub mod quotas;
pub mod record;
mod references;
pub mod rmas;
pub mod routing;
pub mod schema;
pub mod scoring_rules;
pub mod search;
pub mod sessions;
pub mod side;
pub mod sla;
pub mod sql;
pub mod synthetic;
mod tags;
pub mod teams;
pub mod telephony;
pub mod territories;
pub mod ticket_views;
pub mod tickets;
pub mod timeline;
pub mod users;

pub use connection::{establish, pool, AnyBackend, AnyConnection, Backend, Pool, PooledConnection};
pub use error::{Error, Result};
pub use list::{ListParams, Page, SortKey};
pub use record::Visibility;
