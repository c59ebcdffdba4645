//! Mailboxes whose mail is fetched over IMAP: where from, and how far it has been read.

use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use diesel::prelude::*;
use domain::mail::ImapFields;
use domain::outbound::Security;
use domain::{MailboxId, OrgId};

use crate::connection::{write_transaction, AnyConnection};
use crate::convert::{bytes, from_db, id, to_db};
use crate::error::{Error, Result};
use crate::schema::{mailbox_imap, mailboxes};

/// A mailbox's IMAP settings as admins see them (never the password), and how polling goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImapSource {
    /// Where and how to sign in.
    pub fields: ImapFields,
    /// The highest UID taken so far.
    pub last_uid: i64,
    /// When it was last polled.
    pub polled_at: Option<DateTime<Utc>>,
    /// Why the last poll failed, if it did.
    pub error: Option<String>,
}

/// A mailbox due for polling, with what it takes to sign in.
#[derive(Clone, PartialEq, Eq)]
pub struct Due {
    /// Its organization.
    pub org: OrgId,
    /// The mailbox.
    pub mailbox: MailboxId,
    /// Where and how to sign in.
    pub fields: ImapFields,
    /// The account's password.
    pub password: String,
    /// The folder's UIDVALIDITY when `last_uid` was read.
    pub uid_validity: Option<i64>,
    /// The highest UID taken so far.
    pub last_uid: i64,
    /// When the source was set up: a new one takes mail from that day on.
    pub since: DateTime<Utc>,
    /// When this poll claimed it: what it records counts only while the claim is its own.
    pub claimed_at: DateTime<Utc>,
}

impl std::fmt::Debug for Due {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Due")
            .field("org", &self.org)
            .field("mailbox", &self.mailbox)
            .field("fields", &self.fields)
            .field("password", &"<redacted>")
            .field("last_uid", &self.last_uid)
            .finish_non_exhaustive()
    }
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = mailbox_imap)]
struct Row {
    org_id: Vec<u8>,
    mailbox_id: Vec<u8>,
    host: String,
    port: i32,
    security: String,
    username: String,
    password: String,
    folder: String,
    uid_validity: Option<i64>,
    last_uid: i64,
    polled_at: Option<NaiveDateTime>,
    error: Option<String>,
    updated_at: NaiveDateTime,
}

impl Row {
    fn fields(&self) -> Result<ImapFields> {
        Ok(ImapFields {
            host: self.host.clone(),
            port: u16::try_from(self.port).map_err(|e| Error::Other(e.to_string()))?,
            security: Security::parse("", &self.security).map_err(|e| Error::Other(e.detail))?,
            username: self.username.clone(),
            folder: self.folder.clone(),
        })
    }
}

/// A mailbox's IMAP source, if it has one.
pub fn get(conn: &mut AnyConnection, org: OrgId, mailbox: MailboxId) -> Result<Option<ImapSource>> {
    let row: Option<Row> = mailbox_imap::table
        .filter(mailbox_imap::org_id.eq(bytes(&org)))
        .filter(mailbox_imap::mailbox_id.eq(bytes(&mailbox)))
        .select(Row::as_select())
        .first(conn)
        .optional()?;
    row.map(|row| {
        Ok(ImapSource {
            fields: row.fields()?,
            last_uid: row.last_uid,
            polled_at: row.polled_at.map(from_db),
            error: row.error.clone(),
        })
    })
    .transpose()
}

/// Sets where a mailbox's mail is fetched from; `password` `None` keeps the saved one (there
/// must be one). A new server, account or folder is read from its start.
pub fn put(
    conn: &mut AnyConnection,
    org: OrgId,
    mailbox: MailboxId,
    fields: &ImapFields,
    password: Option<&str>,
    now: DateTime<Utc>,
) -> Result<ImapSource> {
    write_transaction(conn, |conn| {
        let live: Option<Vec<u8>> = mailboxes::table
            .filter(mailboxes::org_id.eq(bytes(&org)))
            .filter(mailboxes::id.eq(bytes(&mailbox)))
            .filter(mailboxes::deleted_at.is_null())
            .select(mailboxes::id)
            .first(conn)
            .optional()?;
        if live.is_none() {
            return Err(Error::NotFound);
        }
        let existing: Option<Row> = mailbox_imap::table
            .filter(mailbox_imap::org_id.eq(bytes(&org)))
            .filter(mailbox_imap::mailbox_id.eq(bytes(&mailbox)))
            .select(Row::as_select())
            .first(conn)
            .optional()?;
        // A saved password goes only to the server and account it was given for.
        let same_account = existing
            .as_ref()
            .filter(|row| row.host == fields.host && row.username == fields.username);
        let password = match (password, same_account) {
            (Some(p), _) => p.to_owned(),
            (None, Some(row)) => row.password.clone(),
            (None, None) => {
                return Err(Error::Invalid(domain::FieldError::new(
                    "/password",
                    "required",
                    "give the account's password (again, for another server or account)",
                )))
            }
        };
        let same_place = existing.as_ref().is_some_and(|row| {
            row.host == fields.host
                && i64::from(row.port) == i64::from(fields.port)
                && row.username == fields.username
                && row.folder == fields.folder
        });
        diesel::delete(mailbox_imap::table)
            .filter(mailbox_imap::org_id.eq(bytes(&org)))
            .filter(mailbox_imap::mailbox_id.eq(bytes(&mailbox)))
            .execute(conn)?;
        let kept = existing.filter(|_| same_place);
        diesel::insert_into(mailbox_imap::table)
            .values((
                mailbox_imap::org_id.eq(bytes(&org)),
                mailbox_imap::mailbox_id.eq(bytes(&mailbox)),
                mailbox_imap::host.eq(&fields.host),
                mailbox_imap::port.eq(i32::from(fields.port)),
                mailbox_imap::security.eq(fields.security.as_str()),
                mailbox_imap::username.eq(&fields.username),
                mailbox_imap::password.eq(&password),
                mailbox_imap::folder.eq(&fields.folder),
                mailbox_imap::uid_validity.eq(kept.as_ref().and_then(|r| r.uid_validity)),
                mailbox_imap::last_uid.eq(kept.as_ref().map_or(0, |r| r.last_uid)),
                mailbox_imap::updated_at.eq(to_db(now)),
            ))
            .execute(conn)?;
        get(conn, org, mailbox)?.ok_or(Error::NotFound)
    })
}

/// Stops fetching a mailbox's mail.
pub fn remove(conn: &mut AnyConnection, org: OrgId, mailbox: MailboxId) -> Result<()> {
    let removed = diesel::delete(mailbox_imap::table)
        .filter(mailbox_imap::org_id.eq(bytes(&org)))
        .filter(mailbox_imap::mailbox_id.eq(bytes(&mailbox)))
        .execute(conn)?;
    if removed == 0 {
        return Err(Error::NotFound);
    }
    Ok(())
}

/// Claims the mailboxes not polled for `every` (of live, active mailboxes), at most `limit`:
/// their `polled_at` becomes `now`, so no other process polls them meanwhile.
pub fn claim_due(
    conn: &mut AnyConnection,
    now: DateTime<Utc>,
    every: Duration,
    limit: i64,
) -> Result<Vec<Due>> {
    // Stored as it is compared later, to the microsecond.
    let now = crate::convert::truncate(now);
    write_transaction(conn, |conn| {
        let before = to_db(now - every);
        let candidates: Vec<Row> = mailbox_imap::table
            .inner_join(
                mailboxes::table.on(mailboxes::org_id
                    .eq(mailbox_imap::org_id)
                    .and(mailboxes::id.eq(mailbox_imap::mailbox_id))),
            )
            .filter(mailboxes::deleted_at.is_null())
            .filter(mailboxes::active.eq(true))
            .filter(
                mailbox_imap::polled_at
                    .is_null()
                    .or(mailbox_imap::polled_at.lt(before)),
            )
            .select(Row::as_select())
            .limit(limit)
            .load(conn)?;
        let mut due = Vec::with_capacity(candidates.len());
        for row in candidates {
            // Taken only if still due: another process may have claimed it since the read.
            let claimed = diesel::update(mailbox_imap::table)
                .filter(mailbox_imap::org_id.eq(&row.org_id))
                .filter(mailbox_imap::mailbox_id.eq(&row.mailbox_id))
                .filter(
                    mailbox_imap::polled_at
                        .is_null()
                        .or(mailbox_imap::polled_at.lt(before)),
                )
                .set(mailbox_imap::polled_at.eq(to_db(now)))
                .execute(conn)?;
            if claimed == 1 {
                due.push(Due {
                    org: id(&row.org_id),
                    mailbox: id(&row.mailbox_id),
                    fields: row.fields()?,
                    password: row.password.clone(),
                    uid_validity: row.uid_validity,
                    last_uid: row.last_uid,
                    since: from_db(row.updated_at),
                    claimed_at: now,
                });
            }
        }
        Ok(due)
    })
}

/// Records how far a mailbox has been read, and how the poll went: only while the poll's
/// claim (`claimed_at`) is still the mailbox's (an admin who changed the source since, or a
/// later poll, has the last word), and never moving back.
pub fn advance(
    conn: &mut AnyConnection,
    (org, mailbox, claimed_at): (OrgId, MailboxId, DateTime<Utc>),
    (uid_validity, last_uid): (Option<i64>, i64),
    error: Option<&str>,
) -> Result<()> {
    let target = || {
        mailbox_imap::table
            .filter(mailbox_imap::org_id.eq(bytes(&org)))
            .filter(mailbox_imap::mailbox_id.eq(bytes(&mailbox)))
            .filter(mailbox_imap::polled_at.eq(to_db(claimed_at)))
    };
    let same_folder = mailbox_imap::uid_validity.eq(uid_validity);
    let moved = diesel::update(target().filter(same_folder))
        .filter(mailbox_imap::last_uid.le(last_uid))
        .set((
            mailbox_imap::last_uid.eq(last_uid),
            mailbox_imap::error.eq(error),
        ))
        .execute(conn)?;
    if moved == 0 {
        // A first poll, or a recreated folder: its UIDs are counted afresh.
        diesel::update(target())
            .filter(
                mailbox_imap::uid_validity
                    .is_null()
                    .or(mailbox_imap::uid_validity.ne(uid_validity.unwrap_or(-1))),
            )
            .set((
                mailbox_imap::uid_validity.eq(uid_validity),
                mailbox_imap::last_uid.eq(last_uid),
                mailbox_imap::error.eq(error),
            ))
            .execute(conn)?;
    }
    Ok(())
}
