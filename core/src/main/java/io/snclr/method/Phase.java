package io.snclr.method;

/** The timed phases of a training step, in order; each is logged as {@code t_<key>} seconds. */
public enum Phase {
    DATA("data"),
    MOMENTUM_UPDATE("momentum_update"),
    FORWARD("forward"),
    QUEUE_LOSS("queue_loss"),
    BACKWARD("backward"),
    OPTIMIZER("optimizer");

    private final String key;

    Phase(String key) {
        this.key = key;
    }

    /** The metric key of this phase's seconds. */
    public String metric() {
        return "t_" + key;
    }

    public String label() {
        return this == QUEUE_LOSS ? "queue+loss" : key.replace('_', ' ');
    }
}
