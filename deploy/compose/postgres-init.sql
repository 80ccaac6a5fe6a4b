-- One database and one login per service (docker compose: runs once, on an empty data volume).
create role ingest login password 'ingest';
create database ingest owner ingest;
create role rates login password 'rates';
create database rates owner rates;
create role alerts login password 'alerts';
create database alerts owner alerts;
