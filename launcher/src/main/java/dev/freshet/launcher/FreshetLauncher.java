package dev.freshet.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/** `./freshet up`: starts the local stack, prints where to go, and stops everything on Ctrl-C. */
public final class FreshetLauncher {

    private FreshetLauncher() {
    }

    public static void main(String[] args) throws Exception {
        LaunchOptions options;
        try {
            options = LaunchOptions.parse(args, Path.of(System.getProperty("freshet.root", ".")).toAbsolutePath().normalize());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        LocalStack stack = new LocalStack(options, System.out);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("freshet  | stopping…");
            stack.close();
            stopped.countDown();
        }, "freshet-stop"));
        try {
            stack.start(Duration.ofMinutes(3));
        } catch (Exception e) {
            System.err.println("freshet  | could not start: " + e.getMessage());
            System.exit(1);
        }
        System.out.println(banner(stack));
        stopped.await();
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
                 Ctrl-C stops everything.
                ───────────────────────────────────────────────────────────────
                """.formatted(stack.url("registry-admin"), stack.adminUser(), stack.adminPasswordValue(),
                tracker, stack.simulator() == null ? "off (real providers)" : stack.simulator().baseUrl(),
                management.toString().stripTrailing(), tracker, tracker);
    }
}
