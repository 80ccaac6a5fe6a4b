-- What subscribers have been told, per (imposer, partner, product key): the rate changes published for
-- it, as a JSON array of { at, previous, next, rateChangeId }. The engine diffs its timelines against
-- these rows and publishes exactly the differences (README "Rate changes"); a key without a row reads
-- its parent's. Replaces the (event, instant) ledger, which could not tell a transition that moved.
create table published_timeline (
    imposer      varchar(2)   not null,
    partner      varchar(2)   not null,
    product      varchar(16)  not null,
    transitions  jsonb        not null,
    revised_at   timestamptz  not null,
    primary key (imposer, partner, product)
);

-- A database that published under the old ledger: its subscribers heard every transition that had come,
-- so the first start records the timelines up to then as published instead of publishing them again.
create table published_timeline_seed (needed boolean not null);
insert into published_timeline_seed select exists (select 1 from emitted_transition);
drop table emitted_transition;

-- Notices sent, by notice id (derived from key, instant, move and lead): each once.
drop table sent_notice;
create table sent_notice (
    notice_id  uuid         primary key,
    sent_at    timestamptz  not null
);

-- Orders every rate change published, for subscribers whose deliveries overtake one another.
create sequence rate_change_revision;
