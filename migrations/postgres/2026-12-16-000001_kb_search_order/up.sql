-- Search ranks a bounded window of the newest matches rather than every match, so an
-- article's search key now counts up in the order articles are written (from a sequence),
-- and titles have an index of their own: the newest title matches join the window whatever
-- the text matches are.
CREATE SEQUENCE kb_articles_search_key_seq;
-- Renumbered in creation order; negative first, so no two rows share a key on the way.
UPDATE kb_articles a SET search_key = -r.n
FROM (SELECT org_id, id, row_number() OVER (ORDER BY created_at, id) AS n FROM kb_articles) r
WHERE a.org_id = r.org_id AND a.id = r.id;
UPDATE kb_articles SET search_key = -search_key;
SELECT setval('kb_articles_search_key_seq', (SELECT coalesce(max(search_key), 0) + 1 FROM kb_articles), false);
CREATE INDEX kb_articles_title_search ON kb_articles USING GIN (to_tsvector('simple', search_title));
