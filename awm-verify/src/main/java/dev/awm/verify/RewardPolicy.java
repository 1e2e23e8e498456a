package dev.awm.verify;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The reward value of each {@link RewardStatus}. The default gives 1.0 for complete and 0.0 for
 * everything else; trainers that want to tell infrastructure failures apart (for example to drop
 * those episodes) read {@link RewardOutcome#status()} rather than the number. Immutable.
 *
 * <p>Presets by name ({@link #parse}): {@code default}, and {@code openenv}, the values of the
 * OpenEnv AWM environment: complete 1.0, incomplete 0.1, format error -1.0. A format error is
 * {@link RewardStatus#AGENT_ERROR} (the agent's run broke: unreadable calls, no final answer within
 * its step budget); the statuses that say nothing about the agent (verifier, environment and model
 * errors, an episode SQLite reset) stay 0.0 there, to be dropped by status.
 */
public final class RewardPolicy {
  private static final RewardPolicy DEFAULT = builder().build();
  private static final RewardPolicy OPENENV = builder().value(RewardStatus.INCOMPLETE, 0.1).value(RewardStatus.AGENT_ERROR, -1.0).build();
  /** The name {@link #parse} accepts for {@link RewardStatus#AGENT_ERROR}, as OpenEnv calls it. */
  public static final String FORMAT_ERROR = "format_error";

  private final Map<RewardStatus, Double> values;

  private RewardPolicy(Map<RewardStatus, Double> values) {
    this.values = values;
  }

  /**
   * Complete 1.0, everything else 0.0.
   *
   * @return the default policy: complete 1.0, everything else 0.0
   */
  public static RewardPolicy defaults() {
    return DEFAULT;
  }

  /**
   * The OpenEnv AWM environment's values: complete 1.0, incomplete 0.1, agent (format) error -1.0, others
   * 0.0.
   *
   * @return the OpenEnv preset
   */
  public static RewardPolicy openEnv() {
    return OPENENV;
  }

  /**
   * A policy from its text: a preset ({@code default}, {@code openenv}), a comma-separated list of
   * {@code status=value} ({@code complete=1,incomplete=0.1,format_error=-1}; statuses not named
   * keep the default's value), or a preset followed by such values ({@code openenv,incomplete=0}).
   * A status is a {@link RewardStatus} in lower case, or {@value #FORMAT_ERROR} for
   * {@code agent_error}.
   *
   * @param text a preset, {@code status=value} pairs, or both
   * @return the policy
   * @throws IllegalArgumentException naming what cannot be read and what is accepted
   */
  public static RewardPolicy parse(String text) {
    if (text == null || text.isBlank()) throw new IllegalArgumentException("empty reward map; give default, openenv or status=value,...");
    String[] items = text.split(",");
    Builder b = builder();
    for (int i = 0; i < items.length; i++) {
      String item = items[i].trim();
      int eq = item.indexOf('=');
      if (eq < 0) {
        if (i > 0) throw new IllegalArgumentException("reward map '" + text + "': a preset can only come first, got '" + item + "'");
        b = preset(item).toBuilder();
        continue;
      }
      RewardStatus status = status(item.substring(0, eq).trim(), text);
      try {
        b.value(status, Double.parseDouble(item.substring(eq + 1).trim()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("reward map '" + text + "': '" + item + "' needs a number after '='", e);
      }
    }
    return b.build();
  }

  private static RewardPolicy preset(String name) {
    switch (name.toLowerCase(Locale.ROOT)) {
      case "default":
        return DEFAULT;
      case "openenv":
        return OPENENV;
      default:
        throw new IllegalArgumentException("no reward map preset '" + name + "'; presets: default, openenv (or give status=value,...)");
    }
  }

  private static RewardStatus status(String name, String text) {
    String n = name.toLowerCase(Locale.ROOT);
    if (n.equals(FORMAT_ERROR)) return RewardStatus.AGENT_ERROR;
    for (RewardStatus s : RewardStatus.values()) if (s.name().toLowerCase(Locale.ROOT).equals(n)) return s;
    throw new IllegalArgumentException("reward map '" + text + "': no status '" + name + "'; statuses: " + DEFAULT.labels().keySet()
        + " (" + FORMAT_ERROR + " is agent_error)");
  }

  /**
   * Every status's value by its lower-case name, in {@link RewardStatus} order.
   *
   * @return an ordered map from lower-case status name to reward
   */
  public Map<String, Double> labels() {
    Map<String, Double> out = new LinkedHashMap<>();
    for (RewardStatus s : RewardStatus.values()) out.put(s.name().toLowerCase(Locale.ROOT), values.get(s));
    return out;
  }

  private Builder toBuilder() {
    Builder b = new Builder();
    b.values.putAll(values);
    return b;
  }

  /**
   * A builder starting from the defaults.
   *
   * @return a new builder whose values are the default policy's
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The reward of {@code status}.
   *
   * @param status the status
   * @return its reward under this policy
   */
  public double value(RewardStatus status) {
    return values.get(status);
  }

  /** Builds a {@link RewardPolicy}; not thread-safe. */
  public static final class Builder {
    private final EnumMap<RewardStatus, Double> values = new EnumMap<>(RewardStatus.class);

    private Builder() {
      for (RewardStatus s : RewardStatus.values()) values.put(s, s == RewardStatus.COMPLETE ? 1.0 : 0.0);
    }

    /**
     * Sets the reward of {@code status}.
     *
     * @param status the status to value
     * @param reward its reward; not NaN
     * @return this builder
     * @throws IllegalArgumentException if {@code reward} is NaN
     */
    public Builder value(RewardStatus status, double reward) {
      if (Double.isNaN(reward)) throw new IllegalArgumentException("reward of " + status + " is NaN");
      values.put(status, reward);
      return this;
    }

    /** {@return a policy with the values set so far; the builder may be used again} */
    public RewardPolicy build() {
      return new RewardPolicy(new EnumMap<>(values));
    }
  }
}
