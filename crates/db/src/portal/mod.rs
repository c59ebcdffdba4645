//! The customer portal's partners, users and sessions.

pub mod links;
pub mod names;
pub mod partners;
pub mod passwords;
pub mod preferences;
pub mod sessions;
pub mod sso;
pub mod users;
