/**
 * The papers' tables, outside the library core: each table declared as data (PaperTables), run as cells of a grid
 * with committed result records, turned into tables with their statistics, and written as a results page.
 *
 * <p>May import: config, engine, eval, files, method, method.*, report, run, rundir, train.
 */
package io.snclr.experiments;
