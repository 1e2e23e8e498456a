/** What generated verifier code sees besides the database facade: {@link dev.awm.verify.api.Verdict}. */
package dev.awm.verify.api;
