#!/usr/bin/env bash
# Re-trains the default model embedded in colorize-gan, evaluates it on the held-out sources and
# installs it as colorize-gan/src/main/resources/dev/colorize/gan/default-model.safetensors.
#
#   examples/default-model/train.sh            # from the repository root; ../shared/data must exist
#
# Data: train-files.txt (public-domain / CC0 photos of the gcompris and krank sources) for training;
# val-files.txt (every photo of every other source) for evaluation only, split by whole sources into
# val-tune-files.txt (where the saturation was chosen) and val-test-files.txt. Whole sources are held out.
# Environment: PHOTOS (default ../shared/data/photos/train), WORK (default runs/default-model),
# SATURATION (default 1.0, the chroma gain written into the model file, chosen on the val-tune-files.txt
# half only by the rule in MODEL_CARD.md), FLIP_AVERAGE (default true: the Colorizer averages the
# predictions for the photo and its mirror image).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
photos="$(cd "${PHOTOS:-../shared/data/photos/train}" && pwd)"
work="${WORK:-runs/default-model}"
here=examples/default-model

for set in train val val-tune val-test; do
  mkdir -p "$work/data/$set"
  while read -r f; do ln -sfn "$photos/$f" "$work/data/$set/$f"; done < "$here/$set-files.txt"
done

# Generator-only (L1) training of a small U-Net (ngf 16, pix2pix dropout) on whole photos squashed to
# 128 x 128, exactly what the Colorizer feeds the network at the default render size of 128.
# 12,000 steps, the learning rate decayed linearly to 0 over the last 4,000 (about 30 minutes on 2 cores).
./colorize train --data "$work/data/train" --out "$work/run" --generator unet --objective none --l1 100 \
    --size 128 --resize squash --batch 8 --steps 12000 --decay-from 8000 --ngf 16 \
    --seed 20261127 --log-every 200 --sample-every 4000 --checkpoint-every 2000 --keep 2 \
    $( [ -d "$work/run/checkpoints" ] && echo --resume )

model="colorize-gan/src/main/resources/dev/colorize/gan/default-model.safetensors"
./colorize export --model "$work/run/model.safetensors" --out "$model" --set "saturation=${SATURATION:-1.0}" \
    --set "flip_average=${FLIP_AVERAGE:-true}"
./colorize eval --model "$model" --data "$work/data/val" --mean-baseline --json "$here/eval-val.json"
cp "$work/run/losses.png" "$here/losses.png"
