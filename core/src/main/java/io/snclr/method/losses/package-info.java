/**
 * Loss functions shared by several methods: InfoNCE, NT-Xent, normalised MSE.
 *
 * <p>May import: augment, engine, method.
 */
package io.snclr.method.losses;
