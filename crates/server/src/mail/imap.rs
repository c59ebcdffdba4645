//! Fetching mailboxes' mail from IMAP servers: each due mailbox is claimed by one process,
//! its new messages (by UID, past the last one taken) are read whole and taken exactly as a
//! posted message is (`desk::inbound::receive`), then marked seen on the server. A message is
//! counted as read once it is stored; a poll that dies half way reads the rest next time, and
//! one taken twice is stored once (by its Message-ID).

use std::sync::Arc;
use std::time::Duration as StdDuration;

use async_imap::Client;
use chrono::Duration;
use db::mailbox_imap::Due;
use domain::outbound::Security;
use futures_util::TryStreamExt;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpStream;

use crate::desk::inbound;
use crate::error::ApiError;
use crate::state::AppState;

/// The most mailboxes one process polls at a time, and messages it takes from one per poll.
const MAILBOXES: i64 = 10;
const MESSAGES: usize = 50;

/// How long connecting, signing in and each command may take.
const TIMEOUT: StdDuration = StdDuration::from_secs(30);

/// Polls the mailboxes that are due.
pub async fn poll(state: &AppState) {
    let now = state.now();
    let every = Duration::seconds(state.settings.imap_poll_seconds);
    let due = state
        .db(move |conn| Ok(db::mailbox_imap::claim_due(conn, now, every, MAILBOXES)?))
        .await;
    let due = match due {
        Ok(due) => due,
        Err(e) => {
            tracing::warn!(error = %e, "claiming mailboxes to poll failed");
            return;
        }
    };
    for mailbox in due {
        let state = state.clone();
        actix_web::rt::spawn(async move { poll_one(&state, mailbox).await });
    }
}

async fn poll_one(state: &AppState, due: Due) {
    let (org, mailbox) = (due.org, due.mailbox);
    let (validity, last, error) = match read_new(state, &due).await {
        Ok((validity, last)) => (validity, last, None),
        Err((validity, last, error)) => {
            tracing::warn!(%mailbox, %error, "polling a mailbox failed");
            (validity, last, Some(error))
        }
    };
    let recorded = state
        .db(move |conn| {
            db::mailbox_imap::advance(conn, org, mailbox, validity, last, error.as_deref())?;
            Ok(())
        })
        .await;
    if let Err(e) = recorded {
        tracing::warn!(error = %e, "recording a mailbox's poll failed");
    }
}

/// How far a poll read (UIDVALIDITY, last UID), and why it stopped if it failed.
type Reached = (Option<i64>, i64);

async fn read_new(state: &AppState, due: &Due) -> Result<Reached, (Option<i64>, i64, String)> {
    let at = (due.uid_validity, due.last_uid);
    let fail = |what: &str, e: &dyn std::fmt::Display| (at.0, at.1, format!("{what}: {e}"));
    let address = (due.fields.host.as_str(), due.fields.port);
    let tcp = tokio::time::timeout(TIMEOUT, TcpStream::connect(address))
        .await
        .map_err(|e| fail("connecting", &e))?
        .map_err(|e| fail("connecting", &e))?;
    match due.fields.security {
        Security::Tls => {
            let mut roots = tokio_rustls::rustls::RootCertStore::empty();
            roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
            let config = tokio_rustls::rustls::ClientConfig::builder()
                .with_root_certificates(roots)
                .with_no_client_auth();
            let name =
                tokio_rustls::rustls::pki_types::ServerName::try_from(due.fields.host.clone())
                    .map_err(|e| fail("the server's name", &e))?;
            let tls = tokio_rustls::TlsConnector::from(Arc::new(config))
                .connect(name, tcp)
                .await
                .map_err(|e| fail("TLS", &e))?;
            session(state, due, Client::new(tls)).await
        }
        Security::StartTls | Security::None => session(state, due, Client::new(tcp)).await,
    }
}

async fn session<T>(
    state: &AppState,
    due: &Due,
    mut client: Client<T>,
) -> Result<Reached, (Option<i64>, i64, String)>
where
    T: AsyncRead + AsyncWrite + Unpin + std::fmt::Debug + Send,
{
    let mut reached = (due.uid_validity, due.last_uid);
    let fail =
        |r: Reached, what: &str, e: &dyn std::fmt::Display| (r.0, r.1, format!("{what}: {e}"));
    let timed = |r: Reached, what: &'static str| move |_| (r.0, r.1, format!("{what}: timed out"));
    tokio::time::timeout(TIMEOUT, client.read_response())
        .await
        .map_err(timed(reached, "the greeting"))?
        .map_err(|e| fail(reached, "the greeting", &e))?;
    let mut session =
        tokio::time::timeout(TIMEOUT, client.login(&due.fields.username, &due.password))
            .await
            .map_err(timed(reached, "signing in"))?
            .map_err(|(e, _)| fail(reached, "signing in", &e))?;
    let folder = tokio::time::timeout(TIMEOUT, session.select(&due.fields.folder))
        .await
        .map_err(timed(reached, "opening the folder"))?
        .map_err(|e| fail(reached, "opening the folder", &e))?;
    let validity = folder.uid_validity.map(i64::from);
    if validity != reached.0 {
        // The folder was recreated: its UIDs start again (what was taken is known by id).
        reached = (validity, 0);
    }
    let query = format!("UID {}:*", reached.1 + 1);
    let found = tokio::time::timeout(TIMEOUT, session.uid_search(&query))
        .await
        .map_err(timed(reached, "searching"))?
        .map_err(|e| fail(reached, "searching", &e))?;
    // `n:*` answers the last message even when its UID is below n.
    let mut uids: Vec<u32> = found
        .into_iter()
        .filter(|uid| i64::from(*uid) > reached.1)
        .collect();
    uids.sort_unstable();
    uids.truncate(MESSAGES);
    for uid in uids {
        let raw = {
            let fetches = tokio::time::timeout(
                TIMEOUT,
                session.uid_fetch(uid.to_string(), "(UID BODY.PEEK[])"),
            )
            .await
            .map_err(timed(reached, "fetching"))?
            .map_err(|e| fail(reached, "fetching", &e))?;
            let fetched: Vec<_> = tokio::time::timeout(TIMEOUT, fetches.try_collect::<Vec<_>>())
                .await
                .map_err(timed(reached, "fetching"))?
                .map_err(|e| fail(reached, "fetching", &e))?;
            fetched
                .iter()
                .find(|f| f.uid == Some(uid))
                .and_then(|f| f.body().map(<[u8]>::to_vec))
        };
        if let Some(raw) = raw {
            take(state, due, raw)
                .await
                .map_err(|e| fail(reached, "storing a message", &e))?;
        }
        reached.1 = i64::from(uid);
        if let Ok(stored) = session.uid_store(uid.to_string(), "+FLAGS (\\Seen)").await {
            let _ = tokio::time::timeout(TIMEOUT, stored.try_collect::<Vec<_>>()).await;
        }
    }
    let _ = tokio::time::timeout(TIMEOUT, session.logout()).await;
    Ok(reached)
}

/// Takes one message as if it had been posted to the mailbox.
async fn take(state: &AppState, due: &Due, raw: Vec<u8>) -> Result<(), ApiError> {
    let (org, mailbox) = (due.org, due.mailbox);
    let now = state.now();
    state
        .db(move |conn| {
            let mailbox: db::mailboxes::Mailbox =
                db::record::get(conn, org, mailbox, db::record::Visibility::Live)?;
            inbound::receive(conn, org, &mailbox, &raw, now)?;
            Ok(())
        })
        .await
}
