package dev.freshet.launcher;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What `./freshet up` was asked for.
 *
 * @param home          where the launcher keeps its state (embedded database files, admin password)
 * @param reset         wipe the embedded database before starting
 * @param databaseUrl   an external database (postgresql://host:port/db) instead of the embedded one
 * @param providerUrls  provider name to base URL; providers not named here use the simulator
 * @param ports         service name to HTTP port
 * @param managementPorts service name to management port (health, metrics, OpenAPI)
 */
public record LaunchOptions(Path home, boolean reset, String databaseUrl, String databaseUser, String databasePassword,
                            int databasePort, int simulatorPort, Map<String, String> providerUrls,
                            Map<String, Integer> ports, Map<String, Integer> managementPorts, boolean color, Path repositoryRoot) {

    public static final List<String> SERVICES = List.of("subscription-tracker", "queue-processor", "staleness-checker", "registry-admin");
    public static final List<String> SIMULATED_PROVIDERS = List.of("fmp", "polygon");

    public static LaunchOptions parse(String[] args, Path repositoryRoot) {
        Path home = repositoryRoot.resolve(".freshet");
        boolean reset = false;
        String dbUrl = System.getenv("FRESHET_DB_URL");
        String dbUser = System.getenv().getOrDefault("FRESHET_DB_USER", "postgres");
        String dbPassword = System.getenv().getOrDefault("FRESHET_DB_PASSWORD", "postgres");
        int dbPort = 5433;
        int simulatorPort = 8090;
        boolean color = System.console() != null && System.getenv("NO_COLOR") == null;
        Map<String, String> providers = new LinkedHashMap<>();
        Map<String, Integer> ports = new LinkedHashMap<>(Map.of(
                "subscription-tracker", 8081, "queue-processor", 8082, "staleness-checker", 8083, "registry-admin", 8084));
        Map<String, Integer> managementPorts = new LinkedHashMap<>(Map.of(
                "subscription-tracker", 9081, "queue-processor", 9082, "staleness-checker", 9083, "registry-admin", 9084));
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "up", "db", "status", "down" -> { }
                case "--reset" -> reset = true;
                case "--no-color" -> color = false;
                case "--color" -> color = true;
                case "--home" -> home = Path.of(value(args, ++i, a));
                case "--db-url" -> dbUrl = value(args, ++i, a);
                case "--db-user" -> dbUser = value(args, ++i, a);
                case "--db-password" -> dbPassword = value(args, ++i, a);
                case "--db-port" -> dbPort = Integer.parseInt(value(args, ++i, a));
                case "--simulator-port" -> simulatorPort = Integer.parseInt(value(args, ++i, a));
                case "--provider" -> {
                    String[] kv = value(args, ++i, a).split("=", 2);
                    if (kv.length != 2) {
                        throw new IllegalArgumentException("--provider takes name=baseUrl, e.g. fmp=https://financialmodelingprep.com");
                    }
                    providers.put(kv[0], kv[1]);
                }
                case "--port" -> servicePort(value(args, ++i, a), a, ports);
                case "--management-port" -> servicePort(value(args, ++i, a), a, managementPorts);
                default -> throw new IllegalArgumentException("unknown option " + a + "\n" + usage());
            }
        }
        return new LaunchOptions(home, reset, dbUrl, dbUser, dbPassword, dbPort, simulatorPort, providers, ports, managementPorts, color,
                repositoryRoot);
    }

    public boolean embeddedDatabase() {
        return databaseUrl == null || databaseUrl.isBlank();
    }

    public static String shortName(String service) {
        return switch (service) {
            case "subscription-tracker" -> "tracker";
            case "queue-processor" -> "processor";
            case "staleness-checker" -> "checker";
            case "registry-admin" -> "admin";
            default -> service;
        };
    }

    private static String serviceName(String shortOrLong) {
        return SERVICES.stream().filter(s -> s.equals(shortOrLong) || shortName(s).equals(shortOrLong)).findFirst().orElse(null);
    }

    private static void servicePort(String serviceEqualsPort, String option, Map<String, Integer> ports) {
        String[] kv = serviceEqualsPort.split("=", 2);
        String service = serviceName(kv[0]);
        if (kv.length != 2 || service == null) {
            throw new IllegalArgumentException(option + " takes service=port with service one of tracker, processor, checker, admin");
        }
        ports.put(service, Integer.parseInt(kv[1]));
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    public static String usage() {
        return """
                usage: ./freshet up [options]      the whole stack; Ctrl-C (or ./freshet down elsewhere) stops it
                       ./freshet db [options]      the database alone, migrated: for ./mvnw quarkus:dev -pl <service>
                       ./freshet status [--home DIR]   whether a stack runs from this home, each service ready or not
                       ./freshet down [--home DIR]     stops the stack started from this home in another terminal
                  --reset                      start with an empty embedded database
                  --db-url postgresql://h:p/db use this database instead of the embedded one
                  --db-user U --db-password P  its credentials (default postgres/postgres, or FRESHET_DB_USER/PASSWORD)
                  --db-port N                  port of the embedded database (default 5433)
                  --provider fmp=https://...   call a real provider instead of the simulator
                                               (its key from FRESHET_PROVIDER_FMP_API_KEY)
                  --port tracker=8181          a service's HTTP port (tracker, processor, checker, admin; default 8081-8084)
                  --management-port tracker=9181
                                               a service's management port: health, metrics, OpenAPI (default 9081-9084)
                  --simulator-port N           the simulator's port (default 8090)
                  --home DIR                   where local state is kept (default .freshet)
                  --no-color                   plain log prefixes""";
    }
}
