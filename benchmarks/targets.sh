#!/usr/bin/env bash
# Runs every comparison behind the fast-CPU-backend targets, one after the other, and prints only
# the summary lines (OURS / PEER / RATIO / RESULT). Full logs go to $LOG (default /tmp/colorize-targets.log).
# Check that the machine is quiet first (cat /proc/loadavg; see README.md). Takes about 10 minutes.
#
#   benchmarks/targets.sh            # everything
#   benchmarks/targets.sh forward    # only the U-Net forward lines
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
LOG="${LOG:-/tmp/colorize-targets.log}"
what="${1:-all}"
: > "$LOG"

step() {
    echo "== $(date -u +%H:%M:%S) loadavg $(cut -d' ' -f1-3 /proc/loadavg): compare.sh $*" | tee -a "$LOG"
    "$HERE/compare.sh" "$@" 2>>"$LOG" | tee -a "$LOG"
}

case "$what" in
    all|forward)
        step unet-forward 64 1 2
        step unet-forward 64 1 1
        step unet-forward 32 1 2
        step unet-forward 32 1 1 ;;&
    all|sgemm)
        step peak
        step sgemm 2048 1
        step sgemm 1024 1 ;;&
    all|train)
        step train-step 64 4 2 ;;
    forward|sgemm) ;;
    *) echo "usage: $0 [all|forward|sgemm|train]" >&2; exit 2 ;;
esac
