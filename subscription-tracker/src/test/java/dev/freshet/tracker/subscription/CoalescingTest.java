package dev.freshet.tracker.subscription;

import dev.freshet.testsupport.PostgresTestResource;
import dev.freshet.testsupport.TestSql;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static dev.freshet.tracker.Api.as;
import static dev.freshet.tracker.Api.newClient;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class CoalescingTest {

    private final TestSql sql = TestSql.current();

    @Inject
    MeterRegistry meters;

    private double flushes() {
        return meters.get("freshet_presence_flushes_total").counter().count();
    }

    @Test
    void twoHundredConcurrentClientsAreRecordedWithFarFewerStatementsThanRequests() throws Exception {
        sql.update("insert into profiles (symbol, company_name, refreshed_at) values ('COAL', 'Coalesced', now()) on conflict do nothing");
        List<String> clients = IntStream.range(0, 200).mapToObj(i -> newClient("load")).toList();
        List<String> tokens = clients.stream().map(dev.freshet.tracker.Api::token).toList();
        double before = flushes();
        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            List<Callable<Integer>> calls = IntStream.range(0, 200).<Callable<Integer>>mapToObj(i -> () ->
                    io.restassured.RestAssured.given().contentType("application/json")
                            .header("Authorization", "Bearer " + tokens.get(i))
                            .body(Map.of("clientId", clients.get(i), "symbol", "COAL", "dataTypes", List.of("profile")))
                            .post("/v1/subscriptions").statusCode()).toList();
            for (Future<Integer> f : pool.invokeAll(calls)) {
                assertThat(f.get()).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
        double statements = flushes() - before;

        assertThat(sql.count("select count(*) from active_subscriptions where symbol = 'COAL' and client_id like 'load-%'")).isEqualTo(200);
        assertThat(statements).isGreaterThanOrEqualTo(1).isLessThan(200);
        // the data is fresh, so none of the 200 visits queued anything
        assertThat(sql.count("select count(*) from refresh_jobs where symbol = 'COAL'")).isZero();
    }

    @Test
    void concurrentHeartbeatsOfManyClientsShareStatements() throws Exception {
        List<String> clients = IntStream.range(0, 100).mapToObj(i -> newClient("hb")).toList();
        for (String c : clients) {
            as(c).body(Map.of("clientId", c, "symbol", "HBC", "dataTypes", List.of("quote"))).post("/v1/subscriptions")
                    .then().statusCode(200);
        }
        List<String> tokens = clients.stream().map(dev.freshet.tracker.Api::token).toList();
        double before = flushes();
        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            List<Callable<Integer>> calls = IntStream.range(0, 100).<Callable<Integer>>mapToObj(i -> () ->
                    io.restassured.RestAssured.given().contentType("application/json")
                            .header("Authorization", "Bearer " + tokens.get(i))
                            .body(Map.of("clientId", clients.get(i)))
                            .post("/v1/heartbeat").then().statusCode(200).extract().path("renewed")).toList();
            for (Future<Integer> f : pool.invokeAll(calls)) {
                assertThat(f.get()).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(flushes() - before).isLessThan(100);
    }
}
