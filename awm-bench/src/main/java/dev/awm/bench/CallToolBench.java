package dev.awm.bench;

import dev.awm.core.EnvironmentDefinition;
import dev.awm.core.internal.JsonValues;
import dev.awm.core.ToolCode;
import dev.awm.runtime.Environment;
import dev.awm.runtime.EnvironmentHandle;
import dev.awm.runtime.Isolation;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.sqlite.SQLiteConnection;

/**
 * A read tool through {@code callTool()} (argument check, Janino-compiled tool, savepoint
 * discipline, JSON result) against the same SQL run directly over JDBC on the same kind of
 * database, in one run. {@code callTool} uses the default isolation ({@link Isolation#WORKER_THREAD}),
 * where this tool, which cannot get stuck in a library call, runs on the calling thread;
 * {@code callToolOnWorker} calls a copy of it that names a {@code java.math} constant, which keeps
 * it on a sandbox worker (the hand-off); {@code callToolOnCallerThread} uses {@link Isolation#CALLER_THREAD}.
 */
public class CallToolBench extends MicroBench {
  private static final String SQL = "SELECT id, name, status, amount FROM t5 WHERE id = ?";
  /** The e_commerce starter's {@code get_product}: a four-table join with two correlated subqueries. */
  static final String JOIN_SQL = "SELECT p.id, p.sku, p.name, p.description, b.name AS brand, c.name AS category, pc.name AS parent_category, "
      + "p.price, p.stock, CASE WHEN p.stock > 0 AND p.status = 'active' THEN 1 ELSE 0 END AS in_stock, p.status, p.created_at, "
      + "(SELECT ROUND(AVG(r.rating), 2) FROM reviews r WHERE r.product_id = p.id) AS average_rating, "
      + "(SELECT COUNT(*) FROM reviews r WHERE r.product_id = p.id) AS review_count "
      + "FROM products p JOIN brands b ON b.id = p.brand_id JOIN categories c ON c.id = p.category_id "
      + "LEFT JOIN categories pc ON pc.id = c.parent_id WHERE p.id = ?";
  private EnvironmentHandle shop;
  private Connection rawShop;
  private PreparedStatement joinPs;
  private final Map<String, Object> productArgs = Map.of("product_id", 3L);
  private EnvironmentHandle handle;
  private EnvironmentHandle callerThreadHandle;
  private EnvironmentHandle workerHandle;
  private Connection raw;
  private PreparedStatement ps;
  private final Map<String, Object> args = Map.of("id", 3L);

  @Setup
  public void setUp() throws SQLException {
    Environment env = Environment.of(AwmSizedEnvironment.definition());
    handle = env.newHandle();
    callerThreadHandle = Environment.builder(AwmSizedEnvironment.definition()).isolation(Isolation.CALLER_THREAD).build().newHandle();
    workerHandle = Environment.of(onWorker(AwmSizedEnvironment.definition())).newHandle();
    raw = DriverManager.getConnection("jdbc:sqlite::memory:");
    ((SQLiteConnection) raw).deserialize("main", env.initialImage());
    ps = raw.prepareStatement(SQL);
    Environment shopEnv = Environment.of(dev.awm.core.StarterPack.load("e_commerce"));
    shop = shopEnv.newHandle();
    rawShop = DriverManager.getConnection("jdbc:sqlite::memory:");
    ((SQLiteConnection) rawShop).deserialize("main", shopEnv.initialImage());
    joinPs = rawShop.prepareStatement(JOIN_SQL);
  }

  @TearDown
  public void tearDown() throws SQLException {
    handle.close();
    callerThreadHandle.close();
    workerHandle.close();
    raw.close();
    shop.close();
    rawShop.close();
  }

  @Benchmark
  public Object callTool() {
    return handle.callTool("get_t5", args).content();
  }

  /** The same call, the tool run on the calling thread ({@link Isolation#CALLER_THREAD}). */
  @Benchmark
  public Object callToolOnCallerThread() {
    return callerThreadHandle.callTool("get_t5", args).content();
  }

  /** The same call, the tool kept on a sandbox worker thread (default isolation, a tool that names java.math). */
  @Benchmark
  public Object callToolOnWorker() {
    return workerHandle.callTool("get_t5", args).content();
  }

  /** {@code def} with get_t5 naming {@code BigDecimal.ZERO}: java.math is not known to return promptly, so it runs on a worker. */
  static EnvironmentDefinition onWorker(EnvironmentDefinition def) {
    String head = "public Object get_t5(Args a) {\n";
    String code = def.toolCode().source().replace(head, head + "    if (java.math.BigDecimal.ZERO.signum() != 0) return null;\n");
    return def.toBuilder().toolCode(ToolCode.java(code)).build();
  }

  /** The same query over JDBC, the row read into a map. */
  @Benchmark
  public Object rawJdbc() throws SQLException {
    return row(ps);
  }

  /** The same query over JDBC, the row read into a map and written as JSON (what an agent receives). */
  @Benchmark
  public Object rawJdbcToJson() throws SQLException {
    return JsonValues.write(row(ps));
  }

  /** The e_commerce starter's {@code get_product} through {@code callTool()} (default isolation). */
  @Benchmark
  public Object callToolJoin() {
    return shop.callTool("get_product", productArgs).content();
  }

  /** {@code get_product}'s SQL over JDBC, the row read into a map. */
  @Benchmark
  public Object rawJdbcJoin() throws SQLException {
    return row(joinPs);
  }

  private static Map<String, Object> row(PreparedStatement ps) throws SQLException {
    ps.setLong(1, 3L);
    try (ResultSet rs = ps.executeQuery()) {
      ResultSetMetaData md = rs.getMetaData();
      Map<String, Object> row = new LinkedHashMap<>();
      if (rs.next()) for (int i = 1; i <= md.getColumnCount(); i++) row.put(md.getColumnLabel(i), rs.getObject(i));
      return row;
    }
  }
}
