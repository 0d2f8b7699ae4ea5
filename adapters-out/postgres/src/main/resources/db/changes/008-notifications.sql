--liquibase formatted sql

--changeset fabula:008-notifications
--comment: in-app and email notifications (SPEC §9); a row stays PENDING until delivered, so nothing is lost
create table notifications (
    id          uuid        primary key,
    user_id     uuid        not null references users (id) on delete cascade,
    session_id  uuid,
    kind        text        not null,
    title       text        not null,
    body        text        not null,
    channel     text        not null constraint notifications_channel_check check (channel in ('IN_APP', 'EMAIL')),
    delivery    text        not null constraint notifications_delivery_check check (delivery in ('IMMEDIATE', 'DIGEST')),
    status      text        not null default 'PENDING' constraint notifications_status_check
                            check (status in ('PENDING', 'SENT', 'FAILED')),
    attempts    integer     not null default 0,
    last_error  text,
    created_at  timestamptz not null default now(),
    sent_at     timestamptz,
    read_at     timestamptz
);
create index notifications_user_idx on notifications (user_id, created_at desc);
create index notifications_pending_idx on notifications (delivery, created_at) where status = 'PENDING';
--rollback drop table notifications;
