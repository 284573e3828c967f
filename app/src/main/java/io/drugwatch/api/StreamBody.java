package io.drugwatch.api;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A response body written for as long as it lasts, on its request's thread; interrupting that
 * thread ends it. The server calls exactly one of the two methods.
 */
interface StreamBody {

    /** Writes the body, flushing as it goes; returns when the stream ends. */
    void writeTo(OutputStream out) throws IOException;

    /** The stream will not be written (a HEAD request, a failed start or a closing server). */
    void cancel();
}
