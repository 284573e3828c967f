package io.drugwatch.api;

import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.config.JavalinConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/** What the HTTP API and the schema registry's REST server share on Javalin. */
public final class JavalinServers {

    private JavalinServers() {}

    /** Binds to {@code host:port}, quietly, with Javalin's path handling set as both servers need. */
    public static void configure(JavalinConfig config, String host, int port) {
        config.startup.showJavalinBanner = false;
        config.startup.showOldJavalinVersionWarning = false;
        config.jetty.host = host;
        config.jetty.port = port;
        // an encoded '/' stays inside its path segment, as in /api/counties/53%2F06/series
        config.jetty.modifyServletContextHandler(
                context -> context.getServletHandler().setDecodeAmbiguousURIs(true));
        // uncompressed unless the server sets its own strategy (the API gzips, see ApiServer)
        config.http.compressionStrategy = CompressionStrategy.NONE;
    }

    /**
     * Starts the server.
     *
     * @throws BindException the port is taken
     * @throws IOException   it cannot listen for another reason
     */
    public static void start(Javalin app) throws IOException {
        try {
            app.start();
        } catch (RuntimeException e) {
            // Javalin wraps Jetty's failure, which wraps the JDK's
            IOException io = null;
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof BindException bind
                        && (bind.getMessage() == null
                                || bind.getMessage().toLowerCase(Locale.ROOT).contains("in use"))) {
                    throw bind;
                }
                if (io == null && cause instanceof IOException found) {
                    io = found;
                }
            }
            if (io != null) {
                throw io;
            }
            throw e;
        }
    }

    /** Base URL of a started server, e.g. {@code http://127.0.0.1:8080}; a wildcard bind is reported as loopback. */
    public static String url(String host, Javalin app) {
        InetAddress bound;
        try {
            bound = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new UncheckedIOException("cannot resolve " + host, e);
        }
        InetAddress reachable = bound.isAnyLocalAddress() ? InetAddress.getLoopbackAddress() : bound;
        String hostPart =
                reachable instanceof Inet6Address ? "[" + reachable.getHostAddress() + "]" : reachable.getHostAddress();
        return "http://" + hostPart + ":" + app.port();
    }
}
