package dev.freshet.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** `./freshet up` checks every port before it starts anything and names the option that moves a taken one. */
class PortCheckTest {

    @TempDir
    Path home;

    @Test
    void aTakenServicePortStopsTheStartBeforeAnythingRunsAndNamesItsOption() throws Exception {
        try (ServerSocket taken = listening()) {
            int port = taken.getLocalPort();
            LaunchOptions options = options("--port", "processor=" + port);
            ByteArrayOutputStream out = new ByteArrayOutputStream();

            assertThatThrownBy(() -> new LocalStack(options, new PrintStream(out, true)).start(Duration.ofSeconds(30)))
                    .hasMessage("port " + port + " is in use: choose another with --port processor=N"
                            + " (or stop what holds it: ./freshet status, ./freshet down)");
            assertThat(Files.exists(home.resolve("pgdata"))).as("the database was not started").isFalse();
            assertThat(out.toString()).doesNotContain("database");
        }
    }

    @Test
    void theDatabaseAndSimulatorPortsNameTheirOwnOptions() throws IOException {
        try (ServerSocket db = listening(); ServerSocket simulator = listening()) {
            LaunchOptions options = options("--db-port", String.valueOf(db.getLocalPort()),
                    "--simulator-port", String.valueOf(simulator.getLocalPort()));

            assertThatThrownBy(() -> PortCheck.requireFree(PortCheck.portsOf(options, true)))
                    .hasMessageContaining("port " + db.getLocalPort() + " is in use: choose another with --db-port N")
                    .hasMessageContaining("port " + simulator.getLocalPort() + " is in use: choose another with --simulator-port N");
            assertThat(PortCheck.portsOf(options("--db-url", "postgresql://elsewhere:5432/freshet"), false))
                    .as("an external database and real providers listen on nothing here")
                    .doesNotContainKeys("--db-port", "--simulator-port");
        }
    }

    @Test
    void portsHandedOutTogetherAreDistinct() {
        int[] ports = PortCheck.freePorts(200);

        assertThat(Arrays.stream(ports).distinct().count()).as("kernel may reuse a just-closed port; held ports cannot be").isEqualTo(200);
        assertThat(PortCheck.freePortOptions()).as("the up options name ten ports, none twice")
                .filteredOn(option -> option.matches("(.*=)?\\d+")).extracting(option -> option.replaceAll(".*=", ""))
                .hasSize(10).doesNotHaveDuplicates();
    }

    @Test
    void onePortGivenToTwoPartsIsRefused() throws IOException {
        int port = PortCheck.freePort();
        LaunchOptions options = options("--port", "tracker=" + port, "--port", "admin=" + port);

        assertThatThrownBy(() -> PortCheck.requireFree(PortCheck.portsOf(options, true)))
                .hasMessageContaining("port " + port + " is given to both --port tracker=N and --port admin=N");
    }

    @Test
    void aTakenManagementPortNamesItsOwnOption() throws IOException {
        try (ServerSocket management = listening()) {
            LaunchOptions options = options("--management-port", "checker=" + management.getLocalPort());

            assertThatThrownBy(() -> PortCheck.requireFree(PortCheck.portsOf(options, true)))
                    .hasMessageContaining("port " + management.getLocalPort()
                            + " is in use: choose another with --management-port checker=N");
        }
    }

    @Test
    void freePortsPass() throws IOException {
        PortCheck.requireFree(PortCheck.portsOf(options(), true));
    }

    private LaunchOptions options(String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("up", "--home", home.toString()));
        args.addAll(PortCheck.freePortOptions());
        args.addAll(List.of(extra));
        return LaunchOptions.parse(args.toArray(String[]::new), Path.of("..").toAbsolutePath().normalize());
    }

    private static ServerSocket listening() throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.bind(new InetSocketAddress("127.0.0.1", 0));
        return socket;
    }

}
