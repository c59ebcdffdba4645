CREATE VIRTUAL TABLE accounts_fts USING fts5 (
    search_text, content = 'accounts', content_rowid = 'rowid', tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER accounts_fts_insert AFTER INSERT ON accounts BEGIN
    INSERT INTO accounts_fts (rowid, search_text) VALUES (new.rowid, new.search_text);
END;
CREATE TRIGGER accounts_fts_delete AFTER DELETE ON accounts BEGIN
    INSERT INTO accounts_fts (accounts_fts, rowid, search_text) VALUES ('delete', old.rowid, old.search_text);
END;
CREATE TRIGGER accounts_fts_update AFTER UPDATE OF search_text ON accounts BEGIN
    INSERT INTO accounts_fts (accounts_fts, rowid, search_text) VALUES ('delete', old.rowid, old.search_text);
    INSERT INTO accounts_fts (rowid, search_text) VALUES (new.rowid, new.search_text);
END;
INSERT INTO accounts_fts (accounts_fts) VALUES ('rebuild');
CREATE VIRTUAL TABLE contacts_fts USING fts5 (
    search_text, content = 'contacts', content_rowid = 'rowid', tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER contacts_fts_insert AFTER INSERT ON contacts BEGIN
    INSERT INTO contacts_fts (rowid, search_text) VALUES (new.rowid, new.search_text);
END;
CREATE TRIGGER contacts_fts_delete AFTER DELETE ON contacts BEGIN
    INSERT INTO contacts_fts (contacts_fts, rowid, search_text) VALUES ('delete', old.rowid, old.search_text);
END;
CREATE TRIGGER contacts_fts_update AFTER UPDATE OF search_text ON contacts BEGIN
    INSERT INTO contacts_fts (contacts_fts, rowid, search_text) VALUES ('delete', old.rowid, old.search_text);
    INSERT INTO contacts_fts (rowid, search_text) VALUES (new.rowid, new.search_text);
END;
INSERT INTO contacts_fts (contacts_fts) VALUES ('rebuild');
DROP TABLE contact_terms;
DROP TABLE account_terms;
