--liquibase formatted sql

--changeset fabula:002-domain-events
--comment: the session's events, gapless per aggregate; the envelope is stored whole (docs/events.md)
create table domain_events (
    id             bigint      generated always as identity primary key,
    event_id       uuid        not null constraint domain_events_event_id_key unique,
    event_type     text        not null,
    aggregate_type text        not null,
    aggregate_id   uuid        not null,
    sequence       bigint      not null constraint domain_events_sequence_check check (sequence >= 1),
    correlation_id text        not null,
    causation_id   text        not null,
    occurred_at    timestamptz not null,
    envelope       jsonb       not null,
    recorded_at    timestamptz not null default now(),
    -- the last line of defence against two writers of one session: a second event with the same number fails
    constraint domain_events_aggregate_sequence_key unique (aggregate_id, sequence)
);
-- "which events did this command cause" (command status, idempotent replay)
create index domain_events_causation_idx on domain_events (causation_id);
--rollback drop table domain_events;

--changeset fabula:002-event-outbox
--comment: messages to publish to Kafka, written in the command's transaction and relayed after commit
create table event_outbox (
    id            bigint      generated always as identity primary key,
    event_id      uuid,
    topic         text        not null,
    key           text        not null,
    partition_key text        not null,
    payload       jsonb       not null,
    headers       jsonb       not null default '{}'::jsonb,
    status        text        not null default 'PENDING' constraint event_outbox_status_check
                              check (status in ('PENDING', 'SENDING', 'SENT', 'FAILED')),
    retry_count   integer     not null default 0 constraint event_outbox_retry_count_check check (retry_count >= 0),
    max_retries   integer     not null default 5 constraint event_outbox_max_retries_check check (max_retries >= 0),
    last_error    text,
    created_at    timestamptz not null default now(),
    scheduled_at  timestamptz not null default now(),
    sent_at       timestamptz,
    constraint event_outbox_sent_at_check check ((status = 'SENT') = (sent_at is not null))
);
-- the relay claims due pending rows oldest first (FOR UPDATE SKIP LOCKED); only pending rows are indexed
create index event_outbox_pending_idx on event_outbox (scheduled_at, id) where status = 'PENDING';
-- per-key order: the relay must not publish a key's row while an older one of that key is unsent
create index event_outbox_unsent_by_key_idx on event_outbox (partition_key, id) where status in ('PENDING', 'SENDING');
--rollback drop table event_outbox;
