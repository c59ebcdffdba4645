//! Failed logins counted per email address, with or without a user behind it: the count is
//! one atomic row per address, so parallel attempts add up, and a lock looks the same
//! whether or not the email has an account. Staff and portal sign-ins count apart ([`staff`]
//! and [`portal`] keys), so that neither can clear or set the other's lock.

use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use diesel::prelude::*;
use domain::{Email, OrgId};

use crate::connection::{write_transaction, AnyConnection};
use crate::convert::{from_db, to_db};
use crate::error::Result;
use crate::schema::login_throttle;

/// The key of a staff sign-in address (staff sign in with their address alone).
pub fn staff(email: &Email) -> String {
    email.normalized()
}

/// The key of a portal user's address, within its organization.
pub fn portal(org: OrgId, email: &Email) -> String {
    format!("portal:{org}:{}", email.normalized())
}

/// Until when logins for `key` are refused, if they are.
pub fn locked_until(
    conn: &mut AnyConnection,
    key: &str,
    now: DateTime<Utc>,
) -> Result<Option<DateTime<Utc>>> {
    let until: Option<Option<NaiveDateTime>> = login_throttle::table
        .filter(login_throttle::email_normalized.eq(key))
        .select(login_throttle::locked_until)
        .first(conn)
        .optional()?;
    Ok(until.flatten().map(from_db).filter(|until| *until > now))
}

/// Counts a failure; after `max_failures` in a row the email is locked for `lock`, and the
/// count starts again. Rows untouched for a day are dropped on the way.
pub fn record_failure(
    conn: &mut AnyConnection,
    key: &str,
    max_failures: i32,
    lock: Duration,
    now: DateTime<Utc>,
) -> Result<()> {
    write_transaction(conn, |conn| {
        diesel::delete(
            login_throttle::table
                .filter(login_throttle::updated_at.lt(to_db(now - Duration::days(1)))),
        )
        .execute(conn)?;
        // Count with an UPDATE first: it takes the row lock, so concurrent failures for one
        // email add up instead of overwriting each other.
        let bump = |conn: &mut AnyConnection| {
            diesel::update(login_throttle::table.filter(login_throttle::email_normalized.eq(&key)))
                .set((
                    login_throttle::failures.eq(login_throttle::failures + 1),
                    login_throttle::updated_at.eq(to_db(now)),
                ))
                .execute(conn)
        };
        if bump(conn)? == 0 {
            // In a savepoint: on PostgreSQL a failed statement would end the transaction.
            let inserted = conn.transaction(|conn| {
                diesel::insert_into(login_throttle::table)
                    .values((
                        login_throttle::email_normalized.eq(&key),
                        login_throttle::failures.eq(1),
                        login_throttle::locked_until.eq(None::<NaiveDateTime>),
                        login_throttle::updated_at.eq(to_db(now)),
                    ))
                    .execute(conn)
            });
            match inserted {
                // Another request inserted the row meanwhile: count on it.
                Err(diesel::result::Error::DatabaseError(
                    diesel::result::DatabaseErrorKind::UniqueViolation,
                    _,
                )) => {
                    bump(conn)?;
                }
                other => {
                    other?;
                }
            }
        }
        let failures: i32 = login_throttle::table
            .filter(login_throttle::email_normalized.eq(&key))
            .select(login_throttle::failures)
            .first(conn)?;
        if failures >= max_failures {
            diesel::update(login_throttle::table.filter(login_throttle::email_normalized.eq(&key)))
                .set((
                    login_throttle::failures.eq(0),
                    login_throttle::locked_until.eq(Some(to_db(now + lock))),
                ))
                .execute(conn)?;
        }
        Ok(())
    })
}

/// Forgets the failures of `key`: after a successful login, or a new password.
pub fn clear(conn: &mut AnyConnection, key: &str) -> Result<()> {
    diesel::delete(login_throttle::table.filter(login_throttle::email_normalized.eq(key)))
        .execute(conn)?;
    Ok(())
}
