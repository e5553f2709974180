package io.snclr.method;

import io.snclr.engine.BatchStatistics;
import io.snclr.engine.StateReader;
import io.snclr.engine.StateWriter;
import io.snclr.model.Encoder;
import java.util.List;
import org.bytedeco.pytorch.Tensor;

/** The networks a method trains: what evaluation uses, what the optimiser updates, what checkpoints keep. */
public interface Networks {
    Encoder backbone();

    List<Tensor> trainableParameters();

    void train(boolean on);

    void save(StateWriter out);

    void load(StateReader in);

    /**
     * Makes the BatchNorm layers of the heads, and of the backbones when {@code backbone}, compute their training
     * statistics with {@code statistics} (SyncBatchNorm over all processes).
     */
    void shareBatchStatistics(BatchStatistics statistics, boolean backbone);
}
