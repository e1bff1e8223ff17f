package dev.colorize.nn.optim;

/**
 * Sets an optimizer's learning rate to {@code baseLr * schedule.factor(count)} after each
 * {@link #step()}. Its whole state is the count ({@link #count()}, {@link #setCount(long)}).
 */
public final class LrScheduler {
    private final Optimizer optimizer;
    private final LrSchedule schedule;
    private final double baseLr;
    private long count;

    /** Captures the optimizer's current lr as the base and applies factor(0). */
    public LrScheduler(Optimizer optimizer, LrSchedule schedule) {
        this.optimizer = optimizer;
        this.schedule = schedule;
        this.baseLr = optimizer.lr();
        apply();
    }

    /** Advances the count and updates the optimizer's lr. */
    public void step() {
        count++;
        apply();
    }

    public long count() {
        return count;
    }

    /** Restores a count (on resume) and updates the optimizer's lr accordingly. */
    public void setCount(long count) {
        this.count = count;
        apply();
    }

    public double baseLr() {
        return baseLr;
    }

    private void apply() {
        optimizer.setLr(baseLr * schedule.factor(count));
    }
}
