//! Territories place accounts, and assignment rules hand new leads out: in order, to a user,
//! to a team in turn or to a territory's owners, else to the default owner; the turns hold
//! across two server processes.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::on_both;
use crate::support::{
    count, eventually, expect_status, free_port, problem_code, server_process, spawn, until_up,
    Backend, TestApp,
};
use domain::Role;

async fn created(app: &TestApp, token: &str, path: &str, body: Value) -> Value {
    expect_status(app.post(path, token, &body).await, StatusCode::CREATED).await
}

fn id(record: &Value) -> String {
    record["id"].as_str().unwrap_or_default().to_owned()
}

/// A new sales user, in `teams`.
async fn seller(app: &TestApp, admin: &str, name: &str, teams: &[&str]) -> String {
    let body = json!({"email": format!("{name}@sellers.example"), "name": name, "role": "sales",
                      "password": "a long enough password", "team_ids": teams});
    id(&created(app, admin, "/api/v1/users", body).await)
}

async fn owner_of_new_lead(app: &TestApp, token: &str, body: Value) -> Value {
    created(app, token, "/api/v1/leads", body).await["owner_id"].clone()
}

on_both!(territories_place_accounts_and_keep_a_tree, |app| {
    let manager = app.token(&app.a, Role::Manager);
    let path = "/api/v1/territories";
    // An account from before any territory is placed once one takes it.
    let early = app
        .account(
            &manager,
            json!({"name": "Early Inc", "address": {"country": "US"}}),
        )
        .await;
    assert_eq!(early["territory_id"], Value::Null);
    let emea = created(
        &app,
        &manager,
        path,
        json!({"name": "EMEA", "countries": ["de", "FR", "AT"]}),
    )
    .await;
    assert_eq!(emea["countries"], json!(["DE", "FR", "AT"]));
    let dach = created(
        &app,
        &manager,
        path,
        json!({"name": "DACH", "parent_id": id(&emea), "countries": ["DE", "AT", "CH"]}),
    )
    .await;
    let big = created(&app, &manager, path,
        json!({"name": "DACH Enterprise", "parent_id": id(&dach), "company_sizes": ["1001-5000", "5001+"]})).await;
    let americas = created(
        &app,
        &manager,
        path,
        json!({"name": "Americas", "countries": ["US", "CA"]}),
    )
    .await;

    // Placed on write, in the deepest territory whose rules and ancestors' rules it meets.
    let account = app
        .account(
            &manager,
            json!({"name": "Grosse AG", "company_size": "1001-5000", "address": {"country": "DE"}}),
        )
        .await;
    assert_eq!(account["territory_id"], big["id"]);
    let account_path = format!("/api/v1/accounts/{}", id(&account));
    let moved = expect_status(
        app.patch(
            &account_path,
            &manager,
            None,
            &json!({"address": {"country": "FR"}}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(moved["territory_id"], emea["id"]);
    let swiss = app
        .account(
            &manager,
            json!({"name": "Uhren SA", "address": {"country": "CH"}}),
        )
        .await;
    assert_eq!(
        swiss["territory_id"],
        Value::Null,
        "CH is in DACH's rules, not EMEA's"
    );
    let early_path = format!("/api/v1/accounts/{}", id(&early));
    eventually(
        "the early account placed",
        async || expect_status(app.get(&early_path, &manager).await, StatusCode::OK).await,
        |a| a["territory_id"] == americas["id"],
    )
    .await;

    // The tree stays a tree, and a territory with territories under it stays.
    let emea_path = format!("{path}/{}", id(&emea));
    let cycle = app
        .patch(&emea_path, &manager, None, &json!({"parent_id": id(&big)}))
        .await;
    assert_eq!(
        problem_code(cycle, StatusCode::CONFLICT).await,
        "territory_cycle"
    );
    let dach_path = format!("{path}/{}", id(&dach));
    let busy = app.delete(&dach_path, &manager, None).await;
    assert_eq!(
        problem_code(busy, StatusCode::CONFLICT).await,
        "territory_has_children"
    );
    let taken = app.post(path, &manager, &json!({"name": "emea"})).await;
    assert_eq!(
        problem_code(taken, StatusCode::CONFLICT).await,
        "territory_name_taken"
    );
    let bad = app
        .post(
            path,
            &manager,
            &json!({"name": "Bad", "countries": ["Germany"], "company_sizes": ["huge"],
                                        "parent_id": "terr_nope"}),
        )
        .await;
    let bad = expect_status(bad, StatusCode::UNPROCESSABLE_ENTITY).await;
    let pointers: Vec<&str> = bad["errors"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| e["pointer"].as_str())
        .collect();
    assert_eq!(
        pointers,
        ["/parent_id", "/countries/0", "/company_sizes/0"],
        "{bad}"
    );
    let unknown_parent = app
        .post(
            path,
            &manager,
            &json!({"name": "Orphan", "parent_id": "terr_01jd8x3k5v6w7y8z9a0b1c2d3e"}),
        )
        .await;
    expect_status(unknown_parent, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(
        count(&app, "SELECT count(*) AS n FROM territories"),
        4,
        "nothing refused was written"
    );

    // Into the trash and back: its accounts go up a level meanwhile.
    let big_path = format!("{path}/{}", id(&big));
    expect_status(
        app.delete(&big_path, &manager, None).await,
        StatusCode::NO_CONTENT,
    )
    .await;
    let second = app
        .account(
            &manager,
            json!({"name": "Riesig GmbH", "company_size": "5001+", "address": {"country": "AT"}}),
        )
        .await;
    assert_eq!(second["territory_id"], dach["id"]);
    expect_status(
        app.post(&format!("{big_path}/restore"), &manager, &json!({}))
            .await,
        StatusCode::OK,
    )
    .await;
    let second_path = format!("/api/v1/accounts/{}", id(&second));
    eventually(
        "placed again after the restore",
        async || expect_status(app.get(&second_path, &manager).await, StatusCode::OK).await,
        |a| a["territory_id"] == big["id"],
    )
    .await;
});

on_both!(assignment_rules_hand_out_new_leads_in_order, |app| {
    let admin = app.token(&app.a, Role::Admin);
    let manager = app.token(&app.a, Role::Manager);
    let sales = app.token(&app.a, Role::Sales);
    let team = id(&created(
        &app,
        &admin,
        "/api/v1/teams",
        json!({"name": "Inside sales"}),
    )
    .await);
    let ann = seller(&app, &admin, "ann", &[&team]).await;
    let bob = seller(&app, &admin, "bob", &[&team]).await;
    let cid = seller(&app, &admin, "cid", &[]).await;
    let dora = seller(&app, &admin, "dora", &[]).await;
    let rules = "/api/v1/assignment-rules";

    // No rules: the creator keeps the lead, or whoever they name.
    assert_eq!(
        owner_of_new_lead(&app, &sales, json!({"last_name": "Plain"})).await,
        json!(app.a.user(Role::Sales).to_string())
    );

    let dach = created(
        &app,
        &manager,
        "/api/v1/territories",
        json!({"name": "DACH", "countries": ["DE", "AT", "CH"], "owner_ids": [cid]}),
    )
    .await;
    let partners = created(
        &app,
        &manager,
        rules,
        json!({"name": "Partners", "conditions": {"sources": ["partner"]},
        "assign_to": "user", "user_id": dora}),
    )
    .await;
    let territory = created(
        &app,
        &manager,
        rules,
        json!({"name": "DACH by territory",
        "conditions": {"territory_ids": [id(&dach)]}, "assign_to": "territory"}),
    )
    .await;
    let everyone = created(
        &app,
        &manager,
        rules,
        json!({"name": "Everything else",
        "assign_to": "team", "team_id": team}),
    )
    .await;
    assert_eq!(
        [&partners, &territory, &everyone].map(|r| r["position"].clone()),
        [json!(0), json!(1), json!(2)]
    );

    // The first matching rule wins; the team takes turns.
    let lead = |extra: Value| {
        let mut body = json!({"last_name": "Lead"});
        if let (Some(b), Some(e)) = (body.as_object_mut(), extra.as_object()) {
            b.extend(e.clone());
        }
        body
    };
    let partner_de = lead(json!({"source": "partner", "address": {"country": "DE"}}));
    assert_eq!(
        owner_of_new_lead(&app, &sales, partner_de).await,
        json!(dora)
    );
    let swiss = lead(json!({"address": {"country": "CH"}}));
    assert_eq!(owner_of_new_lead(&app, &sales, swiss).await, json!(cid));
    let mut turns = Vec::new();
    for _ in 0..4 {
        turns.push(owner_of_new_lead(&app, &sales, lead(json!({"source": "web"}))).await);
    }
    let first = turns[0].clone();
    let other = if first == json!(ann) {
        json!(bob)
    } else {
        json!(ann)
    };
    assert_eq!(turns, [first.clone(), other.clone(), first, other]);
    // An owner named by the caller stays.
    let named = lead(json!({"owner_id": dora, "source": "partner"}));
    assert_eq!(owner_of_new_lead(&app, &sales, named).await, json!(dora));

    // Moved first, the team rule takes everything; inactive, the rule is skipped.
    let everyone_path = format!("{rules}/{}", id(&everyone));
    let moved = expect_status(
        app.patch(&everyone_path, &manager, None, &json!({"position": 0}))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(moved["position"], 0);
    let listed = expect_status(app.get(rules, &sales).await, StatusCode::OK).await;
    let order: Vec<Value> = listed["items"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|r| r["name"].clone())
        .collect();
    assert_eq!(
        order,
        [
            json!("Everything else"),
            json!("Partners"),
            json!("DACH by territory")
        ]
    );
    let owner = owner_of_new_lead(&app, &sales, lead(json!({"source": "partner"}))).await;
    assert!(owner == json!(ann) || owner == json!(bob), "{owner}");
    expect_status(
        app.patch(&everyone_path, &manager, None, &json!({"active": false}))
            .await,
        StatusCode::OK,
    )
    .await;

    // Nobody in the territory may take leads: on to the next rule, then the default owner.
    let cid_path = format!("/api/v1/users/{cid}");
    expect_status(
        app.patch(&cid_path, &admin, None, &json!({"active": false}))
            .await,
        StatusCode::OK,
    )
    .await;
    let org = expect_status(
        app.patch(
            "/api/v1/organization",
            &admin,
            None,
            &json!({"default_lead_owner_id": bob}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(org["default_lead_owner_id"], json!(bob));
    let austrian = lead(json!({"address": {"country": "AT"}}));
    assert_eq!(owner_of_new_lead(&app, &sales, austrian).await, json!(bob));

    // A capture form's lead goes through the rules; the form's owner is the fallback before
    // the default owner.
    let form = created(&app, &admin, "/api/v1/lead-forms", json!({"name": "Site",
        "source": "partner", "owner_id": ann, "fields": [{"field": "email", "required": true}, {"field": "country"}]})).await;
    let submission = form["submission_path"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    for (email, country) in [("de@partner.example", "DE"), ("fr@partner.example", "FR")] {
        let answer = app
            .request(Method::POST, &submission, None)
            .json(&json!({"email": email, "country": country}))
            .send()
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        expect_status(answer, StatusCode::CREATED).await;
    }
    let partners_path = format!("{rules}/{}", id(&partners));
    expect_status(
        app.delete(&partners_path, &manager, None).await,
        StatusCode::NO_CONTENT,
    )
    .await;
    let answer = app
        .request(Method::POST, &submission, None)
        .json(&json!({"email": "nl@partner.example", "country": "NL"}))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    expect_status(answer, StatusCode::CREATED).await;
    for (email, owner) in [
        ("de@partner.example", &dora),
        ("fr@partner.example", &dora),
        ("nl@partner.example", &ann),
    ] {
        let found = expect_status(
            app.get(&format!("/api/v1/leads?email={email}"), &sales)
                .await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(found["items"][0]["owner_id"], json!(owner), "{email}");
    }
    let restored = expect_status(
        app.post(&format!("{partners_path}/restore"), &manager, &json!({}))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(restored["position"], 2, "a restored rule comes last");

    // Bad rules are refused whole; a team a rule names stays.
    let bad = expect_status(
        app.post(
            rules,
            &manager,
            &json!({"name": "Bad", "assign_to": "user", "team_id": team,
            "conditions": {"sources": ["fax"], "company_sizes": ["1-10"]}}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    let codes: Vec<&str> = bad["errors"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| e["code"].as_str())
        .collect();
    assert_eq!(
        codes,
        ["invalid_source", "not_allowed", "required"],
        "{bad}"
    );
    let missing_team = app
        .post(rules, &manager, &json!({"name": "Ghost", "assign_to": "team", "team_id": "team_01jd8x3k5v6w7y8z9a0b1c2d3e"}))
        .await;
    expect_status(missing_team, StatusCode::UNPROCESSABLE_ENTITY).await;
    let kept = app
        .delete(&format!("/api/v1/teams/{team}"), &admin, None)
        .await;
    assert_eq!(
        problem_code(kept, StatusCode::CONFLICT).await,
        "team_in_assignment_rule"
    );
    assert_eq!(count(&app, "SELECT count(*) AS n FROM assignment_rules"), 3);
    let forbidden = app
        .post(
            rules,
            &sales,
            &json!({"name": "Mine", "assign_to": "territory"}),
        )
        .await;
    assert_eq!(forbidden.status(), StatusCode::FORBIDDEN);
});

/// Two server processes creating leads at once through one team rule: every lead is
/// assigned, and the turns stay even (each member within one lead of the others).
#[actix_web::test]
async fn team_turns_hold_across_two_processes() {
    let app = spawn(Backend::Postgres).await;
    let admin = app.token(&app.a, Role::Admin);
    let team = id(&created(&app, &admin, "/api/v1/teams", json!({"name": "Rush"})).await);
    let mut members = Vec::new();
    for name in ["r1", "r2", "r3"] {
        members.push(seller(&app, &admin, name, &[&team]).await);
    }
    created(
        &app,
        &admin,
        "/api/v1/assignment-rules",
        json!({"name": "All to Rush", "assign_to": "team", "team_id": team}),
    )
    .await;
    let url = app.state.settings.database_url.clone();
    let secret = app.state.settings.jwt_secret.clone();
    let ports = [free_port(), free_port()];
    let mut processes: Vec<_> = ports
        .iter()
        .map(|p| server_process(&url, *p, &secret))
        .collect();
    let client = reqwest::Client::new();
    let bases: Vec<String> = ports
        .iter()
        .map(|p| format!("http://127.0.0.1:{p}"))
        .collect();
    for base in &bases {
        until_up(&client, base).await;
    }
    let token = app.token(&app.a, Role::Sales);
    let requests = (0..90).map(|i| {
        client
            .post(format!("{}/api/v1/leads", bases[i % 2]))
            .bearer_auth(&token)
            .json(&json!({"last_name": format!("Rush {i}")}))
            .send()
    });
    let handles: Vec<_> = requests.map(actix_web::rt::spawn).collect();
    for handle in handles {
        let answer = handle.await.unwrap_or_else(|e| panic!("{e}"));
        let answer = answer.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(answer.status(), StatusCode::CREATED);
    }
    for process in &mut processes {
        process.kill().unwrap_or_else(|e| panic!("{e}"));
        process.wait().unwrap_or_else(|e| panic!("{e}"));
    }
    let held: Vec<i64> = members
        .iter()
        .map(|m| {
            let hex: String = domain::UserId::parse("", m)
                .map(|u| u.as_bytes().iter().map(|b| format!("{b:02x}")).collect())
                .unwrap_or_default();
            count(
                &app,
                &format!("SELECT count(*) AS n FROM leads WHERE owner_id = decode('{hex}', 'hex')"),
            )
        })
        .collect();
    assert_eq!(held, [30, 30, 30]);
    let turns = count(&app, "SELECT max(last_turn) AS n FROM lead_turns");
    assert_eq!(turns, 90, "one turn per lead, none skipped or repeated");
}
