//! Warranty claims and returns (RMA): a faulty unit of a customer's installed base comes back
//! through a fixed lifecycle. Requested, then approved or rejected; an approved one awaits
//! the unit, which is received, inspected, and then repaired, replaced or refunded; every
//! claim ends closed. Under warranty the customer is charged nothing.

use chrono::{DateTime, Utc};

use crate::account::string_enum;
use crate::id::{AccountId, AssetId, TicketId};
use crate::money::Money;
use crate::validation::{FieldError, Violations};

/// The longest reason, inspection notes or notes.
pub const MAX_TEXT: usize = 10_000;
/// The longest carrier name or tracking number.
pub const MAX_SHIPPING: usize = 200;

/// Where a return stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RmaStatus {
    /// Asked for, not yet decided.
    Requested,
    /// Accepted: the customer may send the unit.
    Approved,
    /// Turned down.
    Rejected,
    /// The unit is on its way back.
    AwaitingReturn,
    /// The unit arrived.
    Received,
    /// The unit was looked at; what is wrong is written down.
    Inspected,
    /// Fixed and sent back.
    Repaired,
    /// Swapped for another unit.
    Replaced,
    /// Paid back.
    Refunded,
    /// Done with; final.
    Closed,
}

string_enum!(RmaStatus, "invalid_status", "must be one of requested, approved, rejected, awaiting_return, received, inspected, repaired, replaced, refunded, closed", {
    RmaStatus::Requested => "requested",
    RmaStatus::Approved => "approved",
    RmaStatus::Rejected => "rejected",
    RmaStatus::AwaitingReturn => "awaiting_return",
    RmaStatus::Received => "received",
    RmaStatus::Inspected => "inspected",
    RmaStatus::Repaired => "repaired",
    RmaStatus::Replaced => "replaced",
    RmaStatus::Refunded => "refunded",
    RmaStatus::Closed => "closed",
});

impl RmaStatus {
    /// Every status, in lifecycle order.
    pub const ALL: [RmaStatus; 10] = [
        RmaStatus::Requested,
        RmaStatus::Approved,
        RmaStatus::Rejected,
        RmaStatus::AwaitingReturn,
        RmaStatus::Received,
        RmaStatus::Inspected,
        RmaStatus::Repaired,
        RmaStatus::Replaced,
        RmaStatus::Refunded,
        RmaStatus::Closed,
    ];

    /// The statuses a return in this one may move to.
    pub fn next(self) -> &'static [RmaStatus] {
        use RmaStatus::*;
        match self {
            Requested => &[Approved, Rejected],
            Approved => &[AwaitingReturn],
            Rejected => &[Closed],
            AwaitingReturn => &[Received],
            Received => &[Inspected],
            Inspected => &[Repaired, Replaced, Refunded],
            Repaired | Replaced | Refunded => &[Closed],
            Closed => &[],
        }
    }

    /// Whether the unit's fate is settled (repaired, replaced or refunded).
    pub fn is_resolution(self) -> bool {
        matches!(
            self,
            RmaStatus::Repaired | RmaStatus::Replaced | RmaStatus::Refunded
        )
    }

    /// Checks a move to `to` (staying is always allowed); the error names the allowed moves.
    pub fn check_move(self, to: RmaStatus) -> Result<(), FieldError> {
        if self == to || self.next().contains(&to) {
            return Ok(());
        }
        let detail = if self.next().is_empty() {
            format!("a return {} is final", self.as_str())
        } else {
            let names: Vec<&str> = self.next().iter().map(|s| s.as_str()).collect();
            format!(
                "a return {} can move to {}",
                self.as_str().replace('_', " "),
                names.join(", ")
            )
        };
        Err(FieldError::new("/status", "invalid_transition", detail))
    }
}

/// How the unit comes back.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Shipping {
    /// The carrier.
    pub carrier: Option<String>,
    /// The carrier's tracking number.
    pub tracking_number: Option<String>,
}

/// When a return reached each step (none: not yet).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Milestones {
    /// Approved or rejected.
    pub decided_at: Option<DateTime<Utc>>,
    /// The unit arrived.
    pub received_at: Option<DateTime<Utc>>,
    /// Inspected.
    pub inspected_at: Option<DateTime<Utc>>,
    /// Repaired, replaced or refunded.
    pub resolved_at: Option<DateTime<Utc>>,
    /// Closed.
    pub closed_at: Option<DateTime<Utc>>,
}

impl Milestones {
    /// The milestones after a move to `to` at `now`: the step it reaches gets its time.
    pub fn after(mut self, to: RmaStatus, now: DateTime<Utc>) -> Self {
        let slot = match to {
            RmaStatus::Approved | RmaStatus::Rejected => &mut self.decided_at,
            RmaStatus::Received => &mut self.received_at,
            RmaStatus::Inspected => &mut self.inspected_at,
            RmaStatus::Repaired | RmaStatus::Replaced | RmaStatus::Refunded => {
                &mut self.resolved_at
            }
            RmaStatus::Closed => &mut self.closed_at,
            RmaStatus::Requested | RmaStatus::AwaitingReturn => return self,
        };
        *slot = slot.or(Some(now));
        self
    }
}

/// What a return says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RmaFields {
    /// Its number, unique in the organization (`RMA-00042`).
    pub number: String,
    /// The ticket it came from.
    pub ticket_id: TicketId,
    /// The unit.
    pub asset_id: AssetId,
    /// The unit's owner (the asset's account when the return was opened).
    pub account_id: AccountId,
    /// Where it stands.
    pub status: RmaStatus,
    /// What is wrong, as the customer says.
    pub reason: String,
    /// Whether the unit was under warranty when the return was opened: then nothing is
    /// charged.
    pub under_warranty: bool,
    /// How the unit comes back.
    pub shipping: Shipping,
    /// What the inspection found.
    pub inspection_notes: Option<String>,
    /// What the customer pays for a repair or a replacement.
    pub charge: Option<Money>,
    /// What the customer gets back when refunded.
    pub credit: Option<Money>,
    /// Remarks.
    pub notes: Option<String>,
}

impl RmaFields {
    /// Checks what holds within one return: nothing charged under warranty, amounts not
    /// negative, what its step needs written down (an inspection needs its notes, a refund
    /// its credit).
    pub fn check(&self) -> Result<(), Violations> {
        let mut v = Violations::new();
        if self.under_warranty && self.charge.is_some_and(|c| c.amount_minor != 0) {
            v.push(FieldError::new(
                "/charge",
                "under_warranty",
                "a unit under warranty is repaired or replaced free of charge",
            ));
        }
        for (pointer, amount) in [("/charge", self.charge), ("/credit", self.credit)] {
            if amount.is_some_and(|m| m.amount_minor < 0) {
                v.push(FieldError::new(
                    pointer,
                    "negative",
                    "an amount is not negative",
                ));
            }
        }
        let inspected = self.status == RmaStatus::Inspected || self.status.is_resolution();
        if inspected && self.inspection_notes.is_none() {
            v.push(FieldError::new(
                "/inspection_notes",
                "required",
                "write down what the inspection found",
            ));
        }
        if self.status == RmaStatus::Refunded && self.credit.is_none() {
            v.push(FieldError::new(
                "/credit",
                "required",
                "a refund says how much is paid back",
            ));
        }
        if v.is_empty() {
            Ok(())
        } else {
            Err(v)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_return_moves_only_along_its_lifecycle() {
        use RmaStatus::*;
        assert!(Requested.check_move(Approved).is_ok());
        assert!(Inspected.check_move(Refunded).is_ok());
        let refused = Requested.check_move(Received).err();
        assert_eq!(
            refused.map(|e| e.detail),
            Some("a return requested can move to approved, rejected".to_owned())
        );
        assert_eq!(
            Closed.check_move(Requested).err().map(|e| e.detail),
            Some("a return closed is final".to_owned())
        );
    }

    #[test]
    fn milestones_keep_the_first_time_of_each_step() {
        let t = |s: i64| DateTime::from_timestamp(s, 0).unwrap_or_default();
        let m = Milestones::default()
            .after(RmaStatus::Approved, t(10))
            .after(RmaStatus::AwaitingReturn, t(20))
            .after(RmaStatus::Received, t(30));
        assert_eq!(
            (m.decided_at, m.received_at, m.inspected_at),
            (Some(t(10)), Some(t(30)), None)
        );
        assert_eq!(m.after(RmaStatus::Received, t(99)).received_at, Some(t(30)));
    }

    proptest! {
        /// Any sequence of attempted moves: the accepted ones are exactly the lifecycle's,
        /// nothing leaves `closed`, and every return that reaches `closed` was either
        /// rejected or received, inspected and resolved on the way.
        #[test]
        fn any_walk_follows_the_lifecycle(attempts in proptest::collection::vec(0..10_usize, 0..40)) {
            let mut status = RmaStatus::Requested;
            let mut path = vec![status];
            for i in attempts {
                let to = RmaStatus::ALL[i];
                let allowed = status == to || status.next().contains(&to);
                prop_assert_eq!(status.check_move(to).is_ok(), allowed);
                if allowed && to != status {
                    status = to;
                    path.push(status);
                }
            }
            if status == RmaStatus::Closed {
                let rejected = path.contains(&RmaStatus::Rejected);
                let worked = path.contains(&RmaStatus::Received)
                    && path.contains(&RmaStatus::Inspected)
                    && path.iter().any(|s| s.is_resolution());
                prop_assert!(rejected != worked, "{path:?}");
            }
        }
    }
}
