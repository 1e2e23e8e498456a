package dev.awm.runtime;

import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The JSON Schema type of a spec parameter, from the spec's loose type names. */
enum JsonType {
  STRING("string"), INTEGER("integer"), NUMBER("number"), BOOLEAN("boolean"), ARRAY("array"), OBJECT("object"),
  /** A type the spec names but JSON Schema has no word for: any value is accepted. */
  ANY(null);

  final String schemaName;

  JsonType(String schemaName) {
    this.schemaName = schemaName;
  }

  /** Maps {@code int}, {@code float}, {@code str}, {@code list[...]}, {@code datetime}, ... to a JSON type. */
  static JsonType of(String specType) {
    String t = specType == null ? "" : specType.trim().toLowerCase(Locale.ROOT);
    if (t.startsWith("array") || t.startsWith("list")) return ARRAY;
    if (t.startsWith("optional[")) t = t.substring(9, t.length() - (t.endsWith("]") ? 1 : 0));
    switch (t) {
      case "string": case "str": case "text": case "date": case "datetime": case "date-time": case "time":
      case "email": case "uuid": case "enum": case "":
        return STRING;
      case "integer": case "int": case "long": case "bigint":
        return INTEGER;
      case "number": case "float": case "double": case "decimal": case "real": case "numeric":
        return NUMBER;
      case "boolean": case "bool":
        return BOOLEAN;
      case "object": case "dict": case "map": case "json":
        return OBJECT;
      default:
        return ANY;
    }
  }

  /**
   * The value in this type's canonical form (integers as Long, numbers as Double or Long), or
   * null when {@code v} does not have this type. An integral number is accepted for an integer.
   */
  Object coerce(Object v) {
    switch (this) {
      case STRING:
        return v instanceof String ? v : null;
      case INTEGER:
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) return ((Number) v).longValue();
        if (v instanceof BigInteger) return beyondLong(v) ? null : (Object) ((BigInteger) v).longValue();
        if (v instanceof Number) {
          double d = ((Number) v).doubleValue();
          return d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 9.0e15 ? (Object) (long) d : null;
        }
        return null;
      case NUMBER:
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) return ((Number) v).longValue();
        return v instanceof Number ? (Object) ((Number) v).doubleValue() : null;
      case BOOLEAN:
        return v instanceof Boolean ? v : null;
      case ARRAY:
        return v instanceof List ? v : null;
      case OBJECT:
        return v instanceof Map ? v : null;
      default:
        return v;
    }
  }

  /** Whether {@code v} is an integer outside the range of {@code long} (which an integer argument is bound as). */
  static boolean beyondLong(Object v) {
    return v instanceof BigInteger && ((BigInteger) v).bitLength() > 63;
  }

  /** How a value is named in an error message. */
  static String describe(Object v) {
    if (v == null) return "null";
    if (v instanceof String) return "string \"" + abbreviate((String) v) + "\"";
    if (v instanceof Boolean) return "boolean " + v;
    if (v instanceof Number) return "number " + ArgumentValues.echo(v.toString());
    if (v instanceof List) return "array";
    if (v instanceof Map) return "object";
    return v.getClass().getSimpleName();
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 37) + "...";
  }
}
