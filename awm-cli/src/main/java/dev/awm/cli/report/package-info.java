/**
 * {@code awm report}: one self-contained HTML page over a directory of environments. {@code
 * ReportReader} reads the directory into a {@code Report} (plain records), {@code HtmlReport} and
 * {@code EnvSection} render it, escaping every value through {@code Html}, with charts from {@code
 * SvgCharts}. Only {@link dev.awm.cli.report.ReportCommand} is public.
 */
package dev.awm.cli.report;
