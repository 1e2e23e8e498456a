package dev.awm.runtime;

/**
 * A sample-data statement that failed while the initial database was built and was left out.
 *
 * @param sql the statement
 * @param error SQLite's message
 */
public record SkippedStatement(String sql, String error) {}
