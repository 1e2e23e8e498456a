/** JUnit 5 support: environments, handles and verifiers injected into tests. */
module dev.awm.junit {
  requires transitive dev.awm.verify;
  requires transitive org.junit.jupiter.api;

  exports dev.awm.junit;

  opens dev.awm.junit to org.junit.platform.commons;
}
