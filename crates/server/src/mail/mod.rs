//! Outbound mail: templates rendered per organization, composed with the headers that thread
//! them, and handed to the organization's SMTP server by the `mail.send` jobs.
//!
//! A mail is queued (its record and its job) in the transaction of the change it tells of, so
//! none is sent for a change that rolled back. Its Message-ID is fixed then, from the job's
//! id: a delivery retried after a failure, or after a process died between the server's
//! acceptance and the job's completion, carries the same Message-ID, which mail programs use
//! to show a repeat once. The SMTP conversation runs outside any database transaction.

pub mod compose;
pub mod imap;
pub mod portal;
pub mod smtp;
pub mod templates;

use std::time::Duration as StdDuration;

use db::jobs::Claimed;
use db::outbound_emails::Delivery;

use crate::error::ApiError;
use crate::state::AppState;

/// What became of one attempt.
enum Attempt {
    Sent { to: String, subject: String },
    Skipped(String),
    Failed { permanent: bool, message: String },
}

/// Sends the mail of a claimed `mail.send` job and records what became of it: sent and
/// skipped mail completes the job; a failure is retried with the jobs' backoff, except a
/// permanent one (the server refused the address for good) or the last attempt.
pub async fn deliver(state: &AppState, job: Claimed, worker: String) -> Result<(), ApiError> {
    let (org, email) = (job.org(), job.id());
    let url = state.settings.public_url.clone();
    let (payload, now) = (job.payload.clone(), state.now());
    let composed = state
        .db(move |conn| compose::compose(conn, org, (email, &payload), &url, now))
        .await;
    let timeout = StdDuration::from_secs(state.settings.smtp_timeout_seconds);
    let attempt = match composed {
        Ok(compose::Composed::Send(settings, mail)) => {
            match smtp::send(&settings, &mail, timeout).await {
                Ok(()) => Attempt::Sent {
                    to: mail.to,
                    subject: mail.subject,
                },
                Err(e) => Attempt::Failed {
                    permanent: e.permanent,
                    message: e.message,
                },
            }
        }
        Ok(compose::Composed::Skip(why)) => Attempt::Skipped(why),
        Err(e) => Attempt::Failed {
            permanent: false,
            message: e.to_string(),
        },
    };
    let now = state.now();
    state
        .db(move |conn| {
            let (delivery, failed) = match &attempt {
                Attempt::Sent { to, subject } => (
                    Delivery {
                        status: "sent",
                        recipient: Some(to),
                        subject: Some(subject),
                        detail: None,
                    },
                    None,
                ),
                Attempt::Skipped(why) => (
                    Delivery {
                        status: "skipped",
                        recipient: None,
                        subject: None,
                        detail: Some(why),
                    },
                    None,
                ),
                Attempt::Failed { permanent, message } => {
                    let last = *permanent || job.attempts >= job.max_attempts;
                    let delivery = Delivery {
                        status: if last { "failed" } else { "queued" },
                        recipient: None,
                        subject: None,
                        detail: Some(message),
                    };
                    (delivery, Some((last, message)))
                }
            };
            match failed {
                None => {
                    db::jobs::finish(conn, &job, &worker, now, |conn| {
                        db::outbound_emails::record(conn, org, email, &delivery, now)
                    })?;
                }
                Some((last, message)) => {
                    tracing::warn!(%email, attempt = job.attempts, last, %message, "mail not sent");
                    let retry = (!last).then(|| now + crate::worker::backoff(job.attempts));
                    // Both or neither, and only while this worker still holds the job: another
                    // that took it over may have sent the mail meanwhile.
                    db::connection::write_transaction(conn, |conn| {
                        if db::jobs::fail(conn, &job, &worker, now, message, retry)? {
                            db::outbound_emails::record(conn, org, email, &delivery, now)?;
                        }
                        Ok::<_, db::Error>(())
                    })?;
                }
            }
            Ok(())
        })
        .await
}
