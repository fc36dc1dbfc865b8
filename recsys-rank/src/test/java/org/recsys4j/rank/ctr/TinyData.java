package org.recsys4j.rank.ctr;

import java.util.List;
import java.util.Random;

/** A tiny random schema and data set covering single-valued, multi-hot (incl. empty) and wide fields. */
final class TinyData {
    static final CtrSchema SCHEMA = CtrSchema.builder()
            .addCategorical("user", 5).addCategorical("item", 6).addMultiHot("tags", 4).addMultiHot("recent", 6)
            .addCategorical("cross", 7).addNumeric("x0").addNumeric("x1").addNumeric("x2").build();
    static final List<String> FIELDS = List.of("user", "item", "tags", "recent");
    static final List<String> NUMERICS = List.of("x0", "x1", "x2");

    private TinyData() {
    }

    static CtrData random(int rows, long seed) {
        Random r = new Random(seed);
        CtrData.Builder b = CtrData.builder(SCHEMA);
        for (int i = 0; i < rows; i++) {
            b.addId(0, r.nextInt(5)).addId(1, r.nextInt(6));
            int tags = r.nextInt(3);
            for (int k = 0; k < tags; k++) {
                b.addId(2, r.nextInt(4));
            }
            int recent = r.nextInt(4);
            for (int k = 0; k < recent; k++) {
                b.addId(3, r.nextInt(6));
            }
            b.addId(4, r.nextInt(7));
            for (int j = 0; j < 3; j++) {
                b.addNumeric(j, r.nextDouble());
            }
            b.addRow(r.nextBoolean());
        }
        return b.build();
    }

    static ModelSpec spec(ModelType t) {
        return switch (t) {
            case LOGISTIC_REGRESSION -> ModelSpec.logisticRegression(FIELDS, NUMERICS);
            case FM -> ModelSpec.fm(FIELDS, NUMERICS, 3);
            case EMBEDDING_MLP -> ModelSpec.embeddingMlp(FIELDS, NUMERICS, 3, 6, 5);
            case WIDE_DEEP -> ModelSpec.wideDeep(FIELDS, NUMERICS, "cross", 3, 6, 5);
            case DEEP_FM -> ModelSpec.deepFm(FIELDS, NUMERICS, 3, 6, 5);
            case NEURAL_CF -> ModelSpec.neuralCf("user", "item", 3, 6, 4);
            case TWO_TOWER -> ModelSpec.twoTower(List.of("user", "recent"), List.of("x0"), List.of("item", "tags"),
                    List.of("x1", "x2"), 3, 4, 6);
            case DIN -> ModelSpec.din(List.of("user", "item", "tags"), NUMERICS, "item", "recent", 3, new int[] {5}, 6, 5);
            case DIEN -> ModelSpec.dien(List.of("user", "item", "tags"), NUMERICS, "item", "recent", 3, 0.7, 6, 5);
        };
    }
}
