-- Activities: tasks, calls, meetings and logged emails, each on one or more records.
-- `rollup_account_id` is the account's own, else that of the contact, deal or ticket it is on,
-- so an account's timeline reads one index. `placed_at` is where the activity sits on a timeline
-- (a task's due time, a call's or email's time, a meeting's start; else its creation).
CREATE TABLE activities (
    org_id BLOB NOT NULL REFERENCES organizations (id),
    id BLOB NOT NULL,
    kind TEXT NOT NULL,
    subject TEXT NOT NULL,
    description TEXT,
    account_id BLOB,
    contact_id BLOB,
    lead_id BLOB,
    opportunity_id BLOB,
    ticket_id BLOB,
    rollup_account_id BLOB,
    assignee_id BLOB NOT NULL,
    status TEXT NOT NULL,
    priority TEXT,
    due_at TIMESTAMP,
    reminder_at TIMESTAMP,
    direction TEXT,
    occurred_at TIMESTAMP,
    duration_seconds BIGINT,
    outcome TEXT,
    starts_at TIMESTAMP,
    ends_at TIMESTAMP,
    location TEXT,
    placed_at TIMESTAMP NOT NULL,
    completed_at TIMESTAMP,
    created_by BLOB,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP,
    version BIGINT NOT NULL DEFAULT 1,
    PRIMARY KEY (org_id, id),
    FOREIGN KEY (org_id, account_id) REFERENCES accounts (org_id, id),
    FOREIGN KEY (org_id, contact_id) REFERENCES contacts (org_id, id),
    FOREIGN KEY (org_id, lead_id) REFERENCES leads (org_id, id),
    FOREIGN KEY (org_id, opportunity_id) REFERENCES opportunities (org_id, id),
    FOREIGN KEY (org_id, ticket_id) REFERENCES tickets (org_id, id),
    FOREIGN KEY (org_id, assignee_id) REFERENCES users (org_id, id)
);
CREATE INDEX activities_by_account ON activities (org_id, rollup_account_id, placed_at);
CREATE INDEX activities_by_contact ON activities (org_id, contact_id, placed_at);
CREATE INDEX activities_by_lead ON activities (org_id, lead_id, placed_at);
CREATE INDEX activities_by_opportunity ON activities (org_id, opportunity_id, placed_at);
CREATE INDEX activities_by_ticket ON activities (org_id, ticket_id, placed_at);
CREATE INDEX activities_by_assignee ON activities (org_id, assignee_id, status, due_at);
CREATE INDEX activities_by_updated ON activities (org_id, updated_at, id);

-- Who comes to a meeting: a user or a contact per row, in the order given.
CREATE TABLE activity_attendees (
    org_id BLOB NOT NULL,
    activity_id BLOB NOT NULL,
    position BIGINT NOT NULL,
    user_id BLOB,
    contact_id BLOB,
    PRIMARY KEY (org_id, activity_id, position),
    FOREIGN KEY (org_id, activity_id) REFERENCES activities (org_id, id),
    FOREIGN KEY (org_id, user_id) REFERENCES users (org_id, id),
    FOREIGN KEY (org_id, contact_id) REFERENCES contacts (org_id, id)
);
CREATE INDEX activity_attendees_by_user ON activity_attendees (org_id, user_id);
CREATE INDEX activity_attendees_by_contact ON activity_attendees (org_id, contact_id);

-- A reminder names the activity it is about.
ALTER TABLE notifications ADD COLUMN activity_id BLOB;

-- The hash of a user's private calendar feed secret (none until they ask for a feed).
ALTER TABLE users ADD COLUMN calendar_feed_hash TEXT;

-- Timelines read notes newest first.
CREATE INDEX notes_by_account_time ON notes (org_id, account_id, created_at);
CREATE INDEX notes_by_contact_time ON notes (org_id, contact_id, created_at);
CREATE INDEX notes_by_lead_time ON notes (org_id, lead_id, created_at);
