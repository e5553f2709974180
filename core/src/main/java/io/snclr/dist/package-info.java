/**
 * Data-parallel runs on c10d: the collective a method and the trainer talk to (one process, or Gloo/NCCL ranks),
 * where a process sits in a run (torchrun, SLURM, --nproc), and the launcher of local ranks.
 *
 * <p>May import: engine.
 */
package io.snclr.dist;
