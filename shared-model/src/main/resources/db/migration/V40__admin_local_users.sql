-- Local admin-API users whose password was generated at first start (no password configured).
-- Only a salted PBKDF2 hash is kept; the password itself is printed once, by the replica that
-- generated it.
create table admin_local_users (
    username      text primary key check (username ~ '^[A-Za-z0-9._@-]{1,64}$'),
    role          text        not null check (role in ('admin', 'viewer')),
    password_hash text        not null,
    created_at    timestamptz not null default now()
);

create index audit_log_actor_idx on audit_log (actor, at desc);
