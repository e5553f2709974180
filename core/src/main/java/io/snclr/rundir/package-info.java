/**
 * The run directory, in one place: its file names, the lock of the one process that writes it, checkpoints with
 * their manifests, the encoder files, the metrics log, the summary and the list of skipped images.
 *
 * <p>May import: data, engine, files, model.
 */
package io.snclr.rundir;
