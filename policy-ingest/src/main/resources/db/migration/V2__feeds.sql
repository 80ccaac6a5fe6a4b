-- Feeds (README "Feeds"): what each watch of the Federal Register has read, every document seen (once, by its
-- document number, whichever watch saw it first), and the drafts analysts complete into policy events.
create table feed_cursor (
    feed             varchar(64)   primary key,
    -- the next poll asks for documents published on or after this day (documents already seen are skipped)
    published_since  date,
    last_success_at  timestamptz,
    last_failure_at  timestamptz,
    last_failure     varchar(500)
);

create table feed_document (
    document_number  varchar(64)   primary key,
    feed             varchar(64)   not null,
    stage            varchar(32)   not null,
    title            varchar(2000) not null,
    -- the PolicyDocument record as published on policy.documents
    payload          jsonb         not null,
    seen_at          timestamptz   not null,
    -- when a document first seen on public inspection was seen published
    published_seen_at timestamptz
);

create table policy_draft (
    id               uuid          primary key,
    document_number  varchar(64)   not null unique references feed_document (document_number),
    status           varchar(16)   not null,
    created_at       timestamptz   not null,
    decided_at       timestamptz,
    decided_by       varchar(200),
    event_id         varchar(128)
);
create index policy_draft_status on policy_draft (status, created_at);
