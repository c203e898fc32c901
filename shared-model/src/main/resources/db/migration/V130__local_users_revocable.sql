-- Local users of the admin API become revocable: a generated user is marked so that configuring a
-- password removes it, and changes to local users (and login lockouts) are audited.

alter table admin_local_users add column generated boolean not null default false;
alter table admin_local_users add column password_changed_at timestamptz not null default now();
-- every row so far was generated at first start
update admin_local_users set generated = true;

alter table audit_log drop constraint audit_log_entity_type_check;
alter table audit_log add constraint audit_log_entity_type_check
    check (entity_type in ('registry', 'flag', 'quota', 'job', 'aggregation', 'local_user', 'login'));
