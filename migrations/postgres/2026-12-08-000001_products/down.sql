DROP TABLE opportunity_line_items;
DROP TABLE product_terms;
DROP TABLE product_prices;
DROP TABLE products;
