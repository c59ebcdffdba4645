//! Authentication (who is calling) and access control (what they may call).

pub mod access;
pub mod passwords;
pub mod principal;
pub mod tokens;

pub use access::{Access, Route, RouteTable, Routes};
pub use principal::{Caller, Principal};
