package dev.freshet.testsupport;

import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every service's database role (V300) keeps, on real PostgreSQL: the application's connections are a login in
 * the role and nothing more, writes outside the role's grants are refused, what the service needs is allowed. A
 * service's {@code DatabaseRoleTest} extends it with its {@link Grants}.
 * Every statement is written with {@code where false}: privileges are checked first, nothing is touched.
 */
public abstract class DatabaseRoleContract {

    private final Grants grants;

    /** The application's own connection pool. */
    @Inject
    Pool pool;

    protected DatabaseRoleContract(Grants grants) {
        this.grants = grants;
    }

    @Test
    public void itsConnectionsAreALoginOfItsRoleAndNothingMore() {
        Map<String, Object> me = firstRowOnTheApplicationPool(ServiceRoles.WHO_AM_I);
        assertEquals(grants.role(), me.get("member_of"));
        assertEquals(Boolean.FALSE, me.get("powerful"));
        Throwable refused = assertThrows(Throwable.class, () -> firstRowOnTheApplicationPool(grants.refusedOnItsOwnPool()));
        assertTrue(String.valueOf(refused.getMessage()).contains(ServiceRoles.REFUSED), () -> "not a refused privilege: " + refused);
    }

    @Test
    public void writesOutsideItsGrantsAreRefused() {
        for (Grants.Case c : grants.refused()) {
            assertEquals(ServiceRoles.REFUSED, asRole(c.statement()), c.what());
        }
    }

    @Test
    public void whatItNeedsIsAllowed() {
        for (Grants.Case c : grants.allowed()) {
            assertNull(asRole(c.statement()), c.what());
        }
    }

    /** The first row of {@code sql} on the application's own pool, by column label; throws when it fails. */
    private Map<String, Object> firstRowOnTheApplicationPool(String sql) {
        return pool.query(sql).execute().await().atMost(Duration.ofSeconds(10)).iterator().next().toJson().getMap();
    }

    private String asRole(String statement) {
        return ServiceRoles.refusal(PostgresTestResource.current(), grants.role(), statement);
    }

    /**
     * A role's expectations: {@code Grants.of("freshet_checker", "update data_type_registry … where false")
     * .refused("quotas", "update provider_quotas … where false").allowed("freshness", "delete from data_freshness where false")}.
     *
     * @param refusedOnItsOwnPool a write the application's own connections must be refused
     */
    public record Grants(String role, String refusedOnItsOwnPool, List<Case> refused, List<Case> allowed) {

        /** A statement and what it stands for, named in the failure message. */
        public record Case(String what, String statement) {
        }

        public static Grants of(String role, String refusedOnItsOwnPool) {
            return new Grants(role, refusedOnItsOwnPool, List.of(), List.of());
        }

        public Grants refused(String what, String statement) {
            return new Grants(role, refusedOnItsOwnPool, plus(refused, new Case(what, statement)), allowed);
        }

        public Grants allowed(String what, String statement) {
            return new Grants(role, refusedOnItsOwnPool, refused, plus(allowed, new Case(what, statement)));
        }

        private static List<Case> plus(List<Case> cases, Case c) {
            List<Case> out = new ArrayList<>(cases);
            out.add(c);
            return List.copyOf(out);
        }
    }
}
