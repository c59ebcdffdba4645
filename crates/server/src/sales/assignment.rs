//! Lead assignment: who receives a new lead without an owner. The rules' logic is pure
//! (`domain::assignment`); this reads what it needs and takes a pool's turn in a short
//! transaction of its own, before the lead's: the pool stays locked for two round trips
//! rather than for the whole capture, so captures into one pool do not queue
//! behind each other. That transaction commits without waiting for the disk: a turn lost in
//! a crash, or spent on a lead whose writing then fails, only moves the rotation on.

use db::assignment::{self, Pool};
use db::AnyConnection;
use domain::assignment::{matching, AssignTo, Candidate};
use domain::lead::LeadFields;
use domain::territory::{self, Placeable};
use domain::{OrgId, UserId};

use crate::error::ApiError;

/// The owner a new lead gets: from the first active rule it meets that finds someone who may
/// receive leads, else `fallback` (a capture form's owner), else the organization's default
/// lead owner, when either may receive leads. Runs before the transaction that writes the
/// lead (not inside it: see the module's comment).
pub fn assign(
    conn: &mut AnyConnection,
    org: OrgId,
    lead: &LeadFields,
    fallback: Option<UserId>,
) -> Result<Option<UserId>, ApiError> {
    let rules = db::assignment_rules::in_order(conn, org)?;
    let needs_territory = rules.iter().any(|r| {
        r.active && (r.conditions.reads_territory() || r.assign_to == AssignTo::Territory)
    });
    let lineage = if needs_territory {
        let nodes = db::territories::nodes(conn, org)?;
        let placeable = Placeable {
            country: lead.address.country.as_deref(),
            region: lead.address.region.as_deref(),
            industry: lead.industry.as_deref(),
            company_size: lead.company_size,
        };
        territory::place(&nodes, &placeable)
            .map(|t| territory::lineage(&nodes, t))
            .unwrap_or_default()
    } else {
        Vec::new()
    };
    let candidate = Candidate {
        source: lead.source,
        country: lead.address.country.as_deref(),
        industry: lead.industry.as_deref(),
        company_size: lead.company_size,
        territories: &lineage,
    };
    for rule in matching(&rules, &candidate) {
        let found = match rule.assign_to {
            AssignTo::User(user) => assignment::may_receive_leads(conn, org, user)?.then_some(user),
            AssignTo::Team(team) => take_turn(conn, org, Pool::Team(team))?,
            // The nearest territory, up from the lead's own, whose owners can take it.
            AssignTo::Territory => {
                let mut found = None;
                for territory in &lineage {
                    found = take_turn(conn, org, Pool::Territory(*territory))?;
                    if found.is_some() {
                        break;
                    }
                }
                found
            }
        };
        if found.is_some() {
            return Ok(found);
        }
    }
    let default_owner = db::orgs::get(conn, org)?.default_lead_owner_id;
    for user in [fallback, default_owner].into_iter().flatten() {
        if assignment::may_receive_leads(conn, org, user)? {
            return Ok(Some(user));
        }
    }
    Ok(None)
}

/// The pool member whose turn it is, their turn taken; `None` when nobody in it may receive
/// leads.
fn take_turn(conn: &mut AnyConnection, org: OrgId, pool: Pool) -> Result<Option<UserId>, ApiError> {
    db::record::in_transaction_without_waiting(conn, |conn| {
        Ok(assignment::take_next_turn(conn, org, pool)?)
    })
}
