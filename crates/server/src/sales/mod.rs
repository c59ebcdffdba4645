//! The sales work that spans records: assigning a new lead, capturing a lead from a web
//! form, converting a lead into an account and a contact.

pub mod assignment;
pub mod capture;
pub mod conversion;
