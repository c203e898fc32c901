-- Prepares a database whose V50 was rolled back (V50__aggregation_redesign_rollback.sql) for V50 to
-- apply again. Run by hand (psql -f), then migrate once out of order (QUARKUS_FLYWAY_OUT_OF_ORDER=true):
-- V50 creates its tables, triggers and functions as they were in V50, and Flyway then runs
-- R__aggregation_functions.sql again, because this removes its row, which brings every function to
-- the shipped version (V70's change and later edits included). Without this, V50's older functions
-- would stay.
delete from flyway_schema_history where script = 'R__aggregation_functions.sql';
