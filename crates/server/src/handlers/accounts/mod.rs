//! `/api/v1/accounts`: companies, their notes and their 360° overview.

pub mod add_note;
pub mod create;
pub mod delete;
pub mod get;
pub mod input;
pub mod list;
pub mod list_notes;
pub mod overview;
pub mod restore;
pub mod update;
pub mod view;
