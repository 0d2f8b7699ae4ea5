--liquibase formatted sql

--changeset fabula:004-consumer-dedup
--comment: the events each consumer group has already handled: Kafka redelivers, the effect happens once
create table consumer_dedup (
    consumer_group text        not null,
    event_id       uuid        not null,
    processed_at   timestamptz not null default now(),
    constraint consumer_dedup_pkey primary key (consumer_group, event_id)
);
-- retention deletes old rows by age
create index consumer_dedup_processed_at_idx on consumer_dedup (processed_at);
--rollback drop table consumer_dedup;
