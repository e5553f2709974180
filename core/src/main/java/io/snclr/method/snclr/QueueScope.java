package io.snclr.method.snclr;

/** Whose keys a process's candidate queue holds when several processes train together. */
public enum QueueScope {
    /**
     * Each process queues its own keys, never gathered (the official code's per-GPU memory bank): at 32 processes ×
     * 128 images a queue of 128,000 spans ~1,000 of that process's steps. The neighbours of the global batch are
     * exchanged as features.
     */
    PROCESS,
    /**
     * Every process queues the keys of the whole global batch, so all hold the same queue (ours): 128,000 rows span
     * ~31 global steps at that size. The neighbours are exchanged as queue positions.
     */
    GLOBAL
}
