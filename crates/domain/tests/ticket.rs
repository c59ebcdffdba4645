//! The ticket status machine: properties over random histories.

use chrono::{DateTime, Duration, Utc};
use domain::ticket::{
    allowed_next, customer_reply, next_statuses, transition, Channel, CustomerReply, Status,
    TicketType, Transition, DEFAULT_REOPEN_WINDOW,
};
use proptest::prelude::*;

const ALL: [Status; 6] = [
    Status::New,
    Status::Open,
    Status::Pending,
    Status::OnHold,
    Status::Solved,
    Status::Closed,
];

#[derive(Debug, Clone)]
enum Step {
    /// An agent asks for a status, some hours later.
    Agent(usize, i64),
    /// The customer writes, some hours later.
    Customer(i64),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        (0..ALL.len(), 0..200_i64).prop_map(|(s, h)| Step::Agent(s, h)),
        (0..200_i64).prop_map(Step::Customer),
    ]
}

fn start() -> DateTime<Utc> {
    DateTime::from_timestamp(1_800_000_000, 0).unwrap_or_default()
}

proptest! {
    #[test]
    fn histories_follow_the_machine(steps in prop::collection::vec(step(), 0..40)) {
        let window = DEFAULT_REOPEN_WINDOW;
        let (mut status, mut solved_at, mut now) = (Status::New, None, start());
        for step in steps {
            match step {
                Step::Agent(i, hours) => {
                    now += Duration::hours(hours);
                    let to = ALL[i];
                    match transition(status, to, solved_at, now, window) {
                        Ok(Transition::Unchanged) => prop_assert_eq!(status, to),
                        Ok(done) => {
                            prop_assert!(next_statuses(status).contains(&to));
                            prop_assert_ne!(status, Status::Closed, "closed is final");
                            let reopening = status == Status::Solved && to != Status::Closed;
                            prop_assert_eq!(done == Transition::Reopened, reopening);
                            if reopening {
                                let since = solved_at.map(|at| now - at);
                                prop_assert!(since.is_some_and(|d| d <= window), "reopened late");
                            }
                            status = to;
                        }
                        Err(refused) => {
                            prop_assert!(!refused.allowed.contains(&to));
                            prop_assert!(!refused.allowed.contains(&status));
                            prop_assert_eq!(refused.allowed, allowed_next(status, solved_at, now, window));
                        }
                    }
                }
                Step::Customer(hours) => {
                    now += Duration::hours(hours);
                    match customer_reply(status, solved_at, now, window) {
                        CustomerReply::Lands(next) => {
                            prop_assert_ne!(status, Status::Closed);
                            prop_assert!(next == Status::New || next == Status::Open);
                            status = next;
                        }
                        CustomerReply::FollowUp => prop_assert!(
                            status == Status::Closed
                                || solved_at.is_some_and(|at| now - at > window)
                        ),
                    }
                }
            }
            if status == Status::Solved && solved_at.is_none() {
                solved_at = Some(now);
            } else if status != Status::Solved && status != Status::Closed {
                solved_at = None;
            }
        }
    }
}

fn hour(hours: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(1_800_000_000, 0).unwrap_or_default() + Duration::hours(hours)
}

#[test]
fn a_refused_move_names_where_the_ticket_may_go() {
    let refused = transition(
        Status::New,
        Status::Closed,
        None,
        hour(0),
        DEFAULT_REOPEN_WINDOW,
    );
    assert_eq!(
        refused.map_err(|r| r.allowed),
        Err(vec![
            Status::Open,
            Status::Pending,
            Status::OnHold,
            Status::Solved
        ])
    );
    let closed = transition(
        Status::Closed,
        Status::Open,
        None,
        hour(0),
        DEFAULT_REOPEN_WINDOW,
    );
    assert_eq!(closed.map_err(|r| r.allowed), Err(vec![]));
}

#[test]
fn a_solved_ticket_reopens_only_within_the_window() {
    let solved = Some(hour(0));
    let window = DEFAULT_REOPEN_WINDOW;
    assert_eq!(
        transition(Status::Solved, Status::Open, solved, hour(24 * 7), window),
        Ok(Transition::Reopened)
    );
    let late = transition(
        Status::Solved,
        Status::Open,
        solved,
        hour(24 * 7 + 1),
        window,
    );
    assert_eq!(late.map_err(|r| r.allowed), Err(vec![Status::Closed]));
    assert_eq!(
        customer_reply(Status::Solved, solved, hour(1), window),
        CustomerReply::Lands(Status::Open)
    );
    assert_eq!(
        customer_reply(Status::Solved, solved, hour(24 * 8), window),
        CustomerReply::FollowUp
    );
    assert_eq!(
        customer_reply(Status::Closed, solved, hour(1), window),
        CustomerReply::FollowUp
    );
}

#[test]
fn names_round_trip() {
    for s in [
        Status::New,
        Status::Open,
        Status::Pending,
        Status::OnHold,
        Status::Solved,
        Status::Closed,
    ] {
        assert_eq!(Status::parse("/status", s.as_str()), Ok(s));
    }
    for c in Channel::NAMES {
        assert_eq!(Channel::parse("/channel", c).map(Channel::as_str), Ok(*c));
    }
    assert!(TicketType::parse("/type", "bug").is_err());
}

#[test]
fn mentions_are_handles_that_start_a_word() {
    use domain::ticket::{handle_names, mentions};
    assert_eq!(
        mentions("Ask @Alex and @sam.rivera. Not mail@example.com, @alex again, @ alone"),
        vec!["alex".to_owned(), "sam.rivera".to_owned()]
    );
    assert!(mentions("no one").is_empty());
    assert!(handle_names(
        "alex",
        "agent@northwind.example",
        "Alex Agent"
    ));
    assert!(handle_names("alexagent", "a@x.example", "Alex Agent"));
    assert!(handle_names(
        "agent",
        "agent@northwind.example",
        "Alex Agent"
    ));
    assert!(!handle_names(
        "sam",
        "agent@northwind.example",
        "Alex Agent"
    ));
}

#[test]
fn a_language_is_a_lower_case_tag_or_none() {
    use domain::ticket::language;
    assert_eq!(language("/l", " pt-BR "), Ok(Some("pt-br".to_owned())));
    assert_eq!(language("/l", "de"), Ok(Some("de".to_owned())));
    assert_eq!(
        language("/l", "zh-Hant-TW"),
        Ok(Some("zh-hant-tw".to_owned()))
    );
    assert_eq!(language("/l", "  "), Ok(None));
    for bad in [
        "d",
        "deutsch",
        "de_DE",
        "en-",
        "en-x",
        "a1",
        "en-us-ca-ab-cd",
    ] {
        assert!(language("/l", bad).is_err(), "{bad}");
    }
}
