package io.snclr.retrieval;

import io.snclr.api.Embeddings;

/** The index and the selections compare unit vectors: embeddings written with {@code --normalize false} are refused. */
final class UnitVectors {
    private UnitVectors() {}

    /** @param what what compares them ("the index", "selection") */
    static void require(Embeddings embeddings, String what) {
        if (!embeddings.manifest().normalized()) {
            throw new IllegalArgumentException("--embeddings " + embeddings.dir() + ": written with --normalize false;"
                    + " " + what + " compares unit vectors (embed again with --normalize true)");
        }
    }
}
