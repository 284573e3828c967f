package io.drugwatch.api;

import static io.drugwatch.api.Http.get;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class HealthChecksTest {

    @Test
    void readyFollowsTheSuppliedStateWhileHealthStaysUp() throws Exception {
        AtomicReference<ReadyState> state =
                new AtomicReference<>(new ReadyState(false, "REBALANCING", Map.of("threads", 2)));
        ApiServer api = new ApiServer("127.0.0.1", 0);
        HealthChecks.register(api, state::get);
        try (ApiServer server = api.start()) {
            HttpResponse<String> notReady = get(server.url() + "/ready");
            assertThat(notReady.statusCode()).isEqualTo(503);
            assertThat(notReady.body())
                    .isEqualTo("{\"ready\":false,\"state\":\"REBALANCING\",\"details\":{\"threads\":2}}");
            assertThat(notReady.headers().firstValue("Cache-Control")).hasValue("no-store");

            state.set(new ReadyState(true, "RUNNING", null));
            HttpResponse<String> ready = get(server.url() + "/ready");
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(ready.body()).isEqualTo("{\"ready\":true,\"state\":\"RUNNING\",\"details\":{}}");

            HttpResponse<String> health = get(server.url() + "/health");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).isEqualTo("{\"status\":\"UP\"}");
        }
    }
}
