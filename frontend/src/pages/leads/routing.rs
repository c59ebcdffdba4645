//! Lead routing and scoring (admins and managers; others read): the assignment rules in the
//! order they are tried, the scoring rules, and the territories, each with a short form to
//! add one.

use api_types::assignment::{
    AssignmentRule, CreateAssignmentRule, RuleConditions, UpdateAssignmentRule,
};
use api_types::scoring::{CreateScoringRule, ScoringRule, UpdateScoringRule};
use api_types::territories::{CreateTerritory, Territory};
use api_types::users::{Team, User};
use api_types::ListQuery;
use leptos::prelude::*;
use leptos_router::components::A;

use super::{SIZES, SOURCES};
use crate::api::{self, users, ApiError, Resource, Session};
use crate::components::shell::set_crumbs;
use crate::components::status::{ErrorNote, Loading};
use crate::pages::accounts::label_of;

/// Everything the page shows.
#[derive(Clone)]
struct Setup {
    rules: Vec<AssignmentRule>,
    scoring: Vec<ScoringRule>,
    territories: Vec<Territory>,
    people: Vec<User>,
    teams: Vec<Team>,
}

async fn load(session: Session) -> Result<Setup, ApiError> {
    let all = ListQuery {
        limit: Some(100),
        ..ListQuery::default()
    };
    let (rules, scoring, territories) = futures::join!(
        api::list::<AssignmentRule>(&session, &all, &()),
        api::list::<ScoringRule>(&session, &all, &()),
        api::list::<Territory>(&session, &all, &()),
    );
    let (people, teams) = futures::join!(users::directory(&session), users::teams(&session));
    Ok(Setup {
        rules: rules?.items,
        scoring: scoring?.items,
        territories: territories?.items,
        people: people?,
        teams: teams?,
    })
}

/// A comma-separated list, each part trimmed, blanks left out.
fn list_of(text: &str) -> Vec<String> {
    text.split(',')
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect()
}

/// `text` with its first letter in upper case.
fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The first problem of a refused request, in a sentence.
fn problem_of(error: &ApiError) -> String {
    error
        .field_errors()
        .first()
        .map(|(pointer, detail)| {
            let field = pointer.trim_start_matches('/').replace(['/', '_'], " ");
            api::field_sentence(&capitalized(&field), detail)
        })
        .unwrap_or_else(|| error.message())
}

/// Creates a record of `R` from what a short form gathered: on success `done` clears the
/// form and the page reloads; otherwise `problem` says what is wrong.
fn adder<R: Resource>(
    reload: Callback<()>,
    problem: RwSignal<Option<String>>,
    done: impl Fn() + Copy + 'static,
) -> Action<R::Create, ()> {
    let session = expect_context::<Session>();
    Action::new_local(move |body: &R::Create| {
        let body = body.clone();
        async move {
            match api::create::<R>(&session, &body).await {
                Ok(_) => {
                    done();
                    problem.set(None);
                    reload.try_run(());
                }
                Err(error) => problem.set(Some(problem_of(&error))),
            }
        }
    })
}

/// What changing one row does.
#[derive(Clone)]
enum Change {
    Rule(AssignmentRule, UpdateAssignmentRule),
    Scoring(ScoringRule, UpdateScoringRule),
    DeleteRule(AssignmentRule),
    DeleteScoring(ScoringRule),
    DeleteTerritory(Territory),
}

async fn apply(session: Session, change: Change) -> Result<(), ApiError> {
    let etag = |version: i64| format!("\"{version}\"");
    match change {
        Change::Rule(r, body) => {
            api::update::<AssignmentRule>(&session, &r.id, &etag(r.version), &body)
                .await
                .map(|_| ())
        }
        Change::Scoring(r, body) => {
            api::update::<ScoringRule>(&session, &r.id, &etag(r.version), &body)
                .await
                .map(|_| ())
        }
        Change::DeleteRule(r) => {
            api::delete::<AssignmentRule>(&session, &r.id, &etag(r.version)).await
        }
        Change::DeleteScoring(r) => {
            api::delete::<ScoringRule>(&session, &r.id, &etag(r.version)).await
        }
        Change::DeleteTerritory(t) => {
            api::delete::<Territory>(&session, &t.id, &etag(t.version)).await
        }
    }
}

/// Runs row changes, then reloads; the page shows what went wrong.
#[derive(Clone, Copy)]
struct Changes {
    run: Callback<Change>,
    busy: Memo<bool>,
    can: bool,
}

/// The page.
#[component]
pub fn LeadRouting() -> impl IntoView {
    set_crumbs(vec![
        ("Leads".into(), Some("/leads".into())),
        ("Routing and scoring".into(), None),
    ]);
    let session = expect_context::<Session>();
    let setup = LocalResource::new(move || load(session));
    let reload = Callback::new(move |()| setup.refetch());
    let failure = RwSignal::new(None::<ApiError>);
    let change = Action::new_local(move |change: &Change| {
        let change = change.clone();
        async move {
            match apply(session, change).await {
                Ok(()) => failure.set(None),
                Err(error) => failure.set(Some(error)),
            }
            setup.refetch();
        }
    });
    provide_context(Changes {
        run: Callback::new(move |c| {
            change.dispatch(c);
        }),
        busy: change.pending(),
        can: session.can(domain::Permission::ManageSales),
    });
    view! {
        <section class="page">
            <div class="page-head">
                <h1>"Lead routing and scoring"</h1>
            </div>
            <p class="muted">
                "New leads without an owner go through the assignment rules from the top; the first that matches and finds someone wins. When none does, the capture form's owner or the "
                <A href="/settings">"default lead owner"</A>" gets the lead. Scores add up the scoring rules' points."
            </p>
            {move || failure.get().map(|error| view! { <ErrorNote error/> })}
            <p class="visually-hidden" role="status" aria-live="polite">{move || change.pending().get().then_some("Saving…")}</p>
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match setup.await {
                        Err(error) => view! { <ErrorNote error retry=Some(reload)/> }.into_any(),
                        Ok(s) => view! {
                            <AssignmentRules setup=s.clone() reload/>
                            <ScoringRules rules=s.scoring.clone() reload/>
                            <Territories setup=s reload/>
                        }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// A select of dynamic options, "" for none.
#[component]
fn Pick(
    id: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    options: Vec<(String, String)>,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <select id=id on:change=move |ev| value.set(event_target_value(&ev)) prop:value=move || value.get()>
                {options.into_iter().map(|(v, l)| view! { <option value=v>{l}</option> }).collect_view()}
            </select>
        </div>
    }
}

/// A text input.
#[component]
fn Text(
    id: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    #[prop(optional)] hint: &'static str,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <input id=id type="text" placeholder=hint prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/>
        </div>
    }
}

fn static_options(none: &str, list: &[(&str, &str)]) -> Vec<(String, String)> {
    std::iter::once((String::new(), none.to_owned()))
        .chain(list.iter().map(|(v, l)| ((*v).to_owned(), (*l).to_owned())))
        .collect()
}

fn conditions_text(c: &RuleConditions, territories: &[Territory]) -> String {
    let mut parts = Vec::new();
    if !c.sources.is_empty() {
        let named: Vec<String> = c.sources.iter().map(|s| label_of(&SOURCES, s)).collect();
        parts.push(format!("source {}", named.join(" or ")));
    }
    if !c.countries.is_empty() {
        parts.push(format!("country {}", c.countries.join(" or ")));
    }
    if !c.industries.is_empty() {
        parts.push(format!("industry {}", c.industries.join(" or ")));
    }
    if !c.company_sizes.is_empty() {
        parts.push(format!("size {}", c.company_sizes.join(" or ")));
    }
    if !c.territory_ids.is_empty() {
        let named: Vec<String> = c
            .territory_ids
            .iter()
            .map(|id| {
                territories
                    .iter()
                    .find(|t| t.id == *id)
                    .map_or_else(|| "a territory".to_owned(), |t| t.name.clone())
            })
            .collect();
        parts.push(format!("in {}", named.join(" or ")));
    }
    if parts.is_empty() {
        "Every lead".into()
    } else {
        capitalized(&parts.join(", "))
    }
}

fn target_text(rule: &AssignmentRule, s: &Setup) -> String {
    match rule.assign_to.as_str() {
        "user" => rule
            .user_id
            .as_deref()
            .map_or_else(String::new, |u| users::name_of(&s.people, u)),
        "team" => {
            let team = s
                .teams
                .iter()
                .find(|t| Some(&t.id) == rule.team_id.as_ref());
            format!("{}, in turn", team.map_or("a team", |t| t.name.as_str()))
        }
        _ => "The territory's owners, in turn".into(),
    }
}

#[component]
fn AssignmentRules(setup: Setup, reload: Callback<()>) -> impl IntoView {
    let changes = expect_context::<Changes>();
    let count = setup.rules.len();
    let rows = setup.rules.clone().into_iter().enumerate().map(|(i, rule)| {
        let (up, down, toggle, gone) = (rule.clone(), rule.clone(), rule.clone(), rule.clone());
        let position = rule.position;
        let active = rule.active;
        view! {
            <tr class:muted=!active>
                <td data-label="Order">{i + 1}</td>
                <td class="primary-cell">{rule.name.clone()}</td>
                <td data-label="When">{conditions_text(&rule.conditions, &setup.territories)}</td>
                <td data-label="Assigns to">{target_text(&rule, &setup)}</td>
                <td data-label="Active">{if active { "Yes" } else { "No" }}</td>
                {changes.can.then(|| view! {
                    <td class="row-actions">
                        <button type="button" class="link-button" disabled=move || i == 0 || changes.busy.get()
                            aria-label=format!("Move {} up", up.name)
                            on:click=move |_| changes.run.run(Change::Rule(up.clone(), UpdateAssignmentRule { position: Some(position - 1), ..Default::default() }))>"Up"</button>
                        <button type="button" class="link-button" disabled=move || i + 1 == count || changes.busy.get()
                            aria-label=format!("Move {} down", down.name)
                            on:click=move |_| changes.run.run(Change::Rule(down.clone(), UpdateAssignmentRule { position: Some(position + 1), ..Default::default() }))>"Down"</button>
                        <button type="button" class="link-button" disabled=move || changes.busy.get()
                            on:click=move |_| changes.run.run(Change::Rule(toggle.clone(), UpdateAssignmentRule { active: Some(!active), ..Default::default() }))>
                            {if active { "Pause" } else { "Resume" }}</button>
                        <button type="button" class="link-button danger" disabled=move || changes.busy.get()
                            aria-label=format!("Delete {}", gone.name)
                            on:click=move |_| changes.run.run(Change::DeleteRule(gone.clone()))>"Delete"</button>
                    </td>
                })}
            </tr>
        }
    }).collect_view();
    view! {
        <section class="card routing-section" aria-labelledby="assignment-heading">
            <h2 id="assignment-heading">"Assignment rules"</h2>
            {if count == 0 {
                view! { <p class="muted">"No assignment rules yet: new leads go to the default owner, or stay with whoever creates them."</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap">
                        <table class="records" aria-label="Assignment rules in the order they are tried">
                            <thead><tr>
                                <th scope="col">"Order"</th><th scope="col">"Name"</th><th scope="col">"When"</th>
                                <th scope="col">"Assigns to"</th><th scope="col">"Active"</th>
                                {changes.can.then(|| view! { <th scope="col"><span class="visually-hidden">"Actions"</span></th> })}
                            </tr></thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                }.into_any()
            }}
            {changes.can.then(|| view! { <NewAssignmentRule setup reload/> })}
        </section>
    }
}

#[component]
fn NewAssignmentRule(setup: Setup, reload: Callback<()>) -> impl IntoView {
    let (name, kind, user, team, source, countries, territory) = (
        RwSignal::new(String::new()),
        RwSignal::new("team".to_owned()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let problem = RwSignal::new(None::<String>);
    let add = adder::<AssignmentRule>(reload, problem, move || {
        name.set(String::new());
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let kind = kind.get_untracked();
        let pick = |v: RwSignal<String>| Some(v.get_untracked()).filter(|v| !v.is_empty());
        add.dispatch(CreateAssignmentRule {
            name: name.get_untracked(),
            conditions: RuleConditions {
                sources: pick(source).into_iter().collect(),
                countries: list_of(&countries.get_untracked()),
                territory_ids: pick(territory).into_iter().collect(),
                ..RuleConditions::default()
            },
            user_id: (kind == "user").then(|| user.get_untracked()),
            team_id: (kind == "team").then(|| team.get_untracked()),
            assign_to: kind,
            ..CreateAssignmentRule::default()
        });
    };
    let people: Vec<(String, String)> =
        std::iter::once((String::new(), "Choose someone".to_owned()))
            .chain(
                setup
                    .people
                    .iter()
                    .filter(|u| u.active)
                    .map(|u| (u.id.clone(), u.name.clone())),
            )
            .collect();
    let teams: Vec<(String, String)> = std::iter::once((String::new(), "Choose a team".to_owned()))
        .chain(setup.teams.iter().map(|t| (t.id.clone(), t.name.clone())))
        .collect();
    let territories: Vec<(String, String)> = std::iter::once((String::new(), "Any".to_owned()))
        .chain(
            setup
                .territories
                .iter()
                .map(|t| (t.id.clone(), t.name.clone())),
        )
        .collect();
    let kinds = static_options(
        "",
        &[
            ("team", "A team, in turn"),
            ("user", "One person"),
            ("territory", "The territory's owners"),
        ],
    );
    view! {
        <form class="inline-add" on:submit=on_submit aria-label="New assignment rule">
            <Text id="rule-name" label="New rule" value=name hint="Name"/>
            <Pick id="rule-source" label="Source" value=source options=static_options("Any", &SOURCES)/>
            <Text id="rule-countries" label="Countries" value=countries hint="DE, AT"/>
            <Pick id="rule-territory" label="Territory" value=territory options=territories/>
            <Pick id="rule-kind" label="Assign to" value=kind options=kinds.into_iter().skip(1).collect()/>
            <Show when=move || kind.get() == "user">
                <Pick id="rule-user" label="Person" value=user options=people.clone()/>
            </Show>
            <Show when=move || kind.get() == "team">
                <Pick id="rule-team" label="Team" value=team options=teams.clone()/>
            </Show>
            <div class="form-actions"><button type="submit" class="button" disabled=move || add.pending().get()>"Add rule"</button></div>
        </form>
        {move || problem.get().map(|p| view! { <p class="error" role="alert">{p}</p> })}
    }
}

fn criterion_text(rule: &ScoringRule) -> String {
    let label = |field: &str| {
        SCORE_FIELDS
            .iter()
            .find(|(v, _)| *v == field)
            .map_or(field.to_owned(), |(_, l)| (*l).to_owned())
    };
    match (&rule.field, &rule.event) {
        (Some(field), _) if rule.values.is_empty() => label(field),
        (Some(field), _) => format!("{} {}", label(field), rule.values.join(" or ")),
        (None, Some(event)) => {
            let fading = rule
                .half_life_days
                .map(|d| format!(", halving every {d} days"))
                .unwrap_or_default();
            format!("Each {}{fading}", event.replace('_', " "))
        }
        (None, None) => String::new(),
    }
}

#[component]
fn ScoringRules(rules: Vec<ScoringRule>, reload: Callback<()>) -> impl IntoView {
    let changes = expect_context::<Changes>();
    let empty = rules.is_empty();
    let rows = rules.into_iter().map(|rule| {
        let (toggle, gone) = (rule.clone(), rule.clone());
        let active = rule.active;
        let points = if rule.points > 0 { format!("+{}", rule.points) } else { rule.points.to_string() };
        view! {
            <tr class:muted=!active>
                <td class="primary-cell">{rule.name.clone()}</td>
                <td data-label="Gives points for">{criterion_text(&rule)}</td>
                <td data-label="Points" class="number">{points}</td>
                <td data-label="Active">{if active { "Yes" } else { "No" }}</td>
                {changes.can.then(|| view! {
                    <td class="row-actions">
                        <button type="button" class="link-button" disabled=move || changes.busy.get()
                            on:click=move |_| changes.run.run(Change::Scoring(toggle.clone(), UpdateScoringRule { active: Some(!active), ..Default::default() }))>
                            {if active { "Pause" } else { "Resume" }}</button>
                        <button type="button" class="link-button danger" disabled=move || changes.busy.get()
                            aria-label=format!("Delete {}", gone.name)
                            on:click=move |_| changes.run.run(Change::DeleteScoring(gone.clone()))>"Delete"</button>
                    </td>
                })}
            </tr>
        }
    }).collect_view();
    view! {
        <section class="card routing-section" aria-labelledby="scoring-heading">
            <h2 id="scoring-heading">"Scoring rules"</h2>
            {if empty {
                view! { <p class="muted">"No scoring rules yet: every lead scores 0."</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap">
                        <table class="records" aria-label="Scoring rules">
                            <thead><tr>
                                <th scope="col">"Name"</th><th scope="col">"Gives points for"</th>
                                <th scope="col">"Points"</th><th scope="col">"Active"</th>
                                {changes.can.then(|| view! { <th scope="col"><span class="visually-hidden">"Actions"</span></th> })}
                            </tr></thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                }.into_any()
            }}
            {changes.can.then(|| view! { <NewScoringRule reload/> })}
        </section>
    }
}

const SCORE_FIELDS: [(&str, &str); 9] = [
    ("title", "Title has the word"),
    ("company_size", "Company size is"),
    ("industry", "Industry is"),
    ("country", "Country is"),
    ("source", "Source is"),
    ("campaign", "Campaign is"),
    ("tag", "Tagged"),
    ("business_email", "Has a company email"),
    ("phone", "Has a phone number"),
];

const SCORE_EVENTS: [(&str, &str); 2] = [
    ("note", "Each note"),
    ("form_submission", "Came through a form"),
];

#[component]
fn NewScoringRule(reload: Callback<()>) -> impl IntoView {
    let (name, what, values, half_life, points) = (
        RwSignal::new(String::new()),
        RwSignal::new("title".to_owned()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new("10".to_owned()),
    );
    let problem = RwSignal::new(None::<String>);
    let add = adder::<ScoringRule>(reload, problem, move || {
        name.set(String::new());
        values.set(String::new());
    });
    let is_event = move || SCORE_EVENTS.iter().any(|(v, _)| *v == what.get());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(points) = points.get_untracked().trim().parse::<i64>() else {
            problem.set(Some(
                "Points must be a whole number, such as 10 or -5.".into(),
            ));
            return;
        };
        let half_life = half_life.get_untracked().trim().to_owned();
        let half_life_days = match half_life.parse::<i64>() {
            Ok(days) => Some(days),
            Err(_) if half_life.is_empty() => None,
            Err(_) => {
                problem.set(Some("The half-life must be a whole number of days.".into()));
                return;
            }
        };
        let what = what.get_untracked();
        let event = SCORE_EVENTS.iter().any(|(v, _)| *v == what);
        add.dispatch(CreateScoringRule {
            name: name.get_untracked(),
            active: None,
            values: if event {
                Vec::new()
            } else {
                list_of(&values.get_untracked())
            },
            half_life_days: if event { half_life_days } else { None },
            field: (!event).then(|| what.clone()),
            event: event.then_some(what),
            points,
        });
    };
    let options: Vec<(String, String)> = SCORE_FIELDS
        .iter()
        .chain(SCORE_EVENTS.iter())
        .map(|(v, l)| ((*v).to_owned(), (*l).to_owned()))
        .collect();
    view! {
        <form class="inline-add" on:submit=on_submit aria-label="New scoring rule">
            <Text id="score-name" label="New scoring rule" value=name hint="Name"/>
            <Pick id="score-what" label="Gives points for" value=what options/>
            <Show when=move || !is_event() && !matches!(what.get().as_str(), "business_email" | "phone")
                fallback=move || view! {
                    <Show when=is_event><Text id="score-half-life" label="Halves every (days)" value=half_life hint="30"/></Show>
                }>
                <Text id="score-values" label="Values" value=values hint="vp, director"/>
            </Show>
            <Text id="score-points" label="Points" value=points/>
            <div class="form-actions"><button type="submit" class="button" disabled=move || add.pending().get()>"Add scoring rule"</button></div>
        </form>
        {move || problem.get().map(|p| view! { <p class="error" role="alert">{p}</p> })}
    }
}

/// The territories in tree order: each followed by those under it, with its depth.
fn tree(territories: &[Territory]) -> Vec<(usize, Territory)> {
    fn below(
        all: &[Territory],
        parent: Option<&str>,
        depth: usize,
        out: &mut Vec<(usize, Territory)>,
    ) {
        if depth > 8 {
            return;
        }
        for t in all.iter().filter(|t| t.parent_id.as_deref() == parent) {
            out.push((depth, t.clone()));
            below(all, Some(&t.id), depth + 1, out);
        }
    }
    let mut out = Vec::new();
    below(territories, None, 0, &mut out);
    out
}

fn territory_rules(t: &Territory) -> String {
    let mut parts = Vec::new();
    for (what, list) in [
        ("country", &t.countries),
        ("region", &t.regions),
        ("industry", &t.industries),
    ] {
        if !list.is_empty() {
            parts.push(format!("{what} {}", list.join(" or ")));
        }
    }
    if !t.company_sizes.is_empty() {
        let named: Vec<String> = t
            .company_sizes
            .iter()
            .map(|s| label_of(&SIZES, s))
            .collect();
        parts.push(format!("size {}", named.join(" or ")));
    }
    if parts.is_empty() {
        "Everything its parent takes".into()
    } else {
        capitalized(&parts.join(", "))
    }
}

#[component]
fn Territories(setup: Setup, reload: Callback<()>) -> impl IntoView {
    let changes = expect_context::<Changes>();
    let empty = setup.territories.is_empty();
    let rows = tree(&setup.territories).into_iter().map(|(depth, t)| {
        let gone = t.clone();
        let owners: Vec<String> = t.owner_ids.iter().map(|u| users::name_of(&setup.people, u)).collect();
        let indent = "— ".repeat(depth);
        view! {
            <tr>
                <td class="primary-cell"><span class="tree-indent" aria-hidden="true">{indent}</span>{t.name.clone()}</td>
                <td data-label="Takes">{territory_rules(&t)}</td>
                <td data-label="Owners">{if owners.is_empty() { "Nobody".to_owned() } else { owners.join(", ") }}</td>
                {changes.can.then(|| view! {
                    <td class="row-actions">
                        <button type="button" class="link-button danger" disabled=move || changes.busy.get()
                            aria-label=format!("Delete {}", gone.name)
                            on:click=move |_| changes.run.run(Change::DeleteTerritory(gone.clone()))>"Delete"</button>
                    </td>
                })}
            </tr>
        }
    }).collect_view();
    view! {
        <section class="card routing-section" aria-labelledby="territories-heading">
            <h2 id="territories-heading">"Territories"</h2>
            <p class="muted">"An account belongs to the deepest territory whose rules, and its parents' rules, it meets; accounts are placed again when territories change."</p>
            {if empty {
                view! { <p class="muted">"No territories yet."</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap">
                        <table class="records" aria-label="Territories">
                            <thead><tr>
                                <th scope="col">"Name"</th><th scope="col">"Takes"</th><th scope="col">"Owners"</th>
                                {changes.can.then(|| view! { <th scope="col"><span class="visually-hidden">"Actions"</span></th> })}
                            </tr></thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                }.into_any()
            }}
            {changes.can.then(|| view! { <NewTerritory setup reload/> })}
        </section>
    }
}

#[component]
fn NewTerritory(setup: Setup, reload: Callback<()>) -> impl IntoView {
    let (name, parent, countries, size, owner) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let problem = RwSignal::new(None::<String>);
    let add = adder::<Territory>(reload, problem, move || {
        name.set(String::new());
        countries.set(String::new());
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let pick = |v: RwSignal<String>| Some(v.get_untracked()).filter(|v| !v.is_empty());
        add.dispatch(CreateTerritory {
            name: name.get_untracked(),
            parent_id: pick(parent),
            countries: list_of(&countries.get_untracked()),
            company_sizes: pick(size).into_iter().collect(),
            owner_ids: pick(owner).into_iter().collect(),
            ..CreateTerritory::default()
        });
    };
    let parents: Vec<(String, String)> =
        std::iter::once((String::new(), "None (top level)".to_owned()))
            .chain(
                tree(&setup.territories)
                    .into_iter()
                    .map(|(depth, t)| (t.id.clone(), format!("{}{}", "— ".repeat(depth), t.name))),
            )
            .collect();
    let people: Vec<(String, String)> = std::iter::once((String::new(), "Nobody".to_owned()))
        .chain(
            setup
                .people
                .iter()
                .filter(|u| u.active)
                .map(|u| (u.id.clone(), u.name.clone())),
        )
        .collect();
    view! {
        <form class="inline-add" on:submit=on_submit aria-label="New territory">
            <Text id="territory-name" label="New territory" value=name hint="Name"/>
            <Pick id="territory-parent" label="Under" value=parent options=parents/>
            <Text id="territory-countries" label="Countries" value=countries hint="DE, AT, CH"/>
            <Pick id="territory-size" label="Company size" value=size options=static_options("Any", &SIZES)/>
            <Pick id="territory-owner" label="Owner" value=owner options=people/>
            <div class="form-actions"><button type="submit" class="button" disabled=move || add.pending().get()>"Add territory"</button></div>
        </form>
        {move || problem.get().map(|p| view! { <p class="error" role="alert">{p}</p> })}
    }
}
