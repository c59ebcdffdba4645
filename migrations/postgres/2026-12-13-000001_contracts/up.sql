-- Service contracts, what they cover, and which tickets used what. Every table leads with
-- org_id (distribution by organization, as everywhere).

-- Whether a ticket no entitlement covers is let through flagged, or refused; or not checked.
ALTER TABLE organizations ADD COLUMN entitlement_check TEXT NOT NULL DEFAULT 'flag';

-- Numbers handed out per organization and kind of record (contracts; later RMAs).
CREATE TABLE record_counters (
    org_id BYTEA NOT NULL REFERENCES organizations (id),
    kind TEXT NOT NULL,
    last_number BIGINT NOT NULL,
    PRIMARY KEY (org_id, kind)
);

CREATE TABLE contracts (
    org_id BYTEA NOT NULL REFERENCES organizations (id),
    id BYTEA NOT NULL,
    number TEXT NOT NULL,
    account_id BYTEA NOT NULL,
    contract_type TEXT NOT NULL,
    status TEXT NOT NULL,
    -- Days as YYYY-MM-DD (they sort as they compare).
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    value_minor BIGINT,
    currency TEXT,
    auto_renew BOOLEAN NOT NULL DEFAULT FALSE,
    renewal_term_months INTEGER,
    expiry_notice_days INTEGER NOT NULL DEFAULT 30,
    owner_id BYTEA NOT NULL,
    sla_policy_id BYTEA,
    notes TEXT,
    -- The end date whose expiry notice went out (so that it goes once per term), and the day
    -- the notice is due (ends_on less expiry_notice_days).
    notified_for TEXT,
    notice_on TEXT NOT NULL,
    created_by BYTEA,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP,
    version BIGINT NOT NULL DEFAULT 1,
    PRIMARY KEY (org_id, id),
    FOREIGN KEY (org_id, account_id) REFERENCES accounts (org_id, id),
    FOREIGN KEY (org_id, owner_id) REFERENCES users (org_id, id),
    FOREIGN KEY (org_id, sla_policy_id) REFERENCES sla_policies (org_id, id)
);
CREATE UNIQUE INDEX contracts_number ON contracts (org_id, number);
CREATE INDEX contracts_by_account ON contracts (org_id, account_id, ends_on);
CREATE INDEX contracts_by_updated ON contracts (org_id, updated_at, id);
CREATE INDEX contracts_by_end ON contracts (org_id, ends_on, id);
-- The sweep's two questions, across organizations: what has ended, whose notice is due.
CREATE INDEX contracts_lapsing ON contracts (status, ends_on);
CREATE INDEX contracts_noticing ON contracts (status, notice_on);

-- The contacts who may raise tickets under a contract (none: anyone at the account).
CREATE TABLE contract_contacts (
    org_id BYTEA NOT NULL,
    contract_id BYTEA NOT NULL,
    contact_id BYTEA NOT NULL,
    PRIMARY KEY (org_id, contract_id, contact_id),
    FOREIGN KEY (org_id, contract_id) REFERENCES contracts (org_id, id),
    FOREIGN KEY (org_id, contact_id) REFERENCES contacts (org_id, id)
);

CREATE TABLE entitlements (
    org_id BYTEA NOT NULL REFERENCES organizations (id),
    id BYTEA NOT NULL,
    contract_id BYTEA NOT NULL,
    name TEXT NOT NULL,
    -- A JSON array of channel names; empty: every channel.
    channels TEXT NOT NULL DEFAULT '[]',
    calendar_id BYTEA,
    allowance INTEGER,
    period TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP,
    version BIGINT NOT NULL DEFAULT 1,
    PRIMARY KEY (org_id, id),
    FOREIGN KEY (org_id, contract_id) REFERENCES contracts (org_id, id),
    FOREIGN KEY (org_id, calendar_id) REFERENCES sla_calendars (org_id, id)
);
CREATE INDEX entitlements_by_contract ON entitlements (org_id, contract_id, id);

-- What the entitlement check found for each ticket: the entitlement it used (and in which
-- period of its allowance), or none. Given back: the ticket no longer counts.
CREATE TABLE ticket_entitlements (
    org_id BYTEA NOT NULL,
    ticket_id BYTEA NOT NULL,
    contract_id BYTEA,
    entitlement_id BYTEA,
    period_start TEXT,
    checked_at TIMESTAMP NOT NULL,
    returned_at TIMESTAMP,
    PRIMARY KEY (org_id, ticket_id),
    FOREIGN KEY (org_id, ticket_id) REFERENCES tickets (org_id, id),
    FOREIGN KEY (org_id, contract_id) REFERENCES contracts (org_id, id),
    FOREIGN KEY (org_id, entitlement_id) REFERENCES entitlements (org_id, id)
);
CREATE INDEX ticket_entitlements_by_use ON ticket_entitlements (org_id, entitlement_id, period_start);
