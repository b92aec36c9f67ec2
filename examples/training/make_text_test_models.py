#!/usr/bin/env python3
"""Make the tiny text-decoder test models of Latent Cartography (testdata/text).

Random weights with a fixed seed, no training, no data. Each folder follows the
file contract of the shipped text models (see train_fortunes.py and
models/text/README.md):

  tiny-step/    V = 40 (<pad> <bos> <eos> <unk> w4 .. w39), Dz = 2, GRU decoder
                with hidden size 16 and embeddings of width 8; init.onnx and
                step.onnx only (manifest kind "step"); max_length 12. The <eos>
                output bias is raised so that most greedy decodes stop before
                max_length, but not all.
  tiny-prefix/  the same vocabulary, Dz = 2, a causal convolution decoder:
                embedding (8) concatenated with z at every position, two causal
                Conv1d layers (kernel 2, dilations 1 and 2, 16 channels, tanh),
                a linear layer to the vocabulary; prefix.onnx only (manifest
                kind "prefix"); max_length 12.
  bad-state/    like tiny-step, but step.onnx's next_state is [B, 8] while its
                state input is [B, 16]: a model the Java side must reject. No
                reference.json.

tiny-step and tiny-prefix have a reference.json with 16 latent points drawn
uniformly from [-2, 2]^2 and their greedy decodes (PyTorch float32): greedy,
greedy_no_unk, min_margin and words, exactly as for the shipped models; rows
are kept only if every top-1/top-2 logit gap along both decodes exceeds 1e-3.

Run (a few seconds):

  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS=2 \\
      /usr/bin/python3 examples/training/make_text_test_models.py
"""

import argparse
import os
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from train_fortunes import (BOS, EOS, PAD, UNK, InitNet, StepNet, TextVAE, export_onnx,  # noqa: E402
                            export_text_decoder, greedy_decode, reference_json,
                            write_manifest, write_reference, write_vocab)

V, DZ, MAX_LEN = 40, 2, 12
VOCAB = ["<pad>", "<bos>", "<eos>", "<unk>"] + [f"w{i}" for i in range(4, V)]


class CausalConvDecoder(nn.Module):
    """tokens [B, L] (bos first) -> logits for the next token at every position."""

    def __init__(self, emb=8, channels=16):
        super().__init__()
        self.emb = nn.Embedding(V, emb)
        self.conv1 = nn.Conv1d(emb + DZ, channels, kernel_size=2, dilation=1)
        self.conv2 = nn.Conv1d(channels, channels, kernel_size=2, dilation=2)
        self.out = nn.Linear(channels, V)

    def forward(self, z, tokens):
        e = self.emb(tokens)
        zz = z.unsqueeze(1) + torch.zeros_like(e[:, :, :1])
        x = torch.cat([e, zz], dim=2).transpose(1, 2)             # [B, C, L]
        x = torch.tanh(self.conv1(F.pad(x, (1, 0))))              # left padding: causal
        x = torch.tanh(self.conv2(F.pad(x, (2, 0))))
        logits = self.out(x.transpose(1, 2))
        return logits, torch.softmax(logits, dim=-1)


class PrefixAsInit(nn.Module):
    """Lets greedy_decode drive a prefix model: the 'state' is the token history
    (empty at first; greedy_decode feeds bos as the first token)."""

    def forward(self, z):
        return torch.zeros((z.shape[0], 0), dtype=torch.long)


class PrefixAsStep(nn.Module):
    def __init__(self, prefix):
        super().__init__()
        self.prefix = prefix

    def forward(self, z, token, history):
        tokens = torch.cat([history, token.unsqueeze(1)], dim=1)
        logits, probs = self.prefix(z, tokens)
        return logits[:, -1], probs[:, -1], tokens


class BadStep(nn.Module):
    """A step model whose next_state is narrower than its state input."""

    def __init__(self, vae):
        super().__init__()
        self.step = StepNet(vae)

    def forward(self, z, token, state):
        logits, probs, h = self.step(z, token, state)
        return logits, probs, h[:, :8]


def tiny_gru(seed, eos_bias, unk_bias):
    torch.manual_seed(seed)
    vae = TextVAE(V, DZ, emb=8, hidden=16)
    with torch.no_grad():
        vae.dec_emb.weight.mul_(1.5)
        vae.init.weight.mul_(2.0)
        vae.decoder.weight_ih_l0.mul_(3.0)
        vae.decoder.weight_hh_l0.mul_(2.0)
        vae.out.weight.mul_(8.0)
        vae.out.bias[EOS] += eos_bias
        vae.out.bias[UNK] += unk_bias           # so that blocking <unk> matters
        vae.out.bias[[PAD, BOS]] -= 20.0        # never emit <pad> or <bos>
    return vae.eval()


def candidates(seed, n=400):
    return np.random.RandomState(seed).uniform(-2.0, 2.0, size=(n, DZ)).astype(np.float32)


def describe(name, ref):
    ended = sum(1 for g in ref["greedy"] if g[-1] == EOS and len(g) < MAX_LEN)
    print(f"{name}: {ended}/16 greedy decodes end with eos before max_length; "
          f"lengths {[len(g) for g in ref['greedy']]}; smallest margin {min(ref['min_margin']):.4f}")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--out", default=os.path.join(os.path.dirname(os.path.dirname(here)), "testdata", "text"))
    p.add_argument("--seed", type=int, default=4242)
    args = p.parse_args()
    torch.set_num_threads(1)

    # tiny-step
    folder = os.path.join(args.out, "tiny-step")
    os.makedirs(folder, exist_ok=True)
    vae = tiny_gru(args.seed, eos_bias=3.5, unk_bias=4.0)
    export_text_decoder(vae, folder, with_prefix=False)
    write_manifest(folder, DZ, MAX_LEN, kind="step", step=True, prefix=False)
    write_vocab(os.path.join(folder, "vocab.txt"), VOCAB)
    z = candidates(args.seed + 1)
    all_seqs, _, _ = greedy_decode(InitNet(vae), StepNet(vae), z, V, MAX_LEN)
    share = np.mean([s[-1] == EOS and len(s) < MAX_LEN for s in all_seqs])
    print(f"tiny-step: {share:.2f} of 400 random points end with eos before max_length")
    ref, _ = reference_json(InitNet(vae).eval(), StepNet(vae).eval(), z, V, MAX_LEN,
                            np.random.RandomState(args.seed + 2))
    write_reference(os.path.join(folder, "reference.json"), ref)
    describe("tiny-step", ref)

    # bad-state
    folder = os.path.join(args.out, "bad-state")
    os.makedirs(folder, exist_ok=True)
    bad = tiny_gru(args.seed + 10, eos_bias=3.5, unk_bias=4.0)
    export_onnx(InitNet(bad), (torch.randn(3, DZ),), os.path.join(folder, "init.onnx"), ["z"], ["state"],
                {"z": {0: "batch"}, "state": {0: "batch"}})
    export_onnx(BadStep(bad), (torch.randn(3, DZ), torch.tensor([1, 5, 7]), torch.randn(3, 16)),
                os.path.join(folder, "step.onnx"), ["z", "token", "state"], ["logits", "probs", "next_state"],
                {"z": {0: "batch"}, "token": {0: "batch"}, "state": {0: "batch"},
                 "logits": {0: "batch"}, "probs": {0: "batch"}, "next_state": {0: "batch"}})
    write_manifest(folder, DZ, MAX_LEN, kind="step", step=True, prefix=False)
    write_vocab(os.path.join(folder, "vocab.txt"), VOCAB)

    # tiny-prefix
    folder = os.path.join(args.out, "tiny-prefix")
    os.makedirs(folder, exist_ok=True)
    torch.manual_seed(args.seed + 20)
    conv = CausalConvDecoder()
    with torch.no_grad():
        conv.emb.weight.mul_(1.5)
        conv.conv1.weight.mul_(2.0)
        conv.conv1.weight[:, -DZ:].mul_(4.0)   # let z matter more
        conv.conv2.weight.mul_(2.0)
        conv.out.weight.mul_(8.0)
        conv.out.bias[EOS] += 1.5
        conv.out.bias[[PAD, BOS]] -= 20.0
    conv.eval()
    export_onnx(conv, (torch.randn(3, DZ), torch.tensor([[1, 5, 7, 9]] * 3)),
                os.path.join(folder, "prefix.onnx"), ["z", "tokens"], ["logits", "probs"],
                {"z": {0: "batch"}, "tokens": {0: "batch", 1: "length"},
                 "logits": {0: "batch", 1: "length"}, "probs": {0: "batch", 1: "length"}})
    write_manifest(folder, DZ, MAX_LEN, kind="prefix", step=False, prefix=True)
    write_vocab(os.path.join(folder, "vocab.txt"), VOCAB)
    z = candidates(args.seed + 21)
    all_seqs, _, _ = greedy_decode(PrefixAsInit(), PrefixAsStep(conv), z, V, MAX_LEN)
    share = np.mean([s[-1] == EOS and len(s) < MAX_LEN for s in all_seqs])
    print(f"tiny-prefix: {share:.2f} of 400 random points end with eos before max_length")
    ref, _ = reference_json(PrefixAsInit(), PrefixAsStep(conv), z, V, MAX_LEN,
                            np.random.RandomState(args.seed + 22))
    write_reference(os.path.join(folder, "reference.json"), ref)
    describe("tiny-prefix", ref)


if __name__ == "__main__":
    main()
