/**
 * The runtime: an {@code Environment} compiled once, an {@code EnvironmentHandle} per episode with
 * its own SQLite database, generated code in a sandbox. {@code dev.awm.runtime.api} and
 * {@code dev.awm.verify.api} are what generated tool and verifier code sees. The internal package
 * is shared with the other awm modules, and with each class loader of generated code while it
 * lives (the calls the compiler inserts must link), never with users.
 */
module dev.awm.runtime {
  requires transitive dev.awm.core;
  requires transitive java.sql;
  requires java.management;
  requires jdk.management;
  requires org.xerial.sqlitejdbc;
  requires org.codehaus.janino;
  requires org.codehaus.commons.compiler;
  requires org.objectweb.asm;
  requires org.objectweb.asm.tree;
  requires org.slf4j;

  exports dev.awm.runtime;
  exports dev.awm.runtime.api;
  exports dev.awm.verify.api;
  exports dev.awm.runtime.internal to dev.awm.verify, dev.awm.llm, dev.awm.mcp;

  opens dev.awm.runtime to tools.jackson.databind;
  opens dev.awm.runtime.api to tools.jackson.databind;
}
