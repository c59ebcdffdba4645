//! Activities: the tasks, calls, meetings and emails of selling and serving, each on the
//! records it concerns.
//!
//! A kind takes only its own fields (a call has a direction and a duration, a meeting a start
//! and an end), so a field given to the wrong kind is refused rather than silently kept. Every
//! activity has one moment it is placed at on a timeline: a task's due time (or its creation),
//! a call's or an email's time, a meeting's start.

use chrono::{DateTime, Duration, Utc};

use crate::account::string_enum;
use crate::id::{AccountId, ContactId, LeadId, OpportunityId, TicketId, UserId};
use crate::validation::{FieldError, Violations};

/// The longest subject.
pub const MAX_SUBJECT: usize = 200;
/// The longest description.
pub const MAX_DESCRIPTION: usize = 20_000;
/// The longest location.
pub const MAX_LOCATION: usize = 200;
/// The most attendees of one meeting.
pub const MAX_ATTENDEES: usize = 100;
/// The longest call, in seconds (a day).
pub const MAX_CALL_SECONDS: i64 = 86_400;
/// The longest meeting (two weeks).
pub const MAX_MEETING_DAYS: i64 = 14;
/// The longest phone number as written.
pub const MAX_NUMBER: usize = 40;
/// The longest recording link.
pub const MAX_RECORDING_URL: usize = 2000;

/// What an activity is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ActivityKind {
    /// Something to do, by a time.
    Task,
    /// A phone call that took place.
    Call,
    /// A meeting, planned or held.
    Meeting,
    /// An email logged on the record.
    Email,
}

string_enum!(ActivityKind, "invalid_kind", "must be one of task, call, meeting, email", {
    ActivityKind::Task => "task",
    ActivityKind::Call => "call",
    ActivityKind::Meeting => "meeting",
    ActivityKind::Email => "email",
});

/// Where an activity stands. Calls and emails are logged after the fact, so they are done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ActivityStatus {
    /// Still to do, or still to happen.
    Open,
    /// Done, or held.
    Done,
    /// Called off.
    Cancelled,
}

string_enum!(ActivityStatus, "invalid_status", "must be one of open, done, cancelled", {
    ActivityStatus::Open => "open",
    ActivityStatus::Done => "done",
    ActivityStatus::Cancelled => "cancelled",
});

/// How urgent a task is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Priority {
    /// When there is time.
    Low,
    /// The usual.
    Normal,
    /// First.
    High,
}

string_enum!(Priority, "invalid_priority", "must be one of low, normal, high", {
    Priority::Low => "low",
    Priority::Normal => "normal",
    Priority::High => "high",
});

/// Who started a call or sent an email.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// The customer.
    Inbound,
    /// We did.
    Outbound,
}

string_enum!(Direction, "invalid_direction", "must be one of inbound, outbound", {
    Direction::Inbound => "inbound",
    Direction::Outbound => "outbound",
});

/// How a call went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CallOutcome {
    /// Someone talked.
    Connected,
    /// A message was left.
    LeftVoicemail,
    /// Nobody picked up.
    NoAnswer,
    /// The line was busy.
    Busy,
    /// The number was not theirs.
    WrongNumber,
}

string_enum!(CallOutcome, "invalid_outcome", "must be one of connected, left_voicemail, no_answer, busy, wrong_number", {
    CallOutcome::Connected => "connected",
    CallOutcome::LeftVoicemail => "left_voicemail",
    CallOutcome::NoAnswer => "no_answer",
    CallOutcome::Busy => "busy",
    CallOutcome::WrongNumber => "wrong_number",
});

/// Someone at a meeting: a colleague or a customer's contact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Attendee {
    /// A user of the organization.
    User(UserId),
    /// A contact.
    Contact(ContactId),
}

/// The records an activity is on; at least one.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Links {
    /// An account.
    pub account_id: Option<AccountId>,
    /// A contact.
    pub contact_id: Option<ContactId>,
    /// A lead.
    pub lead_id: Option<LeadId>,
    /// A deal.
    pub opportunity_id: Option<OpportunityId>,
    /// A ticket.
    pub ticket_id: Option<TicketId>,
}

impl Links {
    fn is_empty(&self) -> bool {
        *self == Links::default()
    }
}

/// A call's telephony details: the numbers, when it was answered and ended, its recording.
/// A call still ringing or going on has no end (and is open).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CallLine {
    /// The number that called, as given (E.164 when a provider reports it).
    pub from: Option<String>,
    /// The number called.
    pub to: Option<String>,
    /// When someone picked up.
    pub answered_at: Option<DateTime<Utc>>,
    /// When it ended.
    pub ended_at: Option<DateTime<Utc>>,
    /// Where its recording is kept (`https://…`).
    pub recording_url: Option<String>,
}

impl CallLine {
    /// The customer's number on this line (see [`crate::call::customer_number`]).
    pub fn customer(&self, direction: Option<Direction>) -> Option<&str> {
        crate::call::customer_number(direction, self.from.as_deref(), self.to.as_deref())
    }

    fn fields_given(&self) -> [(&'static str, bool); 5] {
        [
            ("from", self.from.is_some()),
            ("to", self.to.is_some()),
            ("answered_at", self.answered_at.is_some()),
            ("ended_at", self.ended_at.is_some()),
            ("recording_url", self.recording_url.is_some()),
        ]
    }
}

/// Everything a user sets on an activity, validated by [`ActivityFields::check`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActivityFields {
    /// What it is.
    pub kind: ActivityKind,
    /// What it is about, in a line.
    pub subject: String,
    /// Anything more (a call's notes, an email's text, a meeting's agenda).
    pub description: Option<String>,
    /// The records it is on.
    pub links: Links,
    /// Who does it, made the call, or runs the meeting.
    pub assignee_id: UserId,
    /// Where it stands.
    pub status: ActivityStatus,
    /// How urgent (tasks).
    pub priority: Option<Priority>,
    /// When it is due (tasks).
    pub due_at: Option<DateTime<Utc>>,
    /// When to remind the assignee (tasks and meetings).
    pub reminder_at: Option<DateTime<Utc>>,
    /// Who started it (calls and emails).
    pub direction: Option<Direction>,
    /// When it took place (calls and emails).
    pub occurred_at: Option<DateTime<Utc>>,
    /// How long, in seconds (calls).
    pub duration_seconds: Option<i64>,
    /// How it went (calls).
    pub outcome: Option<CallOutcome>,
    /// When it starts (meetings).
    pub starts_at: Option<DateTime<Utc>>,
    /// When it ends (meetings).
    pub ends_at: Option<DateTime<Utc>>,
    /// Where (meetings).
    pub location: Option<String>,
    /// Who comes (meetings), each once.
    pub attendees: Vec<Attendee>,
    /// The telephony details (calls).
    pub call: CallLine,
}

fn not_for(kind: ActivityKind, field: &str) -> FieldError {
    FieldError::new(
        format!("/{field}"),
        "not_for_kind",
        format!("a {} has no {}", kind.as_str(), field.replace('_', " ")),
    )
}

fn required(field: &str, what: &str) -> FieldError {
    FieldError::new(format!("/{field}"), "required", what.to_owned())
}

impl ActivityFields {
    /// An open task of normal priority, due at `due_at`.
    pub fn task(
        subject: String,
        links: Links,
        assignee: UserId,
        due_at: Option<DateTime<Utc>>,
    ) -> Self {
        ActivityFields {
            kind: ActivityKind::Task,
            subject: subject.chars().take(MAX_SUBJECT).collect(),
            description: None,
            links,
            assignee_id: assignee,
            status: ActivityStatus::Open,
            priority: Some(Priority::Normal),
            due_at,
            reminder_at: None,
            direction: None,
            occurred_at: None,
            duration_seconds: None,
            outcome: None,
            starts_at: None,
            ends_at: None,
            location: None,
            attendees: Vec::new(),
            call: CallLine::default(),
        }
    }

    /// Checks the fields against each other and the kind: which fields the kind takes and
    /// needs, at least one record, a meeting that ends after it starts, each attendee once.
    pub fn check(&self) -> Result<(), Violations> {
        use ActivityKind::{Call, Email, Meeting, Task};
        let mut v = Violations::new();
        let kind = self.kind;
        // A call from a number nobody has is still a call: it waits for someone to link it.
        if self.links.is_empty() && kind != Call {
            v.push(FieldError::new(
                "/account_id",
                "link_required",
                "an activity other than a call is on at least one account, contact, lead, \
                 opportunity or ticket",
            ));
        }
        let given = [
            ("priority", self.priority.is_some(), &[Task][..]),
            ("due_at", self.due_at.is_some(), &[Task]),
            ("reminder_at", self.reminder_at.is_some(), &[Task, Meeting]),
            ("direction", self.direction.is_some(), &[Call, Email]),
            ("occurred_at", self.occurred_at.is_some(), &[Call, Email]),
            ("duration_seconds", self.duration_seconds.is_some(), &[Call]),
            ("outcome", self.outcome.is_some(), &[Call]),
            ("starts_at", self.starts_at.is_some(), &[Meeting]),
            ("ends_at", self.ends_at.is_some(), &[Meeting]),
            ("location", self.location.is_some(), &[Meeting]),
            ("attendees", !self.attendees.is_empty(), &[Meeting]),
        ];
        let call_fields = self.call.fields_given().map(|(f, p)| (f, p, &[Call][..]));
        for (field, present, kinds) in given.into_iter().chain(call_fields) {
            if present && !kinds.contains(&kind) {
                v.push(not_for(kind, field));
            }
        }
        match kind {
            Call | Email => {
                if self.direction.is_none() {
                    v.push(required(
                        "direction",
                        "say whether it was inbound or outbound",
                    ));
                }
                if kind == Call {
                    self.check_call(&mut v);
                } else if self.status != ActivityStatus::Done {
                    v.push(FieldError::new(
                        "/status",
                        "logged_is_done",
                        format!(
                            "a {} is logged once it happened; plan one as a task",
                            kind.as_str()
                        ),
                    ));
                }
            }
            Meeting => self.check_meeting(&mut v),
            Task => {}
        }
        if let Some(seconds) = self.duration_seconds {
            if !(0..=MAX_CALL_SECONDS).contains(&seconds) {
                v.push(FieldError::new(
                    "/duration_seconds",
                    "out_of_range",
                    format!("must be 0 to {MAX_CALL_SECONDS}"),
                ));
            }
        }
        if v.is_empty() {
            Ok(())
        } else {
            Err(v)
        }
    }

    /// A call is open while it rings or goes on (no end, no outcome yet) and done once it
    /// ended; it is answered after it started and ends after both.
    fn check_call(&self, v: &mut Violations) {
        let line = &self.call;
        match self.status {
            ActivityStatus::Open => {
                for (field, present) in [
                    ("ended_at", line.ended_at.is_some()),
                    ("outcome", self.outcome.is_some()),
                    ("duration_seconds", self.duration_seconds.is_some()),
                ] {
                    if present {
                        v.push(FieldError::new(
                            format!("/{field}"),
                            "call_going_on",
                            "a call still going on (open) has no end, outcome or duration yet",
                        ));
                    }
                }
            }
            ActivityStatus::Done => {}
            ActivityStatus::Cancelled => v.push(FieldError::new(
                "/status",
                "invalid_call_status",
                "a call is open while it goes on and done once it ended",
            )),
        }
        let started = self.occurred_at;
        if let (Some(start), Some(answered)) = (started, line.answered_at) {
            if answered < start {
                v.push(FieldError::new(
                    "/answered_at",
                    "before_start",
                    "a call is answered after it starts",
                ));
            }
        }
        if let Some(end) = line.ended_at {
            if started.is_some_and(|s| end < s) || line.answered_at.is_some_and(|a| end < a) {
                v.push(FieldError::new(
                    "/ended_at",
                    "before_start",
                    "a call ends after it starts and after it was answered",
                ));
            }
        }
        for (field, number) in [("from", &line.from), ("to", &line.to)] {
            if number
                .as_ref()
                .is_some_and(|n| n.chars().count() > MAX_NUMBER || n.trim().is_empty())
            {
                v.push(FieldError::new(
                    format!("/{field}"),
                    "invalid_number",
                    format!("a phone number of 1 to {MAX_NUMBER} characters"),
                ));
            }
        }
        if let Some(url) = &line.recording_url {
            let web = url.starts_with("https://") || url.starts_with("http://");
            let printable = url.bytes().all(|b| b.is_ascii_graphic());
            if !web || url.len() > MAX_RECORDING_URL || !printable {
                v.push(FieldError::new(
                    "/recording_url",
                    "invalid_url",
                    format!("an http(s) link of at most {MAX_RECORDING_URL} characters, spaces and other than ASCII characters encoded"),
                ));
            }
        }
    }

    fn check_meeting(&self, v: &mut Violations) {
        match (self.starts_at, self.ends_at) {
            (Some(start), Some(end)) if end < start => v.push(FieldError::new(
                "/ends_at",
                "before_start",
                "a meeting ends after it starts",
            )),
            (Some(start), Some(end)) if end - start > Duration::days(MAX_MEETING_DAYS) => {
                v.push(FieldError::new(
                    "/ends_at",
                    "too_long",
                    format!("a meeting lasts at most {MAX_MEETING_DAYS} days"),
                ))
            }
            (Some(_), Some(_)) => {}
            (None, _) => v.push(required("starts_at", "say when the meeting starts")),
            (_, None) => v.push(required("ends_at", "say when the meeting ends")),
        }
        if self.attendees.len() > MAX_ATTENDEES {
            v.push(FieldError::new(
                "/attendees",
                "too_many",
                format!("at most {MAX_ATTENDEES} attendees"),
            ));
        }
        for (i, a) in self.attendees.iter().enumerate() {
            if self.attendees[..i].contains(a) {
                v.push(FieldError::new(
                    format!("/attendees/{i}"),
                    "duplicate",
                    "each attendee comes once",
                ));
            }
        }
    }

    /// The moment the activity is placed at on a timeline.
    pub fn placed_at(&self, created_at: DateTime<Utc>) -> DateTime<Utc> {
        match self.kind {
            ActivityKind::Task => self.due_at,
            ActivityKind::Call | ActivityKind::Email => self.occurred_at,
            ActivityKind::Meeting => self.starts_at,
        }
        .unwrap_or(created_at)
    }

    /// When the assignee is to be reminded, if that is still to come: an open task or
    /// meeting whose reminder lies after `now`.
    pub fn reminder_due(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.reminder_at
            .filter(|at| *at > now && self.status == ActivityStatus::Open)
    }
}

/// When the user's "my tasks" day begins and ends, for sorting open tasks into overdue,
/// today and upcoming.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskBucket {
    /// Due before today.
    Overdue,
    /// Due today.
    Today,
    /// Due later, or without a due time.
    Upcoming,
}

impl TaskBucket {
    /// Where a task due at `due` belongs on the day `[day_start, day_start + 1 day)`.
    pub fn of(due: Option<DateTime<Utc>>, day_start: DateTime<Utc>) -> Self {
        match due {
            Some(due) if due < day_start => TaskBucket::Overdue,
            Some(due) if due < day_start + Duration::days(1) => TaskBucket::Today,
            _ => TaskBucket::Upcoming,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use proptest::prelude::*;
    use uuid::Uuid;

    fn id<K: crate::id::IdKind>(n: u128) -> crate::id::Id<K> {
        crate::id::Id::from_uuid(Uuid::from_u128(n))
    }

    fn at(hour: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 5, hour, 0, 0).unwrap()
    }

    fn task() -> ActivityFields {
        ActivityFields {
            kind: ActivityKind::Task,
            subject: "Send the proposal".into(),
            description: None,
            links: Links {
                account_id: Some(id(1)),
                ..Links::default()
            },
            assignee_id: id(2),
            status: ActivityStatus::Open,
            priority: Some(Priority::High),
            due_at: Some(at(17)),
            reminder_at: Some(at(16)),
            direction: None,
            occurred_at: None,
            duration_seconds: None,
            outcome: None,
            starts_at: None,
            ends_at: None,
            location: None,
            attendees: vec![],
            call: CallLine::default(),
        }
    }

    fn codes(fields: &ActivityFields) -> Vec<(String, &'static str)> {
        match fields.check() {
            Ok(()) => vec![],
            Err(v) => v
                .into_errors()
                .into_iter()
                .map(|e| (e.pointer, e.code))
                .collect(),
        }
    }

    #[test]
    fn a_task_with_its_own_fields_passes() {
        assert_eq!(codes(&task()), vec![]);
        assert_eq!(task().placed_at(at(9)), at(17));
    }

    #[test]
    fn an_activity_is_on_some_record() {
        let fields = ActivityFields {
            links: Links::default(),
            ..task()
        };
        assert_eq!(
            codes(&fields),
            vec![("/account_id".to_owned(), "link_required")]
        );
    }

    #[test]
    fn a_field_of_another_kind_is_refused() {
        let fields = ActivityFields {
            duration_seconds: Some(60),
            location: Some("Zürich".into()),
            ..task()
        };
        assert_eq!(
            codes(&fields),
            vec![
                ("/duration_seconds".to_owned(), "not_for_kind"),
                ("/location".to_owned(), "not_for_kind"),
            ]
        );
    }

    #[test]
    fn a_call_has_a_direction_and_a_length_in_range() {
        let call = ActivityFields {
            kind: ActivityKind::Call,
            status: ActivityStatus::Done,
            priority: None,
            due_at: None,
            reminder_at: None,
            duration_seconds: Some(90_000),
            ..task()
        };
        assert_eq!(
            codes(&call),
            vec![
                ("/direction".to_owned(), "required"),
                ("/duration_seconds".to_owned(), "out_of_range"),
            ]
        );
    }

    #[test]
    fn a_call_going_on_has_no_end_and_ends_after_it_was_answered() {
        let ringing = ActivityFields {
            kind: ActivityKind::Call,
            priority: None,
            due_at: None,
            reminder_at: None,
            direction: Some(Direction::Inbound),
            occurred_at: Some(at(10)),
            call: CallLine {
                from: Some("+41445551234".into()),
                ..CallLine::default()
            },
            ..task()
        };
        assert_eq!(codes(&ringing), vec![]);
        let ended_open = ActivityFields {
            outcome: Some(CallOutcome::Connected),
            call: CallLine {
                answered_at: Some(at(9)),
                ended_at: Some(at(11)),
                ..ringing.call.clone()
            },
            ..ringing.clone()
        };
        assert_eq!(
            codes(&ended_open),
            vec![
                ("/ended_at".to_owned(), "call_going_on"),
                ("/outcome".to_owned(), "call_going_on"),
                ("/answered_at".to_owned(), "before_start"),
            ]
        );
        let email = ActivityFields {
            kind: ActivityKind::Email,
            status: ActivityStatus::Done,
            ..ringing
        };
        assert_eq!(codes(&email), vec![("/from".to_owned(), "not_for_kind")]);
    }

    #[test]
    fn a_meeting_ends_after_it_starts_and_lists_each_attendee_once() {
        let contact = id(3);
        let meeting = ActivityFields {
            kind: ActivityKind::Meeting,
            priority: None,
            due_at: None,
            starts_at: Some(at(14)),
            ends_at: Some(at(13)),
            attendees: vec![Attendee::Contact(contact), Attendee::Contact(contact)],
            ..task()
        };
        assert_eq!(
            codes(&meeting),
            vec![
                ("/ends_at".to_owned(), "before_start"),
                ("/attendees/1".to_owned(), "duplicate"),
            ]
        );
        let held = ActivityFields {
            ends_at: Some(at(15)),
            attendees: vec![Attendee::Contact(contact)],
            ..meeting
        };
        assert_eq!(codes(&held), vec![]);
        assert_eq!(held.placed_at(at(9)), at(14));
    }

    #[test]
    fn only_an_open_activity_with_a_later_reminder_reminds() {
        assert_eq!(task().reminder_due(at(15)), Some(at(16)));
        assert_eq!(task().reminder_due(at(16)), None);
        let done = ActivityFields {
            status: ActivityStatus::Done,
            ..task()
        };
        assert_eq!(done.reminder_due(at(15)), None);
    }

    proptest! {
        #[test]
        fn each_due_time_has_exactly_one_bucket_in_day_order(a in -72_i64..72, b in -72_i64..72) {
            let day = at(0);
            let bucket = |h: i64| TaskBucket::of(Some(day + Duration::hours(h)), day);
            let rank = |t: TaskBucket| t as u8;
            if a <= b {
                prop_assert!(rank(bucket(a)) <= rank(bucket(b)));
            }
            prop_assert_eq!(bucket(a) == TaskBucket::Today, (0..24).contains(&a));
        }
    }
}
