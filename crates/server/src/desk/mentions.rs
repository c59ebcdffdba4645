//! Internal notes that mention colleagues (`@alex`): each one named is told, once.

use chrono::{DateTime, Utc};
use db::notifications::About;
use db::AnyConnection;
use domain::ticket::{self, Ticket};

use crate::auth::Principal;
use crate::error::ApiError;

/// Tells each user an internal note mentions (`@alex`) that they were, once, but never its
/// author.
pub fn notify_mentioned(
    conn: &mut AnyConnection,
    p: &Principal,
    ticket: &Ticket,
    body: &str,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let handles = ticket::mentions(body);
    if handles.is_empty() {
        return Ok(());
    }
    let message = format!(
        "You were mentioned in a note on #{} {}",
        ticket.number, ticket.fields.subject
    );
    for (user, email, name) in db::users::active_names(conn, p.org)? {
        let named = handles
            .iter()
            .any(|h| ticket::handle_names(h, &email, &name));
        if named && user != p.user {
            db::notifications::notify(
                conn,
                p.org,
                user,
                "mentioned",
                About::Ticket(ticket.id),
                &message,
                now,
            )?;
        }
    }
    Ok(())
}
