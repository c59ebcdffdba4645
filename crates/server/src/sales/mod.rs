//! The sales work that spans records: converting a lead into an account and a contact.

pub mod conversion;
