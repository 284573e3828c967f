package io.drugwatch.serde;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a {@code schema.registry.url} value into a client, using Confluent's URL conventions.
 *
 * <ul>
 *   <li>{@code mock://<scope>}: an {@link InMemorySchemaRegistry}, one per scope. Scopes live in this
 *       object, not in static state, so separate instances (e.g. separate tests) never share schemas.
 *   <li>{@code http://...} / {@code https://...}: an {@link HttpSchemaRegistryClient}, one per URL so its
 *       caches are shared. For a comma-separated list only the first URL is used (there is no
 *       fail-over); put a load balancer in front of a registry cluster instead.
 * </ul>
 */
public final class SchemaRegistryClients {

    private static final String MOCK_PREFIX = "mock://";

    private final String basicAuthUserInfo;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final Map<String, InMemorySchemaRegistry> mocks = new ConcurrentHashMap<>();
    private final Map<String, HttpSchemaRegistryClient> https = new ConcurrentHashMap<>();

    /** No authentication, default timeouts. */
    public SchemaRegistryClients() {
        this(null, HttpSchemaRegistryClient.DEFAULT_CONNECT_TIMEOUT, HttpSchemaRegistryClient.DEFAULT_REQUEST_TIMEOUT);
    }

    /**
     * @param basicAuthUserInfo {@code user:password} for every http(s) registry, or null
     */
    public SchemaRegistryClients(String basicAuthUserInfo, Duration connectTimeout, Duration requestTimeout) {
        this.basicAuthUserInfo = basicAuthUserInfo;
        this.connectTimeout = connectTimeout;
        this.requestTimeout = requestTimeout;
    }

    /**
     * @throws IllegalArgumentException if the URL is blank, mixes mock and real URLs, or has another scheme
     */
    public SchemaRegistryClient forUrl(String url) {
        List<String> urls = url == null
                ? List.of()
                : Arrays.stream(url.split(","))
                        .map(String::trim)
                        .filter(u -> !u.isEmpty())
                        .toList();
        if (urls.isEmpty()) {
            throw new IllegalArgumentException(
                    "Schema registry URL is empty; expected mock://<scope> or http(s)://host:port");
        }
        String first = urls.get(0);
        if (urls.stream().anyMatch(u -> u.startsWith(MOCK_PREFIX))) {
            if (urls.size() > 1) {
                throw new IllegalArgumentException("Schema registry URL '" + url
                        + "' mixes mock:// with other URLs; use one mock://<scope> alone");
            }
            return mocks.computeIfAbsent(first.substring(MOCK_PREFIX.length()), scope -> new InMemorySchemaRegistry());
        }
        if (first.startsWith("http://") || first.startsWith("https://")) {
            return https.computeIfAbsent(
                    first.replaceAll("/+$", ""),
                    u -> new HttpSchemaRegistryClient(u, basicAuthUserInfo, connectTimeout, requestTimeout));
        }
        throw new IllegalArgumentException(
                "Unsupported schema registry URL '" + first + "'; expected mock://<scope> or http(s)://host:port");
    }
}
