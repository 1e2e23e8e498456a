package dev.awm.core;

import dev.awm.core.internal.JsonValues;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One endpoint of an API spec; its {@code operationId} is the tool's name.
 *
 * @param path the HTTP path (for example {@code /api/products/{id}})
 * @param method the HTTP method
 * @param summary a one-line summary
 * @param description a longer description for the agent
 * @param operationId the unique snake_case identifier that names the tool
 * @param tags grouping tags
 * @param requestParams the parameters by name, in declaration order
 * @param response the response shape as written in the spec (plain JSON values)
 * @param requiredTables the tables the endpoint reads or writes
 * @param requiredFields the fields it uses, by table
 */
public record Endpoint(
    String path,
    String method,
    String summary,
    String description,
    String operationId,
    List<String> tags,
    Map<String, RequestParam> requestParams,
    Object response,
    List<String> requiredTables,
    Map<String, List<String>> requiredFields) {
  /**
   * Checks and normalizes the components; collections are copied and made unmodifiable.
   *
   * @param path the HTTP path; null becomes empty
   * @param method the HTTP method; null becomes {@code GET}
   * @param summary the summary; null becomes empty
   * @param description the description; null becomes empty
   * @param operationId the tool's name; not null
   * @param tags the tags; null means none
   * @param requestParams the parameters by name, order kept; null means none
   * @param response the response shape, copied as an immutable plain JSON value
   * @param requiredTables the tables; null means none
   * @param requiredFields the fields by table; null means none
   * @throws NullPointerException if {@code operationId} is null
   */
  public Endpoint {
    Objects.requireNonNull(operationId, "operationId");
    path = path == null ? "" : path;
    method = method == null ? "GET" : method;
    summary = summary == null ? "" : summary;
    description = description == null ? "" : description;
    tags = tags == null ? List.of() : List.copyOf(tags);
    requestParams = requestParams == null
        ? Map.of()
        : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(requestParams));
    response = JsonValues.immutableValue(response);
    requiredTables = requiredTables == null ? List.of() : List.copyOf(requiredTables);
    Map<String, List<String>> fields = new LinkedHashMap<>();
    if (requiredFields != null) requiredFields.forEach((k, v) -> fields.put(k, List.copyOf(v)));
    requiredFields = java.util.Collections.unmodifiableMap(fields);
  }
}
