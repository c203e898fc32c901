package dev.freshet.admin.users;

import dev.freshet.admin.security.LocalUsers;
import dev.freshet.admin.security.PasswordHasher;
import dev.freshet.admin.security.PasswordWork;
import dev.freshet.shared.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;

@ApplicationScoped
public class LocalUserService {

    private static final Logger LOG = Logger.getLogger(LocalUserService.class);
    static final int MIN_PASSWORD_LENGTH = 12;
    static final int MAX_PASSWORD_LENGTH = 200;

    private final LocalUsers users;
    private final PasswordWork work;

    public LocalUserService(LocalUsers users, PasswordWork work) {
        this.users = users;
        this.work = work;
    }

    public Uni<List<LocalUserView>> list() {
        return users.list().map(stored -> {
            List<LocalUserView> out = new ArrayList<>();
            for (LocalUsers.ConfiguredUser c : users.configuredUsers()) {
                out.add(new LocalUserView(c.username(), c.role(), "configuration", false, null, null));
            }
            stored.forEach(s -> out.add(new LocalUserView(s.username(), s.role(), "stored", s.generated(), s.createdAt(),
                    s.passwordChangedAt())));
            return out;
        });
    }

    public Uni<RotatedPassword> rotate(String username, PasswordRequest request, String actor) {
        String given = request == null ? null : request.password();
        if (given != null && (given.length() < MIN_PASSWORD_LENGTH || given.length() > MAX_PASSWORD_LENGTH)) {
            return Uni.createFrom().failure(ProblemException.badRequest("the password is not valid",
                    List.of("password must be " + MIN_PASSWORD_LENGTH + " to " + MAX_PASSWORD_LENGTH
                            + " characters, or left out to have one generated")));
        }
        refuseConfigured(username);
        String password = given == null ? PasswordHasher.generate() : given;
        return work.run(() -> PasswordHasher.hash(password))
                .flatMap(hash -> users.rotate(username, hash, actor))
                .map(role -> {
                    String r = role.orElseThrow(() -> notFound(username));
                    LOG.infof("%s rotated the password of local user %s", actor, username);
                    return new RotatedPassword(username, r, given == null ? password : null);
                });
    }

    public Uni<Void> delete(String username, String actor) {
        refuseConfigured(username);
        return users.delete(username, actor).map(existed -> {
            if (!existed) {
                throw notFound(username);
            }
            LOG.infof("%s deleted local user %s", actor, username);
            return null;
        });
    }

    private void refuseConfigured(String username) {
        for (LocalUsers.ConfiguredUser c : users.configuredUsers()) {
            if (c.username().equals(username)) {
                throw ProblemException.conflict("user '" + username
                        + "' is set by configuration; change or remove its password there");
            }
        }
    }

    private static ProblemException notFound(String username) {
        return ProblemException.notFound("local user '" + username + "' does not exist");
    }
}
