"""Builds the ONNX test fixtures: a small MLP and the same MLP with one more hidden layer.

Run once from the repository root (the generated files are committed):

    python3 -m venv .mvm-test/venv-fixtures
    .mvm-test/venv-fixtures/bin/pip install onnx
    .mvm-test/venv-fixtures/bin/python mvm-core/src/test/python/make_onnx_fixtures.py

Weights are deterministic (seeded), so re-running gives the same models.
"""
import os
import random
import struct

import onnx
from onnx import TensorProto, helper

OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "fixtures")


def weights(name, rows, cols, rng):
    """Stored as raw_data (the layout large models use), which the inspector must skip unread."""
    values = [rng.uniform(-0.5, 0.5) for _ in range(rows * cols)]
    raw = struct.pack("<%df" % len(values), *values)
    return helper.make_tensor(name, TensorProto.FLOAT, [rows, cols], raw, raw=True)


def bias(name, n, rng):
    """Stored as float_data, the other layout."""
    return helper.make_tensor(name, TensorProto.FLOAT, [n], [rng.uniform(-0.1, 0.1) for _ in range(n)])


def mlp(hidden_layers, seed):
    """input[batch, 16] -> (Gemm -> Relu) * hidden_layers -> Gemm -> Softmax -> probabilities[batch, 4]."""
    rng = random.Random(seed)
    nodes, inits = [], []
    width, current = 16, "input"
    for i in range(hidden_layers):
        inits += [weights(f"fc{i}.weight", width, 32, rng), bias(f"fc{i}.bias", 32, rng)]
        nodes.append(helper.make_node("Gemm", [current, f"fc{i}.weight", f"fc{i}.bias"], [f"h{i}"], name=f"fc{i}"))
        nodes.append(helper.make_node("Relu", [f"h{i}"], [f"a{i}"], name=f"relu{i}"))
        width, current = 32, f"a{i}"
    inits += [weights("head.weight", width, 4, rng), bias("head.bias", 4, rng)]
    nodes.append(helper.make_node("Gemm", [current, "head.weight", "head.bias"], ["logits"], name="head"))
    nodes.append(helper.make_node("Softmax", ["logits"], ["probabilities"], name="softmax", axis=1))
    graph = helper.make_graph(
        nodes, f"mlp_{hidden_layers}",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["batch", 16])],
        [helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, ["batch", 4])],
        initializer=inits)
    model = helper.make_model(graph, producer_name="mvm-fixtures", opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    helper.set_model_props(model, {"purpose": "mvm structure-diff fixture"})
    onnx.checker.check_model(model)
    return model


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    for name, layers in (("mlp-2.onnx", 1), ("mlp-3.onnx", 2)):
        path = os.path.join(OUT, name)
        onnx.save(mlp(layers, seed=7), path)
        print(path, os.path.getsize(path), "bytes")
