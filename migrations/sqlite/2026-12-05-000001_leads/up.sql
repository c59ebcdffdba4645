-- Leads: people and companies that might buy, until conversion makes them an account and a
-- contact (the converted_* columns say which). The address is JSON but for its country, which
-- lists filter by and assignment rules read.
-- Web-to-lead capture forms. `fields` is JSON: the lead fields asked for, with labels and
-- whether each is required; `allowed_origins` the web origins whose pages may post to it.
CREATE TABLE lead_forms (
    org_id BLOB NOT NULL REFERENCES organizations (id),
    id BLOB NOT NULL,
    name TEXT NOT NULL,
    fields TEXT NOT NULL,
    thank_you_url TEXT,
    allowed_origins TEXT NOT NULL DEFAULT '[]',
    source TEXT NOT NULL,
    campaign TEXT,
    owner_id BLOB,
    active BOOLEAN NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP,
    version BIGINT NOT NULL DEFAULT 1,
    PRIMARY KEY (org_id, id),
    FOREIGN KEY (org_id, owner_id) REFERENCES users (org_id, id)
);

CREATE TABLE leads (
    org_id BLOB NOT NULL REFERENCES organizations (id),
    id BLOB NOT NULL,
    first_name TEXT,
    last_name TEXT,
    name_key TEXT NOT NULL,
    company TEXT,
    title TEXT,
    email TEXT,
    email_normalized TEXT,
    phones TEXT NOT NULL DEFAULT '[]',
    website TEXT,
    company_domain TEXT,
    address TEXT NOT NULL DEFAULT '{}',
    country TEXT,
    industry TEXT,
    company_size TEXT,
    source TEXT,
    campaign TEXT,
    status TEXT NOT NULL,
    disqualified_reason TEXT,
    owner_id BLOB,
    tags TEXT NOT NULL DEFAULT '[]',
    search_text TEXT NOT NULL,
    converted_at TIMESTAMP,
    converted_account_id BLOB,
    converted_contact_id BLOB,
    form_id BLOB,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP,
    version BIGINT NOT NULL DEFAULT 1,
    PRIMARY KEY (org_id, id),
    FOREIGN KEY (org_id, owner_id) REFERENCES users (org_id, id),
    FOREIGN KEY (org_id, converted_account_id) REFERENCES accounts (org_id, id),
    FOREIGN KEY (org_id, converted_contact_id) REFERENCES contacts (org_id, id),
    FOREIGN KEY (org_id, form_id) REFERENCES lead_forms (org_id, id)
);
CREATE INDEX leads_by_name ON leads (org_id, name_key, id);
CREATE INDEX leads_by_updated ON leads (org_id, updated_at, id);
CREATE INDEX leads_by_owner ON leads (org_id, owner_id, id);
CREATE INDEX leads_by_status ON leads (org_id, status, id);
CREATE INDEX leads_by_email ON leads (org_id, email_normalized);
CREATE INDEX leads_by_domain ON leads (org_id, company_domain);

CREATE TABLE lead_tags (
    org_id BLOB NOT NULL,
    lead_id BLOB NOT NULL,
    tag TEXT NOT NULL,
    PRIMARY KEY (org_id, lead_id, tag),
    FOREIGN KEY (org_id, lead_id) REFERENCES leads (org_id, id) ON DELETE CASCADE
);
CREATE INDEX lead_tags_by_tag ON lead_tags (org_id, tag, lead_id);

CREATE TABLE lead_terms (
    org_id BLOB NOT NULL,
    term TEXT NOT NULL,
    lead_id BLOB NOT NULL,
    PRIMARY KEY (org_id, term, lead_id),
    FOREIGN KEY (org_id, lead_id) REFERENCES leads (org_id, id) ON DELETE CASCADE
) WITHOUT ROWID;

-- Notes on leads, beside those on accounts and contacts. SQLite adds a foreign key only by
-- building the table anew.
CREATE TABLE notes_with_leads (
    org_id BLOB NOT NULL REFERENCES organizations (id),
    id BLOB NOT NULL,
    account_id BLOB,
    contact_id BLOB,
    body TEXT NOT NULL,
    author_id BLOB,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP,
    version BIGINT NOT NULL DEFAULT 1,
    lead_id BLOB,
    PRIMARY KEY (org_id, id),
    FOREIGN KEY (org_id, account_id) REFERENCES accounts (org_id, id),
    FOREIGN KEY (org_id, contact_id) REFERENCES contacts (org_id, id),
    FOREIGN KEY (org_id, author_id) REFERENCES users (org_id, id),
    FOREIGN KEY (org_id, lead_id) REFERENCES leads (org_id, id)
);
INSERT INTO notes_with_leads (org_id, id, account_id, contact_id, body, author_id, created_at, updated_at, deleted_at, version)
SELECT org_id, id, account_id, contact_id, body, author_id, created_at, updated_at, deleted_at, version FROM notes;
DROP TABLE notes;
ALTER TABLE notes_with_leads RENAME TO notes;
CREATE INDEX notes_by_account ON notes (org_id, account_id, id);
CREATE INDEX notes_by_contact ON notes (org_id, contact_id, id);
CREATE INDEX notes_by_lead ON notes (org_id, lead_id, id);

-- Notifications about leads (a new lead for its owner), beside those about tickets.
ALTER TABLE notifications ADD COLUMN lead_id BLOB;
