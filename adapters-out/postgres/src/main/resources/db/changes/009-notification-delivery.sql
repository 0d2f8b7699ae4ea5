--liquibase formatted sql

--changeset fabula:009-notification-preferences
--comment: per user and kind: immediate mail or daily digest, mail on or off (SPEC §9); no row = the user's default
create table notification_preferences (
    user_id    uuid        not null references users (id) on delete cascade,
    kind       text        not null constraint notification_preferences_kind_check
                           check (kind in ('STAGE_AWAITING_REVIEW', 'SESSION_FINISHED', 'SESSION_FAILED', 'BUDGET_WARNING')),
    delivery   text        not null constraint notification_preferences_delivery_check
                           check (delivery in ('IMMEDIATE', 'DIGEST')),
    email      boolean     not null,
    updated_at timestamptz not null default now(),
    constraint notification_preferences_pkey primary key (user_id, kind)
);
--rollback drop table notification_preferences;

--changeset fabula:009-users-language
--comment: the language of a user's mails (templates exist in English and Chinese)
alter table users add column language text not null default 'en' constraint users_language_check check (language in ('en', 'zh'));
--rollback alter table users drop column language;

--changeset fabula:009-notifications-delivery
--comment: what the sender needs: the mail's language and template values, when the next attempt is due, which digest took a row, one digest per user and day
alter table notifications add column language text not null default 'en';
alter table notifications add column params jsonb not null default '{}'::jsonb;
alter table notifications add column next_attempt_at timestamptz not null default now();
alter table notifications add column digest_id uuid;
alter table notifications add column digest_date date;
alter table notifications drop constraint notifications_status_check;
alter table notifications add constraint notifications_status_check check (status in ('PENDING', 'SENT', 'FAILED', 'DIGESTED'));
drop index notifications_pending_idx;
create index notifications_pending_idx on notifications (channel, next_attempt_at) where status = 'PENDING';
create unique index notifications_one_digest_per_day_key on notifications (user_id, digest_date) where digest_date is not null;
--rollback drop index notifications_one_digest_per_day_key;
--rollback drop index notifications_pending_idx;
--rollback create index notifications_pending_idx on notifications (delivery, created_at) where status = 'PENDING';
--rollback alter table notifications drop constraint notifications_status_check;
--rollback alter table notifications add constraint notifications_status_check check (status in ('PENDING', 'SENT', 'FAILED'));
--rollback alter table notifications drop column digest_date;
--rollback alter table notifications drop column digest_id;
--rollback alter table notifications drop column next_attempt_at;
--rollback alter table notifications drop column params;
--rollback alter table notifications drop column language;
