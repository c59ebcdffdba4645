-- Word-prefix search from B-tree indexes: one row per record and prefix (1 to 20 characters) of
-- each word of its search_text. A search walks (org_id, term, id) in id order, so its cost
-- does not grow with rows that do not match, frequent and rare words alike; the other words of
-- a query are checked by primary-key probes. Both databases keep the same tables.
CREATE TABLE account_terms (
    org_id BLOB NOT NULL,
    term TEXT NOT NULL,
    account_id BLOB NOT NULL,
    PRIMARY KEY (org_id, term, account_id),
    FOREIGN KEY (org_id, account_id) REFERENCES accounts (org_id, id) ON DELETE CASCADE
) WITHOUT ROWID;
WITH RECURSIVE
    words (org_id, id, word, rest) AS (
        SELECT org_id, id, '', search_text || ' ' FROM accounts
        UNION ALL
        SELECT org_id, id, substr(rest, 1, instr(rest, ' ') - 1), substr(rest, instr(rest, ' ') + 1)
        FROM words WHERE rest <> ''
    ),
    prefixes (org_id, id, word, n) AS (
        SELECT org_id, id, word, 1 FROM words WHERE word <> ''
        UNION ALL
        SELECT org_id, id, word, n + 1 FROM prefixes WHERE n < length(word) AND n < 20
    )
INSERT OR IGNORE INTO account_terms (org_id, term, account_id)
SELECT org_id, substr(word, 1, n), id FROM prefixes;

CREATE TABLE contact_terms (
    org_id BLOB NOT NULL,
    term TEXT NOT NULL,
    contact_id BLOB NOT NULL,
    PRIMARY KEY (org_id, term, contact_id),
    FOREIGN KEY (org_id, contact_id) REFERENCES contacts (org_id, id) ON DELETE CASCADE
) WITHOUT ROWID;
WITH RECURSIVE
    words (org_id, id, word, rest) AS (
        SELECT org_id, id, '', search_text || ' ' FROM contacts
        UNION ALL
        SELECT org_id, id, substr(rest, 1, instr(rest, ' ') - 1), substr(rest, instr(rest, ' ') + 1)
        FROM words WHERE rest <> ''
    ),
    prefixes (org_id, id, word, n) AS (
        SELECT org_id, id, word, 1 FROM words WHERE word <> ''
        UNION ALL
        SELECT org_id, id, word, n + 1 FROM prefixes WHERE n < length(word) AND n < 20
    )
INSERT OR IGNORE INTO contact_terms (org_id, term, contact_id)
SELECT org_id, substr(word, 1, n), id FROM prefixes;

-- The FTS5 tables and the triggers that kept them are replaced by the tables above.
DROP TRIGGER accounts_fts_update;
DROP TRIGGER accounts_fts_delete;
DROP TRIGGER accounts_fts_insert;
DROP TABLE accounts_fts;
DROP TRIGGER contacts_fts_update;
DROP TRIGGER contacts_fts_delete;
DROP TRIGGER contacts_fts_insert;
DROP TABLE contacts_fts;
