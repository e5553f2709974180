package io.snclr.engine;

/** An optimiser whose learning rate the schedule sets every step and whose state checkpoints keep. */
public interface Optim {
    void setLr(double lr);

    void zeroGrad();

    void step();

    void save(StateWriter out);

    void load(StateReader in);
}
