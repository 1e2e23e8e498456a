package dev.awm.core;

import java.util.List;

/**
 * A named group of endpoints in an API spec.
 *
 * @param groupName the group's name as written in the spec (for example {@code "Orders"})
 * @param endpoints the group's endpoints, in spec order
 */
public record ApiGroup(String groupName, List<Endpoint> endpoints) {
  /**
   * Normalizes the components.
   *
   * @param groupName the name; null becomes empty
   * @param endpoints the endpoints, copied; null means none
   */
  public ApiGroup {
    groupName = groupName == null ? "" : groupName;
    endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
  }
}
