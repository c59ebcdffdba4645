//! Authentication (who is calling) and access control (what they may call).

pub mod access;
pub mod passwords;
pub mod principal;
pub mod tokens;

pub use access::{Access, ACCESS_POLICIES};
pub use principal::Principal;
