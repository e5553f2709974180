/**
 * What people read: the run report (report.html with its charts), tables as Markdown and CSV, line and scatter
 * charts, the page of image groups (near-duplicates).
 *
 * <p>May import: config, files, method, rundir.
 */
package io.snclr.report;
