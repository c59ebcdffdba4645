DELETE FROM notifications WHERE lead_id IS NOT NULL;
ALTER TABLE notifications DROP COLUMN lead_id;
CREATE TABLE notes_without_leads (
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
    PRIMARY KEY (org_id, id),
    FOREIGN KEY (org_id, account_id) REFERENCES accounts (org_id, id),
    FOREIGN KEY (org_id, contact_id) REFERENCES contacts (org_id, id),
    FOREIGN KEY (org_id, author_id) REFERENCES users (org_id, id)
);
INSERT INTO notes_without_leads (org_id, id, account_id, contact_id, body, author_id, created_at, updated_at, deleted_at, version)
SELECT org_id, id, account_id, contact_id, body, author_id, created_at, updated_at, deleted_at, version FROM notes
WHERE lead_id IS NULL;
DROP TABLE notes;
ALTER TABLE notes_without_leads RENAME TO notes;
CREATE INDEX notes_by_account ON notes (org_id, account_id, id);
CREATE INDEX notes_by_contact ON notes (org_id, contact_id, id);
DROP TABLE lead_terms;
DROP TABLE lead_tags;
DROP TABLE leads;
DROP TABLE lead_forms;
