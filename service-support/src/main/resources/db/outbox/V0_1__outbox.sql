-- The transactional outbox of service-support's OutboxRelay. A service that publishes to Kafka adds
-- db/outbox to quarkus.flyway.locations.
create table outbox (
    id            bigserial    primary key,
    topic         varchar(249) not null,
    record_key    varchar(500),
    ce_id         varchar(300) not null,
    ce_type       varchar(200) not null,
    payload       text         not null,
    created_at    timestamptz  not null,
    published_at  timestamptz
);
create index outbox_unpublished on outbox (id) where published_at is null;
