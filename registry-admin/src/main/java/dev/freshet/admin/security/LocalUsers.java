package dev.freshet.admin.security;

import dev.freshet.admin.AdminConfig;
import dev.freshet.admin.common.Rows;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The local users of the admin API: the configured admin and viewer, and stored users (kept only as
 * a hash in the database): the admin generated at first start when no password is configured, which
 * configuring one revokes, and users whose password an admin rotated.
 */
@ApplicationScoped
public class LocalUsers {

    private static final Logger LOG = Logger.getLogger(LocalUsers.class);
    /** The actor recorded for changes Freshet makes on its own (revoking generated users at start). */
    static final String SYSTEM = "system";

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
        String username = config.admin().username();
        if (!config.localUsersEnabled()) {
            return;
        }
        if (config.admin().password().isPresent()) {
            List<String> revoked = revokeGenerated(username).await().atMost(Duration.ofSeconds(30));
            if (!revoked.isEmpty()) {
                LOG.infof("an admin password is configured: revoked the stored users %s (audited)", revoked);
            }
            return;
        }
        Path file = config.generatedPasswordFile().toAbsolutePath();
        Optional<String> generated = provision(username, Roles.ADMIN).await().atMost(Duration.ofSeconds(30));
        if (generated.isEmpty()) {
            LOG.infof("no admin password configured: user '%s' uses the password generated at first start "
                    + "(written then to %s on the instance that generated it)", username, file);
            return;
        }
        try {
            SecretFiles.writeOwnerOnly(file, generated.get());
            LOG.infof("no admin password configured: generated one for user '%s' and wrote it to %s (readable by "
                    + "this user only); set FRESHET_ADMIN_PASSWORD to choose your own", username, file);
        } catch (IOException e) {
            // a password nobody can read is useless; take the user back rather than leave it unreachable
            pool.preparedQuery(LocalUserSql.DELETE).execute(Tuple.of(username, SYSTEM)).await().atMost(Duration.ofSeconds(30));
            LOG.warnf("no admin password configured and %s could not be written (%s): no admin user exists; "
                    + "set FRESHET_ADMIN_PASSWORD", file, e.getMessage());
        }
    }

    /** Removes generated users (and a stored user named like the configured admin); audited. */
    public Uni<List<String>> revokeGenerated(String configuredAdmin) {
        return pool.preparedQuery(LocalUserSql.REVOKE_GENERATED).execute(Tuple.of(configuredAdmin, SYSTEM)).map(rows -> {
            List<String> names = new ArrayList<>();
            rows.forEach(r -> names.add(r.getString("username")));
            return names;
        });
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

    /** A stored user as listed by the users API. */
    public record StoredUserInfo(String username, String role, boolean generated, Instant createdAt, Instant passwordChangedAt) {
    }

    public Uni<List<StoredUserInfo>> list() {
        return pool.query(LocalUserSql.LIST).execute().map(rows -> {
            List<StoredUserInfo> out = new ArrayList<>();
            rows.forEach(r -> out.add(new StoredUserInfo(r.getString("username"), r.getString("role"),
                    r.getBoolean("generated"), Rows.instant(r, "created_at"), Rows.instant(r, "password_changed_at"))));
            return out;
        });
    }

    /** A user whose password comes from configuration. */
    public record ConfiguredUser(String username, String role) {
    }

    /** The configured users that have a password, so can log in. */
    public List<ConfiguredUser> configuredUsers() {
        List<ConfiguredUser> out = new ArrayList<>();
        if (config.admin().password().isPresent()) {
            out.add(new ConfiguredUser(config.admin().username(), Roles.ADMIN));
        }
        if (config.viewer().password().isPresent()) {
            out.add(new ConfiguredUser(config.viewer().username(), Roles.VIEWER));
        }
        return out;
    }

    /** @return the user's role when it exists; the new hash replaces the old one and the change is audited */
    public Uni<Optional<String>> rotate(String username, String passwordHash, String actor) {
        return pool.preparedQuery(LocalUserSql.ROTATE).execute(Tuple.of(username, passwordHash, actor))
                .map(rows -> rows.size() == 0 ? Optional.<String>empty() : Optional.of(rows.iterator().next().getString("role")));
    }

    /** @return whether the user existed; the deletion is audited */
    public Uni<Boolean> delete(String username, String actor) {
        return pool.preparedQuery(LocalUserSql.DELETE).execute(Tuple.of(username, actor)).map(rows -> rows.size() == 1);
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
