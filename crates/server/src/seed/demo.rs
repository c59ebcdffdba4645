//! The demo organization of `make run`.

use chrono::{Duration, Utc};
use db::users::NewUser;
use domain::account::{AccountFields, Address};
use domain::contact::{Consent, ContactFields, PhoneEntry, PhoneKind};
use domain::lead::CompanySize;
use domain::{AccountId, AccountType, Email, Money, PreferredChannel, Role, Tier, UserId};

use super::sample::{
    Dice, CITIES, COMPANY_KINDS, COMPANY_WORDS, FIRST_NAMES, INDUSTRIES, LAST_NAMES, TITLES,
};
use super::{DEMO_DOMAIN, DEMO_PASSWORD};
use crate::commands::{open_database, CommandError};
use crate::settings::Settings;

/// Creates the demo organization unless it exists: one user per role, 300 accounts,
/// about 700 contacts, some notes, SLA policies, two routed teams, 320 tickets, a capture form
/// and 80 leads, two pipelines with 140 deals, contracts and an installed base, and a
/// knowledge base of 31 articles in five categories. Prints how to log in.
pub fn demo(settings: &Settings) -> Result<(), CommandError> {
    let pool = open_database(settings)?;
    let mut conn = pool.get().map_err(db::Error::from)?;
    let admin_email = Email::parse("", &format!("admin@{DEMO_DOMAIN}"))
        .map_err(|e| CommandError(e.to_string()))?;
    if !db::users::credentials_by_email(&mut conn, &admin_email)?.is_empty() {
        println!("The demo organization exists already. Log in as admin@{DEMO_DOMAIN} with {DEMO_PASSWORD}");
        return Ok(());
    }
    // Demo users have a published password: never add them beside real organizations.
    if db::orgs::count(&mut conn)? > 0 {
        return Err(CommandError(
            "this database holds other organizations: demo data goes only into an empty database"
                .into(),
        ));
    }
    let now = db::convert::truncate(Utc::now());
    let hash =
        crate::auth::passwords::hash(DEMO_PASSWORD).map_err(|e| CommandError(e.to_string()))?;
    let org = db::orgs::create(&mut conn, "Northwind Traders (demo)", now)?;
    let names = [
        (Role::Admin, "Avery Admin"),
        (Role::Manager, "Morgan Manager"),
        (Role::Sales, "Sam Sales"),
        (Role::Agent, "Alex Agent"),
        (Role::Marketing, "Mika Marketing"),
        (Role::ReadOnly, "Riley Reader"),
    ];
    let mut owners: Vec<UserId> = Vec::new();
    let mut staff: Vec<(Role, UserId)> = Vec::new();
    for (role, name) in names {
        let email = Email::parse(
            "",
            &format!("{}@{DEMO_DOMAIN}", role.as_str().replace('_', "-")),
        )
        .map_err(|e| CommandError(e.to_string()))?;
        let user = db::users::create(
            &mut conn,
            org,
            &NewUser {
                email,
                name: name.into(),
                role,
                password_hash: hash.clone(),
                team_ids: Vec::new(),
                agent: db::users::AgentSettings::default(),
            },
            now,
        )?;
        staff.push((role, user.id));
        if matches!(role, Role::Sales | Role::Manager | Role::Agent) {
            owners.push(user.id);
        }
    }
    let mut dice = Dice(2026);
    let mut accounts: Vec<AccountId> = Vec::new();
    let mut contacts: Vec<domain::ContactId> = Vec::new();
    let mut buyers: Vec<(AccountId, domain::ContactId)> = Vec::new();
    for i in 0..300u64 {
        let name = format!("{} {}", dice.pick(COMPANY_WORDS), dice.pick(COMPANY_KINDS));
        let name = if i >= 200 {
            format!("{name} {}", i - 199)
        } else {
            name
        };
        let slug: String = name
            .to_lowercase()
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect();
        let (city, country) = *dice.pick(CITIES);
        let fields = AccountFields {
            name,
            domain: Some(format!("{slug}.example")),
            account_type: *dice.pick(&[
                AccountType::Customer,
                AccountType::Customer,
                AccountType::Prospect,
                AccountType::Partner,
            ]),
            industry: Some((*dice.pick(INDUSTRIES)).to_owned()),
            company_size: Some(*dice.pick(&[
                CompanySize::Small,
                CompanySize::Medium,
                CompanySize::Large,
                CompanySize::Enterprise,
            ])),
            tier: Some(*dice.pick(&[
                Tier::Platinum,
                Tier::Gold,
                Tier::Gold,
                Tier::Silver,
                Tier::Silver,
                Tier::Bronze,
            ])),
            owner_id: Some(*dice.pick(&owners)),
            parent_id: (i % 25 == 24).then(|| accounts.first().copied()).flatten(),
            address: Address {
                street: Some(format!("{} Market Street", 1 + dice.below(200))),
                city: Some(city.to_owned()),
                region: None,
                postal_code: Some(format!("{:05}", dice.below(99_999))),
                country: Some(country.to_owned()),
            },
            phone: Some(format!(
                "+{} {} {}",
                1 + dice.below(98),
                100 + dice.below(899),
                100_000 + dice.below(899_999)
            )),
            website: Some(format!("https://www.{slug}.example")),
            annual_revenue: Money::parse(
                "",
                (dice.below(500) as i64 + 1) * 10_000_000,
                "EUR",
                true,
            )
            .ok(),
            tags: match dice.below(4) {
                0 => vec!["vip".into()],
                1 => vec!["emea".into(), "renewal-q1".into()],
                _ => Vec::new(),
            },
        };
        let created = now - Duration::days(300 - i as i64);
        let account =
            db::accounts::create(&mut conn, org, domain::AccountId::mint(), &fields, created)?;
        accounts.push(account.id);
        for _ in 0..(1 + dice.below(4)) {
            let first = *dice.pick(FIRST_NAMES);
            let last = *dice.pick(LAST_NAMES);
            let email_local: String = format!("{first}.{last}")
                .to_lowercase()
                .chars()
                .filter(|c| c.is_ascii_alphanumeric() || *c == '.')
                .collect();
            let contact = ContactFields {
                first_name: Some(first.to_owned()),
                last_name: last.to_owned(),
                email: Email::parse("", &format!("{email_local}@{slug}.example")).ok(),
                phones: vec![PhoneEntry {
                    kind: PhoneKind::Work,
                    number: format!("+49 30 {}", 1_000_000 + dice.below(8_999_999)),
                }],
                title: Some((*dice.pick(TITLES)).to_owned()),
                account_id: Some(account.id),
                owner_id: account.fields.owner_id,
                preferred_channel: *dice.pick(&[
                    PreferredChannel::Email,
                    PreferredChannel::Phone,
                    PreferredChannel::Any,
                ]),
                consent: Consent {
                    email: dice.below(2) == 0,
                    phone: false,
                    sms: false,
                    do_not_contact: dice.below(20) == 0,
                },
                tags: Vec::new(),
            };
            let contact =
                db::contacts::create(&mut conn, org, domain::ContactId::mint(), &contact, created)?;
            if buyers.last().is_none_or(|(a, _)| *a != account.id) {
                buyers.push((account.id, contact.id));
            }
            contacts.push(contact.id);
        }
        if i % 3 == 0 {
            let author = *dice.pick(&owners);
            let body = *dice.pick(&[
                "Quarterly business review went well; they want to expand to two more sites.",
                "Asked for a quote on the premium support plan.",
                "Renewal is due next quarter. Decision maker is the CFO.",
                "Complained about delivery times in October; followed up with logistics.",
            ]);
            db::notes::create(
                &mut conn,
                org,
                db::notes::NoteSubject::Account(account.id),
                Some(author),
                body,
                created,
            )?;
        }
    }
    demo_sla(&mut conn, org, now)?;
    let of = |role| staff.iter().find(|(r, _)| *r == role).map(|(_, u)| *u);
    let sellers: Vec<UserId> = [of(Role::Sales), of(Role::Manager)]
        .into_iter()
        .flatten()
        .collect();
    super::routing::demo_routing(&mut conn, org, &sellers, now)?;
    super::leads::demo_leads(&mut conn, org, &sellers, now)?;
    let open_deals = super::deals::demo_deals(&mut conn, org, &sellers, &buyers, now)?;
    super::activities::demo_activities(&mut conn, org, &sellers, &open_deals, now)?;
    if let (Some(agent), Some(manager)) = (of(Role::Agent), of(Role::Manager)) {
        let (presses, press) =
            super::contracts::demo_assets(&mut conn, org, manager, &buyers, now)?;
        super::contracts::demo_contracts(&mut conn, org, manager, &buyers, &presses, now)?;
        super::tickets::demo_tickets(&mut conn, org, agent, manager, &contacts, now)?;
        super::kb::demo_knowledge_base(&mut conn, org, agent, now)?;
        if let Some(press) = press {
            super::tickets::demo_return(&mut conn, org, agent, press, now)?;
        }
    }
    println!("Demo organization created. Log in at the web app or the API with:");
    for (role, _) in names {
        println!(
            "  {:<10} {}@{DEMO_DOMAIN}",
            role.as_str(),
            role.as_str().replace('_', "-")
        );
    }
    println!("  password   {DEMO_PASSWORD}");
    Ok(())
}

/// Two business calendars and three SLA policies, validated like the API's.
pub(super) fn demo_sla(
    conn: &mut db::AnyConnection,
    org: domain::OrgId,
    now: chrono::DateTime<Utc>,
) -> Result<(), CommandError> {
    use crate::handlers::sla::documents;
    use api_types::sla::{CreateCalendar, CreatePolicy, HolidayBody, PriorityTargets, TimeRange};
    let invalid = |e: crate::error::ApiError| CommandError(format!("demo SLA data: {e:?}"));
    let office = vec![TimeRange {
        start: "09:00".into(),
        end: "17:30".into(),
    }];
    let yearly = |name: &str, date: &str| HolidayBody {
        name: name.into(),
        date: date.into(),
        yearly: true,
        closed: None,
    };
    let (name, definition) = documents::created_calendar(CreateCalendar {
        name: "Berlin office".into(),
        time_zone: "Europe/Berlin".into(),
        always_open: false,
        weekly: vec![
            office.clone(),
            office.clone(),
            office.clone(),
            office.clone(),
            office,
            vec![],
            vec![],
        ],
        holidays: vec![
            yearly("New Year's Day", "2026-01-01"),
            yearly("Labour Day", "2026-05-01"),
            yearly("German Unity Day", "2026-10-03"),
            yearly("Christmas Day", "2026-12-25"),
            yearly("Boxing Day", "2026-12-26"),
        ],
    })
    .map_err(invalid)?;
    let office = db::sla::create_calendar(conn, org, &name, &definition, now)?;
    let (name, definition) = documents::created_calendar(CreateCalendar {
        name: "Around the clock".into(),
        time_zone: "UTC".into(),
        always_open: true,
        weekly: Vec::new(),
        holidays: Vec::new(),
    })
    .map_err(invalid)?;
    let always = db::sla::create_calendar(conn, org, &name, &definition, now)?;
    let targets = |minutes: [(&str, i64, i64, i64); 4]| {
        minutes
            .iter()
            .map(|(priority, first, next, resolution)| PriorityTargets {
                priority: (*priority).into(),
                first_response_minutes: Some(*first),
                next_response_minutes: Some(*next),
                resolution_minutes: Some(*resolution),
            })
            .collect::<Vec<_>>()
    };
    let policies = [
        (
            "Platinum around the clock",
            always.id,
            vec!["platinum".to_owned()],
            targets([
                ("low", 240, 480, 2880),
                ("normal", 120, 240, 1440),
                ("high", 60, 120, 480),
                ("urgent", 15, 30, 240),
            ]),
        ),
        (
            "Gold business hours",
            office.id,
            vec!["gold".to_owned()],
            targets([
                ("low", 480, 960, 4800),
                ("normal", 240, 480, 2400),
                ("high", 120, 240, 960),
                ("urgent", 30, 60, 480),
            ]),
        ),
        (
            "Standard",
            office.id,
            Vec::new(),
            targets([
                ("low", 960, 1440, 9600),
                ("normal", 480, 960, 4800),
                ("high", 240, 480, 1920),
                ("urgent", 60, 120, 960),
            ]),
        ),
    ];
    for (name, calendar, tiers, targets) in policies {
        let fields = documents::policy(CreatePolicy {
            name: name.into(),
            description: None,
            calendar_id: calendar.to_string(),
            position: None,
            conditions: api_types::sla::PolicyConditionsBody {
                tiers,
                ..Default::default()
            },
            // Platinum customers waiting past a first-response deadline move up the queue.
            escalations: if name.starts_with("Platinum") {
                vec![api_types::sla::PolicyEscalation {
                    on: "breach".into(),
                    clock: Some("first_response".into()),
                    raise_priority: true,
                    ..Default::default()
                }]
            } else {
                Vec::new()
            },
            targets,
            warning_percent: None,
            pausing_statuses: None,
        })
        .map_err(invalid)?;
        db::sla::create_policy(conn, org, &fields, now)?;
    }
    Ok(())
}
