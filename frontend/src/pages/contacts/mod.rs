//! Contacts: the list, the contact page, and the create and edit forms.

pub mod form;
pub mod list;
pub mod page;
mod portal_access;

/// The preferred channels, as (value, label).
pub const CHANNELS: [(&str, &str); 4] = [
    ("any", "Any"),
    ("email", "Email"),
    ("phone", "Phone"),
    ("sms", "SMS"),
];

pub use crate::components::phones::PHONE_KINDS;
