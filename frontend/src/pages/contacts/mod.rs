//! Contacts: the list, the contact page, and the create and edit forms.

pub mod form;
pub mod list;
pub mod page;

/// The preferred channels, as (value, label).
pub const CHANNELS: [(&str, &str); 4] = [
    ("any", "Any"),
    ("email", "Email"),
    ("phone", "Phone"),
    ("sms", "SMS"),
];

/// The kinds of phone numbers, as (value, label).
pub const PHONE_KINDS: [(&str, &str); 4] = [
    ("work", "Work"),
    ("mobile", "Mobile"),
    ("home", "Home"),
    ("other", "Other"),
];
