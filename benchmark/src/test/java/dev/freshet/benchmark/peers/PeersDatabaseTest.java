package dev.freshet.benchmark.peers;

import dev.freshet.benchmark.BenchTestDatabase;
import dev.freshet.launcher.LocalDatabase;
import dev.freshet.launcher.ServiceLogins;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.PGConnection;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The peers driver's database steps on a real (embedded) PostgreSQL: reset, budget, pause, enqueue, resume. */
class PeersDatabaseTest {

    @RegisterExtension
    static final BenchTestDatabase DATABASE = new BenchTestDatabase();
    static LocalDatabase database;
    static PeersDatabase db;

    @BeforeAll
    static void open() throws Exception {
        database = DATABASE.database();
        db = new PeersDatabase(database);
    }

    @AfterAll
    static void close() throws Exception {
        db.close();
    }

    @Test
    void a_reset_migrates_lifts_the_budget_and_leaves_an_empty_queue_every_time() throws Exception {
        ServiceLogins.Login login = db.reset();
        db.enqueue("profile", List.of("AAA", "BBB"));
        assertThat(db.number("select count(*) from refresh_jobs")).isEqualTo(2);

        ServiceLogins.Login again = db.reset();

        assertThat(again.user()).isEqualTo(login.user()).isEqualTo("freshet_processor_local");
        assertThat(db.number("select count(*) from refresh_jobs")).isZero();
        assertThat(db.number("select count(*) from flyway_schema_history where not success")).isZero();
        assertThat(db.number("""
                select count(*) from provider_quotas where provider = 'fmp' and calls_per_minute is null
                   and calls_per_day is null and bytes_per_window is null and max_concurrency = 64""")).isEqualTo(1);
    }

    @Test
    void jobs_are_queued_in_bulk_with_the_services_statement_as_manual_jobs_of_the_data_type() throws Exception {
        db.reset();
        List<String> symbols = new ArrayList<>();
        for (int i = 1; i <= 5_000; i++) {
            symbols.add("S" + i);
        }

        assertThat(db.enqueue("quote", symbols)).isEqualTo(5_000);
        assertThat(db.enqueue("quote", List.of("S1"))).as("a queued pair keeps its job").isZero();

        assertThat(db.number("""
                select count(*) from refresh_jobs where data_type = 'quote' and provider = 'fmp' and origin = 'manual'
                   and priority = 3000 and status = 'pending'""")).isEqualTo(5_000);
        db.vacuumAndCheckpoint();
    }

    @Test
    void the_pause_holds_the_provider_and_the_resume_wakes_the_processors_in_one_step() throws Exception {
        db.reset();
        db.pause();
        assertThat(db.number("select count(*) from provider_pauses where provider = 'fmp'")).isEqualTo(1);

        try (Connection listener = db.connect(); Statement st = listener.createStatement()) {
            st.execute("listen freshet_jobs");
            db.resume();
            try (ResultSet rs = st.executeQuery("select 1")) {
                rs.next();
            }
            var received = listener.unwrap(PGConnection.class).getNotifications(10_000);
            assertThat(received).extracting(n -> n.getName()).contains("freshet_jobs");
        }
        assertThat(db.number("select count(*) from provider_pauses")).isZero();
    }
}
