package io.drugwatch.runtime;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.network.Selectable;
import org.apache.kafka.server.ServerSocketFactory;

/**
 * Listening sockets bound by us before the broker starts, then handed to Kafka's socket servers.
 * Binding first is the port-in-use check (no probe-then-release race), resolves port 0 to a real
 * port that can go into the listener and quorum-voter configs, and means Kafka never fails to bind
 * half-way through start-up, a failure its controller would otherwise treat as fatal.
 */
final class PreboundSockets implements ServerSocketFactory, AutoCloseable {

    private final Map<String, ServerSocketChannel> unclaimed = new HashMap<>();

    /**
     * Binds {@code host:port} for the listener; {@code what} names the port in the error message
     * ("port", "controller port").
     */
    synchronized int bind(String listenerName, String what, String host, int port) {
        ServerSocketChannel channel = null;
        try {
            channel = ServerSocketChannel.open();
            channel.configureBlocking(false);
            // Lets a restarted broker take its port back while connections of the previous run are
            // still in TIME_WAIT. On Linux this never lets two listeners share a port.
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            // 50 is Kafka's socket.listen.backlog.size default
            channel.bind(new InetSocketAddress(host, port), 50);
            unclaimed.put(listenerName, channel);
            return ((InetSocketAddress) channel.getLocalAddress()).getPort();
        } catch (BindException e) {
            closeQuietly(channel);
            if (isAddressInUse(e)) {
                throw new PortInUseException(what, host, port, e);
            }
            throw new EmbeddedKafkaException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            throw new EmbeddedKafkaException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    private static boolean isAddressInUse(BindException e) {
        String message = e.getMessage();
        return message == null || message.toLowerCase(java.util.Locale.ROOT).contains("in use");
    }

    @Override
    public synchronized ServerSocketChannel openServerSocket(
            String listenerName, InetSocketAddress socketAddress, int listenBacklogSize, int recvBufferSize)
            throws IOException {
        ServerSocketChannel channel = unclaimed.remove(listenerName);
        if (channel == null) {
            // a listener we did not pre-bind (only possible through extra broker properties)
            return ServerSocketFactory.INSTANCE.openServerSocket(
                    listenerName, socketAddress, listenBacklogSize, recvBufferSize);
        }
        if (recvBufferSize != Selectable.USE_DEFAULT_BUFFER_SIZE) {
            channel.socket().setReceiveBufferSize(recvBufferSize);
        }
        return channel;
    }

    /** Closes the sockets Kafka has not taken over; Kafka closes the ones it took. */
    @Override
    public synchronized void close() {
        unclaimed.values().forEach(PreboundSockets::closeQuietly);
        unclaimed.clear();
    }

    private static void closeQuietly(ServerSocketChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing more to do with it
            }
        }
    }
}
