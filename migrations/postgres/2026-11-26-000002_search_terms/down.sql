CREATE FUNCTION rapport_search_vector(words text) RETURNS tsvector
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$
        SELECT coalesce(array_to_tsvector(array_agg(DISTINCT left(w, n))), ''::tsvector)
        FROM unnest(string_to_array(words, ' ')) AS w, generate_series(1, least(length(w), 20)) AS n
        WHERE w <> ''
    $$;
ALTER TABLE accounts ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (rapport_search_vector(search_text)) STORED;
CREATE INDEX accounts_search ON accounts USING gin (search_vector);
ALTER TABLE accounts ALTER COLUMN search_vector SET STATISTICS 1000;
ALTER TABLE contacts ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (rapport_search_vector(search_text)) STORED;
CREATE INDEX contacts_search ON contacts USING gin (search_vector);
ALTER TABLE contacts ALTER COLUMN search_vector SET STATISTICS 1000;
DROP TABLE contact_terms;
DROP TABLE account_terms;
