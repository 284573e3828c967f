package io.drugwatch.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.eclipse.jetty.util.IteratingCallback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server-sent events to every connected client: route its {@link #handler()} (e.g. {@code GET
 * /api/stream}) and {@link #publish} from anywhere. {@code ?events=alert,indicator} limits a client to
 * those event names.
 *
 * <p>No stream holds a thread: each client has a bounded queue, which one writer thread of the
 * broadcaster hands to Jetty's asynchronous writes, one write at a time and only as fast as the
 * client reads. Publishing never waits on the network: a client whose queue overflows is cut off
 * instead (a browser's EventSource reconnects by itself). A {@code : ping} comment goes to every
 * client at a fixed interval so that proxies keep idle connections open, and so that a client that
 * went away is noticed. Beyond the most clients, a new one gets 503 with {@code Retry-After}. The
 * response is subscribed before its headers are sent: a client that has them misses no event
 * published afterwards.
 */
public final class SseBroadcaster implements AutoCloseable {

    public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(15);
    public static final int DEFAULT_QUEUE_CAPACITY = 1_000;
    /** Clients cost a socket and a queue each, not a thread. */
    public static final int DEFAULT_MAX_CLIENTS = HttpLimits.DEFAULTS.streams();
    /** Seconds a client refused for being one too many is asked to wait. */
    static final String RETRY_AFTER_SECONDS = "10";

    private static final Logger log = LoggerFactory.getLogger(SseBroadcaster.class);
    private static final byte[] PING = ": ping\n\n".getBytes(StandardCharsets.UTF_8);

    private final ObjectWriter writer;
    private final int queueCapacity;
    private final int maxClients;
    private final Set<Client> clients = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService writerThread;
    private final AtomicBoolean flushQueued = new AtomicBoolean();
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
        this.queueCapacity = queueCapacity;
        this.maxClients = maxClients;
        this.writerThread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "event-stream-writer");
            thread.setDaemon(true);
            return thread;
        });
        long heartbeatNanos = heartbeat.toNanos();
        var unused = writerThread.scheduleAtFixedRate(
                () -> clients.forEach(Client::ping), heartbeatNanos, heartbeatNanos, TimeUnit.NANOSECONDS);
    }

    /** Opens an event stream for the request; 503 when closed or full. */
    public Handler handler() {
        return request -> {
            if (clients.size() >= maxClients) {
                return Response.json(503, Map.of("error", "too many event stream clients"))
                        .header("Retry-After", RETRY_AFTER_SECONDS);
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
                    client.disconnect(true);
                }
            }
        }
        if (queued > 0 && flushQueued.compareAndSet(false, true)) {
            // the writes start on the writer thread, never on the publisher's
            try {
                writerThread.execute(() -> {
                    flushQueued.set(false);
                    clients.forEach(Client::flush);
                });
            } catch (RejectedExecutionException closing) {
                flushQueued.set(false);
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
        writerThread.shutdownNow();
        clients.forEach(client -> client.disconnect(false));
    }

    /**
     * One client: its queue, drained by one write at a time as the network takes it. Jetty's
     * {@link IteratingCallback} runs the next write when the last one is done, so no thread waits on a
     * slow client.
     */
    private final class Client extends IteratingCallback implements StreamBody {

        private final Set<String> events;
        private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(queueCapacity);
        private volatile StreamBody.Sink sink;
        private volatile boolean open = true;
        private volatile boolean pingDue;

        Client(Set<String> events) {
            this.events = events;
        }

        boolean wants(String event) {
            return events.isEmpty() || events.contains(event);
        }

        @Override
        public void open(StreamBody.Sink sink) {
            this.sink = sink;
            iterate();
        }

        /** Writes the next message, if there is one and the stream has been opened. */
        void flush() {
            if (sink != null) {
                iterate();
            }
        }

        void ping() {
            pingDue = true;
            flush();
        }

        @Override
        protected Action process() {
            if (!open) {
                return Action.SUCCEEDED;
            }
            byte[] message = queue.poll();
            if (message == null && pingDue) {
                message = PING;
            }
            if (message == null) {
                return Action.IDLE;
            }
            pingDue = false;
            sink.write(ByteBuffer.wrap(message), this);
            return Action.SCHEDULED;
        }

        @Override
        protected void onCompleteSuccess() {
            clients.remove(this);
            sink.end();
        }

        @Override
        protected void onCompleteFailure(Throwable cause) {
            // the client went away or was cut off
            clients.remove(this);
            log.debug("Event stream ended: {}", cause.toString());
            sink.end();
        }

        @Override
        public void cancel() {
            open = false;
            clients.remove(this);
        }

        /** Ends the stream: after the write in progress, or at once when {@code cut}. */
        void disconnect(boolean cut) {
            open = false;
            clients.remove(this);
            StreamBody.Sink current = sink;
            if (current != null) {
                if (cut) {
                    current.abort();
                }
                iterate();
            }
        }
    }
}
