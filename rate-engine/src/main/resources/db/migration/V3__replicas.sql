-- Replicas (README "Scaling"): every replica keeps the whole book; the one holding the leadership advisory
-- lock writes — applies to this database, publishes rate changes and notices, runs the scheduler. Each
-- takeover advances the epoch; a write transaction first reads the epoch (for share) and gives up when it is
-- no longer its own, so a replica that lost the lock unseen can never publish beside the new leader.
create table engine_leadership (
    id               int          primary key check (id = 1),
    epoch            bigint       not null,
    holder           varchar(64),
    since            timestamptz,
    -- advanced by every rebuild: the other replicas reload their books when it moves
    book_generation  bigint       not null
);
insert into engine_leadership (id, epoch, book_generation) values (1, 0, 0);

-- A rebuild asked of a replica that does not lead: the leader runs it and writes the result here.
create table rebuild_request (
    id              uuid         primary key,
    requested_at    timestamptz  not null,
    completed_at    timestamptz,
    events_read     int,
    events_applied  int
);
