-- The installed base: what customers own, as a tree per account (a site, its machines, their
-- modules), with each asset's history, and the tickets about an asset. Every table leads
-- with org_id (distribution by organization, as everywhere).
CREATE TABLE assets (
    org_id BLOB NOT NULL REFERENCES organizations (id),
    id BLOB NOT NULL,
    account_id BLOB NOT NULL,
    product_id BLOB,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    serial_number TEXT,
    location TEXT,
    -- Days as YYYY-MM-DD (they sort as they compare).
    installed_on TEXT,
    parent_id BLOB,
    status TEXT NOT NULL,
    warranty_starts_on TEXT,
    warranty_ends_on TEXT,
    notes TEXT,
    created_by BLOB,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP,
    version BIGINT NOT NULL DEFAULT 1,
    PRIMARY KEY (org_id, id),
    FOREIGN KEY (org_id, account_id) REFERENCES accounts (org_id, id),
    FOREIGN KEY (org_id, product_id) REFERENCES products (org_id, id),
    FOREIGN KEY (org_id, parent_id) REFERENCES assets (org_id, id)
);
-- A serial number names one live asset of the organization.
CREATE UNIQUE INDEX assets_serial ON assets (org_id, serial_number)
    WHERE serial_number IS NOT NULL AND deleted_at IS NULL;
CREATE INDEX assets_by_account ON assets (org_id, account_id, name_key, id);
CREATE INDEX assets_by_parent ON assets (org_id, parent_id) WHERE parent_id IS NOT NULL;
CREATE INDEX assets_by_name ON assets (org_id, name_key, id);
CREATE INDEX assets_by_updated ON assets (org_id, updated_at, id);

-- What happened to an asset, one row per version: created, which fields changed from what to
-- what (JSON), deleted, restored.
CREATE TABLE asset_history (
    org_id BLOB NOT NULL,
    asset_id BLOB NOT NULL,
    version BIGINT NOT NULL,
    at TIMESTAMP NOT NULL,
    actor_id BLOB,
    action TEXT NOT NULL,
    changes TEXT NOT NULL,
    PRIMARY KEY (org_id, asset_id, version),
    FOREIGN KEY (org_id, asset_id) REFERENCES assets (org_id, id)
);

-- The asset a ticket is about. (No foreign key: SQLite cannot add a two-column one to a
-- table; the API checks the reference, and assets are only ever soft-deleted.)
ALTER TABLE tickets ADD COLUMN asset_id BLOB;
CREATE INDEX tickets_by_asset ON tickets (org_id, asset_id, created_at) WHERE asset_id IS NOT NULL;
