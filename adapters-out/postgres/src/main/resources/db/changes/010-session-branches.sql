--liquibase formatted sql

--changeset fabula:010-session-branches
--comment: a branch (BranchSession) is a session of its own forked after a round of its parent: it shares the parent's rounds and events up to there and numbers its own rounds under that round's path ('2' -> '2.1', '2.2')
alter table conversation_sessions
    add column parent_session_id  uuid   constraint conversation_sessions_parent_fkey references conversation_sessions (id),
    add column branched_from_round bigint constraint conversation_sessions_branched_from_round_check check (branched_from_round >= 1),
    add column branched_from_path  text,
    add constraint conversation_sessions_branch_check check (
        (parent_session_id is null) = (branched_from_round is null)
        and (parent_session_id is null) = (branched_from_path is null));
-- "which branches were forked from this session"
create index conversation_sessions_parent_idx on conversation_sessions (parent_session_id) where parent_session_id is not null;
--rollback drop index conversation_sessions_parent_idx;
--rollback alter table conversation_sessions drop constraint conversation_sessions_branch_check, drop column branched_from_path, drop column branched_from_round, drop column parent_session_id;
