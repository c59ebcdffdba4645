//! Routing: properties over random queues and histories.

use domain::routing::{
    choose, load_needed, needed_skills, skill, Agent, Availability, LoadNeeded, Mode,
};
use domain::UserId;
use proptest::prelude::*;

/// The `n`th user id (ids only need to differ and to order).
fn user(n: usize) -> UserId {
    UserId::from_bytes(&(n as u128).to_be_bytes()).unwrap_or_else(|| unreachable!())
}

const SKILLS: [&str; 3] = ["billing", "de", "hardware"];

fn availability() -> impl Strategy<Value = Availability> {
    prop_oneof![
        Just(Availability::Available),
        Just(Availability::Away),
        Just(Availability::Offline),
    ]
}

fn agent() -> impl Strategy<Value = Agent> {
    (
        availability(),
        proptest::option::of(0..5_i64),
        0..6_i64,
        0..20_i64,
        proptest::sample::subsequence(SKILLS.to_vec(), 0..=3),
    )
        .prop_map(|(availability, capacity, open, last_turn, skills)| Agent {
            user: user(0),
            availability,
            capacity,
            open,
            last_turn,
            skills: skills.into_iter().map(str::to_owned).collect(),
        })
}

/// Up to `max` agents with ids in random order.
fn agents(max: usize) -> impl Strategy<Value = Vec<Agent>> {
    proptest::collection::vec(agent(), 0..max)
        .prop_flat_map(|agents| {
            let n = agents.len();
            (
                Just(agents),
                Just((0..n).collect::<Vec<_>>()).prop_shuffle(),
            )
        })
        .prop_map(|(mut agents, order)| {
            for (agent, n) in agents.iter_mut().zip(order) {
                agent.user = user(n);
            }
            agents
        })
}

fn mode() -> impl Strategy<Value = Mode> {
    prop_oneof![
        Just(Mode::Manual),
        Just(Mode::RoundRobin),
        Just(Mode::LoadBalanced),
        Just(Mode::Skills),
    ]
}

/// Routes one ticket as the server does: the chosen agent's load grows and their turn is the
/// team's next count.
fn route(mode: Mode, agents: &mut [Agent], needed: &[String], turn: &mut i64) -> Option<UserId> {
    let chosen = choose(mode, agents, needed)?;
    *turn += 1;
    let agent = agents
        .iter_mut()
        .find(|a| a.user == chosen)
        .unwrap_or_else(|| unreachable!());
    agent.open += 1;
    agent.last_turn = *turn;
    Some(chosen)
}

proptest! {
    /// Loads read only as far as `load_needed` asks route every ticket as exact ones do.
    #[test]
    fn loads_counted_only_as_far_as_needed_choose_the_same(
        mode in mode(),
        agents in agents(8),
        needed in proptest::sample::subsequence(SKILLS.to_vec(), 0..=2),
        tickets in 1..20_usize,
    ) {
        let needed: Vec<String> = needed.into_iter().map(str::to_owned).collect();
        let mut exact = agents.clone();
        let mut counted: Vec<Agent> = agents
            .into_iter()
            .map(|mut a| {
                a.open = match load_needed(mode, a.capacity) {
                    LoadNeeded::Nothing => 0,
                    LoadNeeded::UpTo(n) => a.open.min(n),
                    LoadNeeded::All => a.open,
                };
                a
            })
            .collect();
        let (mut turn, mut counted_turn) = (20, 20);
        for _ in 0..tickets {
            prop_assert_eq!(
                route(mode, &mut exact, &needed, &mut turn),
                route(mode, &mut counted, &needed, &mut counted_turn)
            );
        }
    }

    /// The chosen agent can take the ticket and, when skills count, has them; nobody is
    /// chosen only when nobody could be.
    #[test]
    fn only_an_eligible_agent_is_chosen_and_one_always_is(
        mode in mode(),
        agents in agents(6),
        needed in proptest::sample::subsequence(SKILLS.to_vec(), 0..=2),
    ) {
        let needed: Vec<String> = needed.into_iter().map(str::to_owned).collect();
        let fits = |a: &Agent| a.can_take() && (mode != Mode::Skills || needed.iter().all(|n| a.skills.contains(n)));
        match choose(mode, &agents, &needed) {
            Some(user) => {
                let agent = agents.iter().find(|a| a.user == user).unwrap_or_else(|| unreachable!());
                prop_assert!(fits(agent));
                prop_assert!(agent.capacity.is_none_or(|c| agent.open < c));
                if mode != Mode::RoundRobin {
                    prop_assert!(agents.iter().filter(|a| fits(a)).all(|a| a.open >= agent.open));
                }
            }
            None => prop_assert!(mode == Mode::Manual || !agents.iter().any(fits)),
        }
    }

    /// Equal agents under round-robin or load balancing, however many tickets: the most and
    /// the least served differ by at most one, and nobody passes their capacity.
    #[test]
    fn equal_agents_are_served_fairly_within_capacity(
        mode in prop_oneof![Just(Mode::RoundRobin), Just(Mode::LoadBalanced)],
        count in 1..8_usize,
        capacity in proptest::option::of(1..40_i64),
        tickets in 0..200_usize,
    ) {
        let mut agents: Vec<Agent> = (0..count)
            .map(|n| Agent {
                user: user(n),
                availability: Availability::Available,
                capacity,
                open: 0,
                last_turn: 0,
                skills: Vec::new(),
            })
            .collect();
        let mut turn = 0;
        let mut routed = 0;
        for _ in 0..tickets {
            if route(mode, &mut agents, &[], &mut turn).is_some() {
                routed += 1;
            }
        }
        let most = agents.iter().map(|a| a.open).max().unwrap_or_else(|| unreachable!());
        let least = agents.iter().map(|a| a.open).min().unwrap_or_else(|| unreachable!());
        prop_assert!(most - least <= 1);
        prop_assert!(capacity.is_none_or(|c| most <= c));
        let room = capacity.map_or(usize::MAX, |c| c as usize * count);
        prop_assert_eq!(routed, tickets.min(room));
    }

    /// Round-robin goes round: an agent is served again only after every other available
    /// agent had a turn, whoever comes and goes in between.
    #[test]
    fn round_robin_serves_whoever_waited_longest(
        mut agents in agents(6).prop_filter("someone", |a| !a.is_empty()),
        steps in proptest::collection::vec((0..6_usize, availability()), 1..60),
    ) {
        let mut turn = agents.iter().map(|a| a.last_turn).max().unwrap_or(0);
        for (who, now) in steps {
            let n = agents.len();
            agents[who % n].availability = now;
            let before = agents.clone();
            if let Some(user) = route(Mode::RoundRobin, &mut agents, &[], &mut turn) {
                let chosen = before.iter().find(|a| a.user == user).unwrap_or_else(|| unreachable!());
                prop_assert!(before
                    .iter()
                    .filter(|a| a.can_take())
                    .all(|a| a.last_turn >= chosen.last_turn));
            }
        }
    }
}

#[test]
fn skills_are_compared_trimmed_and_in_lower_case() {
    let code = |raw: &str| skill("/skills/0", raw).map_err(|e| e.code);
    assert_eq!(code("  Billing "), Ok("billing".to_owned()));
    assert_eq!(code(" "), Err("invalid_skill"));
    assert_eq!(code(&"x".repeat(51)), Err("invalid_skill"));
    // Control characters are refused: PostgreSQL takes no NUL in text.
    assert_eq!(code("sql\u{0}"), Err("invalid_characters"));
    assert_eq!(code("two\nlines"), Err("invalid_characters"));
    assert_eq!(
        needed_skills(Some(" Hardware"), None),
        vec!["hardware".to_owned()]
    );
    assert!(needed_skills(Some(""), None).is_empty());
    assert_eq!(
        needed_skills(Some("billing"), Some("pt-br")),
        vec!["billing".to_owned(), "pt".to_owned()]
    );
}
