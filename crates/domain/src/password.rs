//! Password rules for staff users.

use crate::validation::FieldError;

/// A password that meets the policy: 12 to 128 characters, not only one repeated character.
#[derive(Clone, PartialEq, Eq)]
pub struct NewPassword(String);

impl std::fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NewPassword(***)")
    }
}

impl NewPassword {
    /// Checks a chosen password against the policy.
    pub fn parse(pointer: &str, raw: &str) -> Result<Self, FieldError> {
        let length = raw.chars().count();
        if length < 12 {
            return Err(FieldError::new(
                pointer,
                "password_too_short",
                "must have at least 12 characters",
            ));
        }
        if length > 128 {
            return Err(FieldError::new(
                pointer,
                "too_long",
                "must be at most 128 characters",
            ));
        }
        let mut chars = raw.chars();
        let first = chars.next();
        if chars.all(|c| Some(c) == first) {
            return Err(FieldError::new(
                pointer,
                "password_too_weak",
                "must not repeat a single character",
            ));
        }
        Ok(Self(raw.to_owned()))
    }

    /// The password text, to be hashed.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy() {
        assert!(NewPassword::parse("/p", "short").is_err());
        assert!(NewPassword::parse("/p", "aaaaaaaaaaaaaaaa").is_err());
        assert!(NewPassword::parse("/p", "correct horse battery").is_ok());
        assert!(
            !format!("{:?}", NewPassword::parse("/p", "correct horse battery")).contains("horse")
        );
    }
}
