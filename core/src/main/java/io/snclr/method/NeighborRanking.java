package io.snclr.method;

import org.bytedeco.pytorch.Tensor;

/**
 * A method that chooses soft neighbours for a query as a training step does: its momentum keys pick the K nearest
 * candidates of a bank, and it weighs them by positiveness. The neighbour display and the run report use it through
 * this capability, whatever the method.
 */
public interface NeighborRanking {
    /** K of SNCLR's published recipes: what a display ranks when the method has no K of its own. */
    int DEFAULT_DISPLAY_NEIGHBORS = 30;

    /** Each image's top-K candidates from a bank, with their positiveness (rows as {@link Neighbors}). */
    record Ranked(Neighbors neighbors, Tensor positiveness) {}

    /** D, the dimension of the keys and candidates. */
    long keyDim();

    /** Unit momentum keys of {@code images}: what a bank holds and what {@link #rank} searches with. */
    Tensor keys(Tensor images);

    /** Ranks {@code bank} for each image as a training step does (Eq. 3 picks, Eq. 4 weighs); no gradients. */
    Ranked rank(Tensor images, CandidateQueue bank, int k);

    /** Candidates a display ranks per query by default (the method's K). */
    int displayNeighbors();

    /** Puts the networks in evaluation (false) or training (true) mode. */
    void train(boolean on);
}
