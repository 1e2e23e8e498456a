package dev.awm.runtime;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The JSON type of a tool parameter, as the API spec names it. */
public enum ParamType {
  /** A JSON string. */
  STRING,
  /** A JSON number without a fraction. */
  INTEGER,
  /** Any JSON number. */
  NUMBER,
  /** {@code true} or {@code false}. */
  BOOLEAN,
  /** A JSON array. */
  ARRAY,
  /** A JSON object. */
  OBJECT;

  /** {@return the name in the spec: {@code string}, {@code integer}, } */
  public String specName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The type named {@code name} in a spec (case-insensitive).
   *
   * @param name the name in a spec ({@code string}, {@code integer}, ...), any case, surrounding blanks
   *     ignored
   * @return the type
   * @throws IllegalArgumentException naming the types there are, for any other name (a typo such as
   *     {@code "strng"} is an error, not a parameter that accepts anything)
   */
  public static ParamType of(String name) {
    for (ParamType t : values()) if (t.specName().equalsIgnoreCase(name == null ? "" : name.strip())) return t;
    throw new IllegalArgumentException("unknown parameter type '" + name + "'; use one of "
        + Arrays.stream(values()).map(ParamType::specName).collect(Collectors.joining(", ")));
  }
}
