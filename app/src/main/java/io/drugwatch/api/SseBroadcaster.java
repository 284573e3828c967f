package io.drugwatch.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server-sent events to every connected client: route its {@link #handler()} (e.g. {@code GET
 * /api/stream}) and {@link #publish} from anywhere. {@code ?events=alert,indicator} limits a client to
 * those event names.
 *
 * <p>Each client has a bounded queue, drained by its own request's thread of the server's pool, so
 * publishing never waits on the network: a client whose queue overflows is disconnected instead
 * (a browser's EventSource reconnects by itself). A {@code : ping} comment goes to every client at a
 * fixed interval so that proxies keep idle connections open; a client whose write fails is dropped.
 * The response is subscribed before its headers are sent: a client that has them misses no event
 * published afterwards.
 */
public final class SseBroadcaster implements AutoCloseable {

    public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(15);
    public static final int DEFAULT_QUEUE_CAPACITY = 1_000;
    /** Each client holds a thread, so their number is capped. */
    public static final int DEFAULT_MAX_CLIENTS = 100;

    private static final Logger log = LoggerFactory.getLogger(SseBroadcaster.class);
    private static final byte[] PING = ": ping\n\n".getBytes(StandardCharsets.UTF_8);

    private final ObjectWriter writer;
    private final long heartbeatNanos;
    private final int queueCapacity;
    private final int maxClients;
    private final Set<Client> clients = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    public SseBroadcaster(ObjectMapper json) {
        this(json, DEFAULT_HEARTBEAT, DEFAULT_QUEUE_CAPACITY, DEFAULT_MAX_CLIENTS);
    }

    /**
     * @param heartbeat     interval of the {@code : ping} comments
     * @param queueCapacity events a client may fall behind by before it is disconnected
     * @param maxClients    clients beyond this are refused with 503
     */
    public SseBroadcaster(ObjectMapper json, Duration heartbeat, int queueCapacity, int maxClients) {
        if (heartbeat.isNegative() || heartbeat.isZero() || queueCapacity < 1 || maxClients < 1) {
            throw new IllegalArgumentException("heartbeat, queue capacity and max clients must be positive");
        }
        // one line of JSON per event, whatever the mapper's own indentation setting
        this.writer = json.writer().without(SerializationFeature.INDENT_OUTPUT);
        this.heartbeatNanos = heartbeat.toNanos();
        this.queueCapacity = queueCapacity;
        this.maxClients = maxClients;
    }

    /** Opens an event stream for the request; 503 when closed or full. */
    public Handler handler() {
        return request -> {
            if (clients.size() >= maxClients) {
                throw new ApiException(503, "too many event stream clients");
            }
            Set<String> events = request.queries("events").stream()
                    .flatMap(value -> Arrays.stream(value.split(",")))
                    .map(String::trim)
                    .filter(name -> !name.isEmpty())
                    .collect(Collectors.toUnmodifiableSet());
            Client client = new Client(events);
            clients.add(client);
            // checked after adding, so that close() either sees this client or we see it closed
            if (closed) {
                clients.remove(client);
                throw new ApiException(503, "event stream closed");
            }
            return Response.stream("text/event-stream; charset=utf-8", client)
                    .header("Cache-Control", "no-store")
                    // asks nginx not to buffer the stream
                    .header("X-Accel-Buffering", "no");
        };
    }

    /**
     * Queues {@code event: <event>\ndata: <data as JSON>\n\n} for every client that wants the event.
     *
     * @param event an event name, without line breaks
     * @return the number of clients it was queued for
     * @throws IllegalArgumentException if the event name is empty or has a line break, or the data
     *                                  cannot be serialised
     */
    public int publish(String event, Object data) {
        if (event.isEmpty() || event.indexOf('\n') >= 0 || event.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("invalid event name: " + event);
        }
        byte[] message;
        try {
            message = ("event: " + event + "\ndata: " + writer.writeValueAsString(data) + "\n\n")
                    .getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "cannot serialise the data of event " + event + ": " + e.getMessage(), e);
        }
        int queued = 0;
        for (Client client : clients) {
            if (client.wants(event)) {
                if (client.queue.offer(message)) {
                    queued++;
                } else {
                    log.warn("Disconnecting an event stream client {} events behind", queueCapacity);
                    client.disconnect();
                }
            }
        }
        return queued;
    }

    public int clientCount() {
        return clients.size();
    }

    /** Disconnects every client and refuses new ones. */
    @Override
    public void close() {
        closed = true;
        clients.forEach(Client::disconnect);
    }

    private final class Client implements StreamBody {

        private final Set<String> events;
        private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(queueCapacity);
        private boolean open = true;
        private Thread thread;

        Client(Set<String> events) {
            this.events = events;
        }

        boolean wants(String event) {
            return events.isEmpty() || events.contains(event);
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            synchronized (this) {
                if (!open) {
                    return;
                }
                thread = Thread.currentThread();
            }
            try {
                long nextPing = System.nanoTime() + heartbeatNanos;
                while (isOpen()) {
                    byte[] message = queue.poll(nextPing - System.nanoTime(), TimeUnit.NANOSECONDS);
                    if (message == null) {
                        message = PING;
                        nextPing = System.nanoTime() + heartbeatNanos;
                    }
                    out.write(message);
                    out.flush();
                }
            } catch (InterruptedException e) {
                // disconnected; the server takes the flag off its pool thread
                Thread.currentThread().interrupt();
            } finally {
                synchronized (this) {
                    open = false;
                    thread = null;
                }
                clients.remove(this);
            }
        }

        @Override
        public void cancel() {
            disconnect();
        }

        /**
         * Ends the stream from another thread. The interrupt also ends a write blocked on a client
         * that stopped reading: it closes the connection.
         */
        synchronized void disconnect() {
            open = false;
            clients.remove(this);
            if (thread != null) {
                thread.interrupt();
            }
        }

        private synchronized boolean isOpen() {
            return open;
        }
    }
}
