//! Rapport's HTTP API server: the actix application, its handlers, authentication and
//! access control, settings, and the commands of the `rapport` binary.

pub mod app;
pub mod assets;
pub mod auth;
pub mod commands;
pub mod desk;
pub mod error;
pub mod extract;
pub mod files;
pub mod handlers;
pub mod housekeeping;
pub mod kit;
pub mod limits;
pub mod live;
pub mod mail;
pub mod markdown;
pub mod openapi;
pub mod phone;
pub mod sales;
pub mod seed;
pub mod settings;
pub mod state;
pub mod web_app;
pub mod worker;

pub use error::ApiError;
pub use settings::Settings;
pub use state::AppState;
