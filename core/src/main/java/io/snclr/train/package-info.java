/**
 * The pre-training loop: batches prepared ahead, schedules, the method's step, backward and the gradient
 * all-reduce, the optimisers (AdamW, LARS, SGD), checkpoints and metrics.
 *
 * <p>May import: augment, data, dist, engine, method, rundir.
 */
package io.snclr.train;
