package io.drugwatch.api;

import java.nio.ByteBuffer;
import org.eclipse.jetty.util.Callback;

/**
 * A response body written for as long as it lasts, without a thread of its own: the server hands it
 * a {@link Sink} once the headers are out, and it writes whenever it has something to send. The
 * server calls exactly one of the two methods.
 */
interface StreamBody {

    /** Starts the body; must not block. Writes go through {@code sink}, one at a time. */
    void open(Sink sink);

    /** The stream will not be written (a HEAD request, a failed start or a closing server). */
    void cancel();

    /** Where a stream writes; every method returns at once. */
    interface Sink {

        /** Sends {@code bytes}; {@code done} is told when they are written or the client is gone. */
        void write(ByteBuffer bytes, Callback done);

        /** Ends the response normally, after the last write is done. */
        void end();

        /** Cuts the connection, failing a write in progress (a client that stopped reading). */
        void abort();
    }
}
