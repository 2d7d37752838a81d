package io.resgrow.core;

/** Adds each step's training FLOPs to the run's total. */
final class FlopCount implements LoopHook {

    private final TrainingContext ctx;
    private final double flopsPerSample;

    FlopCount(TrainingContext ctx, double flopsPerSample) {
        this.ctx = ctx;
        this.flopsPerSample = flopsPerSample;
    }

    @Override
    public void afterStep(StepEnd step) {
        ctx.addFlops(flopsPerSample * step.samples());
    }
}
