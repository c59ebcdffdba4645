//! A closed-loop HTTP load generator for `make bench`: logs in, samples ids, then runs each
//! scenario for a fixed time with a fixed number of concurrent clients and prints a Markdown
//! table of throughput and latency percentiles.
//!
//! `cargo run --release --example loadgen -- <base-url> <email> <password> <seconds> <concurrency> [search|tickets|create-ticket|capture|sales|mail|phone]`
//!
//! With `search` only the two search scenarios run; with `tickets`, the service desk's; with
//! `create-ticket`, only ticket creation (without a contract, and under one); with `capture`, web-to-lead submissions to a capture
//! form, each with the duplicate check, assignment by territory and scoring (the server must
//! allow that many submissions from one address: `RAPPORT_SUBMISSIONS_PER_MINUTE`); with
//! `sales`, a pipeline board's column and totals, the quarter's forecast by owner, an
//! account's timeline and logging a call; with `mail`, messages posted to a mailbox, two in
//! three new (each opens a ticket), one in three a reply threaded onto one of 50 earlier ones.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::{Client, Method};
use serde_json::{json, Value};

#[derive(Clone, Copy, Debug)]
enum Scenario {
    GetAccount,
    ListAccounts,
    DeepPaging,
    FilterAccounts,
    SearchAccounts,
    ContactsOfAccount,
    SearchContacts,
    CreateAccount,
    Mixed,
    Inbox,
    ViewCounts,
    TicketPage,
    SearchTickets,
    CreateTicket,
    CreateCoveredTicket,
    Capture,
    BoardColumn,
    BoardTotals,
    Forecast,
    Timeline,
    LogCall,
    Mail,
    LookupPhone,
    SearchKb,
    SuggestKb,
    PortalTickets,
    PortalMyTickets,
}

impl Scenario {
    fn label(self) -> &'static str {
        match self {
            Scenario::GetAccount => "get account by id",
            Scenario::ListAccounts => "list accounts (first page, 25)",
            Scenario::DeepPaging => "list accounts, paging deep by cursor (100/page)",
            Scenario::FilterAccounts => "filter accounts (type + tier + industry, by name)",
            Scenario::SearchAccounts => "search accounts (q=word prefix)",
            Scenario::ContactsOfAccount => "contacts of an account",
            Scenario::SearchContacts => "search contacts (q=name prefix)",
            Scenario::SearchKb => "search the knowledge base (q=one or two word prefixes, 10 best)",
            Scenario::SuggestKb => "suggest articles for a ticket's text (twelve words, 5 best)",
            Scenario::PortalTickets => {
                "portal: an account admin's open tickets of the company (first page, 25)"
            }
            Scenario::PortalMyTickets => "portal: a customer's own tickets, all, newest first (25)",
            Scenario::CreateAccount => "create account",
            Scenario::Mixed => "mixed: 80% reads, 10% creates, 10% updates",
            Scenario::Inbox => "inbox: my open tickets by SLA deadline (first page, 25)",
            Scenario::ViewCounts => "saved views with their counts (4 views)",
            Scenario::TicketPage => "ticket page: ticket with clocks, then its conversation",
            Scenario::SearchTickets => "search tickets (q=word: number, subject, conversation)",
            Scenario::CreateTicket => "create ticket (policy match, clocks, round-robin routing)",
            Scenario::CreateCoveredTicket => {
                "create ticket under a contract (the same, with the entitlement check and its allowance)"
            }
            Scenario::Capture => {
                "web-to-lead submission (duplicates, assignment, scoring, note, notification)"
            }
            Scenario::BoardColumn => "pipeline board column: a stage's deals by close date (50)",
            Scenario::BoardTotals => "pipeline board totals: count and sums per stage",
            Scenario::Forecast => "forecast: this quarter by owner, with quotas",
            Scenario::Timeline => "account timeline: first page (25), all kinds",
            Scenario::LogCall => "log a call on a contact",
            Scenario::Mail => "inbound mail: parse, thread, store (2/3 open tickets, 1/3 replies)",
            Scenario::LookupPhone => {
                "caller lookup by phone number (contact, account, open tickets and deals)"
            }
        }
    }
}

/// What the ticket scenarios pick from.
#[derive(Default)]
struct Desk {
    tickets: Vec<String>,
    contacts: Vec<String>,
    team: String,
    /// Contacts of accounts with a contract in force whose entitlement limits incidents.
    covered: Vec<String>,
}

/// What the sales scenarios pick from: open stages with their pipelines, and contacts.
#[derive(Default)]
struct Sales {
    stages: Vec<(String, String)>,
    contacts: Vec<String>,
}

const TICKET_WORDS: &[&str] = &[
    "printer",
    "refund charged",
    "login locked",
    "order",
    "shipment",
];

struct Shared {
    base: String,
    token: String,
    accounts: Vec<String>,
    desk: Desk,
    sales: Sales,
    /// The capture form's public submission path.
    capture: String,
    /// The mailbox's inbound path, what makes this run's message ids unique, and the ids of
    /// the messages replies answer.
    mail: (String, u128, Vec<String>),
    /// A portal account admin's access token.
    portal_token: String,
    client: Client,
    counter: AtomicU64,
}

const SEARCH_WORDS: &[&str] = &[
    "acme",
    "globex ind",
    "stark",
    "wayne labs",
    "umbrella 12",
    "vertex",
    "quantum sys",
    "harbor",
];
const CONTACT_WORDS: &[&str] = &[
    "lovelace",
    "ada hopper",
    "turing",
    "knuth",
    "grace",
    "lamport",
];

fn pick<T>(items: &[T], n: u64) -> &T {
    &items[(n % items.len() as u64) as usize]
}

async fn call(
    shared: &Shared,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> (bool, Option<Value>) {
    call_as(shared, &shared.token, method, path, body).await
}

async fn call_as(
    shared: &Shared,
    token: &str,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> (bool, Option<Value>) {
    let mut request = shared
        .client
        .request(method, format!("{}{path}", shared.base))
        .bearer_auth(token);
    if let Some(body) = body {
        request = request.json(&body);
    }
    match request.send().await {
        Ok(response) => {
            let ok = response.status().is_success();
            let value = response.json::<Value>().await.ok();
            (ok, value)
        }
        Err(_) => (false, None),
    }
}

async fn one(shared: &Shared, scenario: Scenario, cursor: &mut Option<String>) -> bool {
    let n = shared
        .counter
        .fetch_add(1, Ordering::Relaxed)
        .wrapping_mul(0x9E37_79B9_7F4A_7C15)
        >> 7;
    match scenario {
        Scenario::GetAccount => {
            call(
                shared,
                Method::GET,
                &format!("/api/v1/accounts/{}", pick(&shared.accounts, n)),
                None,
            )
            .await
            .0
        }
        Scenario::ListAccounts => call(shared, Method::GET, "/api/v1/accounts", None).await.0,
        Scenario::DeepPaging => {
            let path = match cursor.take() {
                Some(c) => format!("/api/v1/accounts?limit=100&cursor={c}"),
                None => "/api/v1/accounts?limit=100".to_owned(),
            };
            let (ok, body) = call(shared, Method::GET, &path, None).await;
            *cursor = body.and_then(|b| b["next_cursor"].as_str().map(str::to_owned));
            ok
        }
        Scenario::FilterAccounts => {
            let industry = pick(&["Retail", "Finance", "Software", "Healthcare"], n);
            let tier = pick(&["gold", "silver", "platinum"], n >> 3);
            call(
                shared,
                Method::GET,
                &format!(
                    "/api/v1/accounts?type=customer&tier={tier}&industry={industry}&sort=name"
                ),
                None,
            )
            .await
            .0
        }
        Scenario::SearchAccounts => {
            let q = pick(SEARCH_WORDS, n).replace(' ', "%20");
            call(
                shared,
                Method::GET,
                &format!("/api/v1/accounts?q={q}"),
                None,
            )
            .await
            .0
        }
        Scenario::ContactsOfAccount => {
            call(
                shared,
                Method::GET,
                &format!("/api/v1/contacts?account_id={}", pick(&shared.accounts, n)),
                None,
            )
            .await
            .0
        }
        Scenario::LookupPhone => {
            // The synthetic contacts' numbers (`+49 30 2000001` on), written as a phone
            // shows them, spread over the whole table.
            let number = 2_000_001 + (n.wrapping_mul(2_654_435_761) % 1_000_000);
            call(
                shared,
                Method::GET,
                &format!("/api/v1/lookup/phone?number=%2B4930{number}"),
                None,
            )
            .await
            .0
        }
        Scenario::SearchContacts => {
            let q = pick(CONTACT_WORDS, n).replace(' ', "%20");
            call(
                shared,
                Method::GET,
                &format!("/api/v1/contacts?q={q}"),
                None,
            )
            .await
            .0
        }
        Scenario::SearchKb => {
            // A common word, or a common and a rarer one, each cut to a prefix.
            let first = server::seed::synthetic_word(n as usize % 64);
            let q = if n.is_multiple_of(2) {
                first[..4].to_owned()
            } else {
                let second = server::seed::synthetic_word((n as usize * 7) % 1024);
                format!("{}%20{}", &first[..4], &second[..5])
            };
            call(
                shared,
                Method::GET,
                &format!("/api/v1/kb/search?q={q}"),
                None,
            )
            .await
            .0
        }
        Scenario::PortalTickets => {
            let path = "/api/v1/portal/tickets?state=open";
            call_as(shared, &shared.portal_token, Method::GET, path, None)
                .await
                .0
        }
        Scenario::PortalMyTickets => {
            let path = "/api/v1/portal/tickets?scope=mine&state=closed";
            call_as(shared, &shared.portal_token, Method::GET, path, None)
                .await
                .0
        }
        Scenario::SuggestKb => {
            let words: Vec<String> = (0..12)
                .map(|i| {
                    server::seed::synthetic_word(
                        (n as usize * 31 + i * 97) % server::seed::SYNTHETIC_WORDS,
                    )
                })
                .collect();
            let text = words.join("%20");
            call(
                shared,
                Method::GET,
                &format!("/api/v1/kb/suggest?text={text}"),
                None,
            )
            .await
            .0
        }
        Scenario::CreateAccount => {
            let body = json!({"name": format!("Loadgen Account {n}"), "type": "prospect", "tier": "silver", "tags": ["loadgen"]});
            call(shared, Method::POST, "/api/v1/accounts", Some(body))
                .await
                .0
        }
        Scenario::Mixed => match n % 10 {
            0 => Box::pin(one(shared, Scenario::CreateAccount, cursor)).await,
            1 => {
                let id = pick(&shared.accounts, n);
                let body = json!({"industry": pick(&["Retail", "Finance", "Software"], n >> 5)});
                call(
                    shared,
                    Method::PATCH,
                    &format!("/api/v1/accounts/{id}"),
                    Some(body),
                )
                .await
                .0
            }
            2..=4 => Box::pin(one(shared, Scenario::GetAccount, cursor)).await,
            5..=6 => Box::pin(one(shared, Scenario::ListAccounts, cursor)).await,
            7 => Box::pin(one(shared, Scenario::SearchAccounts, cursor)).await,
            8 => Box::pin(one(shared, Scenario::FilterAccounts, cursor)).await,
            _ => Box::pin(one(shared, Scenario::ContactsOfAccount, cursor)).await,
        },
        Scenario::Inbox => {
            let path = "/api/v1/tickets?status=new,open,pending,on_hold&assignee_id=me&sort=sla_due_at&limit=25";
            call(shared, Method::GET, path, None).await.0
        }
        Scenario::ViewCounts => {
            call(
                shared,
                Method::GET,
                "/api/v1/ticket-views?counts=true",
                None,
            )
            .await
            .0
        }
        Scenario::TicketPage => {
            let id = pick(&shared.desk.tickets, n);
            let path = format!("/api/v1/tickets/{id}");
            call(shared, Method::GET, &path, None).await.0
                && call(shared, Method::GET, &format!("{path}/messages"), None)
                    .await
                    .0
        }
        Scenario::SearchTickets => {
            let q = pick(TICKET_WORDS, n).replace(' ', "%20");
            let path = format!("/api/v1/tickets?q={q}&limit=25");
            call(shared, Method::GET, &path, None).await.0
        }
        Scenario::Capture => {
            let country = pick(&["DE", "FR", "AT", "US", "GB"], n >> 5);
            let body = json!({"first_name": pick(&["Ada", "Grace", "Alan", "Edsger"], n), "last_name": format!("Visitor{n}"),
                              "email": format!("v{n}@company{}.example", n % 5000), "company": format!("Company {}", n % 5000),
                              "country": country, "phone": format!("+49 30 {}", 1_000_000 + n % 9_000_000),
                              "message": "Please send me a quote."});
            let response = shared
                .client
                .post(format!("{}{}", shared.base, shared.capture))
                .json(&body)
                .send()
                .await;
            response.is_ok_and(|r| r.status().is_success())
        }
        Scenario::Mail => {
            let (path, run, roots) = &shared.mail;
            let raw = if n.is_multiple_of(3) {
                let answered = pick(roots, n);
                format!("From: customer{}@loadgen.example\r\nSubject: Re: Loadgen\r\nMessage-ID: <lg-{run}-{n}@loadgen.example>\r\nIn-Reply-To: <{answered}>\r\nReferences: <{answered}>\r\n\r\nThanks, that helped.\r\n\r\nOn Monday, Support wrote:\r\n> Try this.\r\n", n % 500)
            } else {
                format!("From: Customer {n} <customer{}@loadgen.example>\r\nSubject: Loadgen request {n}\r\nMessage-ID: <lg-{run}-{n}@loadgen.example>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nThe printer on floor {} is jammed again.\r\n--b\r\nContent-Type: text/plain; name=log.txt\r\nContent-Disposition: attachment; filename=log.txt\r\n\r\njam at tray 2\r\n--b--\r\n", n % 500, n % 9)
            };
            let response = shared
                .client
                .post(format!("{}{path}", shared.base))
                .header("content-type", "message/rfc822")
                .body(raw)
                .send()
                .await;
            response.is_ok_and(|r| r.status().is_success())
        }
        Scenario::BoardColumn => {
            let (stage, _) = pick(&shared.sales.stages, n);
            let path = format!("/api/v1/opportunities?stage_id={stage}&limit=50");
            call(shared, Method::GET, &path, None).await.0
        }
        Scenario::BoardTotals => {
            let (_, pipeline) = pick(&shared.sales.stages, n);
            let path = format!("/api/v1/pipelines/{pipeline}/board");
            call(shared, Method::GET, &path, None).await.0
        }
        Scenario::Forecast => {
            let path = "/api/v1/forecast?period=quarter&group_by=owner";
            call(shared, Method::GET, path, None).await.0
        }
        Scenario::Timeline => {
            let path = format!("/api/v1/accounts/{}/timeline", pick(&shared.accounts, n));
            call(shared, Method::GET, &path, None).await.0
        }
        Scenario::LogCall => {
            let body = json!({"kind": "call", "subject": format!("Loadgen call {n}"), "direction": "outbound",
                              "contact_id": pick(&shared.sales.contacts, n), "duration_seconds": 300});
            call(shared, Method::POST, "/api/v1/activities", Some(body))
                .await
                .0
        }
        Scenario::CreateTicket => {
            let body = json!({"subject": format!("Loadgen ticket {n}"), "description": "Made by the load generator.",
                              "requester_id": pick(&shared.desk.contacts, n), "priority": "normal",
                              "channel": "email", "team_id": shared.desk.team});
            call(shared, Method::POST, "/api/v1/tickets", Some(body))
                .await
                .0
        }
        Scenario::CreateCoveredTicket => {
            let body = json!({"subject": format!("Loadgen covered ticket {n}"), "description": "Made by the load generator.",
                              "requester_id": pick(&shared.desk.covered, n), "priority": "normal",
                              "channel": "email", "team_id": shared.desk.team});
            let (ok, answer) = call(shared, Method::POST, "/api/v1/tickets", Some(body)).await;
            ok && answer.is_some_and(|t| t["entitlement"]["status"] == "covered")
        }
    }
}

/// A capture form, a territory the caller owns with a rule sending leads to it, and scoring
/// rules (those made by an earlier run stay; a name taken is no failure); the form's path.
async fn capture_setup(
    client: &Client,
    base: &str,
    token: &str,
) -> Result<String, Box<dyn std::error::Error>> {
    let post = |path: &str, body: Value| {
        client
            .post(format!("{base}/api/v1{path}"))
            .bearer_auth(token)
            .json(&body)
            .send()
    };
    let me: Value = client
        .get(format!("{base}/api/v1/me"))
        .bearer_auth(token)
        .send()
        .await?
        .json()
        .await?;
    let territory = json!({"name": "Loadgen Europe", "countries": ["DE", "FR", "AT", "GB"], "owner_ids": [me["id"]]});
    post("/territories", territory).await?;
    post(
        "/assignment-rules",
        json!({"name": "Loadgen by territory", "assign_to": "territory"}),
    )
    .await?;
    for rule in [
        json!({"name": "Loadgen company email", "field": "business_email", "points": 10}),
        json!({"name": "Loadgen phone", "field": "phone", "points": 5}),
        json!({"name": "Loadgen submission", "event": "form_submission", "half_life_days": 30, "points": 15}),
    ] {
        post("/scoring-rules", rule).await?;
    }
    let form = json!({"name": "Loadgen capture", "fields": [
        {"field": "first_name"}, {"field": "last_name", "required": true}, {"field": "email", "required": true},
        {"field": "company"}, {"field": "country"}, {"field": "phone"}, {"field": "message"}]});
    let form: Value = post("/lead-forms", form).await?.json().await?;
    Ok(form["submission_path"]
        .as_str()
        .ok_or("no capture form")?
        .to_owned())
}

/// A mailbox, and 50 messages for replies to answer: its inbound path, the run's mark and
/// the messages' ids.
async fn mail_setup(
    client: &Client,
    base: &str,
    token: &str,
) -> Result<(String, u128, Vec<String>), Box<dyn std::error::Error>> {
    let run = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)?
        .as_nanos();
    let mailbox: Value = client
        .post(format!("{base}/api/v1/mailboxes"))
        .bearer_auth(token)
        .json(&json!({"name": format!("Loadgen {run}"), "address": "loadgen@bench.example"}))
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let path = mailbox["inbound_path"]
        .as_str()
        .ok_or("no mailbox")?
        .to_owned();
    let mut roots = Vec::new();
    for i in 0..50 {
        let id = format!("lg-{run}-root{i}@loadgen.example");
        let raw = format!("From: customer{i}@loadgen.example\r\nSubject: Loadgen thread {i}\r\nMessage-ID: <{id}>\r\n\r\nHelp.\r\n");
        client
            .post(format!("{base}{path}"))
            .header("content-type", "message/rfc822")
            .body(raw)
            .send()
            .await?
            .error_for_status()?;
        roots.push(id);
    }
    Ok((path, run, roots))
}

/// The ids a list's first pages hold.
async fn sample(
    client: &Client,
    base: &str,
    token: &str,
    path: &str,
    pages: usize,
) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    let mut ids = Vec::new();
    let mut cursor: Option<String> = None;
    for _ in 0..pages {
        let mut url = format!("{base}{path}");
        if let Some(c) = &cursor {
            url.push_str(&format!("&cursor={c}"));
        }
        let page: Value = client
            .get(url)
            .bearer_auth(token)
            .send()
            .await?
            .json()
            .await?;
        ids.extend(
            page["items"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|a| a["id"].as_str().map(str::to_owned)),
        );
        cursor = page["next_cursor"].as_str().map(str::to_owned);
        if cursor.is_none() {
            break;
        }
    }
    Ok(ids)
}

/// Samples tickets from both ends and contacts, finds the routed team, and saves the four
/// views whose counts the view scenario reads.
/// Twenty customers under contract (made by the first run, found by later ones): each an
/// account with a contact, an active support contract numbered `LOADGEN-n` and an entitlement
/// of a million incidents a month, so that every ticket is checked, counted and covered.
/// Answers their contacts.
async fn contracted(
    client: &Client,
    base: &str,
    token: &str,
) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    let post = |path: &str, body: Value| {
        client
            .post(format!("{base}/api/v1{path}"))
            .bearer_auth(token)
            .json(&body)
            .send()
    };
    let get = |path: String| {
        client
            .get(format!("{base}/api/v1{path}"))
            .bearer_auth(token)
            .send()
    };
    let existing: Value = get("/contracts?limit=100&type=support".into())
        .await?
        .error_for_status()?
        .json()
        .await?;
    let mut accounts: Vec<String> = existing["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|c| {
            c["number"]
                .as_str()
                .is_some_and(|n| n.starts_with("LOADGEN-"))
        })
        .filter_map(|c| c["account_id"].as_str().map(str::to_owned))
        .collect();
    for i in accounts.len()..20 {
        let account: Value = post(
            "/accounts",
            json!({"name": format!("Contracted customer {i}"), "type": "customer"}),
        )
        .await?
        .error_for_status()?
        .json()
        .await?;
        let account = account["id"].as_str().unwrap_or_default().to_owned();
        post(
            "/contacts",
            json!({"last_name": format!("Covered {i}"), "account_id": account}),
        )
        .await?
        .error_for_status()?;
        let contract: Value = post("/contracts", json!({"number": format!("LOADGEN-{i}"), "account_id": account,
                "type": "support", "status": "active", "starts_on": "2026-01-01", "ends_on": "2099-12-31"}))
            .await?
            .error_for_status()?
            .json()
            .await?;
        let entitlements = format!(
            "/contracts/{}/entitlements",
            contract["id"].as_str().unwrap_or_default()
        );
        post(
            &entitlements,
            json!({"name": "Support", "allowance": 1_000_000, "period": "month"}),
        )
        .await?
        .error_for_status()?;
        accounts.push(account);
    }
    let mut contacts = Vec::new();
    for account in accounts {
        let found: Value = get(format!("/contacts?account_id={account}&limit=1"))
            .await?
            .error_for_status()?
            .json()
            .await?;
        contacts.extend(found["items"][0]["id"].as_str().map(str::to_owned));
    }
    Ok(contacts)
}

/// A partner's portal and an account admin of the company with the most tickets among the
/// newest: its access token.
async fn portal_setup(
    client: &Client,
    base: &str,
    token: &str,
) -> Result<String, Box<dyn std::error::Error>> {
    let send = |method: Method, path: String, body: Option<Value>| {
        let mut request = client
            .request(method, format!("{base}{path}"))
            .bearer_auth(token);
        if let Some(body) = body {
            request = request.json(&body);
        }
        async move {
            let response = request.send().await?;
            let status = response.status();
            let value: Value = response.json().await.unwrap_or(Value::Null);
            Ok::<_, reqwest::Error>((status, value))
        }
    };
    let (_, tickets) = send(Method::GET, "/api/v1/tickets?limit=100".into(), None).await?;
    let mut per_account: Vec<(String, String, usize)> = Vec::new();
    for t in tickets["items"].as_array().into_iter().flatten() {
        let (Some(account), Some(requester)) =
            (t["account_id"].as_str(), t["requester_id"].as_str())
        else {
            continue;
        };
        match per_account.iter_mut().find(|(a, _, _)| a == account) {
            Some(found) => found.2 += 1,
            None => per_account.push((account.to_owned(), requester.to_owned(), 1)),
        }
    }
    per_account.sort_by_key(|(_, _, n)| std::cmp::Reverse(*n));
    let (_, contact, _) = per_account.first().ok_or("no ticket with an account")?;
    let (_, partner) = send(
        Method::POST,
        "/api/v1/partners".into(),
        Some(json!({"name": "Loadgen portal", "allowed_origins": []})),
    )
    .await?;
    let key = partner["key"].as_str().ok_or("no partner key")?.to_owned();
    let (status, invited) = send(
        Method::POST,
        "/api/v1/portal-users".into(),
        Some(json!({"contact_id": contact, "role": "account_admin"})),
    )
    .await?;
    // A run before this one gave the contact portal access: invite them again.
    let invitation = if status.is_success() {
        invited["invitation_token"].as_str().map(str::to_owned)
    } else {
        let (_, users) = send(
            Method::GET,
            format!("/api/v1/portal-users?contact_id={contact}"),
            None,
        )
        .await?;
        let id = users["items"][0]["id"].as_str().ok_or("no portal user")?;
        send(
            Method::PATCH,
            format!("/api/v1/portal-users/{id}"),
            Some(json!({"role": "account_admin", "active": true})),
        )
        .await?;
        let (_, again) = send(
            Method::POST,
            format!("/api/v1/portal-users/{id}/invitation"),
            None,
        )
        .await?;
        again["invitation_token"].as_str().map(str::to_owned)
    };
    let signed_in: Value = client
        .post(format!("{base}/api/v1/portal/auth/invitation"))
        .json(
            &json!({"partner_key": key, "token": invitation.ok_or("no invitation")?,
                      "password": "loadgen portal password"}),
        )
        .send()
        .await?
        .json()
        .await?;
    Ok(signed_in["access_token"]
        .as_str()
        .ok_or("portal sign-in failed")?
        .to_owned())
}

async fn desk(
    client: &Client,
    base: &str,
    token: &str,
) -> Result<Desk, Box<dyn std::error::Error>> {
    let mut tickets = Vec::new();
    for sort in ["-created_at", "created_at", "sla_due_at"] {
        let path = format!("/api/v1/tickets?limit=100&sort={sort}");
        tickets.extend(sample(client, base, token, &path, 3).await?);
    }
    // The oldest: the seeded ones, not those a benchmark run adds.
    let contacts = sample(
        client,
        base,
        token,
        "/api/v1/contacts?limit=100&sort=created_at",
        3,
    )
    .await?;
    let teams = sample(client, base, token, "/api/v1/teams?limit=100", 1).await?;
    let views = [
        (
            "My open",
            json!({"status": "new,open,pending,on_hold", "assignee_id": "me"}),
        ),
        (
            "Unassigned",
            json!({"status": "new,open", "assignee_id": "none"}),
        ),
        ("Breached", json!({"sla": "breached"})),
        (
            "Urgent",
            json!({"status": "new,open,pending,on_hold", "priority": "urgent"}),
        ),
    ];
    // Saved once: a second run on the same database counts the same four views.
    let saved: Value = client
        .get(format!("{base}/api/v1/ticket-views?limit=100"))
        .bearer_auth(token)
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let exists = |name: &str| {
        saved["items"]
            .as_array()
            .is_some_and(|views| views.iter().any(|v| v["name"] == name))
    };
    for (name, filters) in views.into_iter().filter(|(name, _)| !exists(name)) {
        let body = json!({"name": name, "filters": filters, "sort": "sla_due_at"});
        client
            .post(format!("{base}/api/v1/ticket-views"))
            .bearer_auth(token)
            .json(&body)
            .send()
            .await?
            .error_for_status()?;
    }
    let covered = contracted(client, base, token).await?;
    match (tickets.is_empty(), contacts.is_empty(), teams.first()) {
        (false, false, Some(team)) => Ok(Desk {
            tickets,
            contacts,
            team: team.clone(),
            covered,
        }),
        _ => Err("no tickets, contacts or team to sample".into()),
    }
}

/// The open stages of every pipeline, and contacts to log calls on.
async fn sales_setup(
    client: &Client,
    base: &str,
    token: &str,
) -> Result<Sales, Box<dyn std::error::Error>> {
    let pipelines: Value = client
        .get(format!("{base}/api/v1/pipelines?limit=100"))
        .bearer_auth(token)
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let stages: Vec<(String, String)> = pipelines["items"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|p| {
            let pipeline = p["id"].as_str().unwrap_or_default().to_owned();
            p["stages"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|s| s["kind"] == "open")
                .map(move |s| {
                    (
                        s["id"].as_str().unwrap_or_default().to_owned(),
                        pipeline.clone(),
                    )
                })
                .collect::<Vec<_>>()
        })
        .collect();
    let contacts = sample(
        client,
        base,
        token,
        "/api/v1/contacts?limit=100&sort=created_at",
        3,
    )
    .await?;
    if stages.is_empty() || contacts.is_empty() {
        return Err("no pipelines or contacts to sample".into());
    }
    Ok(Sales { stages, contacts })
}

fn percentile(sorted: &[u64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * (sorted.len() as f64 - 1.0)).round() as usize;
    sorted[rank.min(sorted.len() - 1)] as f64 / 1000.0
}

async fn run(shared: Arc<Shared>, scenario: Scenario, seconds: u64, concurrency: usize) -> String {
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..concurrency {
        let shared = shared.clone();
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut errors = 0u64;
            let mut cursor = None;
            while Instant::now() < deadline {
                let t = Instant::now();
                let ok = one(&shared, scenario, &mut cursor).await;
                latencies.push(t.elapsed().as_micros() as u64);
                if !ok {
                    errors += 1;
                }
            }
            (latencies, errors)
        }));
    }
    let mut all = Vec::new();
    let mut errors = 0;
    for task in tasks {
        if let Ok((latencies, e)) = task.await {
            all.extend(latencies);
            errors += e;
        }
    }
    let elapsed = started.elapsed().as_secs_f64();
    all.sort_unstable();
    format!(
        "| {} | {} | {:.0} | {:.2} | {:.2} | {:.2} | {} |",
        scenario.label(),
        all.len(),
        all.len() as f64 / elapsed,
        percentile(&all, 50.0),
        percentile(&all, 95.0),
        percentile(&all, 99.0),
        errors
    )
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (base, email, password, seconds, concurrency, only) = match args.as_slice() {
        [_, base, email, password, seconds, concurrency] => {
            (base, email, password, seconds, concurrency, "")
        }
        [_, base, email, password, seconds, concurrency, only]
            if ["search", "tickets", "create-ticket", "capture", "sales", "mail", "phone", "kb", "portal"].contains(&only.as_str()) =>
        {
            (base, email, password, seconds, concurrency, only.as_str())
        }
        _ => return Err(
            "usage: loadgen <base-url> <email> <password> <seconds> <concurrency> [search|tickets|create-ticket|capture|sales|mail|phone|kb|portal]"
                .into(),
        ),
    };
    let seconds: u64 = seconds.parse()?;
    let concurrency: usize = concurrency.parse()?;
    let client = Client::builder()
        .pool_max_idle_per_host(concurrency)
        .build()?;
    let login: Value = client
        .post(format!("{base}/api/v1/auth/login"))
        .json(&json!({"email": email, "password": password}))
        .send()
        .await?
        .json()
        .await?;
    let token = login["access_token"]
        .as_str()
        .ok_or("login failed")?
        .to_owned();
    // Sample account ids from both ends of the table.
    let mut accounts = Vec::new();
    for sort in ["-created_at", "created_at", "name", "-name"] {
        let path = format!("/api/v1/accounts?limit=100&sort={sort}");
        accounts.extend(sample(&client, base, &token, &path, 5).await?);
    }
    // The knowledge base's scenarios name no account (its benchmark seeds none).
    if accounts.is_empty() && only != "kb" {
        return Err("no accounts to sample".into());
    }
    let desk = if only == "tickets" || only == "create-ticket" {
        desk(&client, base, &token).await?
    } else {
        Desk::default()
    };
    let sales = if only == "sales" {
        sales_setup(&client, base, &token).await?
    } else {
        Sales::default()
    };
    let capture = if only == "capture" {
        capture_setup(&client, base, &token).await?
    } else {
        String::new()
    };
    let mail = if only == "mail" {
        mail_setup(&client, base, &token).await?
    } else {
        (String::new(), 0, Vec::new())
    };
    let portal_token = if only == "portal" {
        portal_setup(&client, base, &token).await?
    } else {
        String::new()
    };
    let shared = Arc::new(Shared {
        base: base.clone(),
        token,
        accounts,
        desk,
        sales,
        capture,
        mail,
        portal_token,
        client,
        counter: AtomicU64::new(1),
    });
    println!("| scenario | requests | requests/s | p50 ms | p95 ms | p99 ms | errors |");
    println!("|---|---:|---:|---:|---:|---:|---:|");
    let scenarios = if only == "portal" {
        vec![Scenario::PortalTickets, Scenario::PortalMyTickets]
    } else if only == "kb" {
        vec![Scenario::SearchKb, Scenario::SuggestKb]
    } else if only == "mail" {
        vec![Scenario::Mail]
    } else if only == "phone" {
        vec![Scenario::LookupPhone]
    } else if only == "create-ticket" {
        vec![Scenario::CreateTicket, Scenario::CreateCoveredTicket]
    } else if only == "capture" {
        vec![Scenario::Capture]
    } else if only == "sales" {
        vec![
            Scenario::BoardColumn,
            Scenario::BoardTotals,
            Scenario::Forecast,
            Scenario::Timeline,
            Scenario::LogCall,
        ]
    } else if only == "search" {
        vec![Scenario::SearchAccounts, Scenario::SearchContacts]
    } else if only == "tickets" {
        vec![
            Scenario::Inbox,
            Scenario::ViewCounts,
            Scenario::TicketPage,
            Scenario::SearchTickets,
            Scenario::CreateTicket,
            Scenario::CreateCoveredTicket,
        ]
    } else {
        vec![
            Scenario::GetAccount,
            Scenario::ListAccounts,
            Scenario::DeepPaging,
            Scenario::FilterAccounts,
            Scenario::SearchAccounts,
            Scenario::ContactsOfAccount,
            Scenario::SearchContacts,
            Scenario::CreateAccount,
            Scenario::Mixed,
        ]
    };
    for scenario in scenarios {
        println!(
            "{}",
            run(shared.clone(), scenario, seconds, concurrency).await
        );
    }
    Ok(())
}
