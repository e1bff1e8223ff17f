package dev.colorize.gan.train;

import dev.colorize.core.autograd.GradMode;
import dev.colorize.core.tensor.Tensor;
import dev.colorize.nn.Module;
import dev.colorize.nn.StateDict;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An exponential moving average of the generator's weights (EMA / Polyak averaging), what a run
 * exports when {@link TrainerBuilder#ema} is set: {@code avg = d * avg + (1 - d) * w} after every
 * generator update, with the usual warm-up {@code d = min(decay, (1 + t) / (10 + t))} so early random
 * weights fade fast. Parameters and float buffers are averaged alike: BatchNorm running statistics of
 * the live network do not fit averaged conv weights (measured: exporting averaged weights with live
 * statistics scored below the live weights). Integer buffers are copied. The averages are buffers
 * under the generator's own keys, so a checkpoint holds them (exact resume) and
 * {@link #averagedWeights} is a state dict the generator's factory loads.
 */
final class ParameterAverage extends Module {
    private final double decay;
    private final List<Tensor> live = new ArrayList<>();
    private final List<Tensor> averages = new ArrayList<>();
    private final Map<String, Tensor> byKey = new LinkedHashMap<>();
    private final Map<String, Node> kids = new LinkedHashMap<>();

    ParameterAverage(Module generator, double decay) {
        if (!(decay > 0 && decay < 1)) {
            throw new IllegalArgumentException("EMA decay must be in (0, 1), got " + decay);
        }
        this.decay = decay;
        StateDict state = generator.stateDict();
        for (StateDict.Entry e : state) {
            if (e.integer()) {
                continue;   // counters such as num_batches_tracked are taken as they are
            }
            Tensor p = e.tensor();
            Tensor avg;
            try (GradMode.Scope s = GradMode.noGrad()) {
                avg = p.detach().mul(1f).contiguous();   // a copy on the weight's own backend
            }
            place(e.key().split("\\."), avg);
            live.add(p);
            averages.add(avg);
            byKey.put(e.key(), avg);
        }
    }

    /** One averaging step after the {@code step}-th generator update (counting from 1). */
    void update(long step) {
        float d = (float) Math.min(decay, (1.0 + step) / (10.0 + step));
        try (GradMode.Scope s = GradMode.noGrad()) {
            for (int i = 0; i < live.size(); i++) {
                Tensor avg = averages.get(i);
                avg.copyFrom(avg.mul(d).add(live.get(i).detach().mul(1 - d)));
            }
        }
    }

    /** The generator's state dict with every averaged tensor replaced by its average. */
    Map<String, Tensor> averagedWeights(Module generator) {
        Map<String, Tensor> out = new LinkedHashMap<>(generator.stateDict().tensors());
        byKey.forEach(out::put);
        return out;
    }

    @Override
    public Tensor forward(Tensor x) {
        throw new UnsupportedOperationException("ParameterAverage holds weights; it has no forward");
    }

    @Override
    public String name() {
        return "ParameterAverage";
    }

    /** Registers {@code avg} as buffer {@code path[last]} under nested child modules named by the rest of the path. */
    private void place(String[] path, Tensor avg) {
        if (path.length == 1) {
            registerBuffer(path[0], avg);
            return;
        }
        Node node = kids.computeIfAbsent(path[0], n -> registerModule(n, new Node()));
        for (int i = 1; i < path.length - 1; i++) {
            node = node.child(path[i]);
        }
        node.buffer(path[path.length - 1], avg);
    }

    /** A level of the mirrored key tree. */
    private static final class Node extends Module {
        private final Map<String, Node> kids = new LinkedHashMap<>();

        Node child(String name) {
            return kids.computeIfAbsent(name, n -> registerModule(n, new Node()));
        }

        void buffer(String name, Tensor t) {
            registerBuffer(name, t);
        }

        @Override
        public Tensor forward(Tensor x) {
            throw new UnsupportedOperationException("no forward");
        }

        @Override
        public String name() {
            return "ParameterAverage.Node";
        }
    }
}
