create table subscription (
    id                   uuid         primary key,
    channel              varchar(16)  not null,
    target               varchar(2000) not null,
    filters              text         not null,
    digest               varchar(16)  not null,
    status               varchar(32)  not null,
    token_hash           varchar(64)  not null,
    secret               varchar(100),
    confirm_token        varchar(100),
    unsubscribe_token    varchar(100) not null,
    disabled_reason      varchar(500),
    failing_since        timestamptz,
    created_at           timestamptz  not null,
    updated_at           timestamptz  not null
);
create index subscription_status on subscription (status);

-- One alert per (subscription, source): the unique key makes a redelivered Kafka record create nothing.
-- The alert row is also the durable delivery queue entry.
create table alert (
    id                uuid         primary key,
    subscription_id   uuid         not null references subscription (id) on delete cascade,
    source_id         varchar(300) not null,
    type              varchar(64)  not null,
    payload           text         not null,
    status            varchar(16)  not null,
    attempts          int          not null default 0,
    next_attempt_at   timestamptz  not null,
    delivered_at      timestamptz,
    last_error        varchar(1000),
    created_at        timestamptz  not null,
    unique (subscription_id, source_id)
);
create index alert_due on alert (next_attempt_at) where status = 'PENDING';

create table delivery_attempt (
    id             bigserial    primary key,
    alert_id       uuid         not null references alert (id) on delete cascade,
    attempt        int          not null,
    attempted_at   timestamptz  not null,
    status_code    int,
    outcome        varchar(16)  not null,
    error          varchar(1000),
    duration_ms    bigint       not null
);
create index delivery_attempt_alert on delivery_attempt (alert_id, attempt);
