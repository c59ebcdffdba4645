//! `/api/v1/tickets`: customer requests, their conversation and SLA clocks.

pub mod add_message;
pub mod bulk;
pub mod create;
pub mod customer_reply;
pub mod delete;
pub mod get;
pub mod input;
pub mod links;
pub mod list;
pub mod list_messages;
pub mod merge;
pub mod redact;
pub mod restore;
pub mod update;
pub mod view;
pub mod viewers;

use domain::Permission::{ReadTickets, RedactMessages, WriteTickets};

use crate::auth::{Access::Permission as Can, Routes};

/// The ticket routes and who may call them.
pub fn routes(r: &mut Routes) {
    r.add(list::list_tickets, Can(ReadTickets))
        .add(create::create_ticket, Can(WriteTickets))
        // Before `/tickets/{id}`, whose methods would otherwise refuse a POST to `bulk`.
        .add(bulk::bulk_update_tickets, Can(WriteTickets))
        .add(get::get_ticket, Can(ReadTickets))
        .add(update::update_ticket, Can(WriteTickets))
        .add(delete::delete_ticket, Can(WriteTickets))
        .add(restore::restore_ticket, Can(WriteTickets))
        .add(list_messages::list_ticket_messages, Can(ReadTickets))
        .add(add_message::add_ticket_message, Can(WriteTickets))
        .add(customer_reply::add_customer_reply, Can(WriteTickets))
        .add(merge::merge_ticket, Can(WriteTickets))
        .add(redact::redact_message, Can(RedactMessages))
        .add(links::list_ticket_links, Can(ReadTickets))
        .add(links::link_ticket, Can(WriteTickets))
        .add(links::unlink_ticket, Can(WriteTickets))
        .add(viewers::list_ticket_viewers, Can(ReadTickets))
        .add(viewers::view_ticket, Can(ReadTickets))
        .add(viewers::leave_ticket, Can(ReadTickets));
}
