-- Every policy event applied, once: the primary key is the idempotency check of the consumer.
create table applied_event (
    event_id    varchar(128) primary key,
    imposer     varchar(2)   not null,
    sequence    bigint       not null,
    payload     text         not null,
    applied_at  timestamptz  not null
);
create index applied_event_order on applied_event (sequence);

-- Transitions whose rate changes were emitted: (event, instant). An event's past instants are emitted
-- when it is applied, its future ones by the scheduler when they come; this table makes each happen once,
-- also after downtime.
create table emitted_transition (
    event_id    varchar(128) not null,
    instant     timestamptz  not null,
    emitted_at  timestamptz  not null,
    primary key (event_id, instant)
);

-- Upcoming-change notices sent: one per (event, instant, lead time).
create table sent_notice (
    event_id    varchar(128) not null,
    instant     timestamptz  not null,
    lead        varchar(32)  not null,
    sent_at     timestamptz  not null,
    primary key (event_id, instant, lead)
);
