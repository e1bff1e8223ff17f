package dev.colorize.core.backend;

/**
 * Elementwise functions of one tensor and up to two scalar parameters {@code p1}, {@code p2}.
 * {@link #apply} is the scalar reference definition; fast kernels must agree with it.
 */
public enum UnaryOp {
    NEG { public float apply(float x, float p1, float p2) { return -x; } },
    EXP { public float apply(float x, float p1, float p2) { return (float) Math.exp(x); } },
    LOG { public float apply(float x, float p1, float p2) { return (float) Math.log(x); } },
    SQRT { public float apply(float x, float p1, float p2) { return (float) Math.sqrt(x); } },
    ABS { public float apply(float x, float p1, float p2) { return Math.abs(x); } },
    /** sign(x) with sign(0) = 0. */
    SIGN { public float apply(float x, float p1, float p2) { return Math.signum(x); } },
    /** StrictMath: the same bits interpreted or compiled (a JIT intrinsic could differ), for exact resume. */
    TANH { public float apply(float x, float p1, float p2) { return (float) StrictMath.tanh(x); } },
    SIGMOID { public float apply(float x, float p1, float p2) { return (float) (1.0 / (1.0 + Math.exp(-x))); } },
    RELU { public float apply(float x, float p1, float p2) { return x > 0 ? x : 0f; } },
    /** p1 = negative slope. */
    LEAKY_RELU { public float apply(float x, float p1, float p2) { return x > 0 ? x : x * p1; } },
    /** p1 = beta, p2 = threshold: x where beta*x > threshold, else log1p(exp(beta*x))/beta. */
    SOFTPLUS {
        public float apply(float x, float p1, float p2) {
            float bx = x * p1;
            return bx > p2 ? x : (float) (Math.log1p(Math.exp(bx)) / p1);
        }
    },
    /** x ** p1. */
    POW { public float apply(float x, float p1, float p2) { return (float) Math.pow(x, p1); } },
    /** clamp to [p1, p2]; NaN bound = unbounded on that side. */
    CLAMP {
        public float apply(float x, float p1, float p2) {
            float y = x;
            if (!Float.isNaN(p1) && y < p1) y = p1;
            if (!Float.isNaN(p2) && y > p2) y = p2;
            return y;
        }
    },
    /** x * p1 + p2 (scalar affine: add/mul by a constant). */
    AFFINE { public float apply(float x, float p1, float p2) { return x * p1 + p2; } },
    /** 1 where x > p1, else 0. */
    GT { public float apply(float x, float p1, float p2) { return x > p1 ? 1f : 0f; } },
    /** 1 where p1 <= x <= p2 (NaN bound = unbounded), else 0. */
    IN_RANGE {
        public float apply(float x, float p1, float p2) {
            return (Float.isNaN(p1) || x >= p1) && (Float.isNaN(p2) || x <= p2) ? 1f : 0f;
        }
    },
    /** 1 where x == p1, else 0. */
    EQ { public float apply(float x, float p1, float p2) { return x == p1 ? 1f : 0f; } };

    public abstract float apply(float x, float p1, float p2);
}
