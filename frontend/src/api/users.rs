//! `/api/v1/users`: the staff directory, read once per visit and kept, to show owners and note
//! authors by name and to choose owners.

use std::cell::RefCell;

use api_types::users::{Team, User};
use api_types::{Page, PageQuery};
use leptos::prelude::Update;

use super::{get, query_string, ApiError, Session};

thread_local! {
    static DIRECTORY: RefCell<Option<Vec<User>>> = const { RefCell::new(None) };
}

/// Every staff user of the organization, oldest first.
pub async fn directory(session: &Session) -> Result<Vec<User>, ApiError> {
    if let Some(known) = DIRECTORY.with(|d| d.borrow().clone()) {
        return Ok(known);
    }
    let mut people = Vec::new();
    let mut cursor = None;
    loop {
        let query = PageQuery {
            limit: Some(100),
            cursor,
        };
        let path = format!("/api/v1/users{}", query_string(&query, &()));
        let page: Page<User> = get(session, &path).await?.body;
        people.extend(page.items);
        match page.next_cursor {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    DIRECTORY.with(|d| *d.borrow_mut() = Some(people.clone()));
    Ok(people)
}

/// The name of the user `id` in `people`, or a stand-in for one no longer listed.
pub fn name_of(people: &[User], id: &str) -> String {
    people
        .iter()
        .find(|u| u.id == id)
        .map_or_else(|| "A former colleague".to_owned(), |u| u.name.clone())
}

/// Forgets the directory, after a change to it, so that the next reader loads it again.
pub fn forget() {
    DIRECTORY.with(|d| d.borrow_mut().take());
}

impl super::Resource for User {
    const PATH: &'static str = "users";
    const KIND: &'static str = "user";
    const TITLE: &'static str = "Users";
    const WRITE: domain::Permission = domain::Permission::ManageUsers;
    type Create = api_types::users::CreateUser;
    type Update = api_types::users::UpdateUser;
    type Filters = ();

    fn id(&self) -> &str {
        &self.id
    }

    fn title(&self) -> String {
        self.name.clone()
    }

    /// Users have no trash: they are deactivated instead.
    fn deleted_at(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        None
    }

    /// A user's settings are their form; the list is their page.
    fn page_of(_: &str) -> String {
        "/users".into()
    }
}

/// The organization's teams, by name.
pub async fn teams(session: &Session) -> Result<Vec<Team>, ApiError> {
    let page: Page<Team> = get(session, "/api/v1/teams?limit=100").await?.body;
    Ok(page.items)
}

/// Creates a team.
pub async fn create_team(session: &Session, name: &str) -> Result<(), ApiError> {
    let body = api_types::users::TeamBody {
        name: name.to_owned(),
        routing_mode: None,
        lead_id: api_types::patch::Patch::Absent,
    };
    super::call::<serde_json::Value>(session, "POST", "/api/v1/teams", Some(&body), None).await?;
    Ok(())
}

/// Changes how a team routes and who leads it, if it is still at the version shown.
pub async fn change_team(
    session: &Session,
    team: &Team,
    routing_mode: &str,
    lead_id: Option<String>,
) -> Result<Team, ApiError> {
    let body = api_types::users::TeamBody {
        name: team.name.clone(),
        routing_mode: Some(routing_mode.to_owned()),
        lead_id: api_types::patch::Patch::set(lead_id),
    };
    let path = format!("/api/v1/teams/{}", team.id);
    let etag = format!("\"{}\"", team.version);
    Ok(
        super::call(session, "PATCH", &path, Some(&body), Some(&etag))
            .await?
            .body,
    )
}

/// Sets the signed-in user's availability for routing, and shows it at once.
pub async fn set_availability(session: &Session, availability: &str) -> Result<(), ApiError> {
    let body = api_types::users::AvailabilityBody {
        availability: availability.to_owned(),
    };
    super::call::<serde_json::Value>(session, "PUT", "/api/v1/me/availability", Some(&body), None)
        .await?;
    session.me.update(|me| {
        if let Some(me) = me {
            me.availability = availability.to_owned();
        }
    });
    Ok(())
}

/// Deletes a team (its members stay, without it).
pub async fn delete_team(session: &Session, id: &str) -> Result<(), ApiError> {
    let path = format!("/api/v1/teams/{id}");
    super::call::<serde_json::Value>(session, "DELETE", &path, None::<&()>, None).await?;
    Ok(())
}

/// Activates or deactivates a user, if still at version `etag`.
pub async fn set_active(session: &Session, user: &User, active: bool) -> Result<User, ApiError> {
    let change = api_types::users::UpdateUser {
        active: Some(active),
        ..Default::default()
    };
    let etag = format!("\"{}\"", user.version);
    let saved = super::update::<User>(session, &user.id, &etag, &change).await?;
    forget();
    Ok(saved)
}

/// The directory if it was read already (lists show owners without waiting for it).
pub fn known() -> Vec<User> {
    DIRECTORY.with(|d| d.borrow().clone()).unwrap_or_default()
}
