/**
 * The run configuration: RunConfig and its sections, bound from flags, YAML recipes and a run's config.yaml, with
 * one-line errors naming the flag or key; a run's config.yaml and the changes of plan on resume.
 *
 * <p>May import: augment, data, engine, eval, files, method, model, rundir, train.
 */
package io.snclr.config;
