/**
 * The AWM data model (scenarios, tasks, schemas, API specs, tool and verifier code, reference
 * solutions) and the AWM file formats. {@code dev.awm.core.internal} is shared with the other awm
 * modules only.
 */
module dev.awm.core {
  requires transitive tools.jackson.databind;

  exports dev.awm.core;
  exports dev.awm.core.internal to dev.awm.runtime, dev.awm.verify, dev.awm.llm, dev.awm.mcp, dev.awm.junit, dev.awm.embeddings;

  opens dev.awm.core to tools.jackson.databind;
}
