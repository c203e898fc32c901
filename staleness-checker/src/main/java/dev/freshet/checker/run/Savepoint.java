package dev.freshet.checker.run;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

import java.util.function.Supplier;

/**
 * A part of a task's run that may fail without failing the run: its statements run inside a
 * savepoint, released when they succeed and rolled back to when they fail (the transaction, and so
 * the task's lock, carries on), the failure passed on for the caller to recover from.
 */
public final class Savepoint {

    private final String set;
    private final String release;
    private final String rollback;

    /** @param name a fixed SQL identifier chosen by the code, never input */
    public Savepoint(String name) {
        this.set = "savepoint " + name;
        this.release = "release savepoint " + name;
        this.rollback = "rollback to savepoint " + name;
    }

    public <T> Uni<T> run(SqlConnection tx, Supplier<Uni<T>> work) {
        return tx.query(set).execute()
                .flatMap(x -> work.get())
                .call(x -> tx.query(release).execute())
                .onFailure().call(e -> tx.query(rollback).execute());
    }
}
