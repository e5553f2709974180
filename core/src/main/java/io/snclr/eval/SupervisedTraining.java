package io.snclr.eval;

import io.snclr.data.Subsets;
import io.snclr.engine.Device;
import io.snclr.engine.ModuleState;
import io.snclr.engine.Optim;
import io.snclr.engine.Scope;
import io.snclr.engine.Tensors;
import io.snclr.train.LrSchedule;
import io.snclr.train.OptimizerKind;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.bytedeco.pytorch.Tensor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Cross-entropy training of a {@link Classifier}, then top-1/top-5 on the test inputs. */
final class SupervisedTraining {
    private static final Logger LOG = LoggerFactory.getLogger(SupervisedTraining.class);

    private SupervisedTraining() {}

    static SupervisedResult run(
            Classifier model, InputSource train, InputSource test, SupervisedConfig cfg, Device device) {
        long start = System.nanoTime();
        int batch = Math.min(cfg.batchSize(), train.size());
        int stepsPerEpoch = Math.max(1, train.size() / batch);
        long total = (long) stepsPerEpoch * cfg.epochs();
        LrSchedule lr = new LrSchedule(cfg.lr(), batch, 0, total); // peak = lr × batch / 256
        Optim optim = OptimizerKind.SGD.create(model.parameters(), cfg.weightDecay());
        Tensor labelTensor = Tensors.longs(toLongs(train.labels()), train.size());
        model.train(true);
        long step = 0;
        for (int epoch = 0; epoch < cfg.epochs(); epoch++) {
            int[] order = Subsets.permutation(train.size(), new SplittableRandom(cfg.seed() * 31 + epoch));
            double lossSum = 0;
            for (int s = 0; s < stepsPerEpoch; s++, step++) {
                int[] idx = Arrays.copyOfRange(order, s * batch, (s + 1) * batch);
                try (Scope scope = Scope.open()) {
                    optim.setLr(lr.at(step));
                    Tensor x = Tensors.to(train.batch(idx, step), device);
                    Tensor y = Tensors.to(labelTensor.index_select(0, Tensors.longs(toLongs(idx), idx.length)), device);
                    Tensor loss = Tensors.crossEntropy(model.logits(x), y);
                    optim.zeroGrad();
                    loss.backward();
                    optim.step();
                    lossSum += Tensors.item(loss);
                }
            }
            if (epoch == cfg.epochs() - 1 || (epoch + 1) % 10 == 0) {
                LOG.info(
                        "epoch {}/{} train loss {}",
                        epoch + 1,
                        cfg.epochs(),
                        String.format("%.4f", lossSum / stepsPerEpoch));
            }
        }
        model.train(false);
        TopK hits = new TopK();
        for (int s = 0; s < test.size(); s += batch) {
            int n = Math.min(batch, test.size() - s);
            final int from = s;
            try (Scope scope = Scope.open()) {
                Tensor logits = ModuleState.noGrad(() -> model.logits(Tensors.to(test.plainBatch(from, n), device)));
                hits.add(logits, test.labels(), from);
            }
        }
        return new SupervisedResult(
                hits.top1Rate(), hits.top5Rate(), train.size(), test.size(), (System.nanoTime() - start) / 1e9);
    }

    static long[] toLongs(int[] a) {
        long[] out = new long[a.length];
        for (int i = 0; i < a.length; i++) out[i] = a[i];
        return out;
    }
}
