package org.recsys4j.examples.server;

import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.util.function.IntConsumer;

/**
 * Jetty's error handler for the demo server ({@code Server.setErrorHandler}): the answers Jetty makes itself
 * (a request line, path or header it cannot parse: 400; a request line longer than the header limit: 414;
 * headers over the limit: 431; an HTTP/2 request on the HTTP/1.1 port: 426; a handler that failed: 500)
 * get the API's JSON body {@code {"error": "...", "status": N}} instead of Jetty's HTML page, for every
 * method (Jetty writes a body only for GET, POST and HEAD) and whatever the {@code Accept} header asks. An
 * unknown HTTP version (Jetty's 505) is the client's malformed request line and answered 400. A 5xx never
 * shows the cause, which Jetty logs. The 4xx answers (malformed requests) are counted by
 * {@link MalformedRequests}, which logs them as one summary line per minute at most.
 */
final class JsonErrorHandler implements Request.Handler {
    private final int maxHeaderBytes;
    private final IntConsumer statusCounter;
    private final MalformedRequests malformed;

    /**
     * @param maxHeaderBytes the request header limit, quoted in the 414 and 431 messages
     * @param statusCounter  told every status answered
     * @param malformed      told every 4xx answered (a request Jetty could not parse)
     */
    JsonErrorHandler(int maxHeaderBytes, IntConsumer statusCounter, MalformedRequests malformed) {
        this.maxHeaderBytes = maxHeaderBytes;
        this.statusCounter = statusCounter;
        this.malformed = malformed;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus();
        String message = (String) request.getAttribute(ErrorHandler.ERROR_MESSAGE);
        Throwable cause = (Throwable) request.getAttribute(ErrorHandler.ERROR_EXCEPTION);
        if (cause instanceof HttpException http) {
            status = http.getCode();
            if (message == null) {
                message = http.getReason();
            }
        }
        if (status == HttpStatus.HTTP_VERSION_NOT_SUPPORTED_505) {
            status = 400;
            message = "bad request: unsupported HTTP version (this server speaks HTTP/1.0 and HTTP/1.1)";
        } else {
            message = message(status, message);
        }
        response.setStatus(status);
        statusCounter.accept(status);
        if (status >= 400 && status < 500) {
            malformed.refused(status, message);
        }
        RecServer.sendJson(request, response, callback, RecServer.errorBody(status, message));
        return true;
    }

    private String message(int status, String jetty) {
        String generic = HttpStatus.getMessage(status);
        if (jetty != null && jetty.length() > 200) {
            jetty = jetty.substring(0, 200) + "...";
        }
        boolean specific = jetty != null && !jetty.isBlank() && !jetty.equals(generic) && !jetty.equals(Integer.toString(status))
                && !jetty.startsWith("org.") && !jetty.startsWith("java.");
        return switch (status) {
            case 400 -> "bad request: " + (specific ? jetty : "malformed request line, path or headers");
            case 414 -> "URI too long: the request line and headers may have " + maxHeaderBytes + " bytes";
            case 431 -> "request headers too large: the request line and headers may have " + maxHeaderBytes + " bytes";
            case 426 -> "upgrade required: this server speaks HTTP/1.0 and HTTP/1.1, not HTTP/2";
            default -> status >= 500 ? "internal error, see the server log"
                    : generic.toLowerCase(java.util.Locale.ROOT) + (specific ? ": " + jetty : "");
        };
    }
}
