package org.recsys4j.rank.ctr;

import java.util.List;
import java.util.Random;

/** A tiny random schema and data set covering single-valued, multi-hot (incl. empty) and wide fields. */
final class TinyData {
    static final CtrSchema SCHEMA = CtrSchema.builder()
            .categorical("user", 5).categorical("item", 6).multiHot("tags", 4).multiHot("recent", 6)
            .categorical("cross", 7).numeric("x0").numeric("x1").numeric("x2").build();
    static final List<String> FIELDS = List.of("user", "item", "tags", "recent");
    static final List<String> NUMERICS = List.of("x0", "x1", "x2");

    private TinyData() {
    }

    static CtrData random(int rows, long seed) {
        Random r = new Random(seed);
        CtrData.Builder b = CtrData.builder(SCHEMA);
        for (int i = 0; i < rows; i++) {
            b.id(0, r.nextInt(5)).id(1, r.nextInt(6));
            int tags = r.nextInt(3);
            for (int k = 0; k < tags; k++) {
                b.id(2, r.nextInt(4));
            }
            int recent = r.nextInt(4);
            for (int k = 0; k < recent; k++) {
                b.id(3, r.nextInt(6));
            }
            b.id(4, r.nextInt(7));
            for (int j = 0; j < 3; j++) {
                b.numeric(j, r.nextDouble());
            }
            b.endRow(r.nextBoolean());
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
        };
    }
}
