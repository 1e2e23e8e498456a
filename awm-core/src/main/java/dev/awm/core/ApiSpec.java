package dev.awm.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** An environment's API spec ({@code api_spec} of a {@code gen_spec.jsonl} row): groups of endpoints. */
public record ApiSpec(List<ApiGroup> groups) {
  public ApiSpec {
    groups = groups == null ? List.of() : List.copyOf(groups);
  }

  /** All endpoints of all groups, in spec order. */
  public List<Endpoint> endpoints() {
    List<Endpoint> out = new ArrayList<>();
    for (ApiGroup g : groups) out.addAll(g.endpoints());
    return List.copyOf(out);
  }

  /** The endpoint whose operation id is {@code operationId}, if any. */
  public Optional<Endpoint> endpoint(String operationId) {
    for (ApiGroup g : groups) {
      for (Endpoint e : g.endpoints()) if (e.operationId().equals(operationId)) return Optional.of(e);
    }
    return Optional.empty();
  }
}
