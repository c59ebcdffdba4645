//! An organization's outgoing mail settings: its SMTP server and whom mail is from.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use domain::outbound::{MailSettingsFields, Security};
use domain::{Email, MailboxId, OrgId};

use crate::connection::{write_transaction, AnyConnection};
use crate::convert::{bytes, from_db, opt_id, to_db};
use crate::error::{Error, Result};
use crate::schema::{mail_settings, mailboxes};

/// The settings as admins see them: never the password, only whether one is kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailSettings {
    /// The checked fields.
    pub fields: MailSettingsFields,
    /// Whether a password is kept for the SMTP account.
    pub password_set: bool,
    /// The mailbox customers' answers go to.
    pub reply_to_mailbox_id: Option<MailboxId>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
    /// Optimistic-concurrency version.
    pub version: i64,
}

/// What the sender needs: the settings with the password, and the reply-to mailbox's address
/// (while that mailbox is live and active).
#[derive(Clone, PartialEq, Eq)]
pub struct Sending {
    /// The checked fields.
    pub fields: MailSettingsFields,
    /// The SMTP account's password.
    pub password: Option<String>,
    /// Where answers go, when a mailbox is named.
    pub reply_to: Option<String>,
}

impl std::fmt::Debug for Sending {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sending")
            .field("fields", &self.fields)
            .field("password", &self.password.as_ref().map(|_| "<redacted>"))
            .field("reply_to", &self.reply_to)
            .finish()
    }
}

/// What to do with the stored password.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PasswordChange {
    /// Keep it.
    Keep,
    /// Replace it.
    Set(String),
    /// Forget it.
    Clear,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = mail_settings)]
struct Row {
    enabled: bool,
    smtp_host: String,
    smtp_port: i32,
    smtp_security: String,
    smtp_username: Option<String>,
    smtp_password: Option<String>,
    from_address: String,
    from_name: Option<String>,
    reply_to_mailbox_id: Option<Vec<u8>>,
    updated_at: NaiveDateTime,
    version: i64,
}

impl Row {
    fn fields(&self) -> Result<MailSettingsFields> {
        let bad = |what: &str| Error::Other(format!("stored mail settings: {what}"));
        Ok(MailSettingsFields {
            enabled: self.enabled,
            smtp_host: self.smtp_host.clone(),
            smtp_port: u16::try_from(self.smtp_port).map_err(|_| bad("port"))?,
            smtp_security: Security::parse("", &self.smtp_security).map_err(|_| bad("security"))?,
            smtp_username: self.smtp_username.clone(),
            from_address: Email::parse("", &self.from_address).map_err(|_| bad("from"))?,
            from_name: self.from_name.clone(),
        })
    }
}

fn row(conn: &mut AnyConnection, org: OrgId) -> Result<Option<Row>> {
    Ok(mail_settings::table
        .filter(mail_settings::org_id.eq(bytes(&org)))
        .select(Row::as_select())
        .first(conn)
        .optional()?)
}

/// The organization's settings, if it has any.
pub fn get(conn: &mut AnyConnection, org: OrgId) -> Result<Option<MailSettings>> {
    row(conn, org)?
        .map(|row| {
            Ok(MailSettings {
                fields: row.fields()?,
                password_set: row.smtp_password.is_some(),
                reply_to_mailbox_id: opt_id(row.reply_to_mailbox_id.as_ref()),
                updated_at: from_db(row.updated_at),
                version: row.version,
            })
        })
        .transpose()
}

/// The settings to send with, when the organization sends mail at all.
pub fn sending(conn: &mut AnyConnection, org: OrgId) -> Result<Option<Sending>> {
    match sending_even_if_off(conn, org)? {
        Some(sending) if sending.fields.enabled => Ok(Some(sending)),
        _ => Ok(None),
    }
}

/// The saved settings to send with, whether or not mail is on (a test mail uses them).
pub fn sending_even_if_off(conn: &mut AnyConnection, org: OrgId) -> Result<Option<Sending>> {
    let Some(row) = row(conn, org)? else {
        return Ok(None);
    };
    let reply_to = match &row.reply_to_mailbox_id {
        Some(mailbox) => mailboxes::table
            .filter(mailboxes::org_id.eq(bytes(&org)))
            .filter(mailboxes::id.eq(mailbox))
            .filter(mailboxes::deleted_at.is_null())
            .filter(mailboxes::active.eq(true))
            .select(mailboxes::address)
            .first(conn)
            .optional()?,
        None => None,
    };
    Ok(Some(Sending {
        fields: row.fields()?,
        password: row.smtp_password.clone(),
        reply_to,
    }))
}

/// Whether the organization sends mail: one indexed read, for the places that queue it.
pub fn enabled(conn: &mut AnyConnection, org: OrgId) -> Result<bool> {
    Ok(mail_settings::table
        .filter(mail_settings::org_id.eq(bytes(&org)))
        .filter(mail_settings::enabled.eq(true))
        .select(mail_settings::org_id)
        .first::<Vec<u8>>(conn)
        .optional()?
        .is_some())
}

/// Writes the settings whole (creating them the first time); `expected` is the version the
/// caller read, when it sent one.
pub fn put(
    conn: &mut AnyConnection,
    org: OrgId,
    fields: &MailSettingsFields,
    password: &PasswordChange,
    reply_to: Option<MailboxId>,
    expected: Option<i64>,
    now: DateTime<Utc>,
) -> Result<MailSettings> {
    write_transaction(conn, |conn| {
        if let Some(mailbox) = reply_to {
            let live = mailboxes::table
                .filter(mailboxes::org_id.eq(bytes(&org)))
                .filter(mailboxes::id.eq(bytes(&mailbox)))
                .filter(mailboxes::deleted_at.is_null())
                .select(mailboxes::id)
                .first::<Vec<u8>>(conn)
                .optional()?;
            if live.is_none() {
                return Err(Error::UnknownReference("reply_to_mailbox_id"));
            }
        }
        let existing = row(conn, org)?;
        if let (Some(version), Some(row)) = (expected, &existing) {
            if row.version != version {
                return Err(Error::Stale);
            }
        }
        let password = match password {
            // A saved password goes only to the server and account it was given for.
            PasswordChange::Keep => match &existing {
                Some(row)
                    if row.smtp_password.is_some()
                        && (row.smtp_host != fields.smtp_host
                            || row.smtp_username != fields.smtp_username) =>
                {
                    return Err(Error::Invalid(domain::FieldError::new(
                        "/smtp_password",
                        "required",
                        "give the password again for another server or user name",
                    )));
                }
                _ => existing.as_ref().and_then(|r| r.smtp_password.clone()),
            },
            PasswordChange::Set(p) => Some(p.clone()),
            PasswordChange::Clear => None,
        };
        let values = (
            mail_settings::enabled.eq(fields.enabled),
            mail_settings::smtp_host.eq(&fields.smtp_host),
            mail_settings::smtp_port.eq(i32::from(fields.smtp_port)),
            mail_settings::smtp_security.eq(fields.smtp_security.as_str()),
            mail_settings::smtp_username.eq(&fields.smtp_username),
            mail_settings::smtp_password.eq(&password),
            mail_settings::from_address.eq(fields.from_address.as_str()),
            mail_settings::from_name.eq(&fields.from_name),
            mail_settings::reply_to_mailbox_id.eq(reply_to.as_ref().map(bytes)),
            mail_settings::updated_at.eq(to_db(now)),
        );
        match &existing {
            Some(row) => {
                let changed = diesel::update(mail_settings::table)
                    .filter(mail_settings::org_id.eq(bytes(&org)))
                    .filter(mail_settings::version.eq(row.version))
                    .set((values, mail_settings::version.eq(row.version + 1)))
                    .execute(conn)?;
                if changed == 0 {
                    return Err(Error::Stale);
                }
            }
            None => {
                diesel::insert_into(mail_settings::table)
                    .values((mail_settings::org_id.eq(bytes(&org)), values))
                    .execute(conn)?;
            }
        }
        get(conn, org)?.ok_or(Error::NotFound)
    })
}
