-- Search ranks a bounded window of the newest matches rather than every match, so an
-- article's search key (its row in the full-text index) now counts up in the order articles
-- are written: the next is one more than the largest, found through an index of its own,
-- which also makes the key unique across organizations, as the full-text index needs.
-- Renumbered in creation order; negative first, so no two rows share a key on the way.
UPDATE kb_articles SET search_key = -r.n
FROM (SELECT org_id, id, row_number() OVER (ORDER BY created_at, id) AS n FROM kb_articles) r
WHERE kb_articles.org_id = r.org_id AND kb_articles.id = r.id;
UPDATE kb_articles SET search_key = -search_key;
INSERT INTO kb_articles_fts (kb_articles_fts) VALUES ('rebuild');
CREATE UNIQUE INDEX kb_articles_fts_rowid ON kb_articles (search_key);
