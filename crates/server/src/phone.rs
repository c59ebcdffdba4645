//! The phone: turning a telephony provider's signed events into calls.
//!
//! A provider posts each event of a call (ringing, answered, ended) signed with its shared
//! secret. The first event of a provider call id creates the call (an activity of kind
//! `call`, linked to the contact and account whose number called); later ones complete it.
//! Every event that tells something new is recorded and carried over the event stream, where
//! the agent's web app pops the caller up.

use chrono::{DateTime, Duration, Utc};
use db::activities::{self, Activity};
use db::record::{self, Visibility};
use db::telephony::{CallEventRecord, Provider};
use db::AnyConnection;
use domain::activity::{ActivityFields, ActivityKind, ActivityStatus, CallLine, Direction, Links};
use domain::call::{self, CallEvent, CallEventKind};
use domain::{id::kind, ActivityId, Email, IdKind, OrgId, TelephonyProviderId, UserId};
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::error::ApiError;

/// How far a signed event's timestamp may be from now.
pub const SIGNATURE_TOLERANCE: Duration = Duration::minutes(5);

/// The last part of a provider's events URL: the organization and the provider.
pub fn events_key(org: OrgId, provider: TelephonyProviderId) -> String {
    let body = |id: String| id.split_once('_').map(|(_, b)| b.to_owned()).unwrap_or(id);
    format!("{}{}", body(org.to_string()), body(provider.to_string()))
}

/// The organization and provider an events URL's key names, if it is one.
pub fn parse_events_key(raw: &str) -> Option<(OrgId, TelephonyProviderId)> {
    if raw.len() != 52 || !raw.is_ascii() {
        return None;
    }
    let (org, provider) = raw.split_at(26);
    let org = OrgId::parse("", &format!("{}_{org}", kind::Org::PREFIX)).ok()?;
    let provider = TelephonyProviderId::parse(
        "",
        &format!("{}_{provider}", kind::TelephonyProvider::PREFIX),
    )
    .ok()?;
    Some((org, provider))
}

/// The `v1=` signature of `body` sent at `timestamp` with `secret`: hex HMAC-SHA256 of
/// `"<timestamp>.<body>"`.
pub fn signature(secret: &str, timestamp: &str, body: &[u8]) -> String {
    // HMAC takes a key of any length.
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret.as_bytes()) else {
        return String::new();
    };
    mac.update(timestamp.as_bytes());
    mac.update(b".");
    mac.update(body);
    let bytes = mac.finalize().into_bytes();
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether `header` (`v1=<hex>`, several separated by spaces or commas while a secret is
/// rotated on the provider's side) signs `body` at `timestamp` with `secret`, and the
/// timestamp (Unix seconds) is within [`SIGNATURE_TOLERANCE`] of `now`.
pub fn verify(
    secret: &str,
    (timestamp, header): (&str, &str),
    body: &[u8],
    now: DateTime<Utc>,
) -> bool {
    let Some(at) = timestamp
        .trim()
        .parse::<i64>()
        .ok()
        .and_then(|s| DateTime::from_timestamp(s, 0))
    else {
        return false;
    };
    if (now - at).abs() > SIGNATURE_TOLERANCE {
        return false;
    }
    let expected = signature(secret, timestamp.trim(), body);
    header
        .split([' ', ','])
        .filter_map(|part| part.trim().strip_prefix("v1="))
        .any(|given| crate::auth::tokens::same_secret(given, &expected))
}

/// An event as the provider described it, checked.
#[derive(Debug, Clone)]
pub struct Report {
    /// The provider's id of the call.
    pub call_id: String,
    /// Who started it.
    pub direction: Direction,
    /// The number that calls.
    pub from: Option<String>,
    /// The number called.
    pub to: Option<String>,
    /// The agent's email, if named.
    pub agent_email: Option<Email>,
    /// The event.
    pub event: CallEvent,
}

/// What an event did.
pub struct Reported {
    /// The call as it now stands.
    pub call: Activity,
    /// Whether this event created it.
    pub created: bool,
}

/// Applies a provider's event: creates the call on its first event (whichever comes first),
/// completes it on later ones, records what was new and announces it. A repeated event
/// changes nothing and announces nothing.
pub fn report(
    conn: &mut AnyConnection,
    (org, provider): (OrgId, &Provider),
    report: &Report,
    now: DateTime<Utc>,
) -> Result<Reported, ApiError> {
    record::in_transaction(conn, |conn| {
        db::telephony::lock_reported_call(conn, provider.id, &report.call_id)?;
        let agent = match &report.agent_email {
            Some(email) => db::users::active_by_email(conn, org, email)?,
            None => None,
        };
        match activities::reported(conn, org, provider.id, &report.call_id)? {
            Some(existing) => {
                let call = advance(conn, org, existing, report, agent, now)?;
                Ok(Reported {
                    call,
                    created: false,
                })
            }
            None => {
                let call = open(conn, (org, provider.id), report, agent, now)?;
                Ok(Reported {
                    call,
                    created: true,
                })
            }
        }
    })
}

/// The new call of a provider's first event: linked to whoever has the customer's number,
/// the agent's (else the provider's first admin's: every activity has an assignee).
fn open(
    conn: &mut AnyConnection,
    (org, provider): (OrgId, TelephonyProviderId),
    report: &Report,
    agent: Option<UserId>,
    now: DateTime<Utc>,
) -> Result<Activity, ApiError> {
    let customer = domain::call::customer_number(
        Some(report.direction),
        report.from.as_deref(),
        report.to.as_deref(),
    );
    let links = match customer
        .map(|n| db::phones::normalize(conn, org, n))
        .transpose()?
    {
        Some(Some(number)) => {
            let found = db::phones::lookup(conn, org, &number)?;
            Links {
                contact_id: found.contacts.first().copied(),
                account_id: found.accounts.first().copied(),
                ..Links::default()
            }
        }
        _ => Links::default(),
    };
    let assignee = match agent {
        Some(user) => user,
        None => db::users::first_admin(conn, org)?.ok_or(ApiError::Conflict("no_admin"))?,
    };
    let ringing = ActivityFields {
        kind: ActivityKind::Call,
        subject: domain::call::default_subject(report.direction, customer),
        description: None,
        links,
        assignee_id: assignee,
        status: ActivityStatus::Open,
        priority: None,
        due_at: None,
        reminder_at: None,
        direction: Some(report.direction),
        occurred_at: Some(report.event.at),
        duration_seconds: None,
        outcome: None,
        starts_at: None,
        ends_at: None,
        location: None,
        attendees: vec![],
        call: CallLine {
            from: report.from.clone(),
            to: report.to.clone(),
            ..CallLine::default()
        },
    };
    // The first event may be `answered` or `ended` (a provider that reports only the end).
    let fields = call::apply(&ringing, &report.event).unwrap_or(ringing);
    fields.check()?;
    let created = activities::create(conn, org, &fields, None, now)?;
    activities::mark_reported(conn, org, created.id, (provider, &report.call_id))?;
    let (id, at) = (created.id, report.event.at);
    if report.event.kind != CallEventKind::Ringing {
        // Whoever follows the call sees it rang first, then what this event says.
        announce(conn, org, id, CallEventKind::Ringing, agent, at)?;
    }
    announce(conn, org, id, report.event.kind, agent, at)?;
    Ok(created)
}

/// A later event of a known call: what it adds, under the call's lock.
fn advance(
    conn: &mut AnyConnection,
    org: OrgId,
    call: ActivityId,
    report: &Report,
    agent: Option<UserId>,
    now: DateTime<Utc>,
) -> Result<Activity, ApiError> {
    // Events of one provider call are taken one at a time (`lock_reported_call`), so what is
    // read here stays until the write.
    let current: Activity = record::get(conn, org, call, Visibility::Any)?;
    // A repeat, news older than what the call knows, or a call someone deleted: nothing to
    // write or announce.
    let next = call::apply(&current.fields, &report.event).filter(|_| !current.deleted);
    let Some(mut next) = next else {
        return Ok(current);
    };
    // The agent who answers takes the call.
    if let (Some(user), CallEventKind::Answered) = (agent, report.event.kind) {
        next.assignee_id = user;
    }
    next.check()?;
    let updated = record::modify::<Activity, ApiError>(conn, org, call, now, |_| Ok(next))?;
    announce(conn, org, call, report.event.kind, agent, report.event.at)?;
    Ok(updated)
}

fn announce(
    conn: &mut AnyConnection,
    org: OrgId,
    call: ActivityId,
    kind: CallEventKind,
    agent: Option<UserId>,
    at: DateTime<Utc>,
) -> Result<(), ApiError> {
    let event = CallEventRecord {
        call,
        kind,
        agent,
        at,
    };
    Ok(db::telephony::append_event(conn, org, &event)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_holds_only_for_its_body_secret_and_time() {
        let now = DateTime::from_timestamp(1_800_000_000, 0).unwrap_or_default();
        let ts = "1800000000";
        let body = br#"{"event":"ringing"}"#;
        let good = format!("v1={}", signature("s3cret", ts, body));
        assert!(verify("s3cret", (ts, &good), body, now));
        assert!(verify("s3cret", (ts, &format!("v1=00 {good}")), body, now));
        assert!(!verify("other", (ts, &good), body, now));
        assert!(!verify("s3cret", (ts, &good), b"{}", now));
        assert!(!verify("s3cret", (ts, "v1="), body, now));
        let late = now + Duration::minutes(6);
        assert!(!verify("s3cret", (ts, &good), body, late));
        assert!(!verify("s3cret", ("soon", &good), body, now));
    }

    #[test]
    fn events_keys_name_their_provider() {
        let (org, provider) = (OrgId::mint(), TelephonyProviderId::mint());
        let key = events_key(org, provider);
        assert_eq!(parse_events_key(&key), Some((org, provider)));
        assert_eq!(parse_events_key(&key[1..]), None);
        assert_eq!(parse_events_key("x"), None);
    }
}
