//! The scenarios: what each request of each one asks, and as whom.

use std::sync::atomic::Ordering;

use reqwest::Method;
use serde_json::{json, Value};

use super::Shared;

#[derive(Clone, Copy, Debug)]
pub enum Scenario {
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
    pub fn label(self) -> &'static str {
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

const TICKET_WORDS: &[&str] = &[
    "printer",
    "refund charged",
    "login locked",
    "order",
    "shipment",
];

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

pub async fn one(shared: &Shared, scenario: Scenario, cursor: &mut Option<String>) -> bool {
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
