/**
 * Rewards: code-mode and sql-mode verifiers over the initial and final databases, an LLM judge's
 * interface, the gold replay, the cross-examination of verifiers, saved runs.
 */
module dev.awm.verify {
  requires transitive dev.awm.runtime;
  requires org.slf4j;

  exports dev.awm.verify;

  opens dev.awm.verify to tools.jackson.databind;
}
