#!/usr/bin/env python3
"""Exports the tiny DeepFM-like scorer that recsys-rank's DJL tests run through ONNX Runtime.

Writes, next to the Java test resources (recsys-rank/src/test/resources/org/recsys4j/rank/djl/):
  tiny_deepfm.onnx          the model (opset 13, dynamic batch axis)
  tiny_deepfm_expected.json fixed inputs and the PyTorch outputs on them (the Java test must match
                            them to 1e-5)

Inputs (the names and widths DjlRanker's FeatureRows must produce):
  user_id  int64   [batch, 1]  0 = out-of-vocabulary bucket, 1..NUM_USERS = dense user index + 1
  item_id  int64   [batch, 1]  0 = out-of-vocabulary bucket, 1..NUM_ITEMS = dense item index + 1
  dense    float32 [batch, 3]  numeric features
Output:
  score    float32 [batch, 1]  sigmoid(first order + FM second order + MLP)

Run with Debian's python3-torch and python3-onnx (apt-get install -y python3-torch python3-onnx):
  /usr/bin/python3 recsys-rank/src/test/python/export_onnx.py
Deterministic: a fixed seed, no training data; the weights are the seeded initialisation scaled up a
little so the scores spread over (0, 1).
"""
import json
import os
import sys

import torch
from torch import nn

NUM_USERS = 10
NUM_ITEMS = 20
NUM_DENSE = 3
DIM = 4
SEED = 20261124


class TinyDeepFM(nn.Module):
    def __init__(self):
        super().__init__()
        self.user_emb = nn.Embedding(NUM_USERS + 1, DIM)
        self.item_emb = nn.Embedding(NUM_ITEMS + 1, DIM)
        self.user_bias = nn.Embedding(NUM_USERS + 1, 1)
        self.item_bias = nn.Embedding(NUM_ITEMS + 1, 1)
        self.dense_linear = nn.Linear(NUM_DENSE, 1)
        self.dense_proj = nn.Linear(NUM_DENSE, DIM, bias=False)
        self.mlp = nn.Sequential(nn.Linear(3 * DIM, 8), nn.ReLU(), nn.Linear(8, 1))

    def forward(self, user_id, item_id, dense):
        u = self.user_emb(user_id[:, 0])
        i = self.item_emb(item_id[:, 0])
        d = self.dense_proj(dense)
        fields = torch.stack([u, i, d], dim=1)  # [batch, 3, DIM]
        square_of_sum = fields.sum(dim=1).pow(2)
        sum_of_square = fields.pow(2).sum(dim=1)
        fm = 0.5 * (square_of_sum - sum_of_square).sum(dim=1, keepdim=True)
        first = self.user_bias(user_id[:, 0]) + self.item_bias(item_id[:, 0]) + self.dense_linear(dense)
        deep = self.mlp(torch.cat([u, i, d], dim=1))
        return torch.sigmoid(first + fm + deep)


def main():
    out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "resources", "org", "recsys4j", "rank", "djl")
    torch.manual_seed(SEED)
    model = TinyDeepFM()
    with torch.no_grad():
        for p in model.parameters():
            p.mul_(1.5)
    model.eval()

    # Fixed inputs: the OOV buckets, the largest ids, and ordinary rows.
    user_id = torch.tensor([[0], [1], [3], [3], [10], [7], [2], [5]], dtype=torch.int64)
    item_id = torch.tensor([[0], [20], [4], [5], [1], [0], [13], [9]], dtype=torch.int64)
    dense = torch.tensor([[0.0, 0.0, 0.0], [1.0, -1.0, 0.5], [0.25, 0.5, -0.75], [0.25, 0.5, -0.75],
                          [2.0, 0.1, 0.0], [-1.5, 3.0, 1.0], [0.3, 0.3, 0.3], [-0.2, 0.9, -2.0]],
                         dtype=torch.float32)
    with torch.no_grad():
        expected = model(user_id, item_id, dense)

    onnx_path = os.path.join(out_dir, "tiny_deepfm.onnx")
    torch.onnx.export(model, (user_id, item_id, dense), onnx_path,
                      input_names=["user_id", "item_id", "dense"], output_names=["score"],
                      dynamic_axes={"user_id": {0: "batch"}, "item_id": {0: "batch"},
                                    "dense": {0: "batch"}, "score": {0: "batch"}},
                      opset_version=13)
    result = {
        "generator": "recsys-rank/src/test/python/export_onnx.py",
        "torch": torch.__version__,
        "seed": SEED,
        "inputs": {"user_id": user_id[:, 0].tolist(), "item_id": item_id[:, 0].tolist(),
                   "dense": dense.tolist()},
        # float32 outputs written as the exact doubles they convert to
        "score": [float(v) for v in expected[:, 0].tolist()],
    }
    with open(os.path.join(out_dir, "tiny_deepfm_expected.json"), "w") as f:
        json.dump(result, f, indent=2)
        f.write("\n")
    print("wrote", onnx_path, "scores", result["score"])


if __name__ == "__main__":
    main()
