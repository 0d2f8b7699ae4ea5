--liquibase formatted sql

--changeset fabula:003-command-inbox
--comment: every accepted command by its idempotency key, with its result, so a retry is answered without a second effect
create table command_inbox (
    id              bigint      generated always as identity primary key,
    idempotency_key text        not null constraint command_inbox_idempotency_key_key unique,
    session_id      uuid        not null,
    user_id         uuid        not null,
    command_type    text        not null,
    -- SHA-256 of the request body: the same key with another body is refused, not replayed
    request_hash    text        not null constraint command_inbox_request_hash_check check (length(request_hash) = 64),
    status          text        not null default 'RECEIVED' constraint command_inbox_status_check
                                check (status in ('RECEIVED', 'PROCESSING', 'COMPLETED', 'FAILED')),
    result          jsonb,
    error           text,
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now(),
    constraint command_inbox_result_check check (status <> 'COMPLETED' or result is not null)
);
-- at most one pending command of each type per session
create unique index command_inbox_one_pending_per_type_idx
    on command_inbox (session_id, command_type) where status in ('RECEIVED', 'PROCESSING');
create index command_inbox_session_idx on command_inbox (session_id, created_at);
--rollback drop table command_inbox;
