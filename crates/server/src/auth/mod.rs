//! Authentication (who is calling) and access control (what they may call).

pub mod access;
pub mod partner_keys;
pub mod passwords;
pub mod portal;
pub mod principal;
pub mod tokens;

pub use access::{Access, Route, RouteTable, Routes};
pub use portal::{PortalCaller, PortalPrincipal};
pub use principal::{Caller, Principal};
