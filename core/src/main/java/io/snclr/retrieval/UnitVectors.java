package io.snclr.retrieval;

import io.snclr.api.Embeddings;

/**
 * The index, the selections and the map compare unit vectors: embeddings written with {@code --normalize false} are
 * refused, and two rows' cosine is their dot product.
 */
final class UnitVectors {
    private UnitVectors() {}

    /** @param what what compares them ("the index", "selection") */
    static void require(Embeddings embeddings, String what) {
        if (!embeddings.manifest().normalized()) {
            throw new IllegalArgumentException("--embeddings " + embeddings.dir() + ": written with --normalize false;"
                    + " " + what + " compares unit vectors (embed again with --normalize true)");
        }
    }

    /** The dot product of {@code b} with the vector of {@code b.length} floats at {@code offset} in {@code a}. */
    static float dot(float[] a, int offset, float[] b) {
        float s = 0;
        for (int j = 0; j < b.length; j++) s += a[offset + j] * b[j];
        return s;
    }
}
