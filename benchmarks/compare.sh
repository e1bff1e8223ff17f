#!/usr/bin/env bash
# Runs one JMH benchmark of this module and the matching peer (../shared/peers/run.sh) back to back
# and prints both and their ratio (ours / peer; > 1 means we are faster).
#
#   benchmarks/compare.sh sgemm N T     GemmBench.sgemm n=N threads=T   vs  run.sh sgemm N --threads T
#   benchmarks/compare.sh conv T        ConvBench (16 unet_256 layers)  vs  run.sh conv-layers --ngf 64 --batch 1 --threads T
#   benchmarks/compare.sh peak          run.sh peak all (the FMA ceiling, for "% of peak")
#   benchmarks/compare.sh unet-forward NGF B T   UNetBench.forward  vs  run.sh unet-forward and ort-unet-forward
#   benchmarks/compare.sh train-step NGF B T     TrainStepBench.step vs  run.sh train-step (also peak RSS)
#
# Environment:
#   JMH_OPTS    extra JMH options, e.g. "-wi 1 -i 1 -w 1s -r 1s" for a quick sanity run
#   PEERS       peers folder (default: ../shared/peers next to the repository, else /work/shared/peers)
#   SKIP_PEER=1 run only our benchmark
#   HEAP        JVM options replacing the fork's heap and collector (the benchmark's own -Xmx and -XX:+Use*GC),
#               e.g. HEAP="-XX:+UseSerialGC -Xmx1250m -Xmn100m" for the train step's peak RSS in a bounded heap
#   JAVA        java launcher (default: java on PATH)
# Build first: mvn -pl benchmarks -am package -DskipTests   (-> benchmarks/target/benchmarks.jar)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$HERE")"
JAR="$HERE/target/benchmarks.jar"
JAVA="${JAVA:-java}"
if [ -z "${PEERS:-}" ]; then
    if [ -x "$ROOT/../shared/peers/run.sh" ]; then PEERS="$ROOT/../shared/peers"; else PEERS=/work/shared/peers; fi
fi

usage() { sed -n '2,18p' "$0" >&2; exit 2; }

[ $# -ge 1 ] || usage
[ -s "$JAR" ] || { echo "missing $JAR: run mvn -pl benchmarks -am package -DskipTests" >&2; exit 1; }
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT

# jmh REGEX PARAMS... : runs JMH, leaves CSV results in $OUT/jmh.csv
jmh() {
    local regex="$1"; shift
    # shellcheck disable=SC2086
    local fork=()
    if [ -n "${HEAP:-}" ]; then
        # -jvmArgsAppend replaces the @Fork annotation's list, so the module flag and stack size go again
        fork=(-jvmArgsAppend "--add-modules jdk.incubator.vector -Xss4m $HEAP")
    fi
    "$JAVA" --add-modules jdk.incubator.vector -jar "$JAR" "$regex" "$@" ${JMH_OPTS:-} "${fork[@]}" \
        -rf csv -rff "$OUT/jmh.csv" 2>&1 | grep -v "^WARNING: Using incubator modules" | tee "$OUT/jmh.log" >&2
}

peer() {
    if [ "${SKIP_PEER:-0}" = 1 ]; then
        return 0
    fi
    "$PEERS/run.sh" "$@" 2>&1 | tee "$OUT/peer.log" >&2
}

cmd="$1"; shift
case "$cmd" in
    sgemm)
        [ $# -eq 2 ] || usage
        n="$1"; t="$2"
        jmh 'GemmBench.sgemm$' -p n="$n" -p threads="$t"
        peer sgemm "$n" --threads "$t"
        python3 - "$OUT" "$n" "$t" <<'PY'
import csv, os, sys
out, n, t = sys.argv[1], int(sys.argv[2]), sys.argv[3]
rows = list(csv.DictReader(open(os.path.join(out, 'jmh.csv'))))
ms = float(rows[0]['Score'])
ours = 2.0 * n ** 3 / (ms * 1e-3) / 1e9
print(f'OURS sgemm-{n}-t{t} {ms:.3f} ms {ours:.1f} GFLOPS')
peer_log = os.path.join(out, 'peer.log')
if os.path.exists(peer_log):
    res = [l.split() for l in open(peer_log) if l.startswith('RESULT ')]
    if res:
        peer = float(res[-1][2])
        print(f'PEER {res[-1][1]} {peer:.1f} GFLOPS')
        print(f'RATIO sgemm-{n}-t{t} ours/peer = {ours / peer:.3f}')
PY
        ;;
    conv)
        [ $# -eq 1 ] || usage
        t="$1"
        jmh 'ConvBench.layer$' -p threads="$t"
        peer conv-layers --ngf 64 --batch 1 --threads "$t"
        python3 - "$OUT" "$t" <<'PY'
import csv, os, sys
out, t = sys.argv[1], sys.argv[2]
def flops(name):
    kind, a, b = name.split('-')
    ci, hi, wi = map(int, a.split('x'))
    co, ho, wo = map(int, b.split('x'))
    return 2.0 * (ci * hi * wi * co if kind == 'deconv' else co * ho * wo * ci) * 16
ours = {}
for r in csv.DictReader(open(os.path.join(out, 'jmh.csv'))):
    ours[r['Param: layer']] = float(r['Score'])
peer, counts = {}, {}
peer_log = os.path.join(out, 'peer.log')
if os.path.exists(peer_log):
    for l in open(peer_log):
        if l.startswith('LAYER '):
            p = l.split()
            name = p[1] + '-' + p[2].replace('->', '-')
            peer[name] = float(p[5])
            counts[name] = int(p[4].split('=')[1])
print(f'{"layer":32s} {"ours ms":>9s} {"GFLOPS":>7s} {"peer ms":>9s} {"GFLOPS":>7s} {"ratio":>6s}')
tot_o = tot_p = tot_f = 0.0
for name, ms in ours.items():
    f = flops(name)
    line = f'{name:32s} {ms:9.3f} {f / ms / 1e6:7.1f}'
    if name in peer:
        c = counts[name]
        tot_o += ms * c; tot_p += peer[name] * c; tot_f += f * c
        line += f' {peer[name]:9.3f} {f / peer[name] / 1e6:7.1f} {peer[name] / ms:6.2f}'
    print('OURS ' + line)
if tot_o:
    print(f'RATIO conv-layers-t{t} ours/peer = {tot_p / tot_o:.3f} '
          f'(sum ours {tot_o:.1f} ms = {tot_f / tot_o / 1e6:.1f} GFLOPS, peer {tot_p:.1f} ms)')
PY
        ;;
    peak)
        "$PEERS/run.sh" peak all ;;
    unet-forward|train-step)
        [ $# -eq 3 ] || usage
        ngf="$1"; b="$2"; t="$3"
        if [ "$cmd" = unet-forward ]; then
            jmh 'UNetBench.forward$' -p ngf="$ngf" -p batch="$b" -p threads="$t"
            peer unet-forward --ngf "$ngf" --batch "$b" --threads "$t"
            [ "${SKIP_PEER:-0}" = 1 ] || cp "$OUT/peer.log" "$OUT/peer-torch.log"
            peer ort-unet-forward --ngf "$ngf" --batch "$b" --threads "$t"
            [ "${SKIP_PEER:-0}" = 1 ] || cp "$OUT/peer.log" "$OUT/peer-ort.log"
        else
            jmh 'TrainStepBench.step$' -p ngf="$ngf" -p batch="$b" -p threads="$t"
            peer train-step --ngf "$ngf" --batch "$b" --threads "$t"
            [ "${SKIP_PEER:-0}" = 1 ] || cp "$OUT/peer.log" "$OUT/peer-torch.log"
        fi
        python3 - "$OUT" "$cmd-ngf$ngf-b$b-t$t" <<'PY'
import csv, glob, os, sys
out, name = sys.argv[1], sys.argv[2]
ms = float(list(csv.DictReader(open(os.path.join(out, 'jmh.csv'))))[0]['Score'])
rss = [l.split() for l in open(os.path.join(out, 'jmh.log')) if 'PEAKRSS ' in l]
mem = f' peak_rss {rss[-1][rss[-1].index("PEAKRSS") + 2]} MiB' if rss else ''
heap = os.environ.get('HEAP', '')
print(f'OURS {name} {ms:.2f} ms{mem}' + (f'  (HEAP="{heap}")' if heap else ''))
for log in sorted(glob.glob(os.path.join(out, 'peer-*.log'))):
    peer = os.path.basename(log)[5:-4]
    lines = open(log).read().splitlines()
    res = [l.split() for l in lines if l.startswith('RESULT ')]
    if not res:
        print(f'PEER {peer}: no RESULT line')
        continue
    pms = float(res[-1][2])
    prss = [l.split() for l in lines if l.startswith('PEAKRSS ')]
    pm = f' peak_rss {prss[-1][2]} MiB' if prss else ''
    load = [l for l in lines if 'median_foreign_load=' in l]
    note = ' ' + load[-1].split('median_foreign_load=')[1].split()[0] if load else ''
    print(f'PEER {peer} {res[-1][1]} {pms:.2f} ms{pm} median_foreign_load={note.strip() or "?"}')
    print(f'RATIO {name} time ours/{peer} = {ms / pms:.3f}  (< 1: we are faster)')
PY
        ;;
    *)
        usage ;;
esac
