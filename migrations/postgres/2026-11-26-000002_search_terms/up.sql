-- Word-prefix search from B-tree indexes: one row per record and prefix (1 to 20 characters) of
-- each word of its search_text. A search walks (org_id, term, id) in id order, so its cost
-- does not grow with rows that do not match, frequent and rare words alike; the other words of
-- a query are checked by primary-key probes. Both databases keep the same tables.
CREATE TABLE account_terms (
    org_id BYTEA NOT NULL,
    term TEXT COLLATE "C" NOT NULL,
    account_id BYTEA NOT NULL,
    PRIMARY KEY (org_id, term, account_id),
    FOREIGN KEY (org_id, account_id) REFERENCES accounts (org_id, id) ON DELETE CASCADE
);
ALTER TABLE account_terms ALTER COLUMN term SET STATISTICS 1000;
INSERT INTO account_terms (org_id, term, account_id)
SELECT DISTINCT a.org_id, left(w, n), a.id
FROM accounts a, unnest(string_to_array(a.search_text, ' ')) AS w, generate_series(1, least(length(w), 20)) AS n
WHERE w <> '';

CREATE TABLE contact_terms (
    org_id BYTEA NOT NULL,
    term TEXT COLLATE "C" NOT NULL,
    contact_id BYTEA NOT NULL,
    PRIMARY KEY (org_id, term, contact_id),
    FOREIGN KEY (org_id, contact_id) REFERENCES contacts (org_id, id) ON DELETE CASCADE
);
ALTER TABLE contact_terms ALTER COLUMN term SET STATISTICS 1000;
INSERT INTO contact_terms (org_id, term, contact_id)
SELECT DISTINCT c.org_id, left(w, n), c.id
FROM contacts c, unnest(string_to_array(c.search_text, ' ')) AS w, generate_series(1, least(length(w), 20)) AS n
WHERE w <> '';

-- The prefix tsvectors and their GIN indexes are replaced by the tables above.
DROP INDEX accounts_search;
ALTER TABLE accounts DROP COLUMN search_vector;
DROP INDEX contacts_search;
ALTER TABLE contacts DROP COLUMN search_vector;
DROP FUNCTION rapport_search_vector(text);
