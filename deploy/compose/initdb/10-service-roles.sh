#!/usr/bin/env bash
# First start of the database volume only (the postgres image runs /docker-entrypoint-initdb.d once):
# one login user per service, each a member of its service role. The roles are the NOLOGIN groups the
# V300 migration grants to (created here first, the migration then finds them); the migration itself
# runs as the superuser POSTGRES_USER, which owns the schema.
set -euo pipefail
for service in tracker processor checker admin; do
  var="FRESHET_$(echo "$service" | tr '[:lower:]' '[:upper:]')_DB_PASSWORD"
  password="${!var:?$var is not set}"
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
       -v group="freshet_$service" -v login="freshet_${service}_login" -v password="$password" <<'SQL'
select format('create role %I nologin', :'group') where not exists (select 1 from pg_roles where rolname = :'group') \gexec
select format('create role %I login password %L in role %I', :'login', :'password', :'group') \gexec
SQL
done
