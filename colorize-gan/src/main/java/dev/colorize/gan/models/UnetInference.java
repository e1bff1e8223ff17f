package dev.colorize.gan.models;

import dev.colorize.core.F;
import dev.colorize.core.autograd.GradMode;
import dev.colorize.core.backend.FusedConv;
import dev.colorize.core.backend.UnaryOp;
import dev.colorize.core.tensor.Tensor;
import dev.colorize.nn.Module;
import dev.colorize.nn.Sequential;
import dev.colorize.nn.layers.Conv2d;
import dev.colorize.nn.layers.ConvTranspose2d;

import java.util.Map;
import java.util.WeakHashMap;

/**
 * The U-Net's inference path (eval mode, grad mode off): each convolution runs as one
 * {@link F#convFused} with the BatchNorm after it folded into a per-channel scale and shift
 * ({@link NormFold}) and the activations fused, and writes straight into the half of its skip
 * connection's concatenation buffer, so no BatchNorm, activation or concatenation pass remains.
 *
 * <p>Block {@code l} (pix2pix's UnetSkipConnectionBlock) returns {@code cat(x, u)} and its parent
 * consumes it only through ReLU (the parent's up path). Its buffer therefore holds
 * {@code cat(LeakyReLU(x), u)}: the parent's down convolution stores {@code LeakyReLU(x)} (what this
 * block's down convolution reads), and {@code ReLU(LeakyReLU(x)) = ReLU(x)}, so the parent's up
 * convolution, which applies ReLU as it reads the buffer, sees exactly the reference's input. That
 * is also pix2pix's own result, whose in-place LeakyReLU leaves the activated x in the skip.
 *
 * <p>Falls back to the module graph for instance norm (its statistics depend on the output),
 * BatchNorm without running statistics, any module in training mode, or when disabled with
 * {@code -Dcolorize.unet.fused=false}.
 */
final class UnetInference {
    private static final float LEAKY = 0.2f;
    private static volatile boolean enabled = !"false".equals(System.getProperty("colorize.unet.fused"));

    private UnetInference() {
    }

    /** For tests: switch the fused path on or off (the unfused module graph is the reference). */
    static void setEnabled(boolean on) {
        enabled = on;
    }

    static boolean enabled() {
        return enabled;
    }

    /** Whether {@code g.forward} can take the fused path now. */
    static boolean applies(UNet g) {
        if (!enabled || GradMode.isEnabled()) {
            return false;
        }
        for (Module m : g.namedModules().values()) {
            if (m.isTraining() || (m instanceof UnetBlock b && (b.downFold() == null || b.upFold() == null))) {
                return false;
            }
        }
        return true;
    }

    /**
     * The outermost block on image x: [N, in, H, W] -> its up layer's output, through tanh when
     * {@code tanh} (a regression head's [N, out, H, W]; a classification head's logits otherwise).
     */
    static Tensor forward(UnetBlock root, Tensor x, boolean tanh) {
        Workspace ws = Workspace.take(root, x);
        try {
            UnetBlock.Parts p = root.parts();
            Tensor skip = ws.buffer(0, root, x);
            down(x, p.down(), root.downFold(), LEAKY, skip.slice(1, 0, p.down().config().outChannels()));
            fill(p.sub(), skip, ws, 1);
            Tensor y = up(skip, p.up(), root.upFold(), null);
            // In place: y is a new tensor no one else sees, and the op is elementwise (same kernel, same
            // bits as y.tanh()); saves allocating and filling a second image-sized output.
            if (tanh) {
                y.backend().unary(UnaryOp.TANH, 0f, 0f, y, y);
            }
            return y;
        } finally {
            ws.giveBack(root);
        }
    }

    /**
     * Fills the second half of {@code buffer}, whose first half already holds LeakyReLU of this
     * block's input, with the block's up output (after its norm).
     */
    private static void fill(UnetBlock block, Tensor buffer, Workspace ws, int depth) {
        UnetBlock.Parts p = block.parts();
        int in = p.down().config().inChannels();
        Tensor x = buffer.slice(1, 0, in);
        Tensor upOut = buffer.slice(1, in, buffer.size(1));
        if (p.sub() == null) {
            // Innermost: LeakyReLU, down, ReLU, up, norm.
            Tensor inner = down(x, p.down(), block.downFold(), 0f, null);
            up(inner, p.up(), block.upFold(), upOut);
            return;
        }
        Tensor skip = ws.buffer(depth, block, x);
        down(x, p.down(), block.downFold(), LEAKY, skip.slice(1, 0, p.down().config().outChannels()));
        fill(p.sub(), skip, ws, depth + 1);
        up(skip, p.up(), block.upFold(), upOut);
    }

    /**
     * The concatenation buffers of one forward call, kept for the next call with the same input
     * shape: every element is overwritten on each call (the down convolution writes the first half,
     * the up convolution the second), so reusing them saves zeroing and collecting ~14 MB per
     * unet_256 ngf 64 image. Callers running the same model concurrently each take their own.
     */
    private static final class Workspace {
        private static final Map<UnetBlock, java.util.Deque<Workspace>> POOLS = new WeakHashMap<>();
        private final int[] inputShape;
        private final Class<?> storage;
        /** By depth (0: the outermost block's); no reference to the model, which keys the pools weakly. */
        private final java.util.List<Tensor> buffers = new java.util.ArrayList<>();

        private Workspace(Tensor x) {
            this.inputShape = x.shape();
            this.storage = x.storage().getClass();
        }

        static Workspace take(UnetBlock root, Tensor x) {
            synchronized (POOLS) {
                java.util.Deque<Workspace> pool = POOLS.computeIfAbsent(root, r -> new java.util.ArrayDeque<>());
                Workspace w = pool.pollFirst();
                if (w != null && java.util.Arrays.equals(w.inputShape, x.shape()) && w.storage == x.storage().getClass()) {
                    return w;
                }
                pool.clear();                        // another input shape or device: drop the old buffers
                return new Workspace(x);
            }
        }

        void giveBack(UnetBlock root) {
            synchronized (POOLS) {
                POOLS.computeIfAbsent(root, r -> new java.util.ArrayDeque<>()).addFirst(this);
            }
        }

        /** The buffer of {@code cat(LeakyReLU(input), up)} that {@code block}'s nested block returns. */
        Tensor buffer(int depth, UnetBlock block, Tensor input) {
            if (depth == buffers.size()) {
                buffers.add(catBuffer(input, block.parts().down(), block.parts().sub()));
            }
            return buffers.get(depth);
        }
    }

    /** The concatenation buffer of {@code sub}'s output: its input's and its up layer's channels. */
    private static Tensor catBuffer(Tensor x, Conv2d down, UnetBlock sub) {
        int h = down.spec().convOutH(x.size(2), down.config().kernelH());
        int w = down.spec().convOutW(x.size(3), down.config().kernelW());
        int channels = down.config().outChannels() + upChannels(sub.parts().up());
        return Tensor.zeros(x.backend(), x.size(0), channels, h, w);
    }

    private static int upChannels(Module up) {
        return up instanceof ConvTranspose2d t ? t.config().outChannels() : upConv(up).config().outChannels();
    }

    /** The down convolution, its norm folded in, then the activation with {@code slope}, into {@code out}. */
    private static Tensor down(Tensor x, Conv2d conv, NormFold fold, float slope, Tensor out) {
        return F.convFused(x, conv.weight(), fold.scale(), fold.shift(),
                FusedConv.conv(conv.spec()).outputSlope(slope), out);
    }

    /** ReLU, the up layer and its norm on {@code x}, into {@code out} (null: a new tensor). */
    private static Tensor up(Tensor x, Module up, NormFold fold, Tensor out) {
        if (up instanceof ConvTranspose2d t) {
            return F.convFused(x, t.weight(), fold.scale(), fold.shift(),
                    FusedConv.transposed(t.spec()).inputSlope(0f), out);
        }
        if (up instanceof Conv2d head) {
            // A classification head's 1x1 convolution to the class logits, at the input's resolution.
            return F.convFused(x, head.weight(), fold.scale(), fold.shift(), FusedConv.conv(head.spec()).inputSlope(0f), out);
        }
        // Upsample (nearest) then a 3x3 convolution: ReLU commutes with the nearest upsampling.
        Conv2d conv = upConv(up);
        Tensor upsampled = F.upsampleNearest(x.relu(), 2);
        return F.convFused(upsampled, conv.weight(), fold.scale(), fold.shift(), FusedConv.conv(conv.spec()), out);
    }

    /** The bias of the convolution in an up layer, or null. */
    static Tensor upConvBias(Module up) {
        return up instanceof ConvTranspose2d t ? t.bias() : upConv(up).bias();
    }

    private static Conv2d upConv(Module up) {
        return up instanceof Conv2d head ? head : (Conv2d) ((Sequential) up).namedChildren().get("1");
    }
}
