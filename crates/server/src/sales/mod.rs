//! The sales work that spans records: capturing a lead from a web form, converting a lead
//! into an account and a contact.

pub mod capture;
pub mod conversion;
