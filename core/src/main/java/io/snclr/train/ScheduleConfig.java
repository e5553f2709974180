package io.snclr.train;

/**
 * How long and how the schedules move.
 *
 * @param epochs 0 = no training: the initialised network is saved and evaluated (the "untrained" reference)
 * @param warmupEpochs linear learning-rate warm-up
 * @param momentum EMA momentum m of the momentum networks (its start, when it follows a cosine to 1)
 * @param momentumSchedule null = MoCo v3's recipe for every backbone (and SNCLR's official code): a half-cosine from
 *     {@code momentum} to 1 ({@code --moco-m-cos} in every CONFIG.md command)
 */
public record ScheduleConfig(int epochs, double warmupEpochs, double momentum, MomentumShape momentumSchedule) {
    public static final ScheduleConfig DEFAULT = new ScheduleConfig(10, 1, 0.99, null);

    public MomentumShape momentumShapeFor(boolean vit) {
        return momentumSchedule != null ? momentumSchedule : MomentumShape.COSINE;
    }

    public ScheduleConfig {
        if (epochs < 0) throw new IllegalArgumentException("--epochs must be >= 0, got " + epochs);
        if (!(warmupEpochs >= 0))
            throw new IllegalArgumentException("--warmup-epochs must be >= 0, got " + warmupEpochs);
        if (!(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException("--momentum must be in [0, 1], got " + momentum);
        }
    }
}
