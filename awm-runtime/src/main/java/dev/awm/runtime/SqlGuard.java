package dev.awm.runtime;

import dev.awm.runtime.api.DbException;
import java.util.Locale;
import java.util.Set;

/**
 * Classifies one SQL statement from tool or verifier code before it is prepared: reads, writes,
 * and what is refused (transaction control, which belongs to the runtime; anything that reaches
 * other files or changes the connection; more than one statement).
 */
final class SqlGuard {
  enum Kind { READ, WRITE }

  private static final Set<String> READS = Set.of("SELECT", "VALUES", "EXPLAIN");
  private static final Set<String> REFUSED = Set.of(
      "BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE", "ATTACH", "DETACH", "PRAGMA", "VACUUM");

  private SqlGuard() {}

  /** The statement's kind; throws {@link DbException} naming the cause if it is refused. */
  static Kind classify(String sql) {
    String keyword = refuseControl(sql);
    checkSingleStatement(sql);
    return READS.contains(keyword) ? Kind.READ : Kind.WRITE;
  }

  /**
   * Refuses transaction control, {@code ATTACH}, {@code DETACH}, {@code PRAGMA} and {@code VACUUM}
   * (the check applied to the definition's own schema and sample statements, which are generated
   * too); returns the statement's first keyword.
   */
  static String refuseControl(String sql) {
    if (sql == null) throw new DbException("SQL is null");
    int i = skipSpaceAndComments(sql, 0);
    while (i < sql.length() && sql.charAt(i) == '(') i = skipSpaceAndComments(sql, i + 1);
    int start = i;
    while (i < sql.length() && Character.isLetter(sql.charAt(i))) i++;
    if (start == i) throw new DbException("not an SQL statement: " + abbreviate(sql));
    String keyword = sql.substring(start, i).toUpperCase(Locale.ROOT);
    if (REFUSED.contains(keyword)) {
      throw new DbException(keyword + " statements are not allowed here: the runtime owns transactions and the connection");
    }
    return keyword;
  }

  /** Whether {@code sql} (a statement {@link #classify} let through) may change the schema: CREATE, ALTER, DROP. */
  static boolean changesSchema(String sql) {
    String keyword = refuseControl(sql);
    return keyword.equals("CREATE") || keyword.equals("ALTER") || keyword.equals("DROP");
  }

  private static void checkSingleStatement(String sql) {
    int i = 0;
    int n = sql.length();
    while (i < n) {
      char c = sql.charAt(i);
      if (c == '\'' || c == '"' || c == '`') {
        i = closing(sql, i + 1, c);
      } else if (c == '[') {
        i = closing(sql, i + 1, ']');
      } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-' || c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        i = skipSpaceAndComments(sql, i);
      } else if (c == ';') {
        if (skipSpaceAndComments(sql, i + 1) < n && !onlySemicolons(sql, i + 1)) {
          throw new DbException("only one SQL statement per call is allowed: " + abbreviate(sql));
        }
        return;
      } else {
        i++;
      }
    }
  }

  private static boolean onlySemicolons(String sql, int from) {
    int i = skipSpaceAndComments(sql, from);
    while (i < sql.length()) {
      if (sql.charAt(i) != ';') return false;
      i = skipSpaceAndComments(sql, i + 1);
    }
    return true;
  }

  private static int closing(String sql, int i, char quote) {
    while (i < sql.length()) {
      if (sql.charAt(i) == quote) {
        if (quote != ']' && i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
          i += 2;
          continue;
        }
        return i + 1;
      }
      i++;
    }
    return i;
  }

  private static int skipSpaceAndComments(String sql, int i) {
    int n = sql.length();
    while (i < n) {
      char c = sql.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        while (i < n && sql.charAt(i) != '\n') i++;
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        int end = sql.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 2;
      } else {
        break;
      }
    }
    return i;
  }

  static String abbreviate(String sql) {
    String s = sql.strip().replaceAll("\\s+", " ");
    return s.length() <= 120 ? s : s.substring(0, 117) + "...";
  }
}
