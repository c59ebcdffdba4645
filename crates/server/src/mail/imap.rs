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
use crate::handlers::mailboxes::inbound::MAX_MESSAGE_BYTES;
use crate::state::AppState;

/// The most mailboxes one process polls at a time, and messages it takes from one per poll.
const MAILBOXES: i64 = 10;
const MESSAGES: usize = 50;

/// How long connecting, signing in and each command may take; reading a whole message (up to
/// 25 MiB), longer.
const TIMEOUT: StdDuration = StdDuration::from_secs(30);
const FETCH_TIMEOUT: StdDuration = StdDuration::from_secs(180);

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
    let (org, mailbox, claimed) = (due.org, due.mailbox, due.claimed_at);
    let (validity, last, error) = match read_new(state, &due).await {
        Ok((validity, last)) => (validity, last, None),
        Err((validity, last, error)) => {
            tracing::warn!(%mailbox, %error, "polling a mailbox failed");
            (validity, last, Some(error))
        }
    };
    let recorded = state
        .db(move |conn| {
            let reached = (validity, last);
            db::mailbox_imap::advance(conn, (org, mailbox, claimed), reached, error.as_deref())?;
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
    let query = if validity == reached.0 {
        format!("UID {}:*", reached.1 + 1)
    } else {
        // A new source, or the folder was recreated and its UIDs start again: only mail
        // that arrived since the source was set up, not the folder's whole past (what was
        // taken already is known by its Message-ID).
        reached = (validity, 0);
        // A day early: the server dates mail in its own time zone.
        let since = due.since - Duration::days(1);
        format!("SINCE {}", since.format("%-d-%b-%Y"))
    };
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
    let sizes = sizes(&mut session, &uids)
        .await
        .map_err(|e| fail(reached, "reading sizes", &e))?;
    let mut skipped = None;
    for uid in uids {
        if sizes
            .iter()
            .any(|(u, size)| *u == uid && *size > MAX_MESSAGE_BYTES)
        {
            // Too big to take, as a posted one would be: left on the server, said once.
            skipped = Some(format!(
                "message {uid} is over {} MiB and was left on the server",
                MAX_MESSAGE_BYTES / (1024 * 1024)
            ));
            reached.1 = i64::from(uid);
            continue;
        }
        let raw = {
            let fetches = tokio::time::timeout(
                FETCH_TIMEOUT,
                session.uid_fetch(uid.to_string(), "(UID BODY.PEEK[])"),
            )
            .await
            .map_err(timed(reached, "fetching"))?
            .map_err(|e| fail(reached, "fetching", &e))?;
            let fetched: Vec<_> =
                tokio::time::timeout(FETCH_TIMEOUT, fetches.try_collect::<Vec<_>>())
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
    match skipped {
        Some(note) => Err((reached.0, reached.1, note)),
        None => Ok(reached),
    }
}

/// The size of each of `uids`, in bytes.
async fn sizes<T>(
    session: &mut async_imap::Session<T>,
    uids: &[u32],
) -> Result<Vec<(u32, usize)>, String>
where
    T: AsyncRead + AsyncWrite + Unpin + std::fmt::Debug + Send,
{
    if uids.is_empty() {
        return Ok(Vec::new());
    }
    let set: Vec<String> = uids.iter().map(u32::to_string).collect();
    let fetches = tokio::time::timeout(
        TIMEOUT,
        session.uid_fetch(set.join(","), "(UID RFC822.SIZE)"),
    )
    .await
    .map_err(|_| "timed out".to_owned())?
    .map_err(|e| e.to_string())?;
    let fetched: Vec<_> = tokio::time::timeout(TIMEOUT, fetches.try_collect::<Vec<_>>())
        .await
        .map_err(|_| "timed out".to_owned())?
        .map_err(|e| e.to_string())?;
    Ok(fetched
        .iter()
        .filter_map(|f| Some((f.uid?, usize::try_from(f.size?).ok()?)))
        .collect())
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
