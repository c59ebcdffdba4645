//! Routing: which agent of a team's queue receives a ticket.
//!
//! A team routes by hand, in turn (round-robin), to whoever holds the fewest open tickets
//! (load-balanced), or to the least loaded agent holding every skill the ticket needs. Only
//! available agents below their capacity receive tickets; when nobody can, the ticket waits in
//! the queue. Ties go to whoever waited longest since their last ticket, then by id, so the
//! choice is the same in every process.

use crate::account::string_enum;
use crate::id::UserId;
use crate::ticket::Status;
use crate::validation::FieldError;

/// How a team hands out its tickets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    /// Agents take tickets themselves.
    Manual,
    /// In turn.
    RoundRobin,
    /// To whoever holds the fewest open tickets.
    LoadBalanced,
    /// To the least loaded agent with the skills the ticket needs.
    Skills,
}

string_enum!(Mode, "invalid_routing_mode", "must be one of manual, round_robin, load_balanced, skills", {
    Mode::Manual => "manual",
    Mode::RoundRobin => "round_robin",
    Mode::LoadBalanced => "load_balanced",
    Mode::Skills => "skills",
});

/// Whether an agent takes tickets now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Availability {
    /// Takes tickets.
    Available,
    /// Signed in but not taking tickets.
    Away,
    /// Gone.
    Offline,
}

string_enum!(Availability, "invalid_availability", "must be one of available, away, offline", {
    Availability::Available => "available",
    Availability::Away => "away",
    Availability::Offline => "offline",
});

/// Whether a ticket in this status counts towards its assignee's load and waits for one.
pub fn is_open(status: Status) -> bool {
    matches!(
        status,
        Status::New | Status::Open | Status::Pending | Status::OnHold
    )
}

/// The longest skill name.
pub const MAX_SKILL: usize = 50;

/// A skill as stored and compared: trimmed and lower case, 1 to 50 characters.
pub fn skill(pointer: &str, raw: &str) -> Result<String, FieldError> {
    let trimmed = raw.trim();
    if trimmed.is_empty() || trimmed.chars().count() > MAX_SKILL {
        return Err(FieldError::new(
            pointer,
            "invalid_skill",
            "a skill has 1 to 50 characters",
        ));
    }
    // A NUL, for one, is no text to PostgreSQL.
    if trimmed.chars().any(char::is_control) {
        return Err(FieldError::new(
            pointer,
            "invalid_characters",
            "must not contain control characters",
        ));
    }
    Ok(trimmed.to_lowercase())
}

/// The skills a ticket needs: its category, and its language without region or script
/// (`de` for `de-AT`: an agent who reads German takes both), each present.
pub fn needed_skills(category: Option<&str>, language: Option<&str>) -> Vec<String> {
    let language = language.map(|l| l.split('-').next().unwrap_or(l));
    [category, language]
        .into_iter()
        .flatten()
        .map(|s| s.trim().to_lowercase())
        .filter(|s| !s.is_empty())
        .collect()
}

/// An agent of the team as routing sees them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agent {
    /// Who.
    pub user: UserId,
    /// Whether they take tickets now.
    pub availability: Availability,
    /// How many open tickets they may hold; `None` is no limit.
    pub capacity: Option<i64>,
    /// How many open tickets they hold.
    pub open: i64,
    /// The team's routing count at their last ticket from it; 0 when they never had one.
    pub last_turn: i64,
    /// Their skills, as [`skill`] gives them.
    pub skills: Vec<String>,
}

impl Agent {
    /// Available and below capacity.
    pub fn can_take(&self) -> bool {
        self.availability == Availability::Available && self.capacity.is_none_or(|c| self.open < c)
    }

    fn has_all(&self, needed: &[String]) -> bool {
        needed.iter().all(|n| self.skills.contains(n))
    }
}

/// How much of an agent's load choosing in a mode needs to know.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoadNeeded {
    /// None of it: round robin without a capacity, or manual.
    Nothing,
    /// Up to this many open tickets: their capacity, at which they take nothing anyway.
    UpTo(i64),
    /// All of it: the least loaded without a capacity.
    All,
}

/// What [`choose`] in `mode` needs of the load of an agent with `capacity`; it chooses the
/// same with [`Agent::open`] counted only so far (an agent's load may run to thousands of
/// tickets, and a new ticket should not count them).
pub fn load_needed(mode: Mode, capacity: Option<i64>) -> LoadNeeded {
    match (mode, capacity) {
        (Mode::Manual, _) | (Mode::RoundRobin, None) => LoadNeeded::Nothing,
        (_, Some(capacity)) => LoadNeeded::UpTo(capacity.max(0)),
        (Mode::LoadBalanced | Mode::Skills, None) => LoadNeeded::All,
    }
}

/// The agent who receives a ticket needing `needed` skills, or `None` when it waits.
pub fn choose(mode: Mode, agents: &[Agent], needed: &[String]) -> Option<UserId> {
    let eligible = agents.iter().filter(|a| a.can_take());
    match mode {
        Mode::Manual => None,
        Mode::RoundRobin => eligible.min_by_key(|a| (a.last_turn, a.user)),
        Mode::LoadBalanced => eligible.min_by_key(|a| (a.open, a.last_turn, a.user)),
        Mode::Skills => eligible
            .filter(|a| a.has_all(needed))
            .min_by_key(|a| (a.open, a.last_turn, a.user)),
    }
    .map(|a| a.user)
}
