package dev.freshet.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * `./freshet up` (the stack), `./freshet db` (the database alone), `./freshet status` and `./freshet down` (a stack
 * started in another terminal, found by the pid file in its home directory).
 */
public final class FreshetLauncher {

    private FreshetLauncher() {
    }

    public static void main(String[] args) throws Exception {
        String command = args.length > 0 && !args[0].startsWith("-") ? args[0] : "up";
        LaunchOptions options;
        try {
            options = LaunchOptions.parse(args, Path.of(System.getProperty("freshet.root", ".")).toAbsolutePath().normalize());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        StackControl control = new StackControl(options.home(), System.out);
        switch (command) {
            case "status" -> System.exit(control.status());
            case "down" -> System.exit(control.down(Duration.ofMinutes(2)));
            case "up", "db" -> run(options, control, command.equals("db"));
            default -> {
                System.err.println("unknown command " + command + "\n" + LaunchOptions.usage());
                System.exit(2);
            }
        }
    }

    private static void run(LaunchOptions options, StackControl control, boolean databaseOnly) throws Exception {
        LocalStack stack = new LocalStack(options, System.out);
        long pid = ProcessHandle.current().pid();
        Map<String, String> parts = stack.parts(databaseOnly);
        try {
            control.requireNoneRunning();
            if (databaseOnly && options.embeddedDatabase()) {
                PortCheck.requireFree(Map.of("--db-port", options.databasePort()));
            }
        } catch (IllegalStateException e) {
            System.err.println("freshet  | " + e.getMessage().replace("\n", "\nfreshet  | "));
            System.exit(1);
        }
        StackFile.write(options.home(), pid, parts);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("freshet  | stopping…");
            stack.close();
            StackFile.remove(options.home(), pid);
            stopped.countDown();
        }, "freshet-stop"));
        try {
            if (databaseOnly) {
                stack.startDatabase();
            } else {
                stack.start(Duration.ofMinutes(3));
            }
        } catch (Exception e) {
            System.err.println("freshet  | could not start: " + e.getMessage().replace("\n", "\nfreshet  | "));
            System.exit(1);
        }
        System.out.println(databaseOnly ? databaseBanner(stack) : banner(stack));
        stopped.await();
    }

    static String databaseBanner(LocalStack stack) {
        LocalDatabase db = stack.database();
        return """

                ───────────────────────────────────────────────────────────────
                 Freshet's database is up and migrated: %s  user %s  password %s
                 Run a service against it in dev mode (the %%dev profile points at it):
                   ./mvnw quarkus:dev -pl queue-processor
                 Ctrl-C (or ./freshet down in another terminal) stops it.
                ───────────────────────────────────────────────────────────────
                """.formatted(db.url(), db.user(), db.password());
    }

    static String banner(LocalStack stack) {
        String tracker = stack.url("subscription-tracker");
        StringBuilder management = new StringBuilder();
        for (String service : LaunchOptions.SERVICES) {
            management.append("   %-10s %s   management %s (/q/health, /q/metrics, /q/swagger-ui)\n"
                    .formatted(LaunchOptions.shortName(service), stack.url(service), stack.managementUrl(service)));
        }
        return """

                ───────────────────────────────────────────────────────────────
                 Freshet is up.
                   Admin UI     %s/      user %s  password %s
                   Tracker API  %s/v1
                   Simulator    %s
                 Ports (the management ports are for operators and probes, never public):
                %s
                 Try it:
                   curl -s %s/v1/subscriptions -H 'content-type: application/json' \\
                        -d '{"clientId":"me","symbol":"AAPL","dataTypes":["profile","quote"]}'
                   curl -N '%s/v1/events?symbols=AAPL'
                 Ctrl-C (or ./freshet down in another terminal) stops everything; ./freshet status shows it.
                ───────────────────────────────────────────────────────────────
                """.formatted(stack.url("registry-admin"), stack.adminUser(), stack.adminPasswordValue(),
                tracker, stack.simulator() == null ? "off (real providers)" : stack.simulator().baseUrl(),
                management.toString().stripTrailing(), tracker, tracker);
    }
}
