#!/usr/bin/env bash
# Re-trains the default model embedded in colorize-gan, evaluates it on the held-out sources and
# installs it as colorize-gan/src/main/resources/dev/colorize/gan/default-model.safetensors.
#
#   examples/default-model/train.sh            # from the repository root; ../shared/data must exist
#
# Data: train-files.txt (public-domain / CC0 photos of the gcompris and krank sources) for training;
# val-files.txt (every photo of every other source) for evaluation only. Whole sources are held out.
# Environment: PHOTOS (default ../shared/data/photos/train), WORK (default runs/default-model),
# SATURATION (default 1.0, the chroma gain written into the model file; see MODEL_CARD.md).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
photos="$(cd "${PHOTOS:-../shared/data/photos/train}" && pwd)"
work="${WORK:-runs/default-model}"
here=examples/default-model

mkdir -p "$work/data/train" "$work/data/val"
while read -r f; do ln -sfn "$photos/$f" "$work/data/train/$f"; done < "$here/train-files.txt"
while read -r f; do ln -sfn "$photos/$f" "$work/data/val/$f"; done < "$here/val-files.txt"

# Generator-only (L1) training of a small U-Net (ngf 16, pix2pix dropout) on whole photos squashed to
# 128 x 128, exactly what the Colorizer feeds the network at the default render size of 128.
./colorize train --data "$work/data/train" --out "$work/run" --generator unet --objective none --l1 100 \
    --size 128 --resize squash --batch 8 --steps 4500 --decay-from 3000 --ngf 16 \
    --seed 20261127 --log-every 100 --sample-every 1500 --checkpoint-every 1500 --keep 2 \
    $( [ -d "$work/run/checkpoints" ] && echo --resume )

model="colorize-gan/src/main/resources/dev/colorize/gan/default-model.safetensors"
./colorize export --model "$work/run/model.safetensors" --out "$model" --set "saturation=${SATURATION:-1.0}"
./colorize eval --model "$model" --data "$work/data/val" --mean-baseline --json "$here/eval-val.json"
cp "$work/run/losses.png" "$here/losses.png"
