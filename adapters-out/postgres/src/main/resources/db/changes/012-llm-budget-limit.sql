--liquibase formatted sql

--changeset fabula:012-llm-budget-limit
--comment: the daily LLM budget limit an admin set (POST /api/v1/admin/budget), newest row wins; the rows are the audit trail
create table llm_budget_limit (
    id         bigint      generated always as identity primary key,
    limit_usd  numeric(12, 6) not null constraint llm_budget_limit_non_negative check (limit_usd >= 0),
    changed_by text        not null,
    reason     text        not null,
    changed_at timestamptz not null default now()
);
--rollback drop table llm_budget_limit;
