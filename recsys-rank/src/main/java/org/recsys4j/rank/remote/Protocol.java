package org.recsys4j.rank.remote;

/** The model-server protocols that {@link RemoteModel} speaks and {@link ModelServer} serves. */
public enum Protocol {
    /**
     * TensorFlow Serving's REST predict API, row format: {@code POST /v1/models/NAME[/versions/N]:predict}
     * with {@code {"instances": [{"input": [...], ...}, ...]}}, answered by
     * {@code {"predictions": [...]}} or {@code {"error": "..."}}.
     */
    TF_SERVING,
    /**
     * The KServe v2 (Open Inference Protocol) REST API: {@code POST /v2/models/NAME[/versions/N]/infer}
     * with {@code {"inputs": [{"name", "shape", "datatype", "data"}, ...]}}, answered by
     * {@code {"outputs": [...]}} or {@code {"error": "..."}}.
     */
    KSERVE_V2
}
