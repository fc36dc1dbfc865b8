package org.recsys4j.examples.cli;

import org.recsys4j.examples.train.EventCtr;
import org.recsys4j.examples.train.EventSettings;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The model options of {@code train} and {@code serve} on your own data ({@code --events}): implicit ALS's factors,
 * λ, α and iterations (defaults measured on generated shops, {@link EventSettings}) and the CTR ranker
 * ({@link EventCtr}: the model, which events are positive, which attributes are static and which favourites). Each
 * is an error with MovieLens ({@link #checkNotGiven}).
 */
public final class EventModelOptions {
    @Option(names = "--als-factors", paramLabel = "F", description = "With --events: implicit-ALS factors, 1 to 4096 "
            + "(default: " + EventSettings.DEFAULT_ALS_FACTORS + ", chosen on generated shops).")
    Integer alsFactors;

    @Option(names = "--als-lambda", paramLabel = "L", description = "With --events: implicit-ALS regularisation λ > 0 "
            + "(default: " + EventSettings.DEFAULT_ALS_REGULARIZATION + ").")
    Double alsLambda;

    @Option(names = "--als-alpha", paramLabel = "A", description = "With --events: implicit-ALS confidence scale α >= 0, "
            + "confidence 1 + α·signal (default: " + EventSettings.DEFAULT_ALS_ALPHA + ").")
    Double alsAlpha;

    @Option(names = "--als-iterations", paramLabel = "N", description = "With --events: implicit-ALS iterations, 1 to "
            + "1000 (default: " + EventSettings.DEFAULT_ALS_ITERATIONS + ").")
    Integer alsIterations;

    @Option(names = "--ctr-model", paramLabel = "M", description = "With --events: the CTR ranker's model, LR (logistic "
            + "regression, the default), FM (factorization machine) or NONE (no CTR ranker).")
    String ctrModel;

    @Option(names = "--ctr-positive-types", paramLabel = "TYPE,...", description = "With --events: the event types that "
            + "are positive CTR samples (default: the types the policy weighs above its lightest, e.g. cart,buy for "
            + "view=1,cart=3,buy=10).")
    String ctrPositiveTypes;

    @Option(names = "--ctr-positive-value", paramLabel = "T", description = "With --events: events whose value (the "
            + "policy's signal) is at least T are positive CTR samples (for logs of ratings; default: none).")
    Double ctrPositiveValue;

    @Option(names = "--ctr-attributes", paramLabel = "ATTR,...", description = "With --events: the item attributes the "
            + "CTR samples carry (default: every categorical, multi-categorical and numeric attribute).")
    String ctrAttributes;

    @Option(names = "--ctr-favourites", paramLabel = "ATTR,...", description = "With --events: the attributes of the "
            + "user's favourites and affinities (default: the categorical ones with 2 to items/2 values; '-' for none).")
    String ctrFavourites;

    /** Largest {@code --als-factors}. */
    static final int MAX_FACTORS = 4096;
    /** Largest {@code --als-iterations}. */
    static final int MAX_ITERATIONS = 1000;
    /** Largest {@code --als-lambda} and {@code --als-alpha}. */
    static final double MAX_WEIGHT = 1e6;

    /** Returns the options given, by flag name. */
    List<String> given() {
        List<String> g = new ArrayList<>();
        String[] names = {"--als-factors", "--als-lambda", "--als-alpha", "--als-iterations", "--ctr-model",
                "--ctr-positive-types", "--ctr-positive-value", "--ctr-attributes", "--ctr-favourites"};
        Object[] values = {alsFactors, alsLambda, alsAlpha, alsIterations, ctrModel, ctrPositiveTypes, ctrPositiveValue,
                ctrAttributes, ctrFavourites};
        for (int i = 0; i < names.length; i++) {
            if (values[i] != null) {
                g.add(names[i]);
            }
        }
        return g;
    }

    /** Throws a {@link UserError} when an option of your own data's models is given without {@code --events}. */
    void checkNotGiven() {
        List<String> g = given();
        if (!g.isEmpty()) {
            throw new UserError(String.join(", ", g) + ": take" + (g.size() == 1 ? "s" : "") + " effect with your own data "
                    + "(--events FILE --items FILE) only; the MovieLens demo trains its own models (docs/demo.md)");
        }
    }

    /** Returns the settings, checked (a bad value is a {@link UserError} naming the option). */
    EventSettings settings() {
        EventSettings d = EventSettings.defaults();
        int f = alsFactors != null ? Checks.range("--als-factors", alsFactors, 1, MAX_FACTORS) : d.alsFactors();
        double l = alsLambda != null ? Checks.positive("--als-lambda", alsLambda, MAX_WEIGHT) : d.alsRegularization();
        double a = d.alsAlpha();
        if (alsAlpha != null) {
            if (!(alsAlpha >= 0 && alsAlpha <= MAX_WEIGHT)) {
                throw new UserError("--als-alpha " + alsAlpha + ": must be a number in [0, " + MAX_WEIGHT + "]");
            }
            a = alsAlpha;
        }
        int it = alsIterations != null ? Checks.range("--als-iterations", alsIterations, 1, MAX_ITERATIONS)
                : d.alsIterations();
        EventCtr.Model model = EventCtr.Settings.DEFAULT_MODEL;
        if (ctrModel != null) {
            try {
                model = EventCtr.Model.valueOf(ctrModel.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new UserError("--ctr-model " + ctrModel + ": must be LR, FM or NONE");
            }
        }
        if (ctrPositiveTypes != null && ctrPositiveValue != null) {
            throw new UserError("--ctr-positive-types and --ctr-positive-value: give one label rule, not both");
        }
        if (ctrPositiveValue != null && !Double.isFinite(ctrPositiveValue)) {
            throw new UserError("--ctr-positive-value " + ctrPositiveValue + ": must be a finite number");
        }
        List<String> types = list("--ctr-positive-types", ctrPositiveTypes, false);
        return new EventSettings(f, l, a, it, new EventCtr.Settings(model, types,
                ctrPositiveValue != null ? ctrPositiveValue : Double.NaN, list("--ctr-attributes", ctrAttributes, true),
                list("--ctr-favourites", ctrFavourites, true)));
    }

    /** Returns a comma-separated list (null when not given; '-' is the empty list where allowed), checked. */
    private static List<String> list(String option, String value, boolean emptyAllowed) {
        if (value == null) {
            return null;
        }
        if (emptyAllowed && value.strip().equals("-")) {
            return List.of();
        }
        List<String> out = Arrays.stream(value.split(",", -1)).map(String::strip).toList();
        if (out.stream().anyMatch(String::isEmpty)) {
            throw new UserError(option + " '" + value + "': an empty name; give NAME,NAME,..."
                    + (emptyAllowed ? " or - for none" : ""));
        }
        if (out.stream().distinct().count() != out.size()) {
            throw new UserError(option + " '" + value + "': a name is given twice");
        }
        return out;
    }
}
