/**
 * The snclr command line (picocli): each command parses its flags, delegates, and prints.
 *
 * <p>May import: every package.
 */
package io.snclr.cli;
