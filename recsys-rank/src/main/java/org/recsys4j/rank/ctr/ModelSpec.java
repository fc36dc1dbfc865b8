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
 * @param sequence      the behaviour sequence part (DIN and DIEN only, else {@link Sequence#NONE})
 */
public record ModelSpec(ModelType type, int dim, int[] hidden, int outDim, List<String> fields, List<String> numerics,
                        String wideField, List<String> itemFields, List<String> itemNumerics, Sequence sequence) {
    /** The default width of DIN's attention MLP's one hidden layer (the paper's activation unit). */
    public static final int DEFAULT_ATTENTION_HIDDEN = 36;
    /** The default weight of DIEN's auxiliary loss (the paper's α). */
    public static final double DEFAULT_AUX_WEIGHT = 1.0;

    /**
     * The behaviour-sequence part of a DIN or DIEN model: which field is the candidate item, which multi-hot
     * field holds the user's behaviour sequence over the same item vocabulary (most recent first, as
     * {@link CtrSamples}' recent positives are), and the sizes of the attention.
     *
     * @param itemField       the candidate item field (single-valued); the sequence shares its embedding table
     * @param sequenceField   the behaviour sequence field (multi-hot, the item field's cardinality), not among
     *                        the spec's {@code fields}
     * @param attentionHidden DIN: the hidden ReLU layers of the attention MLP over
     *                        {@code [e_h, e_c, e_h − e_c, e_h ∗ e_c]}; empty for DIEN (bilinear attention)
     * @param auxWeight       DIEN: the weight of the auxiliary loss (0 turns it off); 0 for DIN
     */
    public record Sequence(String itemField, String sequenceField, int[] attentionHidden, double auxWeight) {
        /** No sequence part (every type but DIN and DIEN). */
        public static final Sequence NONE = new Sequence("", "", new int[0], 0);

        /** Checks the values and copies the array. */
        public Sequence {
            Objects.requireNonNull(itemField, "itemField");
            Objects.requireNonNull(sequenceField, "sequenceField");
            attentionHidden = attentionHidden.clone();
            for (int h : attentionHidden) {
                if (h < 1) {
                    throw new IllegalArgumentException("attentionHidden: " + Arrays.toString(attentionHidden)
                            + ", every size must be >= 1");
                }
            }
            if (!(auxWeight >= 0) || Double.isInfinite(auxWeight)) {
                throw new IllegalArgumentException("auxWeight: " + auxWeight + ", must be >= 0 and finite");
            }
        }

        /** Returns the attention MLP's hidden layer sizes (a copy). */
        @Override
        public int[] attentionHidden() {
            return attentionHidden.clone();
        }

        /** Returns true for {@link #NONE}. */
        public boolean isNone() {
            return sequenceField.isEmpty();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Sequence s && itemField.equals(s.itemField) && sequenceField.equals(s.sequenceField)
                    && Arrays.equals(attentionHidden, s.attentionHidden)
                    && Double.doubleToLongBits(auxWeight) == Double.doubleToLongBits(s.auxWeight);
        }

        @Override
        public int hashCode() {
            return Objects.hash(itemField, sequenceField, Arrays.hashCode(attentionHidden), auxWeight);
        }

        @Override
        public String toString() {
            return "item=" + itemField + ", sequence=" + sequenceField
                    + (attentionHidden.length > 0 ? ", attention=" + Arrays.toString(attentionHidden) : "")
                    + (auxWeight > 0 ? ", aux=" + auxWeight : "");
        }
    }

    /** A spec without a sequence part ({@link Sequence#NONE}): every type but DIN and DIEN. */
    public ModelSpec(ModelType type, int dim, int[] hidden, int outDim, List<String> fields, List<String> numerics,
                     String wideField, List<String> itemFields, List<String> itemNumerics) {
        this(type, dim, hidden, outDim, fields, numerics, wideField, itemFields, itemNumerics, Sequence.NONE);
    }

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
        Objects.requireNonNull(sequence, "sequence");
        boolean seq = type == ModelType.DIN || type == ModelType.DIEN;
        if (seq == sequence.isNone()) {
            throw new IllegalArgumentException("sequence: " + (seq ? "none; " + type.label() + " needs one"
                    : sequence + "; only DIN and DIEN have one"));
        }
        if (seq) {
            if (!fields.contains(sequence.itemField())) {
                throw new IllegalArgumentException("sequence: item field '" + sequence.itemField()
                        + "' is not among the fields " + fields);
            }
            if (fields.contains(sequence.sequenceField())) {
                throw new IllegalArgumentException("sequence: sequence field '" + sequence.sequenceField()
                        + "' is also among the fields " + fields + "; it enters through the attention only");
            }
        }
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

    /**
     * Returns a DIN (Deep Interest Network, Zhou et al. 2018): the candidate item attends over the user's
     * behaviour sequence, each behaviour weighted by an attention MLP over {@code [e_h, e_c, e_h − e_c, e_h ∗ e_c]}
     * (no softmax, as in the paper); the weighted sum (the user's interest in this candidate), the embeddings of
     * {@code fields} and the numerics feed a ReLU MLP. The sequence shares the item field's embeddings.
     *
     * @param fields          the other categorical fields, the candidate item field among them
     * @param numerics        the numerics
     * @param itemField       the candidate item field
     * @param sequenceField   the behaviour sequence (multi-hot over the item vocabulary), not among {@code fields}
     * @param dim             the embedding size
     * @param attentionHidden the attention MLP's hidden ReLU layers (e.g. {@value #DEFAULT_ATTENTION_HIDDEN})
     * @param hidden          the final MLP's hidden ReLU layers
     * @return the spec
     */
    public static ModelSpec din(List<String> fields, List<String> numerics, String itemField, String sequenceField,
                                int dim, int[] attentionHidden, int... hidden) {
        return new ModelSpec(ModelType.DIN, dim, hidden, 1, fields, numerics, "", List.of(), List.of(),
                new Sequence(itemField, sequenceField, attentionHidden, 0));
    }

    /**
     * Returns a DIEN (Deep Interest Evolution Network, Zhou et al. 2019): a GRU interest extractor over the
     * behaviour sequence (oldest first) trained with an auxiliary loss (each state must tell the next behaviour
     * from a sampled item, weight {@code auxWeight}), attention of the candidate over the extracted states
     * ({@code softmax_t(h_t W e_c)}), and an AUGRU whose update gate the attention scales; its final state, the
     * embeddings of {@code fields} and the numerics feed a ReLU MLP. Both GRUs have {@code dim} units; the
     * sequence shares the item field's embeddings.
     *
     * @param fields        the other categorical fields, the candidate item field among them
     * @param numerics      the numerics
     * @param itemField     the candidate item field
     * @param sequenceField the behaviour sequence (multi-hot over the item vocabulary), not among {@code fields}
     * @param dim           the embedding size and the GRUs' state size
     * @param auxWeight     the auxiliary loss's weight, at least 0 (e.g. {@value #DEFAULT_AUX_WEIGHT})
     * @param hidden        the final MLP's hidden ReLU layers
     * @return the spec
     */
    public static ModelSpec dien(List<String> fields, List<String> numerics, String itemField, String sequenceField,
                                 int dim, double auxWeight, int... hidden) {
        return new ModelSpec(ModelType.DIEN, dim, hidden, 1, fields, numerics, "", List.of(), List.of(),
                new Sequence(itemField, sequenceField, new int[0], auxWeight));
    }

    /** Returns this spec without the given fields (ablation); the wide field and the sequence part are kept. */
    public ModelSpec withoutFields(List<String> drop) {
        List<String> f = new ArrayList<>(fields);
        f.removeAll(drop);
        List<String> i = new ArrayList<>(itemFields);
        i.removeAll(drop);
        return new ModelSpec(type, dim, hidden, outDim, f, numerics, wideField, i, itemNumerics, sequence);
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
                && wideField.equals(s.wideField) && itemFields.equals(s.itemFields) && itemNumerics.equals(s.itemNumerics)
                && sequence.equals(s.sequence);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, dim, Arrays.hashCode(hidden), outDim, fields, numerics, wideField, itemFields, itemNumerics,
                sequence);
    }

    @Override
    public String toString() {
        return type.label() + "[dim=" + dim + ", hidden=" + Arrays.toString(hidden)
                + (type == ModelType.TWO_TOWER ? ", out=" + outDim + ", user=" + fields + numerics + ", item="
                + itemFields + itemNumerics : ", fields=" + fields + ", numerics=" + numerics)
                + (wideField.isEmpty() ? "" : ", wide=" + wideField) + (sequence.isNone() ? "" : ", " + sequence) + "]";
    }
}
