//! `/api/v1/mailboxes`: the support addresses whose mail becomes tickets (admins), the
//! messages that reached them, and the public route their mail is posted to.

pub mod create;
pub mod delete;
pub mod emails;
pub mod get;
pub mod imap;
pub mod inbound;
pub mod input;
pub mod list;
pub mod restore;
pub mod rotate;
pub mod update;
pub mod view;

use domain::Permission::{ManageSettings, ReadTickets};

use crate::auth::{Access, Access::Permission as Can, Routes};

/// The mailbox routes and who may call them.
pub fn routes(r: &mut Routes) {
    r.add(list::list_mailboxes, Can(ManageSettings))
        .add(create::create_mailbox, Can(ManageSettings))
        .add(get::get_mailbox, Can(ManageSettings))
        .add(update::update_mailbox, Can(ManageSettings))
        .add(delete::delete_mailbox, Can(ManageSettings))
        .add(restore::restore_mailbox, Can(ManageSettings))
        .add(rotate::rotate_mailbox_secret, Can(ManageSettings))
        .add(imap::get_mailbox_imap, Can(ManageSettings))
        .add(imap::put_mailbox_imap, Can(ManageSettings))
        .add(imap::delete_mailbox_imap, Can(ManageSettings))
        .add(emails::list_mailbox_emails, Can(ManageSettings))
        .add(emails::list_ticket_emails, Can(ReadTickets))
        .add(emails::get_inbound_email, Can(ReadTickets))
        .add(emails::get_inbound_email_original, Can(ReadTickets))
        .add(emails::get_inbound_email_attachment, Can(ReadTickets))
        .add(inbound::receive_email, Access::Public);
}
