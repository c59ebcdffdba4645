//! One module per page.

pub mod accounts;
pub mod contacts;
pub mod deals;
pub mod home;
pub mod leads;
pub mod login;
pub mod mailboxes;
pub mod not_found;
pub mod settings;
pub mod sla;
pub mod tasks;
pub mod tickets;
pub mod users;
