package dev.awm.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Locale;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;

/**
 * The cost of get_product's query in sqlite-jdbc, for a comparison with the SQLite the FastAPI
 * baseline runs on ({@code baseline/query_cost.py}, Python's sqlite3 module): N in-memory copies of
 * the database, each opened as the runtime opens a handle's (deserialized), the query prepared once
 * per copy and run on the copies in turn for a fixed time. Each run is a bind and the query's step
 * to its row, the engine's work; neither side reads the row (Python's {@code execute} also steps
 * to the first row, and its statement is reset when the cursor goes).
 *
 * <pre>java -cp benchmarks.jar dev.awm.bench.QueryCost DB_FILE COPIES SECONDS</pre>
 *
 * Prints one line of JSON as query_cost.py does. {@code baseline/query_cost.sh} runs both in turn.
 */
public final class QueryCost {
  private QueryCost() {}

  public static void main(String[] args) throws Exception {
    byte[] image = Files.readAllBytes(Path.of(args[0]));
    int copies = Integer.parseInt(args[1]);
    double seconds = Double.parseDouble(args[2]);
    PreparedStatement[] statements = new PreparedStatement[copies];
    for (int i = 0; i < copies; i++) {
      SQLiteConfig config = new SQLiteConfig();
      config.setGetGeneratedKeys(false);
      SQLiteConnection c = (SQLiteConnection) config.createConnection("jdbc:sqlite::memory:");
      c.deserialize("main", image);
      statements[i] = c.prepareStatement(CallToolBench.JOIN_SQL); // as baseline/get_product.py has it
      run(statements[i], 1); // warm: the schema read, the pages in the cache
    }
    for (int warm = 0; warm < 200_000; warm++) run(statements[warm % copies], warm % 10 + 1); // the JIT
    long n = 0;
    long start = System.nanoTime();
    long end = start + (long) (seconds * 1e9);
    while (System.nanoTime() < end) {
      for (int k = 0; k < 1000; k++, n++) run(statements[(int) (n % copies)], n % 10 + 1);
    }
    double us = (System.nanoTime() - start) / 1e3 / n;
    String version = statements[0].getConnection().getMetaData().getDatabaseProductVersion();
    System.out.printf(Locale.ROOT, "{\"driver\": \"sqlite-jdbc\", \"sqlite\": \"%s\", \"copies\": %d, \"us_per_query\": %.3f}%n",
        version, copies, us);
  }

  private static void run(PreparedStatement ps, long id) throws SQLException {
    ps.setLong(1, id);
    if (!ps.execute()) throw new IllegalStateException("no result set for product " + id);
  }
}
