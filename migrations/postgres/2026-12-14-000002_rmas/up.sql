-- Returns of faulty units (RMA), opened from a ticket about an asset. Numbers come from
-- record_counters (kind 'rma'). Leads with org_id, as every table.
CREATE TABLE rmas (
    org_id BYTEA NOT NULL REFERENCES organizations (id),
    id BYTEA NOT NULL,
    number TEXT NOT NULL,
    ticket_id BYTEA NOT NULL,
    asset_id BYTEA NOT NULL,
    account_id BYTEA NOT NULL,
    status TEXT NOT NULL,
    reason TEXT NOT NULL,
    under_warranty BOOLEAN NOT NULL,
    carrier TEXT,
    tracking_number TEXT,
    inspection_notes TEXT,
    charge_minor BIGINT,
    charge_currency TEXT,
    credit_minor BIGINT,
    credit_currency TEXT,
    notes TEXT,
    -- When it reached each step (the first time).
    decided_at TIMESTAMP,
    received_at TIMESTAMP,
    inspected_at TIMESTAMP,
    resolved_at TIMESTAMP,
    closed_at TIMESTAMP,
    created_by BYTEA,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP,
    version BIGINT NOT NULL DEFAULT 1,
    PRIMARY KEY (org_id, id),
    FOREIGN KEY (org_id, ticket_id) REFERENCES tickets (org_id, id),
    FOREIGN KEY (org_id, asset_id) REFERENCES assets (org_id, id),
    FOREIGN KEY (org_id, account_id) REFERENCES accounts (org_id, id)
);
CREATE UNIQUE INDEX rmas_number ON rmas (org_id, number);
CREATE INDEX rmas_by_ticket ON rmas (org_id, ticket_id);
CREATE INDEX rmas_by_asset ON rmas (org_id, asset_id);
CREATE INDEX rmas_by_account ON rmas (org_id, account_id, updated_at);
CREATE INDEX rmas_by_updated ON rmas (org_id, updated_at, id);
