//! Administration of the staff: users (add, role, teams, deactivate) and teams. Admins only;
//! the server checks it again.

use api_types::users::{CreateUser, Team, UpdateUser, User};
use domain::{Email, Role};
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::{users, ApiError, Session};
use crate::components::field::{FieldErrors, SelectField, TextField};
use crate::components::record_form::{record_form, FormValues};
use crate::components::shell::set_crumbs;
use crate::components::status::{ConfirmDialog, ErrorNote, Loading, Toast, Toasts};
use crate::format;

/// The roles, as (value, label).
const ROLES: [(&str, &str); 6] = [
    ("admin", "Admin"),
    ("manager", "Manager"),
    ("sales", "Sales"),
    ("agent", "Agent"),
    ("marketing", "Marketing"),
    ("read_only", "Read only"),
];

/// How a team's queue hands out tickets, as (value, label).
const ROUTING_MODES: [(&str, &str); 4] = [
    ("manual", "Manual"),
    ("round_robin", "Round-robin"),
    ("load_balanced", "Fewest open tickets"),
    ("skills", "By skills"),
];

fn role_label(role: &str) -> &'static str {
    ROLES
        .iter()
        .find(|(v, _)| *v == role)
        .map_or("Unknown role", |(_, l)| l)
}

/// The staff: every user with their role, teams and status, and the teams.
#[component]
pub fn UserList() -> impl IntoView {
    set_crumbs(vec![("Users and teams".into(), None)]);
    let session = expect_context::<Session>();
    let people = LocalResource::new(move || async move {
        users::forget();
        let (people, teams) = futures::join!(users::directory(&session), users::teams(&session));
        Ok::<_, ApiError>((people?, teams?))
    });
    let reload = Callback::new(move |()| people.refetch());
    view! {
        <section class="page">
            <div class="page-head">
                <h1>"Users and teams"</h1>
                <A href="/users/new" attr:class="button primary">"Add user"</A>
            </div>
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match people.await {
                        Err(error) => view! { <ErrorNote error retry=Some(reload)/> }.into_any(),
                        Ok((people, teams)) => view! {
                            <UserTable people=people.clone() teams=teams.clone() reload/>
                            <Teams teams people reload/>
                        }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn UserTable(people: Vec<User>, teams: Vec<Team>, reload: Callback<()>) -> impl IntoView {
    let session = expect_context::<Session>();
    let toasts = expect_context::<Toasts>();
    let me = session
        .me
        .with_untracked(|me| me.as_ref().map(|me| me.id.clone()));
    let failure = RwSignal::new(None::<ApiError>);
    let switch = Action::new_local(move |(user, active): &(User, bool)| {
        let (user, active, toasts) = (user.clone(), *active, toasts.clone());
        async move {
            match users::set_active(&session, &user, active).await {
                Ok(saved) => {
                    failure.set(None);
                    toasts.show(Toast {
                        message: if active {
                            format!("{} can sign in again.", saved.name)
                        } else {
                            format!("{} was deactivated and signed out everywhere.", saved.name)
                        },
                        action: None,
                    });
                    reload.try_run(());
                }
                Err(error) => failure.set(Some(error)),
            }
        }
    });
    let team_names = move |ids: &[String]| {
        ids.iter()
            .filter_map(|id| teams.iter().find(|t| &t.id == id).map(|t| t.name.clone()))
            .collect::<Vec<_>>()
            .join(", ")
    };
    view! {
        {move || failure.get().map(|error| view! { <ErrorNote error/> })}
        <div class="table-wrap">
            <table class="records" aria-label="Users">
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Email"</th>
                        <th scope="col">"Role"</th>
                        <th scope="col">"Teams"</th>
                        <th scope="col">"Routing"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                    </tr>
                </thead>
                <tbody>
                    {people.into_iter().map(|user| {
                        let is_me = me.as_deref() == Some(user.id.as_str());
                        let active = user.active;
                        let shown = user.clone();
                        let name = user.name.clone();
                        let routing = routing_summary(&user);
                        view! {
                            <tr class:inactive=!active>
                                <td class="primary-cell">
                                    <A href=format!("/users/{}/edit", user.id)>{user.name.clone()}</A>
                                    {is_me.then(|| view! { " " <span class="badge">"You"</span> })}
                                </td>
                                <td data-label="Email">{user.email.clone()}</td>
                                <td data-label="Role">{role_label(&user.role)}</td>
                                <td data-label="Teams">{team_names(&user.team_ids)}</td>
                                <td data-label="Routing">{routing}</td>
                                <td data-label="Status">{if active { "Active".to_owned() } else { format!("Deactivated {}", format::date(&user.updated_at)) }}</td>
                                <td>
                                    {(!is_me).then(|| view! {
                                        <button type="button" class="button small"
                                            disabled=move || switch.pending().get()
                                            on:click=move |_| { switch.dispatch((shown.clone(), !active)); }>
                                            {if active { "Deactivate" } else { "Reactivate" }}
                                            <span class="visually-hidden">" "{name}</span>
                                        </button>
                                    })}
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// An agent's availability and capacity, in a few words.
fn routing_summary(user: &User) -> String {
    let availability = match user.availability.as_str() {
        "available" => "Available",
        "away" => "Away",
        _ => "Offline",
    };
    match user.capacity {
        Some(capacity) => format!("{availability}, up to {capacity}"),
        None => availability.to_owned(),
    }
}

/// The teams: their members, a new one, deleting one.
#[component]
fn Teams(teams: Vec<Team>, people: Vec<User>, reload: Callback<()>) -> impl IntoView {
    let session = expect_context::<Session>();
    let name = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let add = Action::new_local(move |team: &String| {
        let team = team.clone();
        async move {
            match users::create_team(&session, &team).await {
                Ok(()) => {
                    name.set(String::new());
                    problem.set(None);
                    reload.try_run(());
                }
                Err(error) => problem.set(Some(
                    error
                        .field_errors()
                        .first()
                        .map(|(_, detail)| crate::api::field_sentence("The name", detail))
                        .unwrap_or_else(|| error.message()),
                )),
            }
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let team = name.get_untracked().trim().to_owned();
        if team.is_empty() {
            problem.set(Some("Give the team a name.".into()));
            return;
        }
        add.dispatch(team);
    };
    view! {
        <section class="card spaced" aria-labelledby="teams-heading">
            <h2 id="teams-heading">"Teams"</h2>
            {if teams.is_empty() {
                view! { <p class="muted">"No teams yet. Teams group users for routing and reports."</p> }.into_any()
            } else {
                view! {
                    <ul class="people">
                        {teams.into_iter().map(|team| view! { <TeamRow team people=people.clone() reload/> }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <form class="inline-form" on:submit=on_submit>
                <div class="field grow">
                    <label for="new-team">"New team"</label>
                    <input id="new-team" type="text" prop:value=move || name.get()
                        aria-invalid=move || if problem.get().is_some() { "true" } else { "false" }
                        on:input=move |ev| name.set(event_target_value(&ev))/>
                </div>
                <button type="submit" class="button" disabled=move || add.pending().get()>"Add team"</button>
            </form>
            {move || problem.get().map(|p| view! { <p class="error" role="alert">{p}</p> })}
        </section>
    }
}

#[component]
fn TeamRow(team: Team, people: Vec<User>, reload: Callback<()>) -> impl IntoView {
    let session = expect_context::<Session>();
    let toasts = expect_context::<Toasts>();
    let shown = RwSignal::new(team.clone());
    let change = Action::new_local(move |(mode, lead): &(String, Option<String>)| {
        let (mode, lead, toasts) = (mode.clone(), lead.clone(), toasts.clone());
        async move {
            match users::change_team(&session, &shown.get_untracked(), &mode, lead).await {
                Ok(saved) => shown.set(saved),
                Err(error) => {
                    let message = if error.is_conflict() {
                        "Someone else changed this team; here it is as it is now.".to_owned()
                    } else {
                        format!("The team was not changed: {}", error.message())
                    };
                    toasts.show(Toast {
                        message,
                        action: None,
                    });
                    reload.try_run(());
                }
            }
        }
    });
    let mode_id = format!("mode-{}", team.id);
    let lead_id = format!("lead-{}", team.id);
    let lead_choices: Vec<(String, String)> = people
        .iter()
        .filter(|u| u.active)
        .map(|u| (u.id.clone(), u.name.clone()))
        .collect();
    let confirming = RwSignal::new(false);
    let id = team.id.clone();
    let remove = Action::new_local(move |()| {
        let id = id.clone();
        async move {
            let done = users::delete_team(&session, &id).await;
            if done.is_ok() {
                reload.try_run(());
            }
            done
        }
    });
    let members = format::counted(team.member_count, "member", "members");
    let lines = vec![format!(
        "Its {members} stay users; they just leave the team. This cannot be undone."
    )];
    view! {
        <li class="team-row">
            <span class="team-name"><strong>{team.name.clone()}</strong>" "<span class="muted">{members}</span></span>
            <span class="team-setting">
                <label for=mode_id.clone()>"Routing"</label>
                <select id=mode_id prop:value=move || shown.with(|t| t.routing_mode.clone())
                    disabled=move || change.pending().get()
                    on:change=move |ev| {
                        let lead = shown.with_untracked(|t| t.lead_id.clone());
                        change.dispatch((event_target_value(&ev), lead));
                    }>
                    {ROUTING_MODES.iter().map(|(value, label)| view! { <option value=*value>{*label}</option> }).collect_view()}
                </select>
            </span>
            <span class="team-setting">
                <label for=lead_id.clone()>"Lead"</label>
                <select id=lead_id prop:value=move || shown.with(|t| t.lead_id.clone().unwrap_or_default())
                    disabled=move || change.pending().get()
                    on:change=move |ev| {
                        let lead = Some(event_target_value(&ev)).filter(|v| !v.is_empty());
                        change.dispatch((shown.with_untracked(|t| t.routing_mode.clone()), lead));
                    }>
                    <option value="">"No lead"</option>
                    {lead_choices.into_iter().map(|(value, label)| view! { <option value=value>{label}</option> }).collect_view()}
                </select>
            </span>
            <button type="button" class="button small danger" on:click=move |_| confirming.set(true)>
                "Delete"<span class="visually-hidden">" "{team.name.clone()}</span>
            </button>
            <ConfirmDialog open=confirming title=format!("Delete the team “{}”?", team.name) lines
                confirm="Delete team" on_confirm=Callback::new(move |()| { remove.dispatch(()); })/>
            {move || remove.value().get().and_then(Result::err).map(|error| view! { <ErrorNote error/> })}
        </li>
    }
}

/// The form's values.
#[derive(Clone, Copy)]
pub struct Values {
    name: RwSignal<String>,
    email: RwSignal<String>,
    role: RwSignal<String>,
    password: RwSignal<String>,
    teams: RwSignal<Vec<String>>,
    /// The most open tickets routing gives them; blank for no limit.
    capacity: RwSignal<String>,
    /// Their skills, separated by commas.
    skills: RwSignal<String>,
    /// Whether a stored user is shown (the email is fixed then, the password optional).
    stored: RwSignal<bool>,
    /// Whether it is the signed-in user (whose password needs their current one).
    is_me: RwSignal<bool>,
    session: Session,
}

impl FormValues<User> for Values {
    fn new(session: Session) -> Self {
        let s = |v: &str| RwSignal::new(v.to_owned());
        Self {
            name: s(""),
            email: s(""),
            role: s("sales"),
            password: s(""),
            teams: RwSignal::new(Vec::new()),
            capacity: s(""),
            skills: s(""),
            stored: RwSignal::new(false),
            is_me: RwSignal::new(false),
            session,
        }
    }

    fn fill(&self, user: &User) {
        self.name.set(user.name.clone());
        self.email.set(user.email.clone());
        self.role.set(user.role.clone());
        self.teams.set(user.team_ids.clone());
        self.capacity
            .set(user.capacity.map(|c| c.to_string()).unwrap_or_default());
        self.skills.set(user.skills.join(", "));
        self.stored.set(true);
        let me = self
            .session
            .me
            .with_untracked(|me| me.as_ref().map(|me| me.id.clone()));
        self.is_me.set(me.as_deref() == Some(user.id.as_str()));
    }

    fn body(&self) -> Result<CreateUser, Vec<(String, String)>> {
        let mut errors = Vec::new();
        let name = self.name.get_untracked().trim().to_owned();
        if let Err(e) = domain::text::required("/name", &name, 200) {
            errors.push((e.pointer, e.detail));
        }
        let stored = self.stored.get_untracked();
        if !stored {
            if let Err(e) = Email::parse("/email", self.email.get_untracked().trim()) {
                errors.push((e.pointer, e.detail));
            }
        }
        let password = self.password.get_untracked();
        if !(stored && password.is_empty()) && password.chars().count() < 12 {
            errors.push(("/password".into(), "must be at least 12 characters".into()));
        }
        if Role::parse("/role", &self.role.get_untracked()).is_err() {
            errors.push(("/role".into(), "must be one of the roles listed".into()));
        }
        let capacity = self.capacity.get_untracked().trim().to_owned();
        let capacity = if capacity.is_empty() {
            None
        } else {
            match capacity.parse::<i64>() {
                Ok(n) if (0..=10_000).contains(&n) => Some(n),
                _ => {
                    errors.push((
                        "/capacity".into(),
                        "must be a whole number from 0 to 10,000, or blank for no limit".into(),
                    ));
                    None
                }
            }
        };
        let skills: Vec<String> = self
            .skills
            .get_untracked()
            .split(',')
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
            .collect();
        for (i, skill) in skills.iter().enumerate() {
            if let Err(e) = domain::routing::skill(&format!("/skills/{i}"), skill) {
                errors.push(("/skills".into(), e.detail));
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(CreateUser {
            email: self.email.get_untracked().trim().to_owned(),
            name,
            role: self.role.get_untracked(),
            password,
            team_ids: self.teams.get_untracked(),
            capacity,
            skills,
        })
    }

    fn update(body: CreateUser) -> UpdateUser {
        UpdateUser {
            name: Some(body.name),
            role: Some(body.role),
            team_ids: Some(body.team_ids),
            capacity: api_types::patch::Patch::set(body.capacity),
            skills: Some(body.skills),
            password: (!body.password.is_empty()).then_some(body.password),
            ..UpdateUser::default()
        }
    }

    fn fields(self, errors: FieldErrors) -> AnyView {
        let v = self;
        let session = v.session;
        let teams = LocalResource::new(move || async move { users::teams(&session).await });
        view! {
            <fieldset>
                <legend>"Person"</legend>
                <TextField label="Name" pointer="/name" value=v.name errors=errors required=true autocomplete="name"/>
                {move || if v.stored.get() {
                    view! { <p class="field"><span class="label">"Email"</span>{v.email.get()}</p> }.into_any()
                } else {
                    view! { <TextField label="Email" pointer="/email" value=v.email errors=errors kind="email" required=true autocomplete="email"/> }.into_any()
                }}
                <SelectField label="Role" pointer="/role" value=v.role errors=errors options=ROLES.to_vec()/>
            </fieldset>
            <fieldset>
                <legend>"Teams"</legend>
                <Suspense fallback=|| view! { <Loading/> }>
                    {move || Suspend::new(async move {
                        let teams = teams.await.unwrap_or_default();
                        if teams.is_empty() {
                            return view! { <p class="muted">"No teams yet; add them on the users page."</p> }.into_any();
                        }
                        teams.into_iter().map(|team| {
                            let id = team.id.clone();
                            let checked = {
                                let id = id.clone();
                                move || v.teams.with(|t| t.contains(&id))
                            };
                            view! {
                                <label class="checkbox">
                                    <input type="checkbox" prop:checked=checked
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            let id = id.clone();
                                            v.teams.update(|t| { t.retain(|x| *x != id); if on { t.push(id); } });
                                        }/>
                                    {team.name}
                                </label>
                            }
                        }).collect_view().into_any()
                    })}
                </Suspense>
            </fieldset>
            <fieldset>
                <legend>"Routing"</legend>
                <TextField label="Capacity" pointer="/capacity" value=v.capacity errors=errors kind="number"
                    hint="The most open tickets their teams' queues give them. Leave blank for no limit."/>
                <TextField label="Skills" pointer="/skills" value=v.skills errors=errors
                    hint="Separated by commas, such as billing, hardware. Skills-based teams give them tickets whose category is one of these."/>
            </fieldset>
            <p class="notice" hidden=move || !v.is_me.get()>
                "Your own password cannot be set here: changing it takes your current one."
            </p>
            <fieldset hidden=move || v.is_me.get()>
                <legend>"Password"</legend>
                <TextField label=if v.stored.get_untracked() { "New password" } else { "Initial password" }
                    pointer="/password" value=v.password errors=errors kind="password" autocomplete="new-password"
                    hint=if v.stored.get_untracked() { "Leave empty to keep the current one. A new one signs the user out everywhere." } else { "At least 12 characters; the user can change it after signing in." }/>
            </fieldset>
        }
        .into_any()
    }
}

/// Adds a user, or (`editing`) changes one.
pub fn user_form(editing: bool) -> impl IntoView {
    users::forget();
    record_form::<User, Values>(editing)
}
