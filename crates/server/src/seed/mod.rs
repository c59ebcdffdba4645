//! Demo data for `make run`, and large synthetic data for benchmarks.

mod activities;
mod contracts;
mod deals;
mod demo;
mod kb;
mod leads;
mod products;
mod routing;
mod sample;
mod synthetic;
mod tickets;

pub use demo::demo;
pub use kb::{synthetic_word, SYNTHETIC_WORDS};
pub use synthetic::{synthetic, Sizes};

/// The password of every demo user, printed by `seed --demo`.
pub const DEMO_PASSWORD: &str = "rapport-demo-2026";
/// The demo organization's domain; users are `<role>@<domain>`.
pub const DEMO_DOMAIN: &str = "northwind.example";
