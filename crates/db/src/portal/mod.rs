//! The customer portal's partners, users and sessions.

pub mod names;
pub mod partners;
pub mod sessions;
pub mod sso;
pub mod users;
