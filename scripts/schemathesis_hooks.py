"""Schemathesis hooks for Rapport's API fuzzing (scripts/api-fuzz.sh).

- Cursors are opaque: only the server makes them, so generated requests leave them out (a
  made-up cursor is rightly refused with 400).
- `include_deleted=true` asks on purpose for a record in the trash, which the stateful phase
  would report as a deleted record still served; generated requests leave it out (the API
  tests cover it).
- `use_after_free_beyond_templates` replaces the stock `use_after_free` check, leaving out
  email templates (one of each kind always exists).
- `resource_availability_beyond_settings` replaces the stock `ensure_resource_availability`
  check, leaving out a mailbox's IMAP settings (none until they are PUT).
- `positive_data_acceptance_beyond_schema` replaces the stock positive-data check. A request
  the schema allows must be accepted, except where the server applies a rule no JSON Schema
  can state: whether a named record exists, and rules that relate fields to each other or to
  stored data. Those answers are allowed only with the problem codes listed here; any other
  refusal of schema-valid data fails the run.
"""

import json
import re

import schemathesis
from schemathesis.core.failures import Failure
from schemathesis.specs.openapi.checks import ensure_resource_availability, use_after_free

# Problem codes of rules beyond a schema: references, cross-field and stored-state rules.
SEMANTIC_CODES = {
    "invalid_cursor",  # a cursor the server did not make (cursors are opaque)
    "unknown_reference",  # a well-formed id that names no record of the organization
    "invitation_link",  # a portal user's mail template without its link, or in its subject
    "unknown_category",  # a portal ticket's category the partner does not offer
    "invalid_options",  # a partner's choice question without options
    "options_not_allowed",  # options on a question of another kind than choice
    "duplicate_key",  # a partner's two questions with one key
    "duplicate_option",  # a choice's option twice (told apart by blanks only)
    "unknown_field",  # a portal ticket's answer to a question its partner does not ask
    "invalid_answer",  # an answer of another kind than its question's
    "unknown_option",  # a choice's answer that is not one of its options
    "invalid_key",  # a partner's public key that is no RSA or EC public key in PEM
    "seven_days",  # weekly hours need seven days unless always open
    "no_business_time",  # a calendar that is never open
    "invalid_interval",  # an interval whose start is not before its end
    "overlapping_intervals",
    "invalid_date",  # a holiday on a day the calendar has not (30 February)
    "conflicts_with_policy",  # simulate: a policy or a calendar with targets, not both
    "conflicts_with_calendar",  # simulate: a calendar inline or by id, not both
    "required",  # simulate: targets without a policy; calendar or calendar_id
    "duplicate_priority",
    "password_too_weak",  # one character repeated
    "cannot_deactivate_self",
    "cannot_demote_self",
    "wrong_password",
    "span_too_long",  # simulate: reading ten years after opening
    "out_of_range",  # simulate: dates outside 1970-2100; positions past the end
    "parent_cycle",
    "no_targets",
    "invalid_transition",  # a status the ticket's current one cannot move to
    "conflicts_with_requester_id",  # a ticket's requester by id or by email, not both
    "ids_or_all",  # notifications to mark read: ids, or all, not both
    "not_found",  # bulk: a well-formed ticket id that names no ticket of the organization
    "duplicate_id",  # bulk: the same ticket twice, spelled differently
    "invalid_tag",  # bulk: a tag the lower-casing of which is no tag
    "too_many",  # bulk: adding tags past a ticket's 20
    "same_ticket",  # merge: a ticket into itself
    "ticket_closed",  # merge: into a closed ticket
    "unavailable",  # attachment_ids: an upload that is not the caller's, or already sent
    "not_disqualified",  # a lead's disqualification reason without that status
    "conflicts_with_choice",  # convert: an existing record and a new one, both asked for
    "needs_identity",  # a capture form that requires neither the last name nor the email
    "duplicate_field",  # a capture form asking for a field twice
    "not_allowed",  # an assignment rule naming a user or team its kind does not assign to
    "stage_not_in_pipeline",  # an opportunity's stage of another pipeline
    "unknown_reason",  # closing a deal for a reason its pipeline does not list
    "no_exchange_rate",  # an amount in a currency without a rate into the base currency
    "too_large_in_base_currency",  # an amount that overflows once converted
    "base_currency",  # an exchange rate for the base currency itself
    "missing_stage_kind",  # a pipeline without an open, a won or a lost stage
    "duplicate",  # two stages of a pipeline named alike; a contact twice on a deal
    "unknown_stage",  # a stage id the pipeline does not have
    "not_an_open_stage",  # reopening a deal into a won or lost stage
    "not_a_period_start",  # a quota's period starting on another day than its first
    "conflicts_with_user",  # a quota for a user and a team at once
    "link_required",  # an activity on no record
    "not_for_kind",  # an activity field its kind has not (a task's duration)
    "logged_is_done",  # a call or an email that is not done
    "before_start",  # a meeting ending before it starts
    "too_long",  # a meeting longer than two weeks
    "one_of_user_or_contact",  # an attendee that is a user and a contact, or neither
    "amount_from_line_items",  # a deal's amount other than the sum of its line items
    "currency_mismatch",  # a line item priced in another currency than its deal
    "no_price",  # a line item without a price whose product has none in the deal's currency
    "product_inactive",  # a new line item of a product no longer sold
    "invalid_template",  # an email template that is not valid Jinja, or names an unknown variable
    "smtp_failed",  # a test mail the SMTP server of the saved settings did not take
    "invalid_number",  # a lookup of digits that make no phone number
    "call_has_ticket",  # a ticket was made from the call already
    "call_going_on",  # an outcome or duration for a call that has not ended
    "invalid_call_status",  # a call cancelled (calls are open or done)
    "call_without_caller",  # a call with no contact and no number makes no ticket
    "inverted_dates",  # a contract ending before it starts
    "overlapping_contract",  # two contracts of one account and type sharing a day
    "contract_number_taken",  # a contract number another contract has
    "not_entitled",  # a ticket no contract covers, where the organization refuses those
    "not_of_account",  # a contract authorising a contact of another account; an asset's parent
    "too_deep",  # an asset nested more than ten levels down
    "serial_number_taken",  # an asset's serial number a live asset has
    "under_warranty",  # a charge on a return of a unit under warranty
    "empty",  # an upload of no bytes (generators do not hold a binary body to a minimum length)
}


@schemathesis.hook
def map_query(ctx, query):
    if query and ("cursor" in query or "include_deleted" in query):
        query = {k: v for k, v in query.items() if k not in ("cursor", "include_deleted")}
    return query


class RejectedSchemaValidData(Failure):
    """A request the schema allows was refused for a reason the schema could have stated."""

    code = "ST902"
    checks = ("positive_data_acceptance_beyond_schema",)
    kind_title = "Schema-valid request rejected"

    __slots__ = ("status_code",)

    def __init__(self, *, operation, message, status_code):
        super().__init__(operation=operation, message=message)
        self.status_code = status_code

    @property
    def _unique_key(self):
        return str(self.status_code)


def breaks_a_parameter_pattern(case):
    """Whether a path or query value breaks its parameter's pattern. The stateful phase fills
    values from earlier answers by name (a team's `lead_id`, a user, into an activity list's
    `lead_id`, a lead), which makes a request the schema does not allow."""
    for params, values in (
        (case.operation.path_parameters, case.path_parameters),
        (case.operation.query, case.query),
    ):
        for name, value in (values or {}).items():
            param = params.get(name)
            schema = getattr(param, "validation_schema", None) if param is not None else None
            pattern = schema.get("pattern") if isinstance(schema, dict) else None
            if not pattern or not isinstance(value, str):
                continue
            try:
                if re.search(pattern, value) is None:
                    return True
            except re.error:
                continue
    return False


@schemathesis.check
def resource_availability_beyond_settings(ctx, response, case):
    """The stock `ensure_resource_availability`, except for a mailbox's IMAP settings: a new
    mailbox has none until they are PUT, so reading or deleting them first rightly answers 404,
    which is not a created resource gone missing."""
    if case.path.endswith("/imap"):
        return None
    return ensure_resource_availability(ctx, response, case)


@schemathesis.check
def use_after_free_beyond_templates(ctx, response, case):
    """The stock `use_after_free`, except for email templates: one of each kind always exists,
    so after DELETE (which drops the organization's own wording) it rightly reads the built-in
    one."""
    if "/email-templates/" in case.path:
        return None
    return use_after_free(ctx, response, case)


@schemathesis.check
def positive_data_acceptance_beyond_schema(ctx, response, case):
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive:
        return None
    if breaks_a_parameter_pattern(case):
        return None
    status = response.status_code
    if status < 400 or status in (401, 403, 404, 409, 412, 429) or status >= 500:
        return None
    try:
        problem = json.loads(response.content)
    except ValueError:
        problem = {}
    codes = {e.get("code") for e in problem.get("errors", [])}
    if status in (400, 422) and codes and codes <= SEMANTIC_CODES:
        return None
    raise RejectedSchemaValidData(
        operation=case.operation.label,
        message=f"The schema allows this request, but the server answered {status}: "
        f"{response.content[:500]!r}",
        status_code=status,
    )
