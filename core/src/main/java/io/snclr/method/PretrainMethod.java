package io.snclr.method;

import io.snclr.engine.StateReader;
import io.snclr.engine.StateWriter;
import io.snclr.model.Encoder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bytedeco.pytorch.Tensor;

/** A self-supervised method: the networks it trains and the loss of one step on two views. */
public interface PretrainMethod {
    String name();

    /** The networks the method trains. */
    Networks networks();

    /** The online backbone: what evaluation and export use. */
    default Encoder backbone() {
        return networks().backbone();
    }

    /** Parameters the optimiser updates. */
    default List<Tensor> trainableParameters() {
        return networks().trainableParameters();
    }

    default void train(boolean on) {
        networks().train(on);
    }

    /** The diagnostics this method logs (beyond the trainer's loss, learning rate, timings). */
    default List<MetricSpec> metrics() {
        return ViewSimilarity.METRICS;
    }

    /** The method's way of choosing soft neighbours, when it has one (SNCLR, and MoCo v3 on SNCLR's networks). */
    default Optional<NeighborRanking> neighborRanking() {
        return Optional.empty();
    }

    /** Called at the start of every epoch, and of the first epoch of a resumed run; returns what to log. */
    default Map<String, Double> beforeEpoch(int epoch) {
        return Map.of();
    }

    /** Called before the forward pass; momentum methods update their EMA networks here. */
    default void beforeStep(StepContext ctx) {
        // methods without momentum networks have nothing to do
    }

    /**
     * The loss of one step. Runs inside the trainer's memory scope.
     *
     * @param labels int64 labels of the batch (-1 unknown), for diagnostics only
     */
    StepOutput step(Tensor view1, Tensor view2, Tensor labels, StepContext ctx);

    /** Everything a checkpoint needs beyond the optimiser (methods with a queue add it). */
    default void save(StateWriter out) {
        networks().save(out);
    }

    default void load(StateReader in) {
        networks().load(in);
    }
}
