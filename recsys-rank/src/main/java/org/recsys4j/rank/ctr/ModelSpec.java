package org.recsys4j.rank.ctr;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The architecture of a {@link CtrModel}: its type, which categorical fields and numerics it reads, and
 * its sizes. Use the factories, one per {@link ModelType}; field and numeric names refer to a
 * {@link CtrSchema} and are checked when the model is created.
 *
 * @param type          the architecture
 * @param dim           embedding dimension (the FM factor size k for {@link ModelType#FM})
 * @param hidden        hidden layer sizes of the MLP (of each tower for the two-tower model); empty for LR and FM
 * @param outDim        the two-tower output (user and item vector) size; 1 otherwise
 * @param fields        categorical fields of the first-order, FM and deep parts (the user tower's for two-tower)
 * @param numerics      numerics of those parts (the user tower's for two-tower)
 * @param wideField     the wide part's field (Wide&amp;Deep), or empty
 * @param itemFields    the item tower's fields (two-tower only, else empty)
 * @param itemNumerics  the item tower's numerics (two-tower only, else empty)
 */
public record ModelSpec(ModelType type, int dim, int[] hidden, int outDim, List<String> fields, List<String> numerics,
                        String wideField, List<String> itemFields, List<String> itemNumerics) {
    /** Checks the sizes and copies the lists. */
    public ModelSpec {
        Objects.requireNonNull(type, "type");
        if (dim < 1) {
            throw new IllegalArgumentException("dim: " + dim + ", must be >= 1");
        }
        hidden = hidden.clone();
        for (int h : hidden) {
            if (h < 1) {
                throw new IllegalArgumentException("hidden: " + Arrays.toString(hidden) + ", every size must be >= 1");
            }
        }
        if (outDim < 1) {
            throw new IllegalArgumentException("outDim: " + outDim + ", must be >= 1");
        }
        fields = List.copyOf(fields);
        numerics = List.copyOf(numerics);
        wideField = wideField == null ? "" : wideField;
        itemFields = List.copyOf(itemFields);
        itemNumerics = List.copyOf(itemNumerics);
    }

    /** Returns logistic regression over {@code fields} and {@code numerics}. */
    public static ModelSpec logisticRegression(List<String> fields, List<String> numerics) {
        return new ModelSpec(ModelType.LOGISTIC_REGRESSION, 1, new int[0], 1, fields, numerics, "", List.of(), List.of());
    }

    /** Returns an FM with factor size {@code k} over every id of {@code fields} and every numeric. */
    public static ModelSpec fm(List<String> fields, List<String> numerics, int k) {
        return new ModelSpec(ModelType.FM, k, new int[0], 1, fields, numerics, "", List.of(), List.of());
    }

    /** Returns an Embedding+MLP with embedding size {@code dim} and the given hidden ReLU layers. */
    public static ModelSpec embeddingMlp(List<String> fields, List<String> numerics, int dim, int... hidden) {
        return new ModelSpec(ModelType.EMBEDDING_MLP, dim, hidden, 1, fields, numerics, "", List.of(), List.of());
    }

    /** Returns a Wide&amp;Deep: an Embedding+MLP plus one weight per id of {@code wideField}. */
    public static ModelSpec wideDeep(List<String> fields, List<String> numerics, String wideField, int dim, int... hidden) {
        Objects.requireNonNull(wideField, "wideField");
        return new ModelSpec(ModelType.WIDE_DEEP, dim, hidden, 1, fields, numerics, wideField, List.of(), List.of());
    }

    /** Returns a DeepFM (first-order part, FM over the field embeddings, MLP over the same embeddings). */
    public static ModelSpec deepFm(List<String> fields, List<String> numerics, int dim, int... hidden) {
        return new ModelSpec(ModelType.DEEP_FM, dim, hidden, 1, fields, numerics, "", List.of(), List.of());
    }

    /** Returns a NeuralCF over a user id field and an item id field. */
    public static ModelSpec neuralCf(String userField, String itemField, int dim, int... hidden) {
        return new ModelSpec(ModelType.NEURAL_CF, dim, hidden, 1, List.of(userField, itemField), List.of(), "",
                List.of(), List.of());
    }

    /** Returns a two-tower model; each tower is embeddings + numerics → hidden ReLU layers → {@code outDim}. */
    public static ModelSpec twoTower(List<String> userFields, List<String> userNumerics, List<String> itemFields,
                                     List<String> itemNumerics, int dim, int outDim, int... hidden) {
        return new ModelSpec(ModelType.TWO_TOWER, dim, hidden, outDim, userFields, userNumerics, "", itemFields,
                itemNumerics);
    }

    /** Returns this spec without the given fields (ablation); the wide field is kept. */
    public ModelSpec withoutFields(List<String> drop) {
        List<String> f = new ArrayList<>(fields);
        f.removeAll(drop);
        List<String> i = new ArrayList<>(itemFields);
        i.removeAll(drop);
        return new ModelSpec(type, dim, hidden, outDim, f, numerics, wideField, i, itemNumerics);
    }

    /** Returns the hidden layer sizes (a copy). */
    @Override
    public int[] hidden() {
        return hidden.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelSpec s && type == s.type && dim == s.dim && Arrays.equals(hidden, s.hidden)
                && outDim == s.outDim && fields.equals(s.fields) && numerics.equals(s.numerics)
                && wideField.equals(s.wideField) && itemFields.equals(s.itemFields) && itemNumerics.equals(s.itemNumerics);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, dim, Arrays.hashCode(hidden), outDim, fields, numerics, wideField, itemFields, itemNumerics);
    }

    @Override
    public String toString() {
        return type.label() + "[dim=" + dim + ", hidden=" + Arrays.toString(hidden)
                + (type == ModelType.TWO_TOWER ? ", out=" + outDim + ", user=" + fields + numerics + ", item="
                + itemFields + itemNumerics : ", fields=" + fields + ", numerics=" + numerics)
                + (wideField.isEmpty() ? "" : ", wide=" + wideField) + "]";
    }
}
