package io.snclr.config;

import io.snclr.augment.BatchAugmenter;
import io.snclr.augment.ViewsConfig;
import io.snclr.data.DataConfig;
import io.snclr.data.ImageSet;
import io.snclr.engine.Device;
import io.snclr.engine.EngineConfig;
import io.snclr.eval.EvalConfig;
import io.snclr.method.HeadConfig;
import io.snclr.method.MethodConfig;
import io.snclr.method.Methods;
import io.snclr.model.EncoderConfig;
import io.snclr.train.LoopConfig;
import io.snclr.train.OptimConfig;
import io.snclr.train.ScheduleConfig;
import io.snclr.train.TrainConfig;

/**
 * One pre-training run, typed: every section is its layer's own record, validated when it is built. The CLI binds
 * its flags into it, a YAML file maps onto it, and {@code config.yaml} in a run directory is its serialised form
 * ({@link RunConfigs}).
 */
public record RunConfig(
        DataConfig data,
        ViewsConfig views,
        EncoderConfig encoder,
        HeadConfig heads,
        MethodConfig method,
        OptimConfig optim,
        ScheduleConfig schedule,
        EvalConfig eval,
        LoopConfig loop,
        EngineConfig engine) {
    /** The CPU-sized defaults: SNCLR on Fashion-MNIST with a width-1/2 CIFAR-stem ResNet-18. */
    public static final RunConfig DEFAULT = new RunConfig(
            DataConfig.DEFAULT,
            ViewsConfig.DEFAULT,
            EncoderConfig.DEFAULT,
            HeadConfig.DEFAULT,
            MethodConfig.defaults("snclr"),
            OptimConfig.DEFAULT,
            ScheduleConfig.DEFAULT,
            EvalConfig.DEFAULT,
            LoopConfig.DEFAULT,
            EngineConfig.DEFAULT);

    public RunConfig {
        if (data == null
                || views == null
                || encoder == null
                || heads == null
                || method == null
                || optim == null
                || schedule == null
                || eval == null
                || loop == null
                || engine == null) {
            throw new IllegalArgumentException("a run configuration needs every section");
        }
    }

    public String methodName() {
        return method.name();
    }

    public long seed() {
        return engine.seed();
    }

    /** The trainer's view: the optimiser recipe resolved for this encoder. */
    public TrainConfig train() {
        return TrainConfig.of(optim, encoder.isVit(), schedule, loop, engine.seed());
    }

    /** The training views of this run's method and backbone over {@code train}'s images. */
    public BatchAugmenter augmenter(ImageSet train, Device device) {
        return views.augmenter(
                train, seed(), device, Methods.byName(methodName()).views(), encoder.isVit());
    }

    public RunConfig withLoop(LoopConfig l) {
        return new RunConfig(data, views, encoder, heads, method, optim, schedule, eval, l, engine);
    }

    public RunConfig withEngine(EngineConfig e) {
        return new RunConfig(data, views, encoder, heads, method, optim, schedule, eval, loop, e);
    }
}
