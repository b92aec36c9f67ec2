#!/usr/bin/env python3
"""Regenerate the tiny hand-built ONNX test models in this folder.

Every model has opset 13, one float32 input `z` of shape [batch, D] with the
symbolic batch dimension 'batch', and one float32 output. They are built with
the `onnx` package's helper API only (no training, no torch):

  surface.onnx  D=2 -> h [batch,3] = (z1, z2, a*sin(b*z1)*cos(c*z2)),
                a=0.7, b=1.3, c=0.9 (see surface.json). As a surface in R^3
                its Riemannian volume element is sqrt(1 + f1^2 + f2^2) with
                f1 = a*b*cos(b*z1)*cos(c*z2), f2 = -a*c*sin(b*z1)*sin(c*z2).
  nan.onnx      D=2 -> x [batch,4]: finite everywhere except where z1 > 0.5,
                where all four outputs are NaN (see the comment at build_nan).
  dim3.onnx     D=3 -> x [batch,4] = tanh(z W^T + b): a model whose input
                does not take a 2-D grid's latent dimension.
  linear2_batch3.onnx: linear2 with a fixed batch of 3 (no dynamic batch axis).
  two_inputs.onnx: linear2 plus a second input `extra` [batch, 3], which a generator cannot feed.
  linear2.onnx  D=2 -> x [batch,3] = z A^T + b (A, b in linear2.json); its
                volume element is the constant sqrt(det(A^T A)).

The .json siblings also hold a few sample inputs with their outputs, computed
with numpy in float64, for tests.

Usage: python3 testdata/onnx/make_test_models.py [--out testdata/onnx]
"""

import argparse
import json
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OPSET = 13

SURFACE = {"a": 0.7, "b": 1.3, "c": 0.9}

LINEAR_A = np.array([[1.0, 0.5],
                     [-0.25, 2.0],
                     [0.75, -1.0]])
LINEAR_B = np.array([0.1, -0.2, 0.3])

DIM3_W = np.array([[0.5, -0.3, 0.2],
                   [0.1, 0.8, -0.4],
                   [-0.6, 0.2, 0.9],
                   [0.3, 0.3, 0.3]])
DIM3_B = np.array([0.05, -0.1, 0.0, 0.2])

SAMPLES_2D = np.array([[0.0, 0.0], [0.3, -0.7], [-1.2, 0.4], [0.5, 0.5],
                       [0.6, -0.2], [2.0, 1.5]])
SAMPLES_3D = np.array([[0.0, 0.0, 0.0], [0.3, -0.7, 1.1], [-1.2, 0.4, -0.5]])


def const(name, values):
    return numpy_helper.from_array(np.asarray(values, dtype=np.float32), name)


def int_const(name, values):
    return numpy_helper.from_array(np.asarray(values, dtype=np.int64), name)


def io(name, width):
    return helper.make_tensor_value_info(name, TensorProto.FLOAT, ["batch", width])


def finish(graph, path, doc):
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)],
                              producer_name="latent-cartography make_test_models.py",
                              doc_string=doc)
    onnx.checker.check_model(model, full_check=True)
    onnx.save(model, path)
    return model


def column_nodes(prefix):
    """Nodes that slice z into z1 = z[:, 0:1] and z2 = z[:, 1:2]."""
    inits = [int_const(prefix + "s0", [0]), int_const(prefix + "e0", [1]),
             int_const(prefix + "s1", [1]), int_const(prefix + "e1", [2]),
             int_const(prefix + "ax", [1])]
    nodes = [helper.make_node("Slice", ["z", prefix + "s0", prefix + "e0", prefix + "ax"], ["z1"]),
             helper.make_node("Slice", ["z", prefix + "s1", prefix + "e1", prefix + "ax"], ["z2"])]
    return nodes, inits


def build_surface(path):
    a, b, c = SURFACE["a"], SURFACE["b"], SURFACE["c"]
    nodes, inits = column_nodes("c_")
    inits += [const("a", [a]), const("b", [b]), const("c", [c])]
    nodes += [
        helper.make_node("Mul", ["z1", "b"], ["bz1"]),
        helper.make_node("Sin", ["bz1"], ["sin_bz1"]),
        helper.make_node("Mul", ["z2", "c"], ["cz2"]),
        helper.make_node("Cos", ["cz2"], ["cos_cz2"]),
        helper.make_node("Mul", ["sin_bz1", "cos_cz2"], ["sc"]),
        helper.make_node("Mul", ["sc", "a"], ["f"]),
        helper.make_node("Concat", ["z1", "z2", "f"], ["h"], axis=1),
    ]
    g = helper.make_graph(nodes, "surface", [io("z", 2)], [io("h", 3)], inits)
    finish(g, path, "h = (z1, z2, a*sin(b*z1)*cos(c*z2)), a=%g b=%g c=%g" % (a, b, c))


def surface_np(z):
    a, b, c = SURFACE["a"], SURFACE["b"], SURFACE["c"]
    f = a * np.sin(b * z[:, 0]) * np.cos(c * z[:, 1])
    return np.stack([z[:, 0], z[:, 1], f], axis=1)


def surface_volume_np(z):
    a, b, c = SURFACE["a"], SURFACE["b"], SURFACE["c"]
    f1 = a * b * np.cos(b * z[:, 0]) * np.cos(c * z[:, 1])
    f2 = -a * c * np.sin(b * z[:, 0]) * np.sin(c * z[:, 1])
    return np.sqrt(1 + f1 ** 2 + f2 ** 2)


def build_nan(path):
    # base = (z1, z2, z1*z2, tanh(z1 + z2)) is finite for every finite z.
    # The output is Where(z1 > 0.5, NaN, base): the NaN is made at run time as
    # 0/0 (Div of a zero constant by itself), broadcast over the whole row, so
    # every output of a row with z1 > 0.5 is NaN and every other row is finite
    # (z1 == 0.5 exactly is still finite).
    nodes, inits = column_nodes("c_")
    inits += [const("half", [0.5]), const("zero", [0.0])]
    nodes += [
        helper.make_node("Mul", ["z1", "z2"], ["z1z2"]),
        helper.make_node("Add", ["z1", "z2"], ["sum"]),
        helper.make_node("Tanh", ["sum"], ["t"]),
        helper.make_node("Concat", ["z1", "z2", "z1z2", "t"], ["base"], axis=1),
        helper.make_node("Div", ["zero", "zero"], ["nan"]),
        helper.make_node("Greater", ["z1", "half"], ["mask"]),
        helper.make_node("Where", ["mask", "nan", "base"], ["x"]),
    ]
    g = helper.make_graph(nodes, "nan", [io("z", 2)], [io("x", 4)], inits)
    finish(g, path, "x = (z1, z2, z1*z2, tanh(z1+z2)), but NaN in every column where z1 > 0.5")


def nan_np(z):
    base = np.stack([z[:, 0], z[:, 1], z[:, 0] * z[:, 1], np.tanh(z[:, 0] + z[:, 1])], axis=1)
    base[z[:, 0] > 0.5] = np.nan
    return base


def build_dim3(path):
    inits = [const("W", DIM3_W), const("bias", DIM3_B)]
    nodes = [helper.make_node("Gemm", ["z", "W", "bias"], ["lin"], transB=1),
             helper.make_node("Tanh", ["lin"], ["x"])]
    g = helper.make_graph(nodes, "dim3", [io("z", 3)], [io("x", 4)], inits)
    finish(g, path, "x = tanh(z W^T + b), z in R^3")


def dim3_np(z):
    return np.tanh(z @ DIM3_W.T + DIM3_B)


def build_linear2(path):
    inits = [const("A", LINEAR_A), const("bias", LINEAR_B)]
    nodes = [helper.make_node("Gemm", ["z", "A", "bias"], ["x"], transB=1)]
    g = helper.make_graph(nodes, "linear2", [io("z", 2)], [io("x", 3)], inits)
    finish(g, path, "x = z A^T + b")


def build_linear2_fixed(path, batch):
    """linear2 with a fixed batch dimension: the model takes exactly `batch` points per call."""
    inits = [const("A", LINEAR_A), const("bias", LINEAR_B)]
    nodes = [helper.make_node("Gemm", ["z", "A", "bias"], ["x"], transB=1)]
    g = helper.make_graph(nodes, "linear2_batch%d" % batch,
                          [helper.make_tensor_value_info("z", TensorProto.FLOAT, [batch, 2])],
                          [helper.make_tensor_value_info("x", TensorProto.FLOAT, [batch, 3])], inits)
    finish(g, path, "x = z A^T + b, exactly %d points per call" % batch)


def build_two_inputs(path):
    """x = z A^T + b + extra: a second input, which a generator cannot feed."""
    inits = [const("A", LINEAR_A), const("bias", LINEAR_B)]
    nodes = [helper.make_node("Gemm", ["z", "A", "bias"], ["g"], transB=1),
             helper.make_node("Add", ["g", "extra"], ["x"])]
    g = helper.make_graph(nodes, "two_inputs", [io("z", 2), io("extra", 3)], [io("x", 3)], inits)
    finish(g, path, "x = z A^T + b + extra (two inputs)")


def linear2_np(z):
    return z @ LINEAR_A.T + LINEAR_B


def tolist(a):
    # NaN is not JSON; write it as null.
    return [[None if np.isnan(v) else float(v) for v in row] for row in a]


def write_json(path, obj):
    with open(path, "w") as f:
        json.dump(obj, f, indent=2)
        f.write("\n")


def check_signature(path, d, out_name, out_width):
    m = onnx.load(path)
    onnx.checker.check_model(m, full_check=True)
    dims = lambda vi: [x.dim_param or x.dim_value for x in vi.type.tensor_type.shape.dim]
    assert [(i.name, dims(i)) for i in m.graph.input] == [("z", ["batch", d])], path
    assert [(o.name, dims(o)) for o in m.graph.output] == [(out_name, ["batch", out_width])], path
    assert m.opset_import[0].version == OPSET, path
    print("ok %-13s z[batch,%d] -> %s[batch,%d]  ops %s"
          % (os.path.basename(path), d, out_name, out_width, sorted({n.op_type for n in m.graph.node})))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=os.path.dirname(os.path.abspath(__file__)))
    args = ap.parse_args()
    out = args.out
    os.makedirs(out, exist_ok=True)

    build_surface(os.path.join(out, "surface.onnx"))
    write_json(os.path.join(out, "surface.json"), {
        "model": "surface.onnx",
        "input": {"name": "z", "dim": 2},
        "output": {"name": "h", "dim": 3},
        "a": SURFACE["a"], "b": SURFACE["b"], "c": SURFACE["c"],
        "formula": "h = (z1, z2, a*sin(b*z1)*cos(c*z2))",
        "volume_element": "sqrt(1 + f1^2 + f2^2), f1 = a*b*cos(b*z1)*cos(c*z2), "
                          "f2 = -a*c*sin(b*z1)*sin(c*z2)",
        "samples": {"z": tolist(SAMPLES_2D), "h": tolist(surface_np(SAMPLES_2D)),
                    "volume_element": [float(v) for v in surface_volume_np(SAMPLES_2D)]},
    })
    check_signature(os.path.join(out, "surface.onnx"), 2, "h", 3)

    build_nan(os.path.join(out, "nan.onnx"))
    check_signature(os.path.join(out, "nan.onnx"), 2, "x", 4)

    build_dim3(os.path.join(out, "dim3.onnx"))
    check_signature(os.path.join(out, "dim3.onnx"), 3, "x", 4)

    build_linear2(os.path.join(out, "linear2.onnx"))
    ata = LINEAR_A.T @ LINEAR_A
    write_json(os.path.join(out, "linear2.json"), {
        "model": "linear2.onnx",
        "input": {"name": "z", "dim": 2},
        "output": {"name": "x", "dim": 3},
        "formula": "x = z @ A^T + b",
        "A": LINEAR_A.tolist(),
        "b": LINEAR_B.tolist(),
        "AtA": ata.tolist(),
        "volume_element": float(np.sqrt(np.linalg.det(ata))),
        "samples": {"z": tolist(SAMPLES_2D), "x": tolist(linear2_np(SAMPLES_2D))},
    })
    check_signature(os.path.join(out, "linear2.onnx"), 2, "x", 3)

    # linear2 with a fixed batch of 3 (models exported without a dynamic batch axis)
    build_linear2_fixed(os.path.join(out, "linear2_batch3.onnx"), 3)
    # a model with a second input
    build_two_inputs(os.path.join(out, "two_inputs.onnx"))

    # nan.onnx and dim3.onnx have no json sibling; their expected values are
    # printed here for reference.
    print("nan  samples:", tolist(nan_np(SAMPLES_2D)))
    print("dim3 samples:", tolist(dim3_np(SAMPLES_3D)))

    try:
        import onnxruntime as ort
    except ImportError:
        print("onnxruntime not installed: models checked with onnx.checker only")
        return
    for name, fn, z in [("surface", surface_np, SAMPLES_2D), ("nan", nan_np, SAMPLES_2D),
                        ("dim3", dim3_np, SAMPLES_3D), ("linear2", linear2_np, SAMPLES_2D)]:
        sess = ort.InferenceSession(os.path.join(out, name + ".onnx"), providers=["CPUExecutionProvider"])
        got = sess.run(None, {"z": z.astype(np.float32)})[0]
        want = fn(z)
        assert np.array_equal(np.isnan(got), np.isnan(want)), name
        assert np.nanmax(np.abs(got - want)) < 1e-5, name
        print("onnxruntime ok", name)


if __name__ == "__main__":
    main()


# ---- Classifier test models (for measures-classifier; appended) -------------
#
#   softmax_linear.onnx  D=2 -> p [batch,4] = softmax(z W^T + b) along axis 1:
#                        class probabilities of a fixed softmax-of-linear
#                        classifier (W, b in softmax_linear.json).
#   logits_linear.onnx   D=2 -> logits [batch,4] = z W^T + b: the same
#                        classifier's logits (for the classifier's softmax=true).

SOFTMAX_W = np.array([[1.5, -0.5],
                      [-1.0, 1.2],
                      [0.3, 0.8],
                      [-0.8, -1.4]])
SOFTMAX_B = np.array([0.1, -0.2, 0.05, 0.0])


def build_softmax_linear(path, with_softmax):
    inits = [const("W", SOFTMAX_W), const("bias", SOFTMAX_B)]
    out = "p" if with_softmax else "logits"
    nodes = [helper.make_node("Gemm", ["z", "W", "bias"], ["lin" if with_softmax else out], transB=1)]
    if with_softmax:
        nodes.append(helper.make_node("Softmax", ["lin"], [out], axis=1))
    name = "softmax_linear" if with_softmax else "logits_linear"
    g = helper.make_graph(nodes, name, [io("z", 2)], [io(out, 4)], inits)
    finish(g, path, ("p = softmax(z W^T + b)" if with_softmax else "logits = z W^T + b"))


def softmax_linear_np(z):
    logits = z @ SOFTMAX_W.T + SOFTMAX_B
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def main_classifier():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=os.path.dirname(os.path.abspath(__file__)))
    out = ap.parse_known_args()[0].out
    build_softmax_linear(os.path.join(out, "softmax_linear.onnx"), True)
    check_signature(os.path.join(out, "softmax_linear.onnx"), 2, "p", 4)
    build_softmax_linear(os.path.join(out, "logits_linear.onnx"), False)
    check_signature(os.path.join(out, "logits_linear.onnx"), 2, "logits", 4)
    write_json(os.path.join(out, "softmax_linear.json"), {
        "model": "softmax_linear.onnx",
        "input": {"name": "z", "dim": 2},
        "output": {"name": "p", "dim": 4},
        "formula": "p = softmax(z @ W^T + b); logits_linear.onnx gives z @ W^T + b",
        "W": SOFTMAX_W.tolist(),
        "b": SOFTMAX_B.tolist(),
        "samples": {"z": tolist(SAMPLES_2D), "p": tolist(softmax_linear_np(SAMPLES_2D))},
    })
    try:
        import onnxruntime as ort
    except ImportError:
        return
    for name, fn in [("softmax_linear", softmax_linear_np),
                     ("logits_linear", lambda z: z @ SOFTMAX_W.T + SOFTMAX_B)]:
        sess = ort.InferenceSession(os.path.join(out, name + ".onnx"), providers=["CPUExecutionProvider"])
        got = sess.run(None, {"z": SAMPLES_2D.astype(np.float32)})[0]
        assert np.max(np.abs(got - fn(SAMPLES_2D))) < 1e-5, name
        print("onnxruntime ok", name)


if __name__ == "__main__":
    main_classifier()
