//! Callback requests: a customer who asked to be called back, by when, by whom. Open
//! requests form a queue in due order; an agent takes one (it is assigned to them) and marks
//! it done with the call that answered it, or cancels it.

use chrono::{DateTime, Utc};

use crate::activity::{ActivityStatus, MAX_DESCRIPTION};
use crate::id::{AccountId, ActivityId, ContactId, UserId};
use crate::validation::{FieldError, Violations};

/// What a callback request says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallbackFields {
    /// The number to call, as written.
    pub number: String,
    /// Who asked.
    pub contact_id: Option<ContactId>,
    /// Their account.
    pub account_id: Option<AccountId>,
    /// The call they asked in, if they did.
    pub call_id: Option<ActivityId>,
    /// The agent who calls back; none while it waits in the queue for whoever takes it.
    pub assignee_id: Option<UserId>,
    /// By when to call.
    pub due_at: DateTime<Utc>,
    /// Open (waiting), done (called back) or cancelled.
    pub status: ActivityStatus,
    /// What it is about.
    pub notes: Option<String>,
}

impl CallbackFields {
    /// Checks the number and the notes.
    pub fn check(&self) -> Result<(), Violations> {
        let mut v = Violations::new();
        if let Err(e) = crate::text::Phone::parse("/number", &self.number) {
            v.push(e);
        }
        if self
            .notes
            .as_ref()
            .is_some_and(|n| n.chars().count() > MAX_DESCRIPTION)
        {
            v.push(FieldError::new(
                "/notes",
                "too_long",
                format!("at most {MAX_DESCRIPTION} characters"),
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
    use chrono::TimeZone;

    fn request(number: &str) -> CallbackFields {
        CallbackFields {
            number: number.into(),
            contact_id: None,
            account_id: None,
            call_id: None,
            assignee_id: None,
            due_at: Utc.with_ymd_and_hms(2026, 12, 6, 15, 0, 0).unwrap(),
            status: ActivityStatus::Open,
            notes: None,
        }
    }

    #[test]
    fn a_callback_needs_a_dialable_number() {
        assert!(request("+41 44 555 12 34").check().is_ok());
        assert!(request("(415) 555-0100").check().is_ok());
        for bad in ["", "call me", "+", "1".repeat(21).as_str()] {
            assert!(request(bad).check().is_err(), "{bad}");
        }
    }
}
