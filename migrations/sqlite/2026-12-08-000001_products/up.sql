-- The product catalogue: what an organization sells, with a list price per currency (its
-- price book). `code_key` is the code folded for uniqueness among live products.
CREATE TABLE products (
    org_id BLOB NOT NULL REFERENCES organizations (id),
    id BLOB NOT NULL,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    code TEXT,
    code_key TEXT,
    description TEXT,
    active BOOLEAN NOT NULL,
    search_text TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP,
    version BIGINT NOT NULL DEFAULT 1,
    PRIMARY KEY (org_id, id)
);
CREATE UNIQUE INDEX products_code ON products (org_id, code_key)
    WHERE code_key IS NOT NULL AND deleted_at IS NULL;
CREATE INDEX products_by_name ON products (org_id, name_key, id);

-- A product's list price in one currency, in that currency's minor units.
CREATE TABLE product_prices (
    org_id BLOB NOT NULL,
    product_id BLOB NOT NULL,
    currency TEXT NOT NULL,
    amount_minor BIGINT NOT NULL,
    PRIMARY KEY (org_id, product_id, currency),
    FOREIGN KEY (org_id, product_id) REFERENCES products (org_id, id) ON DELETE CASCADE
);

-- Word prefixes of a product's name and code, for the list's `q`.
CREATE TABLE product_terms (
    org_id BLOB NOT NULL,
    term TEXT NOT NULL,
    product_id BLOB NOT NULL,
    PRIMARY KEY (org_id, term, product_id),
    FOREIGN KEY (org_id, product_id) REFERENCES products (org_id, id) ON DELETE CASCADE
);

-- What a deal sells, line by line, priced in the deal's currency. The name is kept as it was
-- when the line was written, so a renamed or deleted product leaves old deals as they were.
-- `total_minor` is quantity × unit price less the discount (hundredths of a percent).
CREATE TABLE opportunity_line_items (
    org_id BLOB NOT NULL,
    opportunity_id BLOB NOT NULL,
    position INTEGER NOT NULL,
    product_id BLOB NOT NULL,
    name TEXT NOT NULL,
    description TEXT,
    quantity BIGINT NOT NULL,
    unit_price_minor BIGINT NOT NULL,
    discount_bp INTEGER NOT NULL,
    total_minor BIGINT NOT NULL,
    PRIMARY KEY (org_id, opportunity_id, position),
    FOREIGN KEY (org_id, opportunity_id) REFERENCES opportunities (org_id, id) ON DELETE CASCADE,
    FOREIGN KEY (org_id, product_id) REFERENCES products (org_id, id)
);
CREATE INDEX opportunity_line_items_by_product ON opportunity_line_items (org_id, product_id);
