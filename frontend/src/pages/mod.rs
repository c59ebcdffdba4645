//! One module per page.

pub mod accounts;
pub mod assets;
pub mod callbacks;
pub mod contacts;
pub mod contract_page;
pub mod contracts;
pub mod deals;
pub mod email;
pub mod email_templates;
pub mod home;
pub mod kb;
pub mod leads;
pub mod login;
pub mod mailbox_imap;
pub mod mailboxes;
pub mod me;
pub mod not_found;
pub mod partners;
pub mod rmas;
pub mod settings;
pub mod sla;
pub mod tasks;
pub mod tickets;
pub mod users;
