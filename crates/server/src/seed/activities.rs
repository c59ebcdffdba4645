//! The demo organization's activities: the calls, emails and meetings behind its open deals,
//! and the sellers' tasks, some overdue, some due today, some ahead.

use chrono::{DateTime, Duration, DurationRound, Utc};
use domain::activity::{
    ActivityFields, ActivityKind, ActivityStatus, Attendee, CallOutcome, Direction, Links, Priority,
};
use domain::{OrgId, UserId};

use super::deals::OpenDeal;
use super::sample::Dice;
use crate::commands::CommandError;

const CALLS: &[&str] = &[
    "Discovery call",
    "Budget check with the CFO",
    "Follow-up on the proposal",
    "Reference call arranged",
];
const EMAILS: &[&str] = &[
    "Sent the revised quote",
    "Shared the security questionnaire",
    "Question about payment terms",
];
const MEETINGS: &[&str] = &[
    "Product demo",
    "Workshop on the roll-out",
    "Contract review",
];
const TASKS: &[&str] = &[
    "Send the proposal",
    "Prepare the ROI sheet",
    "Book the on-site workshop",
    "Chase the signed order form",
    "Update the mutual action plan",
];

fn blank(kind: ActivityKind, subject: &str, links: Links, assignee: UserId) -> ActivityFields {
    ActivityFields {
        kind,
        subject: subject.to_owned(),
        description: None,
        links,
        assignee_id: assignee,
        status: ActivityStatus::Done,
        priority: None,
        due_at: None,
        reminder_at: None,
        direction: None,
        occurred_at: None,
        duration_seconds: None,
        outcome: None,
        starts_at: None,
        ends_at: None,
        location: None,
        attendees: Vec::new(),
        call: Default::default(),
    }
}

/// On each open deal: a call and an email in the past weeks, every third a meeting (held or
/// coming), and a task for its owner due somewhere between last week and next month.
pub(super) fn demo_activities(
    conn: &mut db::AnyConnection,
    org: OrgId,
    sellers: &[UserId],
    deals: &[OpenDeal],
    now: DateTime<Utc>,
) -> Result<(), CommandError> {
    let mut dice = Dice(11);
    let Some(&first) = sellers.first() else {
        return Ok(());
    };
    for (i, deal) in deals.iter().enumerate() {
        let owner = deal.owner.unwrap_or(first);
        let links = Links {
            account_id: Some(deal.account),
            contact_id: Some(deal.contact),
            opportunity_id: Some(deal.id),
            ..Links::default()
        };
        let ago =
            |dice: &mut Dice, days: u64| now - Duration::hours(1 + dice.below(days * 24) as i64);
        let subject = *dice.pick(CALLS);
        let mut call = blank(ActivityKind::Call, subject, links, owner);
        call.direction = Some(*dice.pick(&[Direction::Outbound, Direction::Inbound]));
        call.duration_seconds = Some(60 * (2 + dice.below(40) as i64));
        call.outcome = Some(*dice.pick(&[
            CallOutcome::Connected,
            CallOutcome::Connected,
            CallOutcome::LeftVoicemail,
        ]));
        call.occurred_at = Some(ago(&mut dice, 30));
        let subject = *dice.pick(EMAILS);
        let mut email = blank(ActivityKind::Email, subject, links, owner);
        email.direction = Some(*dice.pick(&[Direction::Outbound, Direction::Inbound]));
        email.occurred_at = Some(ago(&mut dice, 20));
        let mut batch = vec![call, email];
        if i % 3 == 0 {
            let subject = *dice.pick(MEETINGS);
            let mut meeting = blank(ActivityKind::Meeting, subject, links, owner);
            let hour = now.duration_trunc(Duration::hours(1)).unwrap_or(now);
            let start = hour + Duration::hours(dice.below(24 * 21) as i64 - 24 * 7);
            meeting.starts_at = Some(start);
            meeting.ends_at = Some(start + Duration::minutes(60));
            meeting.location =
                Some((*dice.pick(&["Video call", "Their office", "Our office"])).to_owned());
            meeting.attendees = vec![Attendee::Contact(deal.contact)];
            meeting.status = if start < now {
                ActivityStatus::Done
            } else {
                ActivityStatus::Open
            };
            batch.push(meeting);
        }
        let subject = *dice.pick(TASKS);
        let mut task = blank(ActivityKind::Task, subject, links, owner);
        task.status = ActivityStatus::Open;
        task.priority = Some(*dice.pick(&[
            Priority::Normal,
            Priority::Normal,
            Priority::High,
            Priority::Low,
        ]));
        task.due_at = Some(now + Duration::hours(dice.below(24 * 35) as i64 - 24 * 7));
        batch.push(task);
        for fields in batch {
            let written = fields.placed_at(now).min(now) - Duration::minutes(5);
            db::activities::create(conn, org, &fields, Some(owner), written)?;
        }
    }
    Ok(())
}
