package dev.freshet.admin.security;

import dev.freshet.admin.AdminConfig;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The local users of the admin API: the configured admin and viewer, and users whose password was
 * generated at first start and is kept only as a hash in the database.
 */
@ApplicationScoped
public class LocalUsers {

    private static final Logger LOG = Logger.getLogger(LocalUsers.class);

    /** A stored user whose hash must still be checked against the offered password. */
    public record StoredUser(String username, String role, String passwordHash) {
    }

    private final Pool pool;
    private final AdminConfig.Security config;
    // PBKDF2 is deliberately slow; a password already verified against the same hash is not re-derived
    private final Set<String> verified = ConcurrentHashMap.newKeySet();

    public LocalUsers(Pool pool, AdminConfig config) {
        this.pool = pool;
        this.config = config.security();
    }

    void onStart(@Observes StartupEvent event) {
        if (config.admin().password().isPresent()) {
            return;
        }
        String username = config.admin().username();
        Optional<String> generated = provision(username, Roles.ADMIN).await().atMost(Duration.ofSeconds(30));
        generated.ifPresentOrElse(
                password -> LOG.infof("no admin password configured: generated one for user '%s': %s "
                        + "(shown only this once; set FRESHET_ADMIN_PASSWORD to choose your own)", username, password),
                () -> LOG.infof("no admin password configured: user '%s' uses the password generated at first start",
                        username));
    }

    /**
     * Creates a user with a generated password unless it already exists.
     *
     * @return the password when this call created the user (only then is it ever visible)
     */
    public Uni<Optional<String>> provision(String username, String role) {
        String password = PasswordHasher.generate();
        return pool.preparedQuery(LocalUserSql.INSERT_IF_ABSENT)
                .execute(Tuple.of(username, role, PasswordHasher.hash(password)))
                .map(rows -> rows.size() == 1 ? Optional.of(password) : Optional.<String>empty());
    }

    /** The roles of a configured user whose password matches, if any. */
    public Optional<Set<String>> configured(String username, String password) {
        if (matches(config.admin(), username, password)) {
            return Optional.of(Set.of(Roles.ADMIN, Roles.VIEWER));
        }
        if (matches(config.viewer(), username, password)) {
            return Optional.of(Set.of(Roles.VIEWER));
        }
        return Optional.empty();
    }

    public Uni<Optional<StoredUser>> stored(String username) {
        return pool.preparedQuery(LocalUserSql.FIND).execute(Tuple.of(username)).map(rows -> {
            RowIterator<Row> it = rows.iterator();
            if (!it.hasNext()) {
                return Optional.empty();
            }
            Row r = it.next();
            return Optional.of(new StoredUser(r.getString("username"), r.getString("role"), r.getString("password_hash")));
        });
    }

    /** Checks the password of a stored user; CPU-heavy on a cache miss, so call it off the event loop. */
    public boolean verify(StoredUser user, String password) {
        String key = digest(user.username() + '\0' + password + '\0' + user.passwordHash());
        if (verified.contains(key)) {
            return true;
        }
        boolean ok = PasswordHasher.verify(password, user.passwordHash());
        if (ok) {
            verified.add(key);
        }
        return ok;
    }

    public static Set<String> rolesOf(String role) {
        return Roles.ADMIN.equals(role) ? Set.of(Roles.ADMIN, Roles.VIEWER) : Set.of(Roles.VIEWER);
    }

    private static boolean matches(AdminConfig.LocalUser user, String username, String password) {
        return user.password().isPresent() && user.username().equals(username)
                && MessageDigest.isEqual(user.password().get().getBytes(StandardCharsets.UTF_8),
                password.getBytes(StandardCharsets.UTF_8));
    }

    private static String digest(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
