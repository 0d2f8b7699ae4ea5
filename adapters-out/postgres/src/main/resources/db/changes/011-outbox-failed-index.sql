--liquibase formatted sql

--changeset fabula:011-event-outbox-failed-idx
--comment: the outbox.failed gauge counts FAILED rows every few seconds; without this index that would scan every SENT row ever written
create index event_outbox_failed_idx on event_outbox (id) where status = 'FAILED';
--rollback drop index event_outbox_failed_idx;
