package org.recsys4j.examples.cli;

import org.recsys4j.core.eval.LeaveLastOutTask;
import org.recsys4j.core.movielens.MovieLensData;

/** Builds evaluation tasks for the commands, turning data that cannot be evaluated into a user error. */
public final class Tasks {
    private Tasks() {
    }

    /** Returns the protocol T/S task of the data set, or throws a {@link UserError} if no user can be evaluated. */
    public static LeaveLastOutTask leaveLastOut(MovieLensData d) {
        LeaveLastOutTask task = LeaveLastOutTask.of(d.ratings());
        if (task.numCases() == 0) {
            throw new UserError(d.dir() + ": no user has two or more ratings after cleaning, so protocols T and S "
                    + "have nothing to evaluate (" + d.ratings().size() + " ratings by " + d.ratings().numUsers()
                    + " users kept; " + d.report().oneLine() + ")");
        }
        return task;
    }
}
