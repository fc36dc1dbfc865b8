package org.recsys4j.rank.remote;

/** A call was refused without contacting the server because the circuit breaker is open. */
public class CircuitOpenException extends RemoteModelException {
    private static final long serialVersionUID = 1L;

    /** Returns an exception with a message. */
    public CircuitOpenException(String message) {
        super(message, NO_STATUS, false, 0, null);
    }
}
