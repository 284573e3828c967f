package io.drugwatch.api;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A method and path pattern such as {@code /api/counties/{code}/series}, and its handler. */
record Route(String method, String pattern, List<String> segments, Handler handler) {

    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST");

    /**
     * Literal segments before parameters, compared left to right, so {@code /a/latest} wins over
     * {@code /a/{id}} whatever the registration order. Only patterns of one length can match the
     * same path; the length just makes this a total order.
     */
    static final Comparator<Route> SPECIFIC_FIRST =
            Comparator.<Route>comparingInt(r -> r.segments.size()).thenComparing(Route::shape);

    static Route of(String method, String pattern, Handler handler) {
        if (!METHODS.contains(method)) {
            throw new IllegalArgumentException("unsupported method " + method + "; use GET, HEAD or POST");
        }
        if (!pattern.startsWith("/")) {
            throw new IllegalArgumentException("path pattern must start with /: " + pattern);
        }
        List<String> segments = List.of(pattern.substring(1).split("/", -1));
        for (String segment : segments) {
            boolean param = segment.startsWith("{") && segment.endsWith("}");
            if ((param && segment.length() == 2) || (!param && (segment.contains("{") || segment.contains("}")))) {
                throw new IllegalArgumentException("a path parameter must be a whole {name} segment: " + pattern);
            }
        }
        return new Route(method, pattern, segments, handler);
    }

    /** The decoded path parameters if {@code path} (decoded segments) matches, else null. */
    Map<String, String> match(List<String> path) {
        if (path.size() != segments.size()) {
            return null;
        }
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < segments.size(); i++) {
            String segment = segments.get(i);
            if (isParam(segment)) {
                params.put(segment.substring(1, segment.length() - 1), path.get(i));
            } else if (!segment.equals(path.get(i))) {
                return null;
            }
        }
        return params;
    }

    /** The pattern with parameter names erased: two routes of one method and shape are ambiguous. */
    String shape() {
        StringBuilder shape = new StringBuilder();
        for (String segment : segments) {
            // sorts after the characters of any literal, putting parameters last
            shape.append('/').append(isParam(segment) ? "\uffff" : segment);
        }
        return shape.toString();
    }

    private static boolean isParam(String segment) {
        return segment.startsWith("{");
    }
}
