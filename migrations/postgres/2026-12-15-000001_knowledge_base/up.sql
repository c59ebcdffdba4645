-- The knowledge base: a tree of categories and articles in Markdown, each version kept.
-- Every table leads with org_id.
CREATE TABLE kb_categories (
    org_id BYTEA NOT NULL REFERENCES organizations (id),
    id BYTEA NOT NULL,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    description TEXT,
    parent_id BYTEA,
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
    org_id BYTEA NOT NULL REFERENCES organizations (id),
    id BYTEA NOT NULL,
    title TEXT NOT NULL,
    name_key TEXT NOT NULL,
    -- Markdown as written, and as readers get it: rendered and sanitised when written.
    body TEXT NOT NULL,
    body_html TEXT NOT NULL,
    category_id BYTEA,
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
    created_by BYTEA,
    updated_by BYTEA,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP,
    version BIGINT NOT NULL DEFAULT 1,
    -- The 'simple' configuration keeps words as written (lowercased): SQLite's FTS5 index
    -- holds the same words, so both find the same articles.
    search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', search_title), 'A')
        || setweight(to_tsvector('simple', search_body), 'B')
    ) STORED,
    PRIMARY KEY (org_id, id),
    FOREIGN KEY (org_id, category_id) REFERENCES kb_categories (org_id, id)
);
CREATE INDEX kb_articles_search ON kb_articles USING GIN (search_vector);
CREATE UNIQUE INDEX kb_articles_by_search_key ON kb_articles (org_id, search_key);
CREATE INDEX kb_articles_by_updated ON kb_articles (org_id, updated_at, id);
CREATE INDEX kb_articles_by_title ON kb_articles (org_id, name_key, id);
CREATE INDEX kb_articles_by_category ON kb_articles (org_id, category_id);

CREATE TABLE kb_article_tags (
    org_id BYTEA NOT NULL,
    article_id BYTEA NOT NULL,
    tag TEXT NOT NULL,
    PRIMARY KEY (org_id, article_id, tag),
    FOREIGN KEY (org_id, article_id) REFERENCES kb_articles (org_id, id) ON DELETE CASCADE
);
CREATE INDEX kb_article_tags_by_tag ON kb_article_tags (org_id, tag, article_id);

-- What each version of an article said, and who wrote it.
CREATE TABLE kb_article_versions (
    org_id BYTEA NOT NULL,
    article_id BYTEA NOT NULL,
    version BIGINT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    category_id BYTEA,
    tags TEXT NOT NULL,
    visibility TEXT NOT NULL,
    status TEXT NOT NULL,
    language TEXT NOT NULL,
    written_by BYTEA,
    written_at TIMESTAMP NOT NULL,
    PRIMARY KEY (org_id, article_id, version),
    FOREIGN KEY (org_id, article_id) REFERENCES kb_articles (org_id, id) ON DELETE CASCADE
);

-- One vote per reader and article; a second vote replaces the first.
CREATE TABLE kb_article_votes (
    org_id BYTEA NOT NULL,
    article_id BYTEA NOT NULL,
    voter_id BYTEA NOT NULL,
    helpful BOOLEAN NOT NULL,
    voted_at TIMESTAMP NOT NULL,
    PRIMARY KEY (org_id, article_id, voter_id),
    FOREIGN KEY (org_id, article_id) REFERENCES kb_articles (org_id, id) ON DELETE CASCADE
);
