package org.recsys4j.examples.cli;

import org.recsys4j.core.data.DataFileException;
import org.recsys4j.core.util.ErrorText;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

/**
 * The {@code recsys4j} command line: {@code demo} (the README's main command: train, then serve the web
 * page), {@code train} (the demo's models into the work folder), {@code evaluate} (protocol tables), {@code bench} (the
 * benchmark commands behind {@code docs/benchmarks.md}) and {@code generate} (synthetic
 * MovieLens-format data; {@code generate shop}: a synthetic shop's events, items and mapping), {@code load-redis} (vectors into Redis through the store loader) and {@code serve} (the HTTP demo server). Run with {@code --help} for every option.
 *
 * <p>Exit status: 0 success; 1 a failure that is not the input's fault (the message names it, a stack
 * trace follows only with {@code RECSYS4J_DEBUG=1}); 2 bad input — an unknown or malformed option, a
 * value out of range, a missing or unusable file or folder, data that cannot be read or has nothing to
 * train or evaluate on. Every error is one line on stderr, starting with {@code error: }, and the
 * arguments are checked before any work starts.
 */
@Command(name = "recsys4j", mixinStandardHelpOptions = true, version = "Recsys4J 0.1.0-SNAPSHOT",
        description = "Recsys4J examples on MovieLens: demo, training, evaluation, benchmarks, Redis loading, the demo server.",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:success", "1:failure (the message says which; RECSYS4J_DEBUG=1 adds the stack trace)",
                "2:bad input: options, files, folders or data (one line on stderr)"},
        subcommands = {DemoCommand.class, TrainCommand.class, EvaluateCommand.class, BenchCommand.class, GenerateCommand.class,
                LoadRedisCommand.class, ServeCommand.class})
public final class Recsys4jCli implements Runnable {
    /** The exit status of bad input. */
    public static final int USAGE = 2;
    /** The exit status of a failure that is not the input's fault. */
    public static final int FAILURE = 1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit status (0 = success, 1 = failure, 2 = bad input). */
    public static int run(String... args) {
        return new CommandLine(new Recsys4jCli())
                .setParameterExceptionHandler((e, a) -> {
                    CommandLine cmd = e.getCommandLine();
                    cmd.getErr().println("error: " + oneLine(e.getMessage()) + " (see: "
                            + cmd.getCommandSpec().qualifiedName() + " --help)");
                    cmd.getErr().flush();
                    return USAGE;
                })
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    PrintWriter err = cmd.getErr();
                    int status = isInputError(e) ? USAGE : FAILURE;
                    err.println("error: " + message(e));
                    if ("1".equals(System.getenv("RECSYS4J_DEBUG"))) {
                        e.printStackTrace(err);
                    }
                    err.flush();
                    return status;
                })
                .execute(args);
    }

    /** True for what the user can fix: arguments, files and data (exit status 2). */
    static boolean isInputError(Throwable e) {
        return e instanceof UserError || e instanceof DataFileException || e instanceof IOException
                || e instanceof UncheckedIOException;
    }

    /** Returns the one-line message of an error: the user error's text, else what {@link ErrorText} makes of it. */
    static String message(Throwable e) {
        if (e instanceof UserError || e instanceof DataFileException) {
            return oneLine(e.getMessage());
        }
        String text = ErrorText.describe(e instanceof UncheckedIOException && e.getCause() != null ? e.getCause() : e);
        return isInputError(e) ? text : e.getClass().getSimpleName() + ": " + text;
    }

    /** Returns {@code s} on one line (line breaks become "; "). */
    static String oneLine(String s) {
        return s == null ? "" : s.strip().replace("\r\n", "\n").replace('\r', '\n').replaceAll("\\s*\\n\\s*", "; ");
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
