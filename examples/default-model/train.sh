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

# Generator-only (L1) training of a small U-Net at 128 x 128 crops of photos whose shorter side is
# first scaled to 144 px, so objects have the same scale as at the default render size of 128.
./colorize train --data "$work/data/train" --out "$work/run" --generator unet --objective none --l1 100 \
    --size 128 --load-size 144 --batch 8 --steps 9000 --decay-from 6000 --ngf 16 --no-dropout \
    --seed 20261127 --log-every 50 --sample-every 1000 --checkpoint-every 500 --keep 3 \
    $( [ -d "$work/run/checkpoints" ] && echo --resume )

model="colorize-gan/src/main/resources/dev/colorize/gan/default-model.safetensors"
./colorize export --model "$work/run/model.safetensors" --out "$model" --set "saturation=${SATURATION:-1.0}"
./colorize eval --model "$model" --data "$work/data/val" --mean-baseline --json "$here/eval-val.json"
cp "$work/run/losses.png" "$here/losses.png"
