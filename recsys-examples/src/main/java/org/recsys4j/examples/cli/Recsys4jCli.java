package org.recsys4j.examples.cli;

import org.recsys4j.core.data.DataFormatException;
import picocli.CommandLine;

import java.io.IOException;
import picocli.CommandLine.Command;

/**
 * The {@code recsys4j} command line: {@code demo} (the README's main command: train, then serve the web
 * page), {@code train} (the demo's models into the work folder), {@code evaluate} (protocol tables), {@code bench} (the
 * benchmark commands behind {@code docs/benchmarks.md}) and {@code generate} (synthetic
 * MovieLens-format data), {@code load-redis} (vectors into Redis through the store loader) and {@code serve} (the HTTP demo server). Run with {@code --help} for every option.
 */
@Command(name = "recsys4j", mixinStandardHelpOptions = true, version = "Recsys4J 0.1.0-SNAPSHOT",
        description = "Recsys4J examples on MovieLens: demo, training, evaluation, benchmarks, Redis loading, the demo server.",
        subcommands = {DemoCommand.class, TrainCommand.class, EvaluateCommand.class, BenchCommand.class, GenerateCommand.class,
                LoadRedisCommand.class, ServeCommand.class})
public final class Recsys4jCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit status (0 = success, 1 = failure, 2 = bad usage). */
    public static int run(String... args) {
        return new CommandLine(new Recsys4jCli())
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    if (e instanceof UserError || e instanceof DataFormatException || e instanceof IOException) {
                        cmd.getErr().println("error: " + e.getMessage());
                        return 2;
                    }
                    throw e;
                })
                .execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
