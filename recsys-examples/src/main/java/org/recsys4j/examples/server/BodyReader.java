package org.recsys4j.examples.server;

import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.thread.Invocable;
import org.eclipse.jetty.util.thread.Scheduler;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads a request body without holding a thread while its bytes are on their way: Jetty's demand API
 * ({@link Request#read()} until it has nothing, then {@link Request#demand(Runnable)} to be called back when
 * more arrives), so a client that trickles its body costs a connection and a buffer, not one of the server's
 * threads. Two limits: the body may have at most {@code maxBytes} (a larger {@code Content-Length} is refused
 * before a byte is read, a chunked body as soon as it passes the limit: 413), and it must be complete within
 * {@code timeout} of the request's headers (else 408). A body the transport cannot deliver (bad chunked
 * encoding, the connection closed or idle too long) is a 400 or 408. Exactly one of the sink's methods is
 * called, once: {@link Sink#body} on a pool thread (it may block), {@link Sink#refused} on whichever thread
 * found the refusal (it must not block).
 *
 * <p>The demand callback only copies bytes, so it declares itself non-blocking and Jetty runs it where the
 * bytes were read, without handing each arrival to a pool thread: a thousand clients each sending a byte
 * cost the pool nothing.
 */
final class BodyReader implements Invocable.Task {
    /** What is done with the body. */
    interface Sink {
        /** The whole body arrived. */
        void body(byte[] bytes);

        /** The body was refused: 400, 408 or 413. */
        void refused(ApiError error);
    }

    private final Request request;
    private final int maxBytes;
    private final Duration timeout;
    private final Sink sink;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();   // guarded by this
    private boolean finished;   // guarded by this
    private Scheduler.Task deadline;

    private BodyReader(Request request, int maxBytes, Duration timeout, Sink sink) {
        this.request = request;
        this.maxBytes = maxBytes;
        this.timeout = timeout;
        this.sink = sink;
    }

    /**
     * Starts reading a request's body; returns at once (the sink may already have been called).
     *
     * @param request  the request
     * @param maxBytes the most bytes the body may have
     * @param timeout  the time from the request's headers to the body's last byte
     * @param sink     told the body or the refusal
     */
    static void read(Request request, int maxBytes, Duration timeout, Sink sink) {
        long declared = request.getLength();
        if (declared > maxBytes) {
            sink.refused(new ApiError(413, "body: " + declared + " bytes (Content-Length), at most " + maxBytes + " accepted"));
            return;
        }
        BodyReader r = new BodyReader(request, maxBytes, timeout, sink);
        long left = timeout.toNanos() - (System.nanoTime() - request.getHeadersNanoTime());
        r.deadline = request.getComponents().getScheduler().schedule(r::expire, Math.max(0, left), TimeUnit.NANOSECONDS);
        r.run();
    }

    /** Reads what is there, then asks to be called back; called again by Jetty when more has arrived. */
    @Override
    public void run() {
        byte[] body = null;
        ApiError refusal = null;
        synchronized (this) {
            while (!finished) {
                Content.Chunk chunk = request.read();
                if (chunk == null) {
                    request.demand(this);
                    return;
                }
                if (Content.Chunk.isFailure(chunk)) {
                    refusal = failure(chunk.getFailure());
                    finished = true;
                    break;
                }
                ByteBuffer b = chunk.getByteBuffer();
                if (bytes.size() + (long) b.remaining() > maxBytes) {
                    chunk.release();
                    refusal = new ApiError(413, "body: more than " + maxBytes + " bytes, at most " + maxBytes + " accepted");
                    finished = true;
                    break;
                }
                while (b.hasRemaining()) {
                    bytes.write(b.get());
                }
                boolean last = chunk.isLast();
                chunk.release();
                if (last) {
                    body = bytes.toByteArray();
                    finished = true;
                }
            }
        }
        if (body == null && refusal == null) {
            return;   // the deadline answered already
        }
        deadline.cancel();
        if (refusal != null) {
            sink.refused(refusal);
        } else {
            byte[] done = body;
            request.getComponents().getExecutor().execute(() -> sink.body(done));
        }
    }

    @Override
    public InvocationType getInvocationType() {
        return InvocationType.NON_BLOCKING;
    }

    private void expire() {
        int received;
        synchronized (this) {
            if (finished) {
                return;
            }
            finished = true;
            received = bytes.size();
        }
        long declared = request.getLength();
        sink.refused(new ApiError(408, String.format(Locale.ROOT, "body: not complete %.1f s after the headers (%d of %s bytes "
                + "received); send the body at once", timeout.toMillis() / 1000.0, received, declared < 0 ? "?" : Long.toString(declared))));
    }

    private ApiError failure(Throwable x) {
        if (x instanceof TimeoutException) {
            return new ApiError(408, "body: the connection was idle too long (" + bytes.size() + " bytes received)");
        }
        if (x instanceof HttpException http && http.getCode() >= 400 && http.getCode() < 500) {
            return new ApiError(http.getCode(), "body: " + (http.getReason() == null ? "malformed" : http.getReason()));
        }
        return ApiError.badRequest("body: could not be read (" + x.getClass().getSimpleName() + "; " + bytes.size()
                + " bytes received before the connection failed)");
    }
}
