package dev.freshet.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.freshet.simulator.faults.Faults;
import dev.freshet.simulator.faults.Hang;
import dev.freshet.simulator.faults.Knobs;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The arrival hook: a request is reported as it arrives, before a knob holds or answers it. */
class ArrivalsTest {

    @Test
    void a_request_is_reported_on_arrival_while_a_hang_still_holds_its_answer() throws Exception {
        BlockingQueue<URI> arrived = new LinkedBlockingQueue<>();
        try (Simulator simulator = Simulator.builder().port(0).arrivals(arrived::add)
                .knobs(Knobs.global(Faults.none().withHang(Hang.untilReleased().firstRequests(1)))).start()) {
            TestHttp http = new TestHttp(simulator);

            CompletableFuture<HttpResponse<String>> held = http.getAsync("/stable/profile?symbol=MSFT");

            URI first = arrived.poll(10, TimeUnit.SECONDS);
            assertThat(first).isNotNull();
            assertThat(first.getPath()).isEqualTo("/stable/profile");
            assertThat(first.getQuery()).isEqualTo("symbol=MSFT");
            assertThat(held).isNotDone();

            simulator.knobs(Knobs.none());
            held.handle((response, error) -> null).get(10, TimeUnit.SECONDS);
            assertThat(http.get("/stable/quote?symbol=AAPL").statusCode()).isEqualTo(200);
            assertThat(arrived).extracting(URI::getPath).contains("/stable/quote");
        }
    }
}
