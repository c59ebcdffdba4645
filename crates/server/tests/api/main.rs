//! API integration tests: the real server on port 0, a fresh database per test, on SQLite
//! and on PostgreSQL.

mod access;
mod accounts;
mod activities;
mod assignment;
mod attachments;
mod auth;
mod bulk;
mod commands;
mod contacts;
mod customer;
mod escalations;
mod isolation;
mod jobs;
mod lead_forms;
mod leads;
mod live;
mod merge;
mod migrations;
mod openapi;
mod opportunities;
mod organization;
mod problems;
mod products;
mod races;
mod redaction;
mod routing;
mod schema;
mod scoring;
mod search;
mod sla;
mod support;
mod tickets;
mod users;
mod views;
mod web_app;
