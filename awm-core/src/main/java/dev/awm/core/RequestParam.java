package dev.awm.core;

import dev.awm.core.internal.JsonValues;

/**
 * One request parameter of an endpoint, as in the reference spec format.
 *
 * @param type the declared type ({@code string}, {@code integer}, {@code float}, {@code boolean},
 *     {@code array}, {@code object}, or a common alias such as {@code int} or {@code str})
 * @param paramType where an HTTP server would read it: {@code query}, {@code path} or {@code body}
 * @param required whether a call must supply it
 * @param description what it means, for the agent
 * @param example an example value (a plain JSON value), or null
 */
public record RequestParam(String type, String paramType, boolean required, String description, Object example) {
  /**
   * Normalizes the components.
   *
   * @param type the declared type; null or blank becomes {@code string}
   * @param paramType where it is read; null becomes {@code query}
   * @param required whether a call must supply it
   * @param description the description; null becomes empty
   * @param example the example, copied as an immutable plain JSON value; may be null
   */
  public RequestParam {
    type = type == null || type.isBlank() ? "string" : type;
    paramType = paramType == null ? "query" : paramType;
    description = description == null ? "" : description;
    example = JsonValues.immutableValue(example);
  }
}
