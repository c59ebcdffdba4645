//! `/api/v1/contacts`: people at accounts, and their notes.

pub mod add_note;
pub mod create;
pub mod delete;
pub mod get;
pub mod input;
pub mod list;
pub mod list_notes;
pub mod restore;
pub mod update;
pub mod view;
