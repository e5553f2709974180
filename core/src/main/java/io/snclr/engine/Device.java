package io.snclr.engine;

/**
 * Where a run's tensors live: {@code cpu}, {@code cuda} or {@code cuda:i}. A value, not a string, so that a typo is
 * caught once when the run is configured instead of deep inside libtorch.
 */
public record Device(String name) {
    public static final Device CPU = new Device("cpu");

    public Device {
        if (!name.equals("cpu") && !name.matches("cuda(:\\d+)?")) {
            throw new IllegalArgumentException("--device: expected cpu, cuda or cuda:N, got '" + name + "'");
        }
    }

    public static Device parse(String name) {
        return new Device(name);
    }

    public boolean isCpu() {
        return name.equals("cpu");
    }

    public boolean isCuda() {
        return name.startsWith("cuda");
    }

    /** The libtorch handle of this device (engine-internal). */
    org.bytedeco.pytorch.Device handle() {
        return new org.bytedeco.pytorch.Device(name);
    }

    @Override
    public String toString() {
        return name;
    }
}
