//! The demo organization's service desk: two routed teams and a few hundred tickets of the
//! last two weeks, worked to every status, so `make run` shows a living inbox with SLA clocks
//! running, met, warned and breached.

use chrono::{DateTime, Duration, Utc};
use db::record;
use db::rmas::{NewRma, Rma};
use db::users::UserChanges;
use db::AnyConnection;
use domain::rma::{RmaFields, RmaStatus, Shipping};
use domain::routing::{Availability, Mode};
use domain::sla::simulation::Priority;
use domain::ticket::{Channel, Status, TicketFields, TicketType};
use domain::{AccountId, AssetId, ContactId, OrgId, Role, SessionId, UserId};

use super::sample::Dice;
use crate::auth::Principal;
use crate::commands::CommandError;
use crate::desk::customer;
use crate::desk::replies::{self, NewMessage};
use crate::desk::tickets::{self, NewTicket, Requester};
use crate::desk::Rules;

/// What customers write about: subject, request and category.
const REQUESTS: &[(&str, &str, &str)] = &[
    (
        "Invoice charged twice",
        "Our November invoice was charged twice to the company card.",
        "billing",
    ),
    (
        "Refund for cancelled order",
        "We cancelled order 4471 within the window; where is the refund?",
        "billing",
    ),
    (
        "VAT number missing on invoice",
        "Please reissue the invoice with our VAT number.",
        "billing",
    ),
    (
        "Cannot log in",
        "Since this morning the login page says our password is wrong.",
        "access",
    ),
    (
        "New user needs access",
        "Please give our new colleague access to the portal.",
        "access",
    ),
    (
        "Printer shows error E-21",
        "The office printer stops with E-21 after a few pages.",
        "hardware",
    ),
    (
        "Scanner not detected",
        "The scanner is no longer found by any of our laptops.",
        "hardware",
    ),
    (
        "Delivery late",
        "The delivery promised for Tuesday has not arrived.",
        "shipping",
    ),
    (
        "Wrong item delivered",
        "We ordered the 24-port switch and received the 8-port one.",
        "shipping",
    ),
    (
        "Question about the premium plan",
        "What exactly does the premium support plan include?",
        "sales",
    ),
];

/// A reply an agent writes.
const REPLIES: &[&str] = &[
    "Thanks for letting us know. We are looking into it now.",
    "Could you send us the order number, please?",
    "We have found the cause and are fixing it.",
    "This is sorted now. Let us know if anything else comes up.",
];

/// What customers write back.
const CUSTOMER_REPLIES: &[&str] = &[
    "The order number is 4471.",
    "It is still happening, I am afraid.",
    "Here is the screenshot you asked for.",
];

/// Two routed teams with the demo's agent and manager in them, and a few hundred tickets from
/// `requesters`.
pub fn demo_tickets(
    conn: &mut AnyConnection,
    org: OrgId,
    agent: UserId,
    manager: UserId,
    requesters: &[ContactId],
    now: DateTime<Utc>,
) -> Result<(), CommandError> {
    let team = |conn: &mut AnyConnection, name: &str, routing_mode| {
        let fields = db::teams::TeamFields {
            name: name.into(),
            routing_mode,
            lead_id: Some(manager),
        };
        db::teams::create(conn, org, fields, now).map(|t| t.id)
    };
    let first_line = team(conn, "First line", Mode::RoundRobin)?;
    let billing = team(conn, "Billing", Mode::Skills)?;
    let agent_skills = ["billing", "en", "de"].map(String::from).to_vec();
    for (user, skills) in [(agent, agent_skills), (manager, Vec::new())] {
        let changes = UserChanges {
            team_ids: Some(vec![first_line, billing]),
            availability: Some(Availability::Available),
            capacity: Some(Some(60)),
            skills: Some(skills),
            ..UserChanges::default()
        };
        db::users::update(conn, org, user, None, &changes, now)?;
    }
    let desk = Principal {
        org,
        user: agent,
        role: Role::Agent,
        session: SessionId::mint(),
    };
    let failed = |e: crate::error::ApiError| CommandError(format!("demo tickets: {e:?}"));
    let rules = Rules::of(conn, org).map_err(failed)?;
    let mut dice = Dice(1042);
    for i in 0..320_u64 {
        let (subject, description, category) = *dice.pick(REQUESTS);
        // Older tickets first, so the numbers grow with time; the last ones are minutes old.
        let created = now - Duration::minutes(((320 - i) * 60 + dice.below(50)) as i64);
        let fields = TicketFields {
            subject: subject.into(),
            description: description.into(),
            requester_id: *dice.pick(requesters),
            account_id: None,
            asset_id: None,
            channel: *dice.pick(&[
                Channel::Email,
                Channel::Email,
                Channel::Web,
                Channel::Phone,
                Channel::Portal,
            ]),
            priority: *dice.pick(&[
                Priority::Low,
                Priority::Normal,
                Priority::Normal,
                Priority::Normal,
                Priority::High,
                Priority::Urgent,
            ]),
            ticket_type: Some(*dice.pick(&[
                TicketType::Question,
                TicketType::Incident,
                TicketType::Problem,
                TicketType::Task,
            ])),
            category: Some(category.into()),
            // Every seventh customer writes in German.
            language: Some(if i % 7 == 0 { "de" } else { "en" }.into()),
            status: Status::New,
            assignee_id: None,
            team_id: match (category, dice.below(5)) {
                (_, 0) => None,
                ("billing", _) => Some(billing),
                _ => Some(first_line),
            },
            tags: if dice.below(6) == 0 {
                vec!["vip".into()]
            } else {
                Vec::new()
            },
        };
        let new = NewTicket {
            requester: Requester::Contact(fields.requester_id),
            fields,
        };
        let (ticket, _) =
            tickets::create(conn, (&desk).into(), new, created, rules).map_err(failed)?;
        // How far it got: the answered ones go on to wait, be solved or closed.
        let stage = dice.below(10);
        let mut at = created + Duration::minutes(5 + dice.below(240) as i64);
        // Only the last day's tickets still wait for a first answer.
        let fresh = created > now - Duration::hours(24);
        if (stage < 3 && fresh) || at > now {
            continue;
        }
        let reply = NewMessage {
            body: (*dice.pick(REPLIES)).into(),
            public: true,
            status: Some(match stage {
                3 | 4 => Status::Pending,
                5 => Status::OnHold,
                6 | 7 => Status::Solved,
                _ => Status::Open,
            }),
            attachments: Vec::new(),
        };
        replies::add_message(conn, &desk, ticket.id, reply, at, rules).map_err(failed)?;
        at += Duration::hours(2 + dice.below(48) as i64);
        // Every other customer asked for something writes back, which brings the ticket back.
        if stage == 3 && i % 2 == 0 && at <= now {
            let said = CUSTOMER_REPLIES[i as usize % CUSTOMER_REPLIES.len()];
            customer::reply(
                conn,
                (&desk).into(),
                ticket.id,
                (said.into(), Vec::new()),
                at,
                rules,
            )
            .map_err(failed)?;
        }
        if stage == 7 && at <= now {
            let close = |t: &domain::ticket::Ticket| {
                Ok(TicketFields {
                    status: Status::Closed,
                    ..t.fields.clone()
                })
            };
            tickets::change(
                conn,
                &desk,
                ticket.id,
                crate::extract::IfMatch(None),
                close,
                at,
                rules,
            )
            .map_err(failed)?;
            // Now and then the customer writes again after the close: a follow-up.
            let again = at + Duration::hours(20);
            if i % 4 == 0 && again <= now {
                let said = "It happened again this morning.";
                customer::reply(
                    conn,
                    (&desk).into(),
                    ticket.id,
                    (said.into(), Vec::new()),
                    again,
                    rules,
                )
                .map_err(failed)?;
            }
        }
    }
    Ok(())
}

/// A ticket about a customer's press, and the return opened from it, on its way back.
pub(super) fn demo_return(
    conn: &mut AnyConnection,
    org: OrgId,
    agent: UserId,
    (press, requester, account): (AssetId, ContactId, AccountId),
    now: DateTime<Utc>,
) -> Result<(), CommandError> {
    let failed = |e: crate::error::ApiError| CommandError(format!("demo return: {e:?}"));
    let desk = Principal {
        org,
        user: agent,
        role: Role::Agent,
        session: SessionId::mint(),
    };
    let opened = now - Duration::days(3);
    let fields = TicketFields {
        subject: "Press line stops with a hydraulic pressure fault".into(),
        description: "Since Monday the press stops twice a shift; the panel shows E-217.".into(),
        requester_id: requester,
        account_id: Some(account),
        asset_id: Some(press),
        channel: Channel::Phone,
        priority: Priority::High,
        ticket_type: Some(TicketType::Incident),
        category: Some("hardware".into()),
        language: Some("en".into()),
        status: Status::Open,
        assignee_id: Some(agent),
        team_id: None,
        tags: Vec::new(),
    };
    let rules = Rules::of(conn, org).map_err(failed)?;
    let new = NewTicket {
        requester: Requester::Contact(requester),
        fields,
    };
    let (ticket, _) = tickets::create(conn, (&desk).into(), new, opened, rules).map_err(failed)?;
    let rma = NewRma {
        ticket_id: ticket.id,
        asset_id: None,
        reason: "Pressure valve of the hydraulic unit leaks; E-217 twice a shift.".into(),
        shipping: Shipping {
            carrier: Some("DHL Freight".into()),
            tracking_number: Some("JJD0001 4422 8812".into()),
        },
        charge: None,
        notes: None,
    };
    let rma = db::rmas::create(conn, org, rma, Some(agent), opened)?;
    for (status, hours) in [
        (RmaStatus::Approved, 60),
        (RmaStatus::AwaitingReturn, 59),
        (RmaStatus::Received, 12),
    ] {
        let at = now - Duration::hours(hours);
        record::modify::<Rma, db::Error>(conn, org, rma.id, at, |current| {
            Ok(RmaFields {
                status,
                ..current.fields.clone()
            })
        })
        .map_err(db::Error::from)?;
    }
    Ok(())
}
