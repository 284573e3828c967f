package io.drugwatch.serde;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Constants of Confluent Schema Registry's REST API, shared by our client and embedded server. */
public final class ConfluentRegistryProtocol {

    public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    /** The Accept header Confluent's own Java client sends. */
    public static final String ACCEPT =
            "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json; qs=0.9,"
                    + " application/json; qs=0.5";

    public static final int SUBJECT_NOT_FOUND = 40401;
    public static final int VERSION_NOT_FOUND = 40402;
    public static final int SCHEMA_NOT_FOUND = 40403;
    public static final int INVALID_SCHEMA = 42201;
    public static final int INVALID_VERSION = 42202;

    private ConfluentRegistryProtocol() {}

    /**
     * Percent-encodes one path segment. {@link URLEncoder} targets form bodies, so its '+' for space is
     * replaced: in a path '+' is a literal plus.
     */
    public static String encodePathSegment(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
