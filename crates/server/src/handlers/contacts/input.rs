//! Turning contact request bodies into validated domain fields.

use api_types::contacts::{ContactPhone, CreateContact, UpdateContact};
use domain::contact::{Consent, Contact, ContactFields, PhoneEntry, PhoneKind, MAX_PHONES};
use domain::text::{self, Phone, Tag};
use domain::{AccountId, Email, FieldError, PreferredChannel, UserId, Violations};

use crate::auth::Principal;
use crate::error::ApiError;

/// Validates a whole contact; `default_owner` fills an absent owner (the creator).
pub fn parse(
    body: CreateContact,
    default_owner: Option<UserId>,
) -> Result<ContactFields, ApiError> {
    let mut v = Violations::new();
    let first_name = v
        .check_opt(body.first_name, |n| text::optional("/first_name", &n, 100))
        .flatten();
    let last_name = v.check(text::required("/last_name", &body.last_name, 100));
    let email = v
        .check_opt(body.email, |e| {
            if e.trim().is_empty() {
                Ok(None)
            } else {
                Email::parse("/email", &e).map(Some)
            }
        })
        .flatten();
    let phones = v.check(parse_phones(&body.phones));
    let title = v
        .check_opt(body.title, |t| text::optional("/title", &t, 200))
        .flatten();
    let account_id = v.check_opt(body.account_id, |a| AccountId::parse("/account_id", &a));
    let owner_id = v
        .check_opt(body.owner_id, |o| UserId::parse("/owner_id", &o))
        .or(default_owner);
    let preferred_channel = match body.preferred_channel {
        Some(raw) => v.check(PreferredChannel::parse("/preferred_channel", &raw)),
        None => Some(PreferredChannel::Any),
    };
    let consent = body.consent.unwrap_or_default();
    let tags = v.check(Tag::parse_list("/tags", &body.tags));
    v.finish(|| {
        Some(ContactFields {
            first_name,
            last_name: last_name?,
            email,
            phones: phones?,
            title,
            account_id,
            owner_id,
            preferred_channel: preferred_channel?,
            consent: Consent {
                email: consent.email,
                phone: consent.phone,
                sms: consent.sms,
                do_not_contact: consent.do_not_contact,
            },
            tags: tags?.iter().map(|t| t.as_str().to_owned()).collect(),
        })
    })
    .map_err(ApiError::from)
}

/// Phone entries, each checked at `/phones/{i}/…`.
pub fn parse_phones(raw: &[ContactPhone]) -> Result<Vec<PhoneEntry>, FieldError> {
    if raw.len() > MAX_PHONES {
        return Err(FieldError::new(
            "/phones",
            "too_many",
            format!("at most {MAX_PHONES} phone numbers"),
        ));
    }
    raw.iter()
        .enumerate()
        .map(|(i, p)| {
            Ok(PhoneEntry {
                kind: PhoneKind::parse(&format!("/phones/{i}/kind"), &p.kind)?,
                number: Phone::parse(&format!("/phones/{i}/number"), &p.number)?
                    .as_str()
                    .to_owned(),
            })
        })
        .collect()
}

/// The fields of `current` with `patch` applied, validated exactly like a creation.
pub fn merge(
    current: &Contact,
    patch: UpdateContact,
    _caller: &Principal,
) -> Result<ContactFields, ApiError> {
    let current = &current.fields;
    let merged = CreateContact {
        first_name: patch.first_name.or(current.first_name.clone()),
        // `null` becomes an empty name, which validation refuses.
        last_name: patch.last_name.or_default(current.last_name.clone()),
        email: patch
            .email
            .or(current.email.as_ref().map(|e| e.as_str().to_owned())),
        phones: patch
            .phones
            .unwrap_or_else(|| super::view::phones(&current.phones)),
        title: patch.title.or(current.title.clone()),
        account_id: patch
            .account_id
            .or(current.account_id.map(|a| a.to_string())),
        owner_id: patch.owner_id.or(current.owner_id.map(|o| o.to_string())),
        preferred_channel: Some(
            patch
                .preferred_channel
                .unwrap_or_else(|| current.preferred_channel.as_str().to_owned()),
        ),
        consent: Some(
            patch
                .consent
                .unwrap_or_else(|| super::view::consent(current.consent)),
        ),
        tags: patch.tags.unwrap_or_else(|| current.tags.clone()),
    };
    parse(merged, None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use api_types::contacts::Consent as ConsentBody;

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let body = CreateContact {
            last_name: " ".into(),
            email: Some("not-an-email".into()),
            phones: vec![ContactPhone {
                kind: "fax".into(),
                number: "12345".into(),
            }],
            preferred_channel: Some("pigeon".into()),
            ..CreateContact::default()
        };
        let Err(ApiError::Validation(errors)) = parse(body, None) else {
            panic!("expected a validation error")
        };
        let pointers: Vec<&str> = errors.iter().map(|e| e.pointer.as_str()).collect();
        assert_eq!(
            pointers,
            vec![
                "/last_name",
                "/email",
                "/phones/0/kind",
                "/preferred_channel"
            ]
        );
    }

    #[test]
    fn defaults_fill_what_was_left_out() -> Result<(), ApiError> {
        let owner = UserId::mint();
        let fields = parse(
            CreateContact {
                last_name: "Lovelace".into(),
                consent: Some(ConsentBody::default()),
                ..CreateContact::default()
            },
            Some(owner),
        )?;
        assert_eq!(
            (fields.consent, fields.preferred_channel, fields.owner_id),
            (Consent::default(), PreferredChannel::Any, Some(owner))
        );
        Ok(())
    }
}
