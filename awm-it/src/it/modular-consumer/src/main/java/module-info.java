/** A user's module: it reaches awm-java through the exported API only. */
module consumer {
  requires dev.awm.verify;
  requires dev.awm.llm;
  requires dev.awm.mcp;
  requires dev.awm.embeddings;
  requires java.compiler;

  exports consumer;
}
