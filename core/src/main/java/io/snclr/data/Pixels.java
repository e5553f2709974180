package io.snclr.data;

/** Where an {@link ImageSet}'s pixels come from: an array in memory, or files decoded when asked. */
public interface Pixels {
    /** Writes image {@code i} (C·H·W uint8) into {@code dst} at {@code offset}. */
    void read(int i, byte[] dst, int offset);

    /** Bytes of one image. */
    int imageBytes();

    /** The images at {@code indices}, concatenated. */
    default byte[] gather(int[] indices) {
        byte[] out = new byte[indices.length * imageBytes()];
        for (int j = 0; j < indices.length; j++) read(indices[j], out, j * imageBytes());
        return out;
    }

    /** The images at {@code indices}, in that order. */
    Pixels subset(int[] indices);

    /** Pixels held as one array, image-major. */
    record InMemory(byte[] data, int imageBytes) implements Pixels {
        @Override
        public void read(int i, byte[] dst, int offset) {
            System.arraycopy(data, i * imageBytes, dst, offset, imageBytes);
        }

        @Override
        public Pixels subset(int[] indices) {
            return new InMemory(gather(indices), imageBytes);
        }
    }
}
