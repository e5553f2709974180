package io.snclr.train;

import io.snclr.engine.StateReader;
import io.snclr.engine.StateWriter;

/** An optimiser whose learning rate the schedule sets every step and whose state checkpoints keep. */
public interface Optim {
    void setLr(double lr);

    void zeroGrad();

    void step();

    void save(StateWriter out);

    void load(StateReader in);
}
