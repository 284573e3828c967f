package io.drugwatch.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drugwatch.topology.CountyPartitioner;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Answers a query from the stores of the instances of the app. A query over many counties or regions
 * needs every partition: the instance that receives it answers for its own and asks the others (found
 * through Kafka Streams' metadata and their {@code application.server}) for theirs with
 * {@code local=true}, then merges. A query about one county goes to the one instance that holds it.
 */
final class ScatterGather {

    static final String LOCAL = "local";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final KafkaStreams streams;
    private final Optional<HostInfo> self;
    private final String token;
    private final ObjectMapper json;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    /**
     * @param self this instance's {@code application.server}; empty when it runs alone
     * @param token the bearer token the other instances require, or empty
     */
    ScatterGather(KafkaStreams streams, Optional<HostInfo> self, String token, ObjectMapper json) {
        this.streams = streams;
        this.self = self;
        this.token = token;
        this.json = json;
    }

    /** Whether the request is another instance's, asking for this instance's part only. */
    boolean forwarded(Request request) {
        return request.query(LOCAL).isPresent();
    }

    /** Whether this instance's own answer is the whole answer: it runs alone, or the request was forwarded. */
    boolean alone(Request request) {
        return request.query(LOCAL).isPresent() || self.isEmpty();
    }

    /** This instance's answer, plus every other instance's unless the request is already a forwarded one. */
    List<JsonNode> gather(Request request, Supplier<List<? extends JsonNode>> local) {
        List<JsonNode> all = new ArrayList<>(local.get());
        if (request.query(LOCAL).isPresent() || self.isEmpty()) {
            return all;
        }
        for (StreamsMetadata instance : streams.metadataForAllStreamsClients()) {
            HostInfo host = instance.hostInfo();
            if (!host.equals(self.get()) && host.port() > 0) {
                all.addAll(ask(host, request));
            }
        }
        return all;
    }

    /**
     * The answer of the one instance that holds {@code county} in {@code store} (whose partitions follow
     * {@link CountyPartitioner}): this one's own, or the owner's, asked with {@code local=true}.
     */
    List<JsonNode> owner(Request request, String store, String county, Supplier<List<? extends JsonNode>> local) {
        if (request.query(LOCAL).isPresent() || self.isEmpty()) {
            return new ArrayList<>(local.get());
        }
        KeyQueryMetadata owner = streams.queryMetadataForKey(store, county, CountyPartitioner.INSTANCE);
        if (owner == null || KeyQueryMetadata.NOT_AVAILABLE.equals(owner)) {
            throw new ApiException(
                    503,
                    "no instance holds " + store + " for county " + county
                            + " right now (the pipeline is rebalancing); try again");
        }
        return owner.activeHost().equals(self.get()) ? new ArrayList<>(local.get()) : ask(owner.activeHost(), request);
    }

    private List<JsonNode> ask(HostInfo host, Request request) {
        String query = request.queryParams().entrySet().stream()
                .flatMap(e -> e.getValue().stream().map(v -> encode(e.getKey()) + "=" + encode(v)))
                .collect(Collectors.joining("&"));
        URI uri = URI.create("http://" + host.host() + ":" + host.port() + request.path() + "?"
                + (query.isEmpty() ? "" : query + "&") + LOCAL + "=true");
        HttpRequest.Builder forward =
                HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET();
        if (!token.isEmpty()) {
            forward.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = http.send(forward.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 404) {
                return List.of();
            }
            if (response.statusCode() != 200) {
                throw new ApiException(502, "instance " + host + " answered " + response.statusCode());
            }
            JsonNode body = json.readTree(response.body());
            List<JsonNode> nodes = new ArrayList<>();
            if (body.isArray()) {
                body.forEach(nodes::add);
            } else {
                nodes.add(body);
            }
            return nodes;
        } catch (java.io.IOException e) {
            throw new ApiException(502, "instance " + host + " did not answer: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "interrupted");
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** {@code application.server} as a HostInfo, if set. */
    static Optional<HostInfo> self(Map<String, Object> kafkaProperties) {
        Object server = kafkaProperties.get("application.server");
        return server == null || server.toString().isBlank()
                ? Optional.empty()
                : Optional.of(HostInfo.buildFromEndpoint(server.toString()));
    }
}
