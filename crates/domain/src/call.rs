//! A call as a telephony provider reports it: it rings, is answered, ends. Events may come
//! twice or out of order (a provider retries; `answered` may overtake `ringing`), so each
//! one only adds what the call does not know yet and never moves it back: a call that ended
//! stays ended.

use chrono::{DateTime, Utc};

use crate::account::string_enum;
use crate::activity::{
    ActivityFields, ActivityStatus, CallOutcome, Direction, MAX_CALL_SECONDS, MAX_SUBJECT,
};
use crate::validation::FieldError;

/// What a provider says happened to a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CallEventKind {
    /// The phone rings at an agent's (or a queue's).
    Ringing,
    /// Someone picked up.
    Answered,
    /// It is over.
    Ended,
}

string_enum!(CallEventKind, "invalid_event", "must be one of ringing, answered, ended", {
    CallEventKind::Ringing => "ringing",
    CallEventKind::Answered => "answered",
    CallEventKind::Ended => "ended",
});

/// Where a call stands, from its fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CallState {
    /// Not answered, not ended.
    Ringing,
    /// Answered, not ended.
    InProgress,
    /// Over.
    Ended,
}

string_enum!(CallState, "invalid_state", "must be one of ringing, in_progress, ended", {
    CallState::Ringing => "ringing",
    CallState::InProgress => "in_progress",
    CallState::Ended => "ended",
});

impl CallState {
    /// Where the call with `fields` stands.
    pub fn of(fields: &ActivityFields) -> CallState {
        if fields.call.ended_at.is_some() || fields.status == ActivityStatus::Done {
            CallState::Ended
        } else if fields.call.answered_at.is_some() {
            CallState::InProgress
        } else {
            CallState::Ringing
        }
    }
}

/// The customer's end of a call: the number that called in, or the number called.
pub fn customer_number<'a>(
    direction: Option<Direction>,
    from: Option<&'a str>,
    to: Option<&'a str>,
) -> Option<&'a str> {
    match direction {
        Some(Direction::Outbound) => to,
        _ => from,
    }
}

/// What a call is called when nobody named it: "Call from +41445551234", "Outgoing call".
pub fn default_subject(direction: Direction, customer: Option<&str>) -> String {
    let subject = match (direction, customer) {
        (Direction::Inbound, Some(n)) => format!("Call from {n}"),
        (Direction::Outbound, Some(n)) => format!("Call to {n}"),
        (Direction::Inbound, None) => "Incoming call".to_owned(),
        (Direction::Outbound, None) => "Outgoing call".to_owned(),
    };
    subject.chars().take(MAX_SUBJECT).collect()
}

/// One event of a call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallEvent {
    /// What happened.
    pub kind: CallEventKind,
    /// When.
    pub at: DateTime<Utc>,
    /// How it went (an `ended` event; else connected when answered, no answer when not).
    pub outcome: Option<CallOutcome>,
    /// Its recording (an `ended` event).
    pub recording_url: Option<String>,
}

/// The call's fields after `event`; `None` when the event tells nothing new (a repeat, or a
/// `ringing` after it was answered).
pub fn apply(fields: &ActivityFields, event: &CallEvent) -> Option<ActivityFields> {
    let mut next = fields.clone();
    let line = &mut next.call;
    let start = fields.occurred_at.unwrap_or(event.at);
    // A time before the call's start (clocks apart) counts as its start.
    let at = event.at.max(start);
    match event.kind {
        CallEventKind::Ringing => return None,
        CallEventKind::Answered => {
            if line.answered_at.is_some() || line.ended_at.is_some() {
                return None;
            }
            line.answered_at = Some(at);
        }
        CallEventKind::Ended => {
            if line.ended_at.is_some() {
                return None;
            }
            line.ended_at = Some(at);
            if line.recording_url.is_none() {
                line.recording_url.clone_from(&event.recording_url);
            }
            let answered = line.answered_at;
            next.status = ActivityStatus::Done;
            next.outcome = event.outcome.or(Some(match answered {
                Some(_) => CallOutcome::Connected,
                None => CallOutcome::NoAnswer,
            }));
            next.duration_seconds = Some(match answered {
                Some(from) => (at - from).num_seconds().clamp(0, MAX_CALL_SECONDS),
                None => 0,
            });
        }
    }
    Some(next)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::activity::{ActivityKind, CallLine, Direction, Links};
    use chrono::{Duration, TimeZone};
    use uuid::Uuid;

    fn at(second: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 6, 9, 0, 0).unwrap() + Duration::seconds(second)
    }

    fn ringing() -> ActivityFields {
        ActivityFields {
            kind: ActivityKind::Call,
            subject: "Call from +41445551234".into(),
            description: None,
            links: Links::default(),
            assignee_id: crate::id::Id::from_uuid(Uuid::from_u128(1)),
            status: ActivityStatus::Open,
            priority: None,
            due_at: None,
            reminder_at: None,
            direction: Some(Direction::Inbound),
            occurred_at: Some(at(0)),
            duration_seconds: None,
            outcome: None,
            starts_at: None,
            ends_at: None,
            location: None,
            attendees: vec![],
            call: CallLine {
                from: Some("+41445551234".into()),
                ..CallLine::default()
            },
        }
    }

    fn after(fields: &ActivityFields, event: CallEvent) -> ActivityFields {
        apply(fields, &event).unwrap_or_else(|| panic!("{event:?} told nothing new"))
    }

    fn event(kind: CallEventKind, second: i64) -> CallEvent {
        CallEvent {
            kind,
            at: at(second),
            outcome: None,
            recording_url: None,
        }
    }

    #[test]
    fn an_answered_call_ends_connected_with_its_talk_time() {
        let answered = after(&ringing(), event(CallEventKind::Answered, 5));
        assert_eq!(CallState::of(&answered), CallState::InProgress);
        let ended = after(&answered, event(CallEventKind::Ended, 65));
        assert_eq!(CallState::of(&ended), CallState::Ended);
        assert_eq!(ended.status, ActivityStatus::Done);
        assert_eq!(ended.outcome, Some(CallOutcome::Connected));
        assert_eq!(ended.duration_seconds, Some(60));
        assert!(ended.check().is_ok());
    }

    #[test]
    fn repeats_and_late_events_change_nothing() {
        let answered = after(&ringing(), event(CallEventKind::Answered, 5));
        assert_eq!(apply(&answered, &event(CallEventKind::Answered, 7)), None);
        assert_eq!(apply(&answered, &event(CallEventKind::Ringing, 1)), None);
        let missed = after(&ringing(), event(CallEventKind::Ended, 30));
        assert_eq!(missed.outcome, Some(CallOutcome::NoAnswer));
        assert_eq!(missed.duration_seconds, Some(0));
        assert_eq!(apply(&missed, &event(CallEventKind::Answered, 31)), None);
        assert_eq!(apply(&missed, &event(CallEventKind::Ended, 40)), None);
    }

    #[test]
    fn an_event_from_before_the_start_counts_at_the_start() {
        let answered = after(&ringing(), event(CallEventKind::Answered, -10));
        assert_eq!(answered.call.answered_at, Some(at(0)));
        assert!(answered.check().is_ok());
    }
}
