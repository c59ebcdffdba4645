//! A closed-loop HTTP load generator for `make bench`: logs in, samples ids, then runs each
//! scenario for a fixed time with a fixed number of concurrent clients and prints a Markdown
//! table of throughput and latency percentiles.
//!
//! `cargo run --release --example loadgen -- <base-url> <email> <password> <seconds> <concurrency> [search|tickets|create-ticket|capture|sales|mail|phone|kb|portal]`
//!
//! With `search` only the two search scenarios run; with `tickets`, the service desk's; with
//! `create-ticket`, only ticket creation (without a contract, and under one); with `capture`, web-to-lead submissions to a capture
//! form, each with the duplicate check, assignment by territory and scoring (the server must
//! allow that many submissions from one address: `RAPPORT_SUBMISSIONS_PER_MINUTE`); with
//! `sales`, a pipeline board's column and totals, the quarter's forecast by owner, an
//! account's timeline and logging a call; with `mail`, messages posted to a mailbox, two in
//! three new (each opens a ticket), one in three a reply threaded onto one of 50 earlier ones;
//! with `portal`, a portal account admin's ticket lists.

use std::sync::atomic::AtomicU64;
use std::sync::Arc;
use std::time::{Duration, Instant};

mod scenarios;
mod setup;

use reqwest::Client;
use serde_json::{json, Value};

use scenarios::{one, Scenario};
use setup::{capture_setup, desk, mail_setup, portal_setup, sales_setup, sample, Desk, Sales};

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
