--liquibase formatted sql

--changeset fabula:001-conversation-sessions
--comment: one row per genesis session: the current state as a snapshot of its events, and the version for optimistic concurrency
create table conversation_sessions (
    id           uuid        primary key,
    scope_type   text        not null default 'NOVEL',
    scope_id     uuid        not null,
    user_id      uuid        not null,
    status       text        not null constraint conversation_sessions_status_check
                             check (status in ('ACTIVE', 'PAUSED', 'COMPLETED', 'ABANDONED', 'FAILED')),
    stage        text        not null constraint conversation_sessions_stage_check
                             check (stage in ('CONCEPT', 'THEME', 'WORLD', 'CHARACTERS', 'PLOT', 'DETAILS')),
    stage_states jsonb       not null default '{}'::jsonb,
    state        jsonb       not null default '{}'::jsonb,
    version      bigint      not null constraint conversation_sessions_version_check check (version >= 1),
    created_at   timestamptz not null default now(),
    updated_at   timestamptz not null default now()
);
-- GET /genesis/sessions lists a writer's own sessions, newest first
create index conversation_sessions_user_idx on conversation_sessions (user_id, created_at desc);
--rollback drop table conversation_sessions;

--changeset fabula:001-conversation-rounds
--comment: one row per accepted command (a round of the conversation), numbered by the version it produced
create table conversation_rounds (
    id             bigint      generated always as identity primary key,
    session_id     uuid        not null references conversation_sessions (id) on delete cascade,
    round_path     text        not null constraint conversation_rounds_path_check check (round_path ~ '^[0-9]+(\.[0-9]+)*$'),
    role           text        not null constraint conversation_rounds_role_check check (role in ('WRITER', 'AGENT', 'SYSTEM')),
    command_type   text        not null,
    command_id     text        not null,
    input          text,
    output         text,
    tool_calls     jsonb,
    model          text,
    tokens_in      integer,
    tokens_out     integer,
    latency_ms     integer,
    cost           numeric(12, 6),
    correlation_id text        not null,
    created_at     timestamptz not null default now(),
    constraint conversation_rounds_session_path_key unique (session_id, round_path)
);
--rollback drop table conversation_rounds;
