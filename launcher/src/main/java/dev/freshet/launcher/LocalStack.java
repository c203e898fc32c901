package dev.freshet.launcher;

import dev.freshet.simulator.Simulator;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Everything of a local run, started in dependency order and stopped in reverse: database,
 * migrations, simulator, the four services.
 */
public final class LocalStack implements AutoCloseable {

    public static final String ADMIN_USER = "admin";

    private final LaunchOptions options;
    private final PrintStream out;
    private final List<ServiceProcess> services = new ArrayList<>();
    private final Map<String, List<String>> serviceProperties = new HashMap<>();
    private Consumer<String> simulatorRequestLog;
    private Consumer<java.net.URI> simulatorArrivals;
    private LocalDatabase database;
    private Simulator simulator;
    private String adminPassword;
    private Map<String, ServiceLogins.Login> logins = Map.of();
    /** Stops the services, then the database, when the JVM exits without {@link #close} (Ctrl-C, SIGTERM). */
    private final Thread stopAtExit = new Thread(this::close, "freshet-stack-stop");
    private final AtomicBoolean stopsAtExit = new AtomicBoolean();

    public LocalStack(LaunchOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public void start(Duration readyTimeout) throws Exception {
        PortCheck.requireFree(PortCheck.portsOf(options, simulated()));
        startDatabase();
        logins = ServiceLogins.create(database);
        out.println(logins.isEmpty()
                ? "freshet  | services connect as " + database.user() + " (it may not create the service roles' login users)"
                : "freshet  | each service connects as its own role (freshet_tracker_local, …), not as " + database.user());
        if (!simulated()) {
            out.println("freshet  | every provider points at a real API; no simulator");
        } else {
            simulator = Simulator.builder().port(options.simulatorPort()).requestLog(simulatorRequestLog).arrivals(simulatorArrivals).start();
            out.println("freshet  | market-data simulator at " + simulator.baseUrl());
        }
        adminPassword = adminPassword();

        for (String service : LaunchOptions.SERVICES) {
            services.add(launch(service, options.ports().get(service), options.managementPorts().get(service)));
        }
        for (ServiceProcess s : services) {
            s.awaitReady(readyTimeout);
        }
    }

    /** The database alone, migrated (what `./freshet db` runs, and the first step of {@link #start}). */
    public void startDatabase() throws Exception {
        if (stopsAtExit.compareAndSet(false, true)) {
            Runtime.getRuntime().addShutdownHook(stopAtExit);
        }
        database = LocalDatabase.open(options, false);
        out.println("freshet  | database " + database.url() + (database.embedded() ? " (embedded, files in " + options.home().resolve("pgdata") + ")" : ""));
        var migrated = Migrations.apply(database);
        out.println("freshet  | schema at version " + migrated.version() + " (" + migrated.applied() + " migrations applied now)");
    }

    /** Whether a provider is left to the simulator, which then runs in this process. */
    private boolean simulated() {
        return !options.providerUrls().keySet().containsAll(LaunchOptions.SIMULATED_PROVIDERS);
    }

    /** Where each part of the stack listens, by short name in start order: what `./freshet status` shows. */
    public Map<String, String> parts(boolean databaseOnly) {
        Map<String, String> parts = new LinkedHashMap<>();
        parts.put("database", options.embeddedDatabase()
                ? "postgresql://localhost:" + options.databasePort() + "/" + LocalDatabase.DATABASE : options.databaseUrl());
        if (!databaseOnly) {
            if (simulated()) {
                parts.put("simulator", "http://localhost:" + options.simulatorPort());
            }
            LaunchOptions.SERVICES.forEach(s -> {
                parts.put(LaunchOptions.shortName(s), url(s));
                // health answers on the management port only: `./freshet status` asks there
                parts.put(LaunchOptions.shortName(s) + StackFile.MANAGEMENT, managementUrl(s));
            });
        }
        return parts;
    }

    private ServiceProcess launch(String service, int port, int managementPort) throws IOException {
        Path jar = options.repositoryRoot().resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
        List<String> props = new ArrayList<>(systemProperties());
        props.addAll(serviceProperties.getOrDefault(service, List.of()));
        return ServiceProcess.start(LaunchOptions.shortName(service), jar, port, managementPort, environment(service, port, managementPort),
                props, services.size(), options.color(), out);
    }

    /**
     * Extra JVM options of one service (e.g. {@code -Dfreshet.processor.lease=3s}), for instances
     * started after this call. Call before {@link #start} to apply them to the first instances.
     */
    public LocalStack serviceProperties(String service, String... properties) {
        serviceProperties.computeIfAbsent(service, k -> new ArrayList<>()).addAll(List.of(properties));
        return this;
    }

    /** Forgets the extra JVM options given to a service so far. */
    public LocalStack clearServiceProperties(String service) {
        serviceProperties.remove(service);
        return this;
    }

    /** Stops every running instance of a service the graceful way (SIGTERM: claims are released). */
    public void stop(String service) {
        String name = LaunchOptions.shortName(service);
        List<ServiceProcess> stopping = services.stream().filter(s -> s.name().equals(name)).toList();
        stopping.forEach(ServiceProcess::close);
        services.removeAll(stopping);
    }

    /** Receives one line per simulator request ("GET /path -> status (bytes, ms)"); set before {@link #start}. */
    public LocalStack simulatorRequestLog(Consumer<String> log) {
        this.simulatorRequestLog = log;
        return this;
    }

    /** Receives each API request's URI as it arrives at the simulator; set before {@link #start}. */
    public LocalStack simulatorArrivals(Consumer<java.net.URI> arrivals) {
        this.simulatorArrivals = arrivals;
        return this;
    }

    /** The first running instance of a service (full or short name). */
    public ServiceProcess service(String service) {
        String name = LaunchOptions.shortName(service);
        return services.stream().filter(s -> s.name().equals(name) && s.alive()).findFirst()
                .orElseThrow(() -> new IllegalStateException("no running " + name));
    }

    /** Kills the first running instance of a service with SIGKILL and forgets it. */
    public void kill(String service) {
        ServiceProcess victim = service(service);
        victim.kill();
        services.remove(victim);
        out.println("freshet  | killed " + victim.name() + " (pid " + victim.pid() + ") with SIGKILL");
    }

    /** Starts another instance of a service on {@code port} (its management interface on a free port) and waits until it is ready. */
    public ServiceProcess startInstance(String service, int port, Duration readyTimeout) throws IOException, InterruptedException {
        ServiceProcess started = launch(service, port, PortCheck.freePort());
        services.add(started);
        started.awaitReady(readyTimeout);
        return started;
    }

    /** Stops the embedded PostgreSQL and starts it again on the same port and files; {@code down} runs meanwhile. */
    public void restartDatabase(Runnable down) throws IOException {
        out.println("freshet  | stopping the database");
        database.restart(down);
        out.println("freshet  | database started again");
    }


    private Map<String, String> environment(String service, int port, int managementPort) {
        Map<String, String> env = new HashMap<>();
        env.put("FRESHET_DB_URL", database.url());
        ServiceLogins.Login login = logins.getOrDefault(service, new ServiceLogins.Login(database.user(), database.password()));
        env.put("FRESHET_DB_USER", login.user());
        env.put("FRESHET_DB_PASSWORD", login.password());
        env.put("FRESHET_MIGRATE_AT_START", "false");
        env.put("FRESHET_VALIDATE_AT_START", "true");
        env.put("FRESHET_DB_POOL_SIZE", "8");
        // Four services validate the schema at once on a machine that may be busy: Flyway's connection may take
        // longer than the 5 s default, which would stop a service before it ever served.
        env.put("QUARKUS_DATASOURCE_JDBC_ACQUISITION_TIMEOUT", "30s");
        env.put("FRESHET_" + LaunchOptions.shortName(service).toUpperCase() + "_PORT", String.valueOf(port));
        env.put("FRESHET_" + LaunchOptions.shortName(service).toUpperCase() + "_MANAGEMENT_PORT", String.valueOf(managementPort));
        env.put("FRESHET_ADMIN_PASSWORD", adminPassword);
        env.put("FRESHET_TRACKER_URL", url("subscription-tracker"));
        // a local stack: every viewer calls from this machine's one address, without tokens, so the
        // tracker's fair share (per address, and all unauthenticated callers together) would ration
        // one developer's pages; off here as tokens are, on in the chart
        env.put("FRESHET_TRACKER_FAIR_SHARE_CALLS_PER_CLIENT_PER_MINUTE", "0");
        return env;
    }

    private List<String> systemProperties() {
        List<String> props = new ArrayList<>();
        for (String provider : LaunchOptions.SIMULATED_PROVIDERS) {
            String base = options.providerUrls().getOrDefault(provider, simulator == null ? null : simulator.baseUrl());
            if (base != null) {
                props.add("-Dfreshet.providers." + provider + ".base-url=" + base);
            }
        }
        options.providerUrls().forEach((provider, base) -> {
            if (!LaunchOptions.SIMULATED_PROVIDERS.contains(provider)) {
                props.add("-Dfreshet.providers." + provider + ".base-url=" + base);
            }
        });
        return props;
    }

    /** The local admin password: generated once and kept with the local state, unless given. */
    private String adminPassword() throws IOException {
        String given = System.getenv("FRESHET_ADMIN_PASSWORD");
        if (given != null && !given.isBlank()) {
            return given;
        }
        Path file = options.home().resolve("admin-password");
        if (Files.exists(file)) {
            return Files.readString(file).trim();
        }
        byte[] random = new byte[12];
        new SecureRandom().nextBytes(random);
        String generated = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Files.createDirectories(file.getParent());
        Files.writeString(file, generated + "\n");
        return generated;
    }

    public String url(String service) {
        return "http://localhost:" + options.ports().get(service);
    }

    /** Where the first instances answer health, metrics and the OpenAPI document. */
    public String managementUrl(String service) {
        return "http://localhost:" + options.managementPorts().get(service);
    }

    public String adminUser() {
        return ADMIN_USER;
    }

    public String adminPasswordValue() {
        return adminPassword;
    }

    public Simulator simulator() {
        return simulator;
    }

    public LocalDatabase database() {
        return database;
    }

    public List<ServiceProcess> services() {
        return services;
    }

    @Override
    public synchronized void close() {
        for (int i = services.size() - 1; i >= 0; i--) {
            services.get(i).close();
        }
        services.clear();
        if (simulator != null) {
            simulator.close();
            simulator = null;
        }
        if (database != null) {
            try {
                database.close();
            } catch (IOException e) {
                out.println("freshet  | could not stop the database cleanly: " + e.getMessage());
            }
            database = null;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(stopAtExit);
        } catch (IllegalStateException e) {
            // the JVM is exiting: this is that hook, or the launcher's own, and the stack is stopped either way
        }
    }
}
