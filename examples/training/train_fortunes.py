#!/usr/bin/env python3
"""Train and export the shipped text models of Latent Cartography.

Two sentence VAEs on Debian's `fortunes` corpus (one category per file), in the
spirit of Frenzel et al., "Latent Space Cartography" (the text experiments):

  fortunes-2d             GRU seq2seq VAE with a 2-D latent space
  fortunes-32d            the same with a 32-D latent space
  fortunes-32d/compress   a small Gaussian VAE 32 -> 2 -> 32 trained on the
                          32-D posterior means, so that the 32-D model can be
                          mapped on a plane

Model (both text VAEs): embeddings of width 256; a bidirectional GRU encoder
(256 per direction) whose final states give the posterior mean and
log-variance; a GRU decoder (256) whose initial state is h0 = tanh(W z + b) and
whose input at every step is [embedding(previous token), z]; a linear layer to
the vocabulary. Training: word dropout 0.4 on the decoder inputs, KL weight
ramped linearly from 0 to 1 over the first 8 epochs, a KL floor ("free bits")
of 2 nats per latent dimension (on the batch-averaged KL of each dimension),
Adam 1e-3, batch 64, gradient norm clipped at 5. The checkpoint with the lowest
validation perplexity (the ELBO bound, exp((NLL + KL) / tokens), one posterior
sample with a fixed seed) is kept.

Data: the 8 categories in CATEGORIES, fortunes separated by lines holding only
`%`, lower-cased, split into words and punctuation (a run of dashes or dots is
one token), fortunes of 4..30 tokens kept, exact duplicates dropped (first one
kept); 10% held out for validation by seed; the vocabulary is the 3,000 most
frequent tokens of the training split (ties by spelling) plus <pad> <bos>
<eos> <unk>.

The corpus is Debian's `fortunes` package (fortune-mod; BSD licence, see
/usr/share/doc/fortunes/copyright). The data files are not shipped; only
models, codes and category labels derived from them.

For every text model this writes, under --out (default models/text):

  <name>/vocab.txt        one token per line, line index = token id
  <name>/manifest.json    format latent-cartography-text-decoder/1
  <name>/init.onnx        z [B,Dz] -> state [B,H]
  <name>/step.onnx        z [B,Dz], token int64 [B], state [B,H]
                          -> logits [B,V], probs [B,V], next_state [B,H]
  <name>/prefix.onnx      z [B,Dz], tokens int64 [B,L] -> logits/probs [B,L,V]
  <name>/z.npy            float32 [N,Dz] posterior means of all kept fortunes
  <name>/labels.npy       int64 [N] category index
  <name>/split.npy        int64 [N] 0 train, 1 validation
  <name>/categories.json  category names, index = label
  <name>/reference.json   16 latent points with greedy decodes (see below)
  <name>/info.json        training facts and example decodes

and fortunes-32d/compress/{decoder.onnx, z.npy, labels.npy, split.npy,
categories.json, reference.json, info.json}.

Greedy decoding (reference.json): start from <bos>, take the argmax at every
step, stop after emitting <eos> (included) or after max_length tokens.
"greedy_no_unk" sets the <unk> logit to -inf first. "words" is the mean over
the steps of the plain greedy decode (<unk> allowed) of softmax(logits).
Reference rows are chosen so that the top-1/top-2 logit gap is above 1e-3 at
every step of both decodes.

Run with Debian's torch (python3-torch 1.13) and onnx (python3-onnx 1.12):

  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS=2 \\
      /usr/bin/python3 examples/training/train_fortunes.py

(--only fortunes-2d / fortunes-32d / compress to redo one part; compress needs
fortunes-32d to exist). On a 2-core machine that was also compiling Java, the
full run (30 epochs each) took 40 minutes of wall time: 16.6 minutes of training
for fortunes-2d, 18.1 for fortunes-32d, under a minute for the compression VAE,
and about 2 minutes per model for export, references and examples (an epoch
takes about 20 s on an otherwise idle machine). Every part is seeded (--seed, plus a fixed offset per model);
results repeat exactly on the same machine and up to BLAS rounding elsewhere.
"""

import argparse
import json
import math
import os
import re
import sys
import time
from collections import Counter

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

CATEGORIES = ["people", "definitions", "computers", "politics",
              "zippy", "science", "art", "startrek"]
SPECIALS = ["<pad>", "<bos>", "<eos>", "<unk>"]
PAD, BOS, EOS, UNK = 0, 1, 2, 3
MIN_TOKENS, MAX_TOKENS = 4, 30
VOCAB_WORDS = 3000
MAX_LENGTH = 20          # decoding length limit written to the manifest
EMB, HIDDEN = 256, 256
OPSET = 13
FORMAT = "latent-cartography-text-decoder/1"

TOKEN_RE = re.compile(r"[^\W_]+(?:'[^\W_]+)*|-{2,}|\.{2,}|[^\w\s]|_")


# ----------------------------------------------------------------- data

def tokenize(text):
    return TOKEN_RE.findall(text.lower())


def read_fortunes(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    return [p for p in re.split(r"^%[ \t]*$", text, flags=re.M) if p.strip()]


def load_corpus(folder, seed, val_fraction=0.1):
    seqs, labels, seen = [], [], set()
    for label, cat in enumerate(CATEGORIES):
        for fortune in read_fortunes(os.path.join(folder, cat)):
            toks = tokenize(fortune)
            if not MIN_TOKENS <= len(toks) <= MAX_TOKENS:
                continue
            key = " ".join(toks)
            if key in seen:
                continue
            seen.add(key)
            seqs.append(toks)
            labels.append(label)
    labels = np.array(labels, dtype=np.int64)
    n = len(seqs)
    perm = np.random.RandomState(seed).permutation(n)
    split = np.zeros(n, dtype=np.int64)
    split[perm[:int(round(val_fraction * n))]] = 1
    counts = Counter(t for s, sp in zip(seqs, split) if sp == 0 for t in s)
    words = [w for w, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:VOCAB_WORDS]]
    vocab = SPECIALS + words
    index = {w: i for i, w in enumerate(vocab)}
    ids = [[index.get(t, UNK) for t in s] for s in seqs]
    return ids, labels, split, vocab


# ----------------------------------------------------------------- model

class TextVAE(nn.Module):
    def __init__(self, vocab_size, latent, emb=EMB, hidden=HIDDEN):
        super().__init__()
        self.latent = latent
        self.enc_emb = nn.Embedding(vocab_size, emb, padding_idx=PAD)
        self.encoder = nn.GRU(emb, hidden, batch_first=True, bidirectional=True)
        self.mu = nn.Linear(2 * hidden, latent)
        self.logvar = nn.Linear(2 * hidden, latent)
        self.dec_emb = nn.Embedding(vocab_size, emb, padding_idx=PAD)
        self.init = nn.Linear(latent, hidden)
        self.decoder = nn.GRU(emb + latent, hidden, batch_first=True)
        self.out = nn.Linear(hidden, vocab_size)

    def encode(self, tokens, lengths):
        packed = nn.utils.rnn.pack_padded_sequence(
            self.enc_emb(tokens), lengths.cpu(), batch_first=True, enforce_sorted=False)
        _, h = self.encoder(packed)                    # [2, B, H]
        h = torch.cat([h[0], h[1]], dim=1)
        return self.mu(h), self.logvar(h)

    def initial_state(self, z):
        return torch.tanh(self.init(z))

    def decode(self, z, inputs):
        """Logits for the next token at every position of inputs [B, L]."""
        e = self.dec_emb(inputs)
        zz = z.unsqueeze(1) + torch.zeros_like(e[:, :, :1])   # [B, L, Dz], trace-friendly
        out, _ = self.decoder(torch.cat([e, zz], dim=2), self.initial_state(z).unsqueeze(0))
        return self.out(out)


class InitNet(nn.Module):
    def __init__(self, vae):
        super().__init__()
        self.vae = vae

    def forward(self, z):
        return self.vae.initial_state(z)


class StepNet(nn.Module):
    def __init__(self, vae):
        super().__init__()
        self.vae = vae

    def forward(self, z, token, state):
        x = torch.cat([self.vae.dec_emb(token), z], dim=1).unsqueeze(1)
        out, h = self.vae.decoder(x, state.unsqueeze(0))
        logits = self.vae.out(h[0])
        return logits, torch.softmax(logits, dim=-1), h[0]


class PrefixNet(nn.Module):
    def __init__(self, vae):
        super().__init__()
        self.vae = vae

    def forward(self, z, tokens):
        logits = self.vae.decode(z, tokens)
        return logits, torch.softmax(logits, dim=-1)


def make_batch(ids, rows, word_dropout, gen):
    seqs = [ids[r] for r in rows]
    lengths = torch.tensor([len(s) + 1 for s in seqs])          # tokens + eos
    L = int(lengths.max())
    enc = torch.full((len(seqs), L), PAD, dtype=torch.long)
    inp = torch.full((len(seqs), L), PAD, dtype=torch.long)
    tgt = torch.full((len(seqs), L), PAD, dtype=torch.long)
    for i, s in enumerate(seqs):
        n = len(s)
        enc[i, :n + 1] = torch.tensor(s + [EOS])
        inp[i, :n + 1] = torch.tensor([BOS] + s)
        tgt[i, :n + 1] = torch.tensor(s + [EOS])
    if word_dropout > 0:
        drop = (torch.rand(inp.shape, generator=gen) < word_dropout) & (tgt != PAD)
        drop[:, 0] = False
        inp = inp.masked_fill(drop, UNK)
    return enc, lengths, inp, tgt


def batches(rows, lengths, batch, rng):
    """Random batches of similar length (shuffle, sort within chunks of 20 batches)."""
    rows = rows[rng.permutation(len(rows))]
    out = []
    chunk = batch * 20
    for i in range(0, len(rows), chunk):
        c = rows[i:i + chunk]
        c = c[np.argsort(lengths[c], kind="stable")]
        out += [c[j:j + batch] for j in range(0, len(c), batch)]
    return [out[k] for k in rng.permutation(len(out))]


def kl_per_dim(mu, logvar):
    return 0.5 * (mu.pow(2) + logvar.exp() - 1.0 - logvar)


def evaluate(vae, ids, rows, batch=256, seed=0):
    """Validation: ELBO perplexity bound (one sample, fixed seed), reconstruction
    perplexity at the posterior mean, KL per dimension."""
    vae.eval()
    gen = torch.Generator().manual_seed(seed)
    nll_s = nll_m = kl = 0.0
    kl_dims = torch.zeros(vae.latent, dtype=torch.float64)
    tokens = 0
    with torch.no_grad():
        for i in range(0, len(rows), batch):
            enc, lengths, inp, tgt = make_batch(ids, rows[i:i + batch], 0.0, None)
            mu, logvar = vae.encode(enc, lengths)
            z = mu + torch.randn(mu.shape, generator=gen) * (0.5 * logvar).exp()
            for zz, acc in ((z, "s"), (mu, "m")):
                nll = F.cross_entropy(vae.decode(zz, inp).transpose(1, 2), tgt,
                                      ignore_index=PAD, reduction="sum").item()
                if acc == "s":
                    nll_s += nll
                else:
                    nll_m += nll
            k = kl_per_dim(mu, logvar).double()
            kl += k.sum().item()
            kl_dims += k.sum(0)
            tokens += int(lengths.sum())
    n = len(rows)
    return {"ppl_elbo": math.exp((nll_s + kl) / tokens),
            "ppl_recon_mean": math.exp(nll_m / tokens),
            "nll_per_sentence": nll_s / n, "kl_per_sentence": kl / n,
            "kl_per_dim": (kl_dims / n).tolist()}


def train_text_vae(ids, split, vocab_size, latent, epochs, seed, log, batch=64, lr=1e-3,
                   word_dropout=0.4, anneal_epochs=8, free_bits=2.0):
    torch.manual_seed(seed)
    rng = np.random.RandomState(seed)
    gen = torch.Generator().manual_seed(seed + 1)
    vae = TextVAE(vocab_size, latent)
    opt = torch.optim.Adam(vae.parameters(), lr=lr)
    lengths = np.array([len(s) for s in ids])
    train_rows = np.nonzero(split == 0)[0]
    val_rows = np.nonzero(split == 1)[0]
    steps_per_epoch = len(batches(train_rows, lengths, batch, np.random.RandomState(0)))
    best, best_state, history = None, None, []
    step = 0
    t0 = time.time()
    for epoch in range(1, epochs + 1):
        vae.train()
        tot_rec = tot_kl = 0.0
        for rows in batches(train_rows, lengths, batch, rng):
            beta = min(1.0, step / (anneal_epochs * steps_per_epoch))
            enc, lens, inp, tgt = make_batch(ids, rows, word_dropout, gen)
            mu, logvar = vae.encode(enc, lens)
            z = mu + torch.randn_like(mu) * (0.5 * logvar).exp()
            rec = F.cross_entropy(vae.decode(z, inp).transpose(1, 2), tgt,
                                  ignore_index=PAD, reduction="sum") / len(rows)
            kld = kl_per_dim(mu, logvar).mean(0)
            loss = rec + beta * torch.clamp(kld, min=free_bits).sum()
            opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(vae.parameters(), 5.0)
            opt.step()
            step += 1
            tot_rec += rec.item() * len(rows)
            tot_kl += kld.sum().item() * len(rows)
        ev = evaluate(vae, ids, val_rows, seed=seed + 2)
        rec_e = tot_rec / len(train_rows)
        kl_e = tot_kl / len(train_rows)
        history.append({"epoch": epoch, "train_rec": round(rec_e, 3), "train_kl": round(kl_e, 3),
                        "val_ppl_elbo": round(ev["ppl_elbo"], 3),
                        "val_ppl_recon_mean": round(ev["ppl_recon_mean"], 3)})
        log(f"  epoch {epoch:2d}  beta {beta:.2f}  train rec {rec_e:7.2f} kl {kl_e:6.2f}  "
            f"val ppl {ev['ppl_elbo']:7.2f} (at mean {ev['ppl_recon_mean']:6.2f}) "
            f"kl {ev['kl_per_sentence']:6.2f}  {time.time() - t0:6.0f}s")
        if best is None or ev["ppl_elbo"] < best[1]["ppl_elbo"]:
            best = (epoch, ev)
            best_state = {k: v.detach().clone() for k, v in vae.state_dict().items()}
    vae.load_state_dict(best_state)
    vae.eval()
    return vae, best[0], best[1], history, time.time() - t0


def posterior_means(vae, ids, batch=256):
    vae.eval()
    out = []
    with torch.no_grad():
        for i in range(0, len(ids), batch):
            enc, lengths, _, _ = make_batch(ids, list(range(i, min(i + batch, len(ids)))), 0.0, None)
            out.append(vae.encode(enc, lengths)[0])
    return torch.cat(out).numpy().astype(np.float32)


# ----------------------------------------------------------------- evaluation

def knn_accuracy(z, labels, split, k=5):
    """k-NN accuracy of validation codes against training codes (Euclidean).
    A vote tie goes to the tied class with the nearest neighbour."""
    tr, va = split == 0, split == 1
    ztr, ltr = z[tr].astype(np.float64), labels[tr]
    correct = 0
    for q, lab in zip(z[va].astype(np.float64), labels[va]):
        d = ((ztr - q) ** 2).sum(1)
        nn_idx = np.argsort(d, kind="stable")[:k]
        votes = Counter(ltr[nn_idx].tolist())
        top = max(votes.values())
        pred = next(int(ltr[j]) for j in nn_idx if votes[int(ltr[j])] == top)
        correct += pred == lab
    return correct / int(va.sum())


def majority_rate(labels, split):
    majority = Counter(labels[split == 0].tolist()).most_common(1)[0][0]
    return float(np.mean(labels[split == 1] == majority))


# ----------------------------------------------------------------- decoding

def greedy_decode(init, step, z, vocab_size, max_length, block_unk=False):
    """Greedy decodes with the exported init/step modules (PyTorch, float32).
    Returns (ids per row, min top1-top2 logit gap per row, mean word distribution
    per row as float64 [B, V])."""
    z = torch.as_tensor(z, dtype=torch.float32)
    B = z.shape[0]
    with torch.no_grad():
        state = init(z)
        token = torch.full((B,), BOS, dtype=torch.long)
        done = torch.zeros(B, dtype=torch.bool)
        seqs = [[] for _ in range(B)]
        margin = np.full(B, np.inf)
        words = np.zeros((B, vocab_size))
        for _ in range(max_length):
            logits, _, state = step(z, token, state)
            if block_unk:
                logits = logits.clone()
                logits[:, UNK] = -float("inf")
            top2 = torch.topk(logits, 2, dim=1).values
            gap = (top2[:, 0] - top2[:, 1]).numpy()
            nxt = torch.argmax(logits, dim=1)
            p = torch.softmax(logits.double(), dim=1).numpy()
            for i in range(B):
                if done[i]:
                    continue
                seqs[i].append(int(nxt[i]))
                margin[i] = min(margin[i], float(gap[i]))
                words[i] += p[i]
            done |= nxt == EOS
            token = nxt
            if bool(done.all()):
                break
    lengths = np.array([len(s) for s in seqs], dtype=np.float64)
    words /= lengths[:, None]
    words /= words.sum(1, keepdims=True)
    return seqs, margin, words


def ids_to_text(vocab, seq):
    return " ".join(vocab[t] for t in seq if t != EOS)


def choose_reference_rows(seqs, margin, margin_nu, max_length, rng, n=16,
                          min_eos=4, threshold=1e-3):
    ok = np.nonzero((margin > threshold) & (margin_nu > threshold))[0]
    ends = [i for i in ok if seqs[i][-1] == EOS and len(seqs[i]) < max_length]
    full = [i for i in ok if not (seqs[i][-1] == EOS and len(seqs[i]) < max_length)]
    ends = list(np.array(ends)[rng.permutation(len(ends))]) if ends else []
    full = list(np.array(full)[rng.permutation(len(full))]) if full else []
    take = ends[:min_eos] + full[:1]
    rest = [i for i in ok[rng.permutation(len(ok))] if i not in take]
    take += rest[:n - len(take)]
    if len(take) < n:
        raise RuntimeError(f"only {len(take)} reference rows with a margin above {threshold}")
    return sorted(int(i) for i in take)


def reference_json(init, step, z_all, vocab_size, max_length, rng):
    seqs, margin, words = greedy_decode(init, step, z_all, vocab_size, max_length)
    seqs_nu, margin_nu, _ = greedy_decode(init, step, z_all, vocab_size, max_length, True)
    rows = choose_reference_rows(seqs, margin, margin_nu, max_length, rng)
    return {"z": [[float(v) for v in np.asarray(z_all[r], dtype=np.float32)] for r in rows],
            "greedy": [seqs[r] for r in rows],
            "greedy_no_unk": [seqs_nu[r] for r in rows],
            "min_margin": [float(margin[r]) for r in rows],
            "words": [[float(v) for v in words[r]] for r in rows]}, rows


# ----------------------------------------------------------------- export

def export_onnx(module, args, path, input_names, output_names, dynamic_axes):
    import onnx
    module.eval()
    with torch.no_grad():
        torch.onnx.export(module, args, path, opset_version=OPSET,
                          input_names=input_names, output_names=output_names,
                          dynamic_axes=dynamic_axes, do_constant_folding=True)
    model = onnx.load(path)
    onnx.checker.check_model(model)
    return model


def export_text_decoder(vae, folder, with_prefix=True, with_step=True):
    z = torch.randn(3, vae.latent)
    if with_step:
        H = vae.init.out_features
        export_onnx(InitNet(vae), (z,), os.path.join(folder, "init.onnx"), ["z"], ["state"],
                    {"z": {0: "batch"}, "state": {0: "batch"}})
        export_onnx(StepNet(vae), (z, torch.tensor([1, 5, 7]), torch.randn(3, H)),
                    os.path.join(folder, "step.onnx"), ["z", "token", "state"],
                    ["logits", "probs", "next_state"],
                    {"z": {0: "batch"}, "token": {0: "batch"}, "state": {0: "batch"},
                     "logits": {0: "batch"}, "probs": {0: "batch"}, "next_state": {0: "batch"}})
    if with_prefix:
        export_onnx(PrefixNet(vae), (z, torch.tensor([[1, 5, 7, 9]] * 3)),
                    os.path.join(folder, "prefix.onnx"), ["z", "tokens"], ["logits", "probs"],
                    {"z": {0: "batch"}, "tokens": {0: "batch", 1: "length"},
                     "logits": {0: "batch", 1: "length"}, "probs": {0: "batch", 1: "length"}})


def check_prefix_matches_step(vae, z, vocab_size, max_length):
    """The prefix network over a greedy prefix gives the init+step logits."""
    init, step, prefix = InitNet(vae).eval(), StepNet(vae).eval(), PrefixNet(vae).eval()
    seqs, _, _ = greedy_decode(init, step, z, vocab_size, max_length)
    worst = 0.0
    with torch.no_grad():
        for i, seq in enumerate(seqs):
            zi = torch.as_tensor(z[i:i + 1])
            toks = torch.tensor([[BOS] + seq[:-1]])
            pl, _ = prefix(zi, toks)
            state = init(zi)
            for t in range(toks.shape[1]):
                sl, _, state = step(zi, toks[:, t], state)
                worst = max(worst, float((sl[0] - pl[0, t]).abs().max()))
    return worst


def write_manifest(folder, latent, max_length, kind="step", step=True, prefix=True):
    m = {"format": FORMAT, "kind": kind, "latent_dimension": latent, "max_length": max_length,
         "vocabulary": "vocab.txt", "special": {"pad": PAD, "bos": BOS, "eos": EOS, "unk": UNK}}
    if step:
        m["init"] = {"model": "init.onnx", "latent": "z", "state": ["state"]}
        m["step"] = {"model": "step.onnx", "latent": "z", "token": "token", "state_in": ["state"],
                     "logits": "logits", "probabilities": "probs", "state_out": ["next_state"]}
    if prefix:
        m["prefix"] = {"model": "prefix.onnx", "latent": "z", "tokens": "tokens",
                       "logits": "logits", "probabilities": "probs"}
    write_json(os.path.join(folder, "manifest.json"), m)


def write_json(path, obj):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(obj, f, indent=1, ensure_ascii=False)
        f.write("\n")


def write_reference(path, ref):
    """reference.json: one JSON row per line (full float precision)."""
    parts = []
    for key, rows in ref.items():
        body = ",\n  ".join(json.dumps(r, separators=(",", ":")) for r in rows)
        parts.append(f' "{key}": [\n  {body}\n ]')
    with open(path, "w", encoding="utf-8") as f:
        f.write("{\n" + ",\n".join(parts) + "\n}\n")


def write_vocab(path, vocab):
    with open(path, "w", encoding="utf-8") as f:
        for w in vocab:
            f.write(w + "\n")


# ----------------------------------------------------------------- compression VAE

class CompressVAE(nn.Module):
    """32 -> 2 -> 32 Gaussian VAE (tanh MLPs 32-256-256-2 and 2-256-256-32) on
    standardised inputs; the decoder undoes the standardisation, and the
    likelihood has one learned variance per (standardised) dimension."""

    def __init__(self, mean, std, din=32, latent=2, hidden=256):
        super().__init__()
        self.register_buffer("mean", torch.as_tensor(mean, dtype=torch.float32))
        self.register_buffer("std", torch.as_tensor(std, dtype=torch.float32))
        self.enc = nn.Sequential(nn.Linear(din, hidden), nn.Tanh(), nn.Linear(hidden, hidden), nn.Tanh())
        self.mu = nn.Linear(hidden, latent)
        self.logvar = nn.Linear(hidden, latent)
        self.dec = nn.Sequential(nn.Linear(latent, hidden), nn.Tanh(), nn.Linear(hidden, hidden), nn.Tanh(),
                                 nn.Linear(hidden, din))
        self.log_sigma = nn.Parameter(torch.zeros(din))

    def encode(self, x):
        h = self.enc((x - self.mean) / self.std)
        return self.mu(h), self.logvar(h)

    def decode_std(self, z):
        return self.dec(z)

    def forward(self, z):                      # exported: z [B,2] -> z32 [B,32]
        return self.mean + self.std * self.dec(z)


def train_compress(x, seed, epochs, log, batch=128, lr=1e-3):
    torch.manual_seed(seed)
    rng = np.random.RandomState(seed)
    x = torch.as_tensor(x)
    model = CompressVAE(x.mean(0), x.std(0))
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    xs = (x - model.mean) / model.std
    t0 = time.time()
    for epoch in range(1, epochs + 1):
        tot = tot_kl = 0.0
        perm = torch.as_tensor(rng.permutation(len(x)))
        for i0 in range(0, len(x), batch):
            b = perm[i0:i0 + batch]
            mu, logvar = model.encode(x[b])
            z = mu + torch.randn_like(mu) * (0.5 * logvar).exp()
            r = model.decode_std(z)
            nll = (0.5 * ((xs[b] - r) / model.log_sigma.exp()).pow(2) + model.log_sigma
                   + 0.5 * math.log(2 * math.pi)).sum(1).mean()
            kl = kl_per_dim(mu, logvar).sum(1).mean()
            loss = nll + kl
            opt.zero_grad()
            loss.backward()
            opt.step()
            tot += loss.item() * len(b)
            tot_kl += kl.item() * len(b)
        if epoch % 50 == 0 or epoch == epochs:
            log(f"  compress epoch {epoch:4d}  -elbo {tot / len(x):8.3f}  kl {tot_kl / len(x):6.3f}  "
                f"{time.time() - t0:5.0f}s")
    model.eval()
    return model, tot / len(x), tot_kl / len(x), time.time() - t0


# ----------------------------------------------------------------- main parts

def run_text_model(name, latent, seed, args, ids, labels, split, vocab, log):
    folder = os.path.join(args.out, name)
    os.makedirs(folder, exist_ok=True)
    log(f"== {name}: latent {latent}, {len(ids)} fortunes ({int((split == 1).sum())} validation), "
        f"vocabulary {len(vocab)}")
    vae, best_epoch, ev, history, seconds = train_text_vae(ids, split, len(vocab), latent, args.epochs, seed, log)
    z = posterior_means(vae, ids)
    knn = knn_accuracy(z, labels, split)
    maj = majority_rate(labels, split)
    log(f"  best epoch {best_epoch}: val ppl {ev['ppl_elbo']:.2f}, 5-NN {knn:.3f} vs majority {maj:.3f}")

    write_vocab(os.path.join(folder, "vocab.txt"), vocab)
    np.save(os.path.join(folder, "z.npy"), z)
    np.save(os.path.join(folder, "labels.npy"), labels)
    np.save(os.path.join(folder, "split.npy"), split)
    write_json(os.path.join(folder, "categories.json"), CATEGORIES)
    export_text_decoder(vae, folder)
    write_manifest(folder, latent, MAX_LENGTH)
    torch.save(vae.state_dict(), os.path.join(args.work, f"{name}.pt"))

    init, step = InitNet(vae).eval(), StepNet(vae).eval()
    rng = np.random.RandomState(seed + 3)
    ref, rows = reference_json(init, step, z, len(vocab), MAX_LENGTH, rng)
    write_reference(os.path.join(folder, "reference.json"), ref)
    worst = check_prefix_matches_step(vae, z[rows], len(vocab), MAX_LENGTH)
    log(f"  prefix vs init+step max |logit difference| on the reference decodes: {worst:.2e}")

    ex_rows = np.random.RandomState(seed + 4).choice(len(ids), 10, replace=False)
    ex_seqs, _, _ = greedy_decode(init, step, z[ex_rows], len(vocab), MAX_LENGTH, block_unk=True)
    examples = [{"category": CATEGORIES[labels[r]], "split": "validation" if split[r] else "train",
                 "original": " ".join(vocab[t] for t in ids[r]),
                 "greedy_no_unk": ids_to_text(vocab, s)} for r, s in zip(ex_rows, ex_seqs)]
    for e in examples:
        log(f"  [{e['category']}] {e['original']}\n      -> {e['greedy_no_unk']}")
    lengths = np.array([len(s) for s in ids])
    info = {"model": name, "latent_dimension": latent, "vocabulary_size": len(vocab),
            "embedding": EMB, "hidden_size": HIDDEN,
            "architecture": "bidirectional GRU encoder; GRU decoder, h0 = tanh(W z + b), "
                            "input [embedding, z] at every step; linear output layer",
            "training": {"optimizer": "Adam lr 0.001, batch 64, grad norm clip 5",
                         "word_dropout": 0.4, "kl_anneal_epochs": 8, "free_bits_per_dim": 2.0,
                         "epochs": args.epochs, "best_epoch": best_epoch,
                         "selection": "lowest validation perplexity (ELBO bound)"},
            "validation_perplexity": round(ev["ppl_elbo"], 3),
            "validation_perplexity_note": "exp((NLL + KL) / tokens) per token incl. eos, one posterior sample",
            "validation_reconstruction_perplexity_at_mean": round(ev["ppl_recon_mean"], 3),
            "validation_kl_per_sentence": round(ev["kl_per_sentence"], 3),
            "validation_kl_per_dim": [round(v, 3) for v in ev["kl_per_dim"]],
            "knn5_accuracy": round(knn, 4), "majority_rate": round(maj, 4),
            "knn_note": "validation codes classified by their 5 nearest training codes",
            "n_fortunes": len(ids), "n_train": int((split == 0).sum()),
            "n_validation": int((split == 1).sum()),
            "per_category": {c: int((labels == i).sum()) for i, c in enumerate(CATEGORIES)},
            "tokens_per_fortune": [int(lengths.min()), int(lengths.max()), round(float(lengths.mean()), 2)],
            "unk_rate": round(float(np.mean([t == UNK for s in ids for t in s])), 4),
            "latent_min": [float(v) for v in z.min(0)], "latent_max": [float(v) for v in z.max(0)],
            "reference_rows": rows,
            "max_length": MAX_LENGTH, "seed": seed, "train_seconds": round(seconds, 1),
            "history": history, "examples": examples,
            "data": "Debian package fortunes, /usr/share/games/fortunes/<category>",
            "trained_with": f"torch {torch.__version__}"}
    write_json(os.path.join(folder, "info.json"), info)
    return vae, z


def run_compress(seed, args, labels, split, log):
    src = os.path.join(args.out, "fortunes-32d")
    folder = os.path.join(src, "compress")
    os.makedirs(folder, exist_ok=True)
    z32 = np.load(os.path.join(src, "z.npy"))
    vocab = [l.rstrip("\n") for l in open(os.path.join(src, "vocab.txt"), encoding="utf-8")]
    vae = TextVAE(len(vocab), 32)
    vae.load_state_dict(torch.load(os.path.join(args.work, "fortunes-32d.pt")))
    vae.eval()
    log("== fortunes-32d/compress")
    model, loss, kl, seconds = train_compress(z32, seed, args.compress_epochs, log)
    with torch.no_grad():
        z2 = model.encode(torch.as_tensor(z32))[0].numpy().astype(np.float32)
    knn = knn_accuracy(z2, labels, split)
    maj = majority_rate(labels, split)
    log(f"  compressed 2-D codes: 5-NN {knn:.3f} vs majority {maj:.3f}")
    np.save(os.path.join(folder, "z.npy"), z2)
    np.save(os.path.join(folder, "labels.npy"), labels)
    np.save(os.path.join(folder, "split.npy"), split)
    write_json(os.path.join(folder, "categories.json"), CATEGORIES)
    export_onnx(model, (torch.randn(3, 2),), os.path.join(folder, "decoder.onnx"), ["z"], ["z32"],
                {"z": {0: "batch"}, "z32": {0: "batch"}})

    init, step = InitNet(vae).eval(), StepNet(vae).eval()
    with torch.no_grad():
        rec = model(torch.as_tensor(z2)).numpy().astype(np.float32)
    seqs, margin, _ = greedy_decode(init, step, rec, len(vocab), MAX_LENGTH)
    seqs_nu, margin_nu, _ = greedy_decode(init, step, rec, len(vocab), MAX_LENGTH, True)
    rows = choose_reference_rows(seqs, margin, margin_nu, MAX_LENGTH, np.random.RandomState(seed + 3))
    ref = {"z": [[float(v) for v in z2[r]] for r in rows],
           "z32": [[float(v) for v in rec[r]] for r in rows],
           "greedy": [seqs[r] for r in rows],
           "min_margin": [float(margin[r]) for r in rows]}
    write_reference(os.path.join(folder, "reference.json"), ref)
    rel = float(np.linalg.norm(rec - z32) / np.linalg.norm(z32 - z32.mean(0)))

    ex_rows = np.random.RandomState(seed + 4).choice(len(z2), 10, replace=False)
    examples = []
    for r in ex_rows:
        examples.append({"category": CATEGORIES[labels[r]], "split": "validation" if split[r] else "train",
                         "greedy_no_unk_from_z32": ids_to_text(vocab, seqs_nu[r])})
        log(f"  [{CATEGORIES[labels[r]]}] -> {ids_to_text(vocab, seqs_nu[r])}")
    info = {"model": "fortunes-32d/compress",
            "architecture": "Gaussian VAE, encoder 32-256-256-2 (mean, logvar), decoder 2-256-256-32, "
                            "tanh; inputs standardised per dimension inside the model; "
                            "one learned likelihood variance per dimension",
            "decoder_onnx": "z [B,2] -> z32 [B,32], the mean of the Gaussian decoder in the 32-D latent space",
            "trained_on": "posterior means of all fortunes under fortunes-32d (z.npy of the parent folder)",
            "optimizer": "Adam lr 0.001, batch 128", "epochs": args.compress_epochs,
            "final_negative_elbo": round(loss, 4), "final_kl": round(kl, 4),
            "relative_reconstruction_error": round(rel, 4),
            "knn5_accuracy": round(knn, 4), "majority_rate": round(maj, 4),
            "latent_min": [float(v) for v in z2.min(0)], "latent_max": [float(v) for v in z2.max(0)],
            "reference_rows": rows, "seed": seed, "train_seconds": round(seconds, 1),
            "examples": examples, "trained_with": f"torch {torch.__version__}"}
    write_json(os.path.join(folder, "info.json"), info)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(os.path.dirname(here))
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--corpus", default="/usr/share/games/fortunes")
    p.add_argument("--out", default=os.path.join(root, "models", "text"))
    p.add_argument("--work", default="/tmp/fortunes-work", help="checkpoints (not shipped)")
    p.add_argument("--seed", type=int, default=20180701)
    p.add_argument("--epochs", type=int, default=30)
    p.add_argument("--compress-epochs", type=int, default=300)
    p.add_argument("--only", choices=["fortunes-2d", "fortunes-32d", "compress"])
    args = p.parse_args()
    torch.set_num_threads(1)
    os.makedirs(args.work, exist_ok=True)
    os.makedirs(args.out, exist_ok=True)

    def log(msg):
        print(msg, flush=True)

    ids, labels, split, vocab = load_corpus(args.corpus, args.seed)
    if args.only in (None, "fortunes-2d"):
        run_text_model("fortunes-2d", 2, args.seed, args, ids, labels, split, vocab, log)
    if args.only in (None, "fortunes-32d"):
        run_text_model("fortunes-32d", 32, args.seed + 1, args, ids, labels, split, vocab, log)
    if args.only in (None, "fortunes-32d", "compress"):
        run_compress(args.seed + 2, args, labels, split, log)


if __name__ == "__main__":
    main()
