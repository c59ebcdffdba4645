-- The knowledge base: a tree of categories and articles in Markdown, each version kept.
-- Every table leads with org_id.
CREATE TABLE kb_categories (
    org_id BLOB NOT NULL REFERENCES organizations (id),
    id BLOB NOT NULL,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    description TEXT,
    parent_id BLOB,
    position INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP,
    version BIGINT NOT NULL DEFAULT 1,
    PRIMARY KEY (org_id, id),
    FOREIGN KEY (org_id, parent_id) REFERENCES kb_categories (org_id, id)
);
CREATE INDEX kb_categories_by_parent ON kb_categories (org_id, parent_id);

CREATE TABLE kb_articles (
    org_id BLOB NOT NULL REFERENCES organizations (id),
    id BLOB NOT NULL,
    title TEXT NOT NULL,
    name_key TEXT NOT NULL,
    -- Markdown as written, and as readers get it: rendered and sanitised when written.
    body TEXT NOT NULL,
    body_html TEXT NOT NULL,
    category_id BLOB,
    tags TEXT NOT NULL DEFAULT '[]',
    visibility TEXT NOT NULL,
    status TEXT NOT NULL,
    language TEXT NOT NULL,
    -- The words search finds it by (domain::text::search_words): title and tags, and body.
    search_title TEXT NOT NULL,
    search_body TEXT NOT NULL,
    -- The article's number in SQLite's full-text index: fixed for good, unlike a rowid,
    -- which VACUUM may renumber. (Taken from the id's random bits.)
    search_key BIGINT NOT NULL,
    helpful_count BIGINT NOT NULL DEFAULT 0,
    unhelpful_count BIGINT NOT NULL DEFAULT 0,
    view_count BIGINT NOT NULL DEFAULT 0,
    published_at TIMESTAMP,
    created_by BLOB,
    updated_by BLOB,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP,
    version BIGINT NOT NULL DEFAULT 1,
    PRIMARY KEY (org_id, id),
    FOREIGN KEY (org_id, category_id) REFERENCES kb_categories (org_id, id)
);
-- The words search finds an article by, as FTS5 indexes them (see the PostgreSQL migration:
-- the same words, so both find the same articles).
CREATE VIRTUAL TABLE kb_articles_fts USING fts5 (
    search_title, search_body, content = 'kb_articles', content_rowid = 'search_key',
    tokenize = 'unicode61 remove_diacritics 0'
);
CREATE TRIGGER kb_articles_fts_insert AFTER INSERT ON kb_articles BEGIN
    INSERT INTO kb_articles_fts (rowid, search_title, search_body)
    VALUES (new.search_key, new.search_title, new.search_body);
END;
CREATE TRIGGER kb_articles_fts_delete AFTER DELETE ON kb_articles BEGIN
    INSERT INTO kb_articles_fts (kb_articles_fts, rowid, search_title, search_body)
    VALUES ('delete', old.search_key, old.search_title, old.search_body);
END;
CREATE TRIGGER kb_articles_fts_update AFTER UPDATE OF search_title, search_body ON kb_articles BEGIN
    INSERT INTO kb_articles_fts (kb_articles_fts, rowid, search_title, search_body)
    VALUES ('delete', old.search_key, old.search_title, old.search_body);
    INSERT INTO kb_articles_fts (rowid, search_title, search_body)
    VALUES (new.search_key, new.search_title, new.search_body);
END;
CREATE UNIQUE INDEX kb_articles_by_search_key ON kb_articles (org_id, search_key);
CREATE INDEX kb_articles_by_updated ON kb_articles (org_id, updated_at, id);
CREATE INDEX kb_articles_by_title ON kb_articles (org_id, name_key, id);
CREATE INDEX kb_articles_by_category ON kb_articles (org_id, category_id);

CREATE TABLE kb_article_tags (
    org_id BLOB NOT NULL,
    article_id BLOB NOT NULL,
    tag TEXT NOT NULL,
    PRIMARY KEY (org_id, article_id, tag),
    FOREIGN KEY (org_id, article_id) REFERENCES kb_articles (org_id, id) ON DELETE CASCADE
);
CREATE INDEX kb_article_tags_by_tag ON kb_article_tags (org_id, tag, article_id);

-- What each version of an article said, and who wrote it.
CREATE TABLE kb_article_versions (
    org_id BLOB NOT NULL,
    article_id BLOB NOT NULL,
    version BIGINT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    category_id BLOB,
    tags TEXT NOT NULL,
    visibility TEXT NOT NULL,
    status TEXT NOT NULL,
    language TEXT NOT NULL,
    written_by BLOB,
    written_at TIMESTAMP NOT NULL,
    PRIMARY KEY (org_id, article_id, version),
    FOREIGN KEY (org_id, article_id) REFERENCES kb_articles (org_id, id) ON DELETE CASCADE
);

-- One vote per reader and article; a second vote replaces the first.
CREATE TABLE kb_article_votes (
    org_id BLOB NOT NULL,
    article_id BLOB NOT NULL,
    voter_id BLOB NOT NULL,
    helpful BOOLEAN NOT NULL,
    voted_at TIMESTAMP NOT NULL,
    PRIMARY KEY (org_id, article_id, voter_id),
    FOREIGN KEY (org_id, article_id) REFERENCES kb_articles (org_id, id) ON DELETE CASCADE
);
