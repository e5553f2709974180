/**
 * Evaluating an encoder: features of an image set (the one extraction core the API shares), kNN, linear probe,
 * fine-tuning, t-SNE, and the display of soft neighbours.
 *
 * <p>May import: augment, data, engine, files, method, model, train.
 */
package io.snclr.eval;
