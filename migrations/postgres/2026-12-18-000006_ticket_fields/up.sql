-- A partner's own questions on a new ticket (a JSON array of definitions), and a ticket's
-- answers to them, each with the question's label as it read when it was answered.
ALTER TABLE partners ADD COLUMN ticket_fields TEXT NOT NULL DEFAULT '[]';

CREATE TABLE ticket_field_answers (
    org_id BYTEA NOT NULL,
    ticket_id BYTEA NOT NULL,
    position BIGINT NOT NULL,
    field_key TEXT NOT NULL,
    label TEXT NOT NULL,
    kind TEXT NOT NULL,
    -- The answer as JSON: a string (text, choice, date as YYYY-MM-DD), a number or true.
    value TEXT NOT NULL,
    PRIMARY KEY (org_id, ticket_id, field_key),
    FOREIGN KEY (org_id, ticket_id) REFERENCES tickets (org_id, id) ON DELETE CASCADE
);
