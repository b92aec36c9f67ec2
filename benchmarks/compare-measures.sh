#!/usr/bin/env bash
# Checks that this checkout's Riemannian measures are the same, byte for byte, as another built
# checkout's (BASE, e.g. a worktree of main): for each shipped 2-D MNIST decoder, measure.npy at a
# small and a large grid, measure.npy and metric.npy with the metric, the measure of the first hidden
# layer (output=h1), and the refusal of a grid finer than float32 resolves (same message).
# Run from anywhere after mvn -q -DskipTests package in both checkouts.
# Settings: BASE (required), MODELS (default: the five 2-D decoders), SIZES (default: 37 800).
set -u
cd "$(dirname "$0")/.."
W=$PWD
B=${BASE:?BASE=another built checkout}
O=${TMPDIR:-/tmp}/cartography-compare
mkdir -p "$O"
status=0
run() { # tag, measure arguments...
  local tag=$1
  shift
  (cd "$W" && nice -n 10 ./cartography measure "$@" --quiet --force --out "$O/w-$tag" >/dev/null 2>"$O/w-$tag.err")
  local a=$?
  (cd "$B" && nice -n 10 ./cartography measure "$@" --quiet --force --out "$O/b-$tag" >/dev/null 2>"$O/b-$tag.err")
  local b=$?
  local r="exit $a/$b"
  [ "$a" = "$b" ] || status=1
  cmp -s "$O/w-$tag.err" "$O/b-$tag.err" || { r="$r, messages differ"; status=1; }
  for f in measure.npy metric.npy; do
    if [ -f "$O/b-$tag/$f" ]; then
      if cmp -s "$O/w-$tag/$f" "$O/b-$tag/$f"; then r="$r, $f identical"; else r="$r, $f DIFFERS"; status=1; fi
    fi
  done
  echo "$tag: $r"
}
for m in ${MODELS:-ae-relu vae-relu vae-softplus vae-softplus-dup vae-tanh}; do
  M=$W/models/mnist/$m
  for N in ${SIZES:-37 800}; do
    run "$m-$N" --generator "onnx:$M/decoder.onnx" --measure riemannian --embeddings "$M/z.npy" --grid "$N"
  done
  run "$m-metric" --generator "onnx:$M/decoder.onnx" --measure riemannian --embeddings "$M/z.npy" --grid 23 --metric
  run "$m-h1" --generator "onnx:$M/decoder.onnx,output=h1" --measure riemannian --embeddings "$M/z.npy" --grid 41
done
M=$W/models/mnist/vae-tanh
run unresolved --generator "onnx:$M/decoder.onnx" --measure riemannian --bounds 0,0.000001,0,0.000001 --grid 40
exit $status
