package org.recsys4j.examples.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/**
 * {@code serve}: loads a MovieLens data set, takes the models from the work folder (training what is
 * missing or stale, like {@code train}), and runs the HTTP demo server until the process is stopped
 * (Ctrl-C stops it gracefully). See {@code docs/serving.md}.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the HTTP demo server (web pages, JSON API, the source system's endpoints) on a MovieLens data set.")
public final class ServeCommand implements Callable<Integer> {
    @Mixin
    DataOptions data;

    @Mixin
    TrainingOptions training;

    @Mixin
    ServeOptions serve;

    @Override
    public Integer call() throws Exception {
        long t0 = System.nanoTime();
        serve.check();
        Training.check(data, training);
        return serve.serve(Training.run(data, training, System.out), System.out, t0);
    }
}
