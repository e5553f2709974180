/**
 * The two augmented views of a batch as batched tensor ops (crop and flip, colour jitter, grayscale, blur,
 * solarize, normalisation), each drawn from (seed, step, view, position) only.
 *
 * <p>May import: data, engine.
 */
package io.snclr.augment;
