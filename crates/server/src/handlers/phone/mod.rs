//! The phone: caller lookup, `/api/v1/calls`, the telephony providers' signed events and
//! their connections, and the `/api/v1/callbacks` queue.

pub mod call_ticket;
pub mod callbacks;
pub mod calls;
pub mod lookup;
pub mod telephony;

use domain::Permission::{ManageSettings, ReadCustomers, WriteTickets};

use crate::auth::{Access, Access::Permission as Can, Routes};

/// The phone's routes and who may call them: everyone reads; all but read-only users and
/// marketing log calls and callbacks (as activities); admins connect providers; providers
/// post events with their signature as the credential.
pub fn routes(r: &mut Routes) {
    r.add(lookup::lookup_phone, Can(ReadCustomers))
        .add(calls::list_calls, Can(ReadCustomers))
        .add(calls::create_call, Can(WriteTickets))
        .add(calls::get_call, Can(ReadCustomers))
        .add(calls::update_call, Can(WriteTickets))
        .add(calls::delete_call, Can(WriteTickets))
        .add(calls::restore_call, Can(WriteTickets))
        .add(call_ticket::ticket_from_call, Can(WriteTickets))
        .add(callbacks::list_callbacks, Can(ReadCustomers))
        .add(callbacks::create_callback, Can(WriteTickets))
        .add(callbacks::get_callback, Can(ReadCustomers))
        .add(callbacks::update_callback, Can(WriteTickets))
        .add(callbacks::delete_callback, Can(WriteTickets))
        .add(callbacks::restore_callback, Can(WriteTickets))
        .add(telephony::list_telephony_providers, Can(ManageSettings))
        .add(telephony::create_telephony_provider, Can(ManageSettings))
        .add(telephony::get_telephony_provider, Can(ManageSettings))
        .add(telephony::update_telephony_provider, Can(ManageSettings))
        .add(telephony::delete_telephony_provider, Can(ManageSettings))
        .add(telephony::restore_telephony_provider, Can(ManageSettings))
        .add(telephony::rotate_telephony_secret, Can(ManageSettings))
        .add(telephony::receive_telephony_event, Access::Public);
}
