package org.recsys4j.rank.serving;

/**
 * The element type of a model input tensor: 32-bit floats for numeric features, 64-bit integers for
 * ids that index an embedding table (what PyTorch's {@code nn.Embedding} exports to ONNX).
 */
public enum TensorType {
    /** 32-bit IEEE float ({@code float32} in ONNX, {@code DT_FLOAT} in TensorFlow, {@code FP32} in KServe v2). */
    FLOAT32("FP32", "DT_FLOAT"),
    /** 64-bit signed integer ({@code int64} in ONNX, {@code DT_INT64} in TensorFlow, {@code INT64} in KServe v2). */
    INT64("INT64", "DT_INT64");

    private final String kserveName;
    private final String tensorflowName;

    TensorType(String kserveName, String tensorflowName) {
        this.kserveName = kserveName;
        this.tensorflowName = tensorflowName;
    }

    /** Returns the KServe v2 {@code datatype} name, e.g. {@code FP32}. */
    public String kserveName() {
        return kserveName;
    }

    /** Returns the TensorFlow dtype name used in TF-Serving metadata, e.g. {@code DT_FLOAT}. */
    public String tensorflowName() {
        return tensorflowName;
    }

    /**
     * Returns the type with this KServe v2 datatype name.
     *
     * @throws IllegalArgumentException if the name is not {@code FP32} or {@code INT64}
     */
    public static TensorType ofKserveName(String name) {
        for (TensorType t : values()) {
            if (t.kserveName.equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("datatype: '" + name + "', expected FP32 or INT64");
    }
}
