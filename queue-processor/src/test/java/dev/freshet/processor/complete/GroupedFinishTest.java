package dev.freshet.processor.complete;

import dev.freshet.processor.ProcessorTestBase;
import dev.freshet.processor.Fixtures;
import dev.freshet.testsupport.UpstreamStub;
import dev.freshet.processor.claim.ClaimedJob;
import dev.freshet.processor.claim.JobClaimer;
import dev.freshet.processor.config.InstanceId;
import dev.freshet.shared.handler.SymbolOutcome;
import dev.freshet.shared.queue.JobOrigin;
import dev.freshet.shared.registry.DataType;
import dev.freshet.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static dev.freshet.testsupport.rows.QuotaRow.quota;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Finishes of one data type that arrive while others are being written share one transaction. A
 * call whose rows the database refuses must still fail only its own jobs, never those it was
 * grouped with.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(UpstreamStub.class)
class GroupedFinishTest extends ProcessorTestBase {

    @Inject
    JobClaimer claimer;
    @Inject
    JobFinisher finisher;
    @Inject
    InstanceId instanceId;

    @Test
    void oneCallsRefusedRowsFailOnlyItsOwnJobsWhenFinishedTogetherWithOthers() {
        quota("groupp").safetyMarginPct(0).onDemandReservePct(0).insert(Fixtures.sql());
        DataType dt = Fixtures.quoteType(registry, "group-quote", "groupp", 5, "paused", null);
        List<String> symbols = IntStream.range(0, 12).mapToObj(i -> "GRP" + i).toList();
        Fixtures.enqueue(enqueuer, pool, dt, JobOrigin.VIEWER, symbols);
        List<String> others = registry.all().stream().map(DataType::dataType).filter(n -> !n.equals("group-quote")).toList();
        // claimed as this processor: a finish only counts for its own claims
        List<ClaimedJob> jobs = claimer.claimShiftedBy(Duration.ZERO, instanceId.value(), 50, Duration.ofSeconds(60),
                claimer.policy().withPacing(1.0), List.of(), others).await().atMost(Duration.ofSeconds(10));
        assertThat(jobs).hasSize(12);
        Fixtures.goLive(registry, "group-quote");
        dt = registry.find("group-quote").orElseThrow();

        // all finishes handed over at once: the first ones run alone, the rest wait and are grouped
        List<Uni<Void>> finishes = new ArrayList<>();
        for (ClaimedJob job : jobs) {
            String price = job.symbol().equals("GRP7") ? "not a number" : "12.5";
            JsonObject row = new JsonObject().put("symbol", job.symbol()).put("price", price).put("name", "Group " + job.symbol());
            JobResult done = new JobResult(job, JobResult.Outcome.COMPLETED, null, null, 200, 100, 1, 5, 1, null, 1,
                    Instant.now(), 0, 0);
            finishes.add(finisher.finish(dt, List.of(done),
                    new FinishWrites(List.of(new SymbolOutcome.Rows(job.symbol(), List.of(row), null, 100, Duration.ZERO)), List.of(), List.of())));
        }
        Uni.join().all(finishes).andCollectFailures().await().atMost(Duration.ofSeconds(30));

        assertThat(sql.count("select count(*) from refresh_job_history where data_type = 'group-quote' and status = 'completed'"))
                .isEqualTo(11);
        assertThat(sql.count("""
                select count(*) from refresh_job_history
                 where data_type = 'group-quote' and status = 'failed' and symbol = 'GRP7' and last_error like 'write failed%'"""))
                .isEqualTo(1);
        assertThat(sql.count("select count(*) from quotes where symbol like 'GRP%' and price = 12.5")).isEqualTo(11);
        assertThat(sql.count("select count(*) from refresh_jobs where data_type = 'group-quote'")).isZero();
    }
}
