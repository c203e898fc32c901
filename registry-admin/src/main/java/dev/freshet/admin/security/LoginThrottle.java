package dev.freshet.admin.security;

import dev.freshet.admin.AdminConfig;
import dev.freshet.admin.audit.AuditSql;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows password guessing: after a number of failed Basic logins for one username, or from one
 * client address, further attempts are refused without checking the password, for a lockout that
 * doubles with each failure beyond the threshold (capped). Failures older than the window are
 * forgotten; a success clears the username and the address. Each lockout that starts is audited
 * ({@code login}/{@code lockout}). Counts are per instance: N replicas allow N times the attempts.
 */
@ApplicationScoped
public class LoginThrottle {

    private static final Logger LOG = Logger.getLogger(LoginThrottle.class);
    /** Past this many tracked keys, the ones whose window has passed are dropped. */
    private static final int PURGE_ABOVE = 10_000;

    private record Failures(int count, Instant last, Instant lockedUntil) {
    }

    private final Map<String, Failures> failures = new ConcurrentHashMap<>();
    private final AdminConfig.Throttle config;
    private final Clock clock;
    private final Pool pool;

    public LoginThrottle(AdminConfig config, Clock clock, Pool pool) {
        this.config = config.security().loginThrottle();
        this.clock = clock;
        this.pool = pool;
    }

    /** @return when the username or the address may try again, or null when it may try now */
    public Instant lockedUntil(String username, String address) {
        Instant now = clock.instant();
        Instant user = locked(userKey(username), now);
        Instant addr = locked(addressKey(address), now);
        if (user == null) {
            return addr;
        }
        return addr == null || user.isAfter(addr) ? user : addr;
    }

    public void failed(String username, String address) {
        Instant now = clock.instant();
        record(userKey(username), config.usernameThreshold(), now, username, address);
        record(addressKey(address), config.addressThreshold(), now, username, address);
        if (failures.size() > PURGE_ABOVE) {
            failures.values().removeIf(f -> f.last().plus(config.window()).isBefore(now)
                    && (f.lockedUntil() == null || f.lockedUntil().isBefore(now)));
        }
    }

    public void succeeded(String username, String address) {
        failures.remove(userKey(username));
        failures.remove(addressKey(address));
    }

    private Instant locked(String key, Instant now) {
        Failures f = failures.get(key);
        return f == null || f.lockedUntil() == null || !f.lockedUntil().isAfter(now) ? null : f.lockedUntil();
    }

    private void record(String key, int threshold, Instant now, String username, String address) {
        Failures after = failures.compute(key, (k, f) -> {
            int count = f == null || f.last().plus(config.window()).isBefore(now) ? 1 : f.count() + 1;
            Instant lockedUntil = count < threshold ? null : now.plus(lockout(count - threshold));
            return new Failures(count, now, lockedUntil);
        });
        if (after.count() == threshold) {
            LOG.warnf("login lockout for %s after %d failed logins (last user '%s' from %s) until %s", key,
                    after.count(), username, address, after.lockedUntil());
            JsonObject detail = new JsonObject().put("failures", after.count()).put("username", username)
                    .put("address", address).put("lockedUntil", after.lockedUntil().toString());
            pool.preparedQuery(AuditSql.INSERT).execute(Tuple.of(LocalUsers.SYSTEM, "login", key, "lockout", null, detail))
                    .subscribe().with(ok -> { }, e -> LOG.warnf("could not audit the login lockout of %s: %s", key, e.getMessage()));
        }
    }

    private Duration lockout(int beyond) {
        Duration d = config.lockout().multipliedBy(1L << Math.min(beyond, 20));
        return d.compareTo(config.maxLockout()) > 0 ? config.maxLockout() : d;
    }

    private static String userKey(String username) {
        return "user:" + username;
    }

    private static String addressKey(String address) {
        return "address:" + address;
    }
}
