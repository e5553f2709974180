package io.snclr.train;

/**
 * What the trainer needs: the optimiser recipe resolved for the encoder, the schedules and the loop's bookkeeping.
 *
 * @param lrPer256 learning rate per 256 images (scaled by the global batch)
 * @param weightDecay resolved weight decay
 * @param seed seed of the data order (the augmentation has its own)
 */
public record TrainConfig(
        OptimConfig optim,
        double lrPer256,
        double weightDecay,
        ScheduleConfig schedule,
        MomentumShape momentumShape,
        LoopConfig loop,
        long seed) {
    /** Resolves the recipe defaults (learning rate, weight decay, momentum schedule) for a ViT or a ResNet. */
    public static TrainConfig of(OptimConfig optim, boolean vit, ScheduleConfig schedule, LoopConfig loop, long seed) {
        return new TrainConfig(
                optim,
                optim.lrPer256(vit),
                optim.weightDecayFor(vit),
                schedule,
                schedule.momentumShapeFor(vit),
                loop,
                seed);
    }

    public int epochs() {
        return schedule.epochs();
    }

    public int batchSize() {
        return optim.batchSize();
    }
}
