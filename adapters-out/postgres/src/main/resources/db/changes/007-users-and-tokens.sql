--liquibase formatted sql

--changeset fabula:007-users
--comment: writers and admins; email unique regardless of case
create table users (
    id                 uuid        primary key,
    email              text        not null,
    display_name       text        not null,
    password_hash      text        not null,
    role               text        not null default 'writer' constraint users_role_check check (role in ('writer', 'admin')),
    notification_mode  text        not null default 'IMMEDIATE' constraint users_notification_mode_check
                                   check (notification_mode in ('IMMEDIATE', 'DIGEST')),
    created_at         timestamptz not null default now(),
    updated_at         timestamptz not null default now()
);
create unique index users_email_key on users (lower(email));
--rollback drop table users;

--changeset fabula:007-refresh-tokens
--comment: rotating refresh tokens (30 d); only a hash is stored; a reused rotated token revokes its family
create table refresh_tokens (
    id          uuid        primary key,
    user_id     uuid        not null references users (id) on delete cascade,
    family_id   uuid        not null,
    token_hash  text        not null constraint refresh_tokens_token_hash_key unique,
    expires_at  timestamptz not null,
    revoked_at  timestamptz,
    replaced_by uuid,
    created_at  timestamptz not null default now()
);
create index refresh_tokens_user_idx on refresh_tokens (user_id);
create index refresh_tokens_family_idx on refresh_tokens (family_id);
--rollback drop table refresh_tokens;
