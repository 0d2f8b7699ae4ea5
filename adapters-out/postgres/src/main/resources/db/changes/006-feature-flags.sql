--liquibase formatted sql

--changeset fabula:006-feature-flags
--comment: the hot switches of SPEC §8 and who changed them, when and why (manual or automatic trip)
create table feature_flags (
    name       text        primary key constraint feature_flags_name_check check (name ~ '^[A-Z][A-Z0-9_]*$'),
    enabled    boolean     not null,
    updated_at timestamptz not null default now(),
    updated_by text        not null
);
create table feature_flag_audit (
    id         bigint      generated always as identity primary key,
    flag_name  text        not null,
    old_value  boolean,
    new_value  boolean     not null,
    changed_by text        not null,
    reason     text        not null,
    changed_at timestamptz not null default now()
);
create index feature_flag_audit_flag_idx on feature_flag_audit (flag_name, changed_at desc);
--rollback drop table feature_flag_audit;
--rollback drop table feature_flags;
