package dev.awm.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An environment's API spec ({@code api_spec} of a {@code gen_spec.jsonl} row): groups of endpoints,
 * one tool per endpoint.
 *
 * @param groups the endpoint groups, in spec order
 */
public record ApiSpec(List<ApiGroup> groups) {
  /**
   * Copies the groups.
   *
   * @param groups the groups; null means none
   */
  public ApiSpec {
    groups = groups == null ? List.of() : List.copyOf(groups);
  }

  /** {@return all endpoints of all groups, in spec order (an unmodifiable list)} */
  public List<Endpoint> endpoints() {
    List<Endpoint> out = new ArrayList<>();
    for (ApiGroup g : groups) out.addAll(g.endpoints());
    return List.copyOf(out);
  }

  /**
   * Finds an endpoint by the name of its tool.
   *
   * @param operationId the operation id (tool name) to look for, compared exactly
   * @return the first endpoint with that operation id, or empty if the spec has none
   */
  public Optional<Endpoint> endpoint(String operationId) {
    for (ApiGroup g : groups) {
      for (Endpoint e : g.endpoints()) if (e.operationId().equals(operationId)) return Optional.of(e);
    }
    return Optional.empty();
  }
}
