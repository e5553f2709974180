/**
 * A run's lifecycle: assembled from its configuration in data-flow order, trained (alone or as one rank), finished
 * (encoder, kNN, summary, the pages the caller asks for); a finished run reopened for evaluation; benchmarks of the step and the loader.
 *
 * <p>May import: augment, config, data, dist, engine, eval, files, method, model, rundir, train.
 */
package io.snclr.run;
