package dev.freshet.tracker.events;

import dev.freshet.testsupport.PostgresTestResource;
import dev.freshet.tracker.Refreshes;
import dev.freshet.testsupport.TestSql;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static dev.freshet.tracker.Api.newClient;
import static dev.freshet.tracker.Api.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class EventsStreamTest {

    private final TestSql sql = TestSql.current();
    private final HttpClient http = HttpClient.newHttpClient();

    /** Opens an event stream and collects its lines until the test ends. */
    private List<String> open(String query, List<CompletableFuture<?>> streams) {
        return open(query, null, streams);
    }

    /** Opens an event stream resuming after an event id (Last-Event-ID, as EventSource sends it). */
    private List<String> open(String query, String lastEventId, List<CompletableFuture<?>> streams) {
        List<String> lines = new CopyOnWriteArrayList<>();
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + "/v1/events?" + query
                        + "&token=" + token(newClient("sse"))))
                .header("Accept", "text/event-stream");
        if (lastEventId != null) {
            builder.header("Last-Event-ID", lastEventId);
        }
        HttpRequest request = builder.build();
        CompletableFuture<HttpResponse<Stream<String>>> response = http.sendAsync(request, HttpResponse.BodyHandlers.ofLines());
        streams.add(response.thenAccept(r -> r.body().forEach(lines::add)));
        await().atMost(Duration.ofSeconds(10)).until(() -> lines.stream().anyMatch(l -> l.startsWith(":") && l.contains("connected")));
        return lines;
    }

    private static boolean refreshedIn(List<String> lines) {
        return lines.stream().anyMatch(l -> l.startsWith("event:") && l.contains("refreshed"));
    }

    private void commitRefresh(String symbol) {
        Refreshes.commitProfile(sql, symbol);
    }

    @Test
    void afterItsRefreshedEventAPairReadsFreshUnderConcurrentLoad() throws Exception {
        List<String> symbols = java.util.stream.IntStream.range(0, 20).mapToObj(i -> "RAE" + i).toList();
        for (String s : symbols) {
            sql.update("insert into profiles (symbol, company_name, refreshed_at) values (?, 'Old', now() - interval '2 days')", s);
        }
        List<CompletableFuture<?>> streams = new CopyOnWriteArrayList<>();
        java.util.concurrent.ExecutorService load = java.util.concurrent.Executors.newFixedThreadPool(8);
        java.util.concurrent.atomic.AtomicBoolean loading = new java.util.concurrent.atomic.AtomicBoolean(true);
        try {
            List<String> lines = open("symbols=" + String.join(",", symbols), streams);
            // other readers keep the staleness statement busy meanwhile (pairs nobody refreshes)
            for (int t = 0; t < 8; t++) {
                int thread = t;
                load.submit(() -> {
                    int i = 0;
                    while (loading.get()) {
                        read("/v1/freshness/LOAD" + thread + "X" + (i++ % 50) + "?dataTypes=profile,quote,ratios-ttm", "load-" + thread + "-" + i);
                    }
                });
            }
            for (String s : symbols) {
                assertThat(read("/v1/freshness/" + s + "?dataTypes=profile", "reader-" + s)).contains("\"state\":\"stale\"");
                commitRefresh(s);
                await().atMost(Duration.ofSeconds(10)).until(() -> lines.stream().anyMatch(l -> l.contains("\"symbol\":\"" + s + "\"")));
                assertThat(read("/v1/freshness/" + s + "?dataTypes=profile", "reader-" + s)).as(s).contains("\"state\":\"fresh\"");
                assertThat(read("/v1/data/profile/" + s, "reader-" + s)).as(s).contains("\"state\":\"fresh\"");
            }
        } finally {
            loading.set(false);
            load.shutdownNow();
            streams.forEach(f -> f.cancel(true));
        }
    }

    /** A read as one anonymous front-end (its own rate-limit key); the body, whatever the status. */
    private String read(String path, String clientId) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + path))
                    .header("X-Client-Id", clientId).header("Authorization", "Bearer " + token(clientId)).build();
            return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            return e.toString();
        }
    }

    @Test
    void aRefreshCommittedByAnotherConnectionReachesTheStreamOfThatSymbolOnly() throws Exception {
        List<CompletableFuture<?>> streams = new CopyOnWriteArrayList<>();
        try {
            List<String> watching = open("symbols=EVT1,EVT2", streams);
            List<String> other = open("symbols=EVT9", streams);

            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(300)).until(() -> {
                commitRefresh("EVT1");
                return refreshedIn(watching);
            });

            String data = field(named(watching, "refreshed").getFirst(), "data");
            assertThat(data).contains("\"symbol\":\"EVT1\"").contains("\"dataType\":\"profile\"").contains("\"updatedAt\"");
            assertThat(refreshedIn(other)).isFalse();
        } finally {
            streams.forEach(s -> s.cancel(true));
        }
    }

    @Test
    void aRefreshedEventMakesTheNextAnswerFreshWithoutWaitingForTheTtl() throws Exception {
        List<CompletableFuture<?>> streams = new CopyOnWriteArrayList<>();
        try {
            List<String> watching = open("symbols=EVT3&dataTypes=profile", streams);
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(300)).until(() -> {
                commitRefresh("EVT3");
                return refreshedIn(watching);
            });
            String client = newClient("r");
            dev.freshet.tracker.Api.as(client).get("/v1/freshness/EVT3?dataTypes=profile").then().statusCode(200)
                    .body("dataTypes[0].state", org.hamcrest.Matchers.equalTo("fresh"));
        } finally {
            streams.forEach(s -> s.cancel(true));
        }
    }

    /** The events of a stream so far, each its field lines ("id: …", "event: …", "data: …", ": comment"). */
    private static List<List<String>> events(List<String> lines) {
        List<List<String>> out = new ArrayList<>();
        List<String> current = new ArrayList<>();
        for (String l : lines) {
            if (l.isEmpty()) {
                if (!current.isEmpty()) {
                    out.add(current);
                }
                current = new ArrayList<>();
            } else {
                current.add(l);
            }
        }
        return out;
    }

    private static String field(List<String> event, String name) {
        return event.stream().filter(l -> l.startsWith(name + ":")).map(l -> l.substring(name.length() + 1).strip())
                .findFirst().orElse(null);
    }

    private static List<List<String>> named(List<String> lines, String name) {
        return events(lines).stream().filter(e -> name.equals(field(e, "event"))).toList();
    }

    @Test
    void aStreamThatReconnectsWithTheLastIdItSawGetsTheRefreshesItMissedOnceEach() throws Exception {
        List<CompletableFuture<?>> streams = new CopyOnWriteArrayList<>();
        try {
            List<String> first = open("symbols=RES1", streams);
            String connectedId = field(events(first).getFirst(), "id");
            assertThat(connectedId).as("the connected comment carries the stream's position").isNotBlank();
            List<String> witness = open("symbols=RES1", streams);
            streams.getFirst().cancel(true);

            // two refreshes while the first stream is away, seen by the tracker (the witness got them)
            commitRefresh("RES1");
            await().atMost(Duration.ofSeconds(10)).until(() -> named(witness, "refreshed").size() == 1);
            commitRefresh("RES1");
            await().atMost(Duration.ofSeconds(10)).until(() -> named(witness, "refreshed").size() == 2);

            List<String> resumed = open("symbols=RES1", connectedId, streams);
            await().atMost(Duration.ofSeconds(10)).until(() -> named(resumed, "refreshed").size() == 2);
            List<String> missedIds = named(witness, "refreshed").stream().map(e -> field(e, "id")).toList();
            assertThat(named(resumed, "refreshed").stream().map(e -> field(e, "id")).toList()).isEqualTo(missedIds);
            assertThat(missedIds).doesNotHaveDuplicates().doesNotContain(connectedId);

            commitRefresh("RES1");
            await().atMost(Duration.ofSeconds(10)).until(() -> named(resumed, "refreshed").size() == 3);
            Thread.sleep(300);
            assertThat(named(resumed, "refreshed").stream().map(e -> field(e, "id")).distinct().count())
                    .as("a replayed refresh is never sent again live").isEqualTo(3);
            assertThat(named(resumed, "reset")).isEmpty();
        } finally {
            streams.forEach(s -> s.cancel(true));
        }
    }

    @Test
    void anIdThisInstanceNoLongerKnowsIsAnsweredWithAResetThenLiveEvents() throws Exception {
        List<CompletableFuture<?>> streams = new CopyOnWriteArrayList<>();
        try {
            List<String> lines = open("symbols=RES2", "0badc0de-17", streams);
            await().atMost(Duration.ofSeconds(10)).until(() -> named(lines, "reset").size() == 1);
            assertThat(field(named(lines, "reset").getFirst(), "data")).contains("re-read");
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(300)).until(() -> {
                commitRefresh("RES2");
                return !named(lines, "refreshed").isEmpty();
            });
            assertThat(field(named(lines, "refreshed").getFirst(), "id")).isNotBlank();
        } finally {
            streams.forEach(s -> s.cancel(true));
        }
    }
}
