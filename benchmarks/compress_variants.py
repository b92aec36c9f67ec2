#!/usr/bin/env python3
"""Variants of the compression VAE, in PyTorch, scored as the README's table "why did the
in-process VAE separate the categories less" scores them (issue 18).

The network is the in-process one of `cartography compress` (Compressor.java): encoder
D-H-(mu, logvar) with tanh, decoder 2-H-D with tanh, one learned likelihood variance per
dimension, KL weight ramped over the first fifth of the epochs, Adam, batch 64, trained on all
codes. Each named variant changes one thing. Printed per variant: the share of 10-NN kept (500
seeded queries), the 5-NN category accuracy of the 2-D codes (validation codes of split.npy
against the training codes, a tied vote going to the tied label with the nearest neighbour, as
examples/training/train_fortunes.py scores it), the relative reconstruction error at the means,
the KL of each code dimension and the codes' standard deviations.

Run from the repository root with Debian's torch:

  OPENBLAS_NUM_THREADS=1 /usr/bin/python3 benchmarks/compress_variants.py base ep300 glorot
  DATA=mnist ... (the codes of models/mnist/vae-16d, a seeded 10% as validation)
"""

import os
import sys
import time
from collections import Counter

import numpy as np
import torch
import torch.nn as nn

VARIANTS = {
    "base": {},
    "2layers": dict(layers=2),
    "h256": dict(hidden=256),
    "beta0.5": dict(beta=0.5),
    "lr3e-3": dict(lr=3e-3),
    "one-scale": dict(per_dimension=False),
    "ep300": dict(epochs=300),
    "lr3e-3-ep300": dict(lr=3e-3, epochs=300),
    "one-scale-beta0.25": dict(per_dimension=False, beta=0.25),
    "one-scale-beta0.1": dict(per_dimension=False, beta=0.1),
    "one-scale-beta1": dict(per_dimension=False),
    "glorot": dict(glorot=True),
}


def load():
    if os.environ.get("DATA") == "mnist":
        z = np.load("models/mnist/vae-16d/z.npy").astype(np.float64)
        labels = np.load("models/mnist/vae-16d/labels.npy")
        split = (np.random.RandomState(0).rand(len(labels)) < 0.1).astype(int)
    else:
        d = "models/text/fortunes-32d/"
        z = np.load(d + "z.npy").astype(np.float64)
        labels = np.load(d + "labels.npy")
        split = np.load(d + "split.npy")
    return z, labels, split


def knn_accuracy(z, labels, split, k=5):
    tr, va = split == 0, split == 1
    ztr, ltr = z[tr], labels[tr]
    correct = 0
    for q, lab in zip(z[va], labels[va]):
        idx = np.argsort(((ztr - q) ** 2).sum(1), kind="stable")[:k]
        votes = Counter(ltr[idx].tolist())
        top = max(votes.values())
        correct += next(int(ltr[j]) for j in idx if votes[int(ltr[j])] == top) == lab
    return correct / int(va.sum())


def kept(high, low, k=10, queries=500):
    idx = np.random.RandomState(1).choice(len(high), queries, replace=False)
    total = 0.0
    for i in idx:
        a = np.argsort(((high - high[i]) ** 2).sum(1))[1:k + 1]
        b = np.argsort(((low - low[i]) ** 2).sum(1))[1:k + 1]
        total += len(set(a) & set(b)) / k
    return total / queries


def run(name, data, labels, split, layers=1, hidden=64, epochs=100, batch=64, lr=1e-3, beta=1.0, warm=0.2,
        per_dimension=True, seed=1, glorot=False):
    torch.manual_seed(seed)
    rng = np.random.RandomState(seed)
    x = torch.as_tensor(data, dtype=torch.float32)
    m, s = x.mean(0), x.std(0)
    if not per_dimension:
        s = torch.full_like(s, float(s.pow(2).mean().sqrt()))
    xs = (x - m) / s
    dim = data.shape[1]

    def mlp(i, o):
        layers_ = []
        d = i
        for _ in range(layers):
            layers_ += [nn.Linear(d, hidden), nn.Tanh()]
            d = hidden
        return nn.Sequential(*layers_, nn.Linear(d, o))

    enc, dec = mlp(dim, 4), mlp(2, dim)
    log_sigma = nn.Parameter(torch.zeros(dim))
    if glorot:
        for mod in list(enc) + list(dec):
            if isinstance(mod, nn.Linear):
                nn.init.xavier_uniform_(mod.weight)
                nn.init.zeros_(mod.bias)
    opt = torch.optim.Adam(list(enc.parameters()) + list(dec.parameters()) + [log_sigma], lr=lr)
    ramp = max(1, int(epochs * warm))
    t0 = time.time()
    for epoch in range(epochs):
        weight = beta * min(1.0, (epoch + 1) / ramp) if warm > 0 else beta
        perm = torch.as_tensor(rng.permutation(len(x)))
        for i in range(0, len(x), batch):
            xb = xs[perm[i:i + batch]]
            e = enc(xb)
            mu, lv = e[:, :2], e[:, 2:]
            z = mu + torch.randn_like(mu) * (0.5 * lv).exp()
            r = dec(z)
            nll = (0.5 * (xb - r).pow(2) * (-2 * log_sigma).exp() + log_sigma).sum(1).mean()
            kl = (0.5 * (mu.pow(2) + lv.exp() - 1 - lv)).sum(1).mean()
            loss = nll + weight * kl
            opt.zero_grad()
            loss.backward()
            opt.step()
    with torch.no_grad():
        e = enc(xs)
        mu, lv = e[:, :2], e[:, 2:]
        err = ((xs - dec(mu)) * s).pow(2).sum() / (x - m).pow(2).sum()
        kl_dim = (0.5 * (mu.pow(2) + lv.exp() - 1 - lv)).mean(0)
    codes = mu.numpy().astype(np.float64)
    print("%-20s kept %.3f  5-NN %.3f  relative error %.3f  KL/dim %s  sd %s  %.0f s"
          % (name, kept(data, codes), knn_accuracy(codes, labels, split), err, np.round(kl_dim.numpy(), 2),
             np.round(codes.std(0), 2), time.time() - t0), flush=True)


def main():
    torch.set_num_threads(1)
    data, labels, split = load()
    for name in sys.argv[1:] or ["base"]:
        run(name, data, labels, split, **VARIANTS[name])


if __name__ == "__main__":
    main()
