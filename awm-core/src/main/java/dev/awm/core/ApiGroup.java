package dev.awm.core;

import java.util.List;

/** A named group of endpoints in an API spec. */
public record ApiGroup(String groupName, List<Endpoint> endpoints) {
  public ApiGroup {
    groupName = groupName == null ? "" : groupName;
    endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
  }
}
