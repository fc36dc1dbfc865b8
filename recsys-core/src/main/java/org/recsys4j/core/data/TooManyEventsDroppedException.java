package org.recsys4j.core.data;

/**
 * Thrown by {@link Feedback#apply} when a policy drops more than its
 * {@link Feedback#maxDroppedFraction()} of a log's events, or all of them: a policy that throws most
 * of the data away is more likely a mismatch with the log (a type spelled differently, a threshold on
 * another scale) than what was meant. The message says how many events were dropped and why, per reason:
 * <pre>
 * Feedback dropped 9,120 of 10,000 events (91%, more than the 50% allowed): 9,000 of type 'view' have no
 * weight, 120 below the threshold 3.5 (policy Feedback[signal=WEIGHT, combine=SUM, typeWeights={buy=10.0},
 * threshold=3.5]); if this is meant, raise Feedback.Builder.withMaxDroppedFraction
 * </pre>
 * {@link #report()} has the counts. Unchecked, like the {@link IllegalArgumentException} it is: the policy
 * does not fit the log it was given.
 */
public final class TooManyEventsDroppedException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final transient FeedbackReport report;

    TooManyEventsDroppedException(Feedback policy, FeedbackReport report) {
        super(message(policy, report));
        this.report = report;
    }

    private static String message(Feedback policy, FeedbackReport r) {
        StringBuilder sb = new StringBuilder("Feedback dropped ").append(FeedbackReport.count(r.eventsDropped()))
                .append(" of ").append(FeedbackReport.count(r.eventsIn())).append(" events (");
        if (r.eventsKept() == 0) {
            sb.append("all");
        } else {
            sb.append(FeedbackReport.percent(r.droppedFraction())).append(", more than the ")
                    .append(FeedbackReport.percent(policy.maxDroppedFraction())).append(" allowed");
        }
        sb.append("): ").append(r.dropsText()).append(" (policy ").append(policy).append(')');
        if (!r.unusedTypeWeights().isEmpty()) {
            sb.append("; weighted types not in the log: ").append(r.unusedTypeWeights());
        }
        if (r.eventsKept() > 0) {
            sb.append("; if this is meant, raise Feedback.Builder.withMaxDroppedFraction");
        }
        return sb.toString();
    }

    /** Returns what the policy kept and dropped. */
    public FeedbackReport report() {
        return report;
    }
}
