-- Policy events as accepted: the recorded JSON, the id as idempotency key, a gap-free sequence.
create table policy_event (
    id            varchar(128) primary key,
    sequence      bigint       not null unique,
    imposer       varchar(2)   not null,
    kind          varchar(16)  not null,
    stage         varchar(16)  not null,
    content_hash  varchar(64)  not null,
    payload       text         not null,
    publisher     varchar(200) not null,
    recorded_at   timestamptz  not null
);
create index policy_event_imposer on policy_event (imposer, sequence);

-- One row holding the last sequence handed out; locked by each accepting transaction, so numbers
-- are gap-free and follow commit order.
create table event_sequence (
    id          int    primary key check (id = 1),
    last_value  bigint not null
);
insert into event_sequence (id, last_value) values (1, 0);

-- Publisher API keys, stored as SHA-256 hashes.
create table api_key (
    id          bigserial    primary key,
    name        varchar(200) not null unique,
    key_hash    varchar(64)  not null unique,
    role        varchar(16)  not null,
    created_at  timestamptz  not null,
    revoked_at  timestamptz
);
