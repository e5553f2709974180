/**
 * The self-supervised methods: what a method is (networks, one step's loss, its diagnostics and capabilities), the
 * shared parts every method composes (momentum and online networks, the candidate queue), and the registry. Each
 * method lives in a sub-package of its own.
 *
 * <p>May import: augment, data, dist, engine, model, method.*.
 */
package io.snclr.method;
