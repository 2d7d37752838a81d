/**
 * Run reports and strategy comparisons as HTML pages with PNG charts (drawn with XChart), read
 * from the runs' {@code report.json}: {@link io.resgrow.examples.report.RunPage} for one run,
 * {@link io.resgrow.examples.report.ComparisonPage} for several.
 */
package io.resgrow.examples.report;
