--liquibase formatted sql

--changeset fabula:005-agent-runs
--comment: every agent call (SPEC §3 step 5), for /admin/health, cost and debugging
create table agent_runs (
    id             bigint      generated always as identity primary key,
    capability     text        not null,
    model          text        not null,
    session_id     uuid,
    task_id        text,
    tokens_in      integer     not null default 0 constraint agent_runs_tokens_in_check check (tokens_in >= 0),
    tokens_out     integer     not null default 0 constraint agent_runs_tokens_out_check check (tokens_out >= 0),
    cost           numeric(12, 6) not null default 0,
    latency_ms     integer     not null default 0,
    status         text        not null constraint agent_runs_status_check
                               check (status in ('SUCCEEDED', 'FAILED', 'RETRIED', 'DEAD_LETTERED')),
    error          text,
    correlation_id text        not null,
    started_at     timestamptz not null default now()
);
create index agent_runs_started_at_idx on agent_runs (started_at desc);
create index agent_runs_correlation_idx on agent_runs (correlation_id);
create index agent_runs_capability_idx on agent_runs (capability, started_at desc);
--rollback drop table agent_runs;

--changeset fabula:005-llm-budget-ledger
--comment: the daily LLM budget's ledger (SPEC §8): one row per charged call, summed per UTC day
create table llm_budget_ledger (
    id           bigint      generated always as identity primary key,
    budget_day   date        not null,
    model        text        not null,
    tokens_in    integer     not null default 0,
    tokens_out   integer     not null default 0,
    cost_usd     numeric(12, 6) not null constraint llm_budget_ledger_cost_check check (cost_usd >= 0),
    agent_run_id bigint      references agent_runs (id) on delete set null,
    recorded_at  timestamptz not null default now()
);
create index llm_budget_ledger_day_idx on llm_budget_ledger (budget_day);
--rollback drop table llm_budget_ledger;
