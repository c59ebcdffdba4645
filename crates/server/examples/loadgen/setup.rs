//! What the load generator's scenarios need before they run: ids sampled from the server,
//! and the records some scenarios make for themselves (a capture form, a mailbox, a partner's
//! portal and its customer, saved ticket views).

use reqwest::{Client, Method};
use serde_json::{json, Value};

/// What the ticket scenarios pick from.
#[derive(Default)]
pub struct Desk {
    pub tickets: Vec<String>,
    pub contacts: Vec<String>,
    pub team: String,
    /// Contacts of accounts with a contract in force whose entitlement limits incidents.
    pub covered: Vec<String>,
}

/// What the sales scenarios pick from: open stages with their pipelines, and contacts.
#[derive(Default)]
pub struct Sales {
    pub stages: Vec<(String, String)>,
    pub contacts: Vec<String>,
}

/// A capture form, a territory the caller owns with a rule sending leads to it, and scoring
/// rules (those made by an earlier run stay; a name taken is no failure); the form's path.
pub async fn capture_setup(
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
pub async fn mail_setup(
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
pub async fn sample(
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
pub async fn portal_setup(
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

pub async fn desk(
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
pub async fn sales_setup(
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
