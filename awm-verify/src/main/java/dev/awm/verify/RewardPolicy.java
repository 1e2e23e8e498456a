package dev.awm.verify;

import java.util.EnumMap;
import java.util.Map;

/**
 * The reward value of each {@link RewardStatus}. The default gives 1.0 for complete and 0.0 for
 * everything else; trainers that want to tell infrastructure failures apart (for example to drop
 * those episodes) read {@link RewardOutcome#status()} rather than the number. Immutable.
 */
public final class RewardPolicy {
  private static final RewardPolicy DEFAULT = builder().build();

  private final Map<RewardStatus, Double> values;

  private RewardPolicy(Map<RewardStatus, Double> values) {
    this.values = values;
  }

  /** Complete 1.0, everything else 0.0. */
  public static RewardPolicy defaults() {
    return DEFAULT;
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** The reward of {@code status}. */
  public double value(RewardStatus status) {
    return values.get(status);
  }

  /** Builds a {@link RewardPolicy}; not thread-safe. */
  public static final class Builder {
    private final EnumMap<RewardStatus, Double> values = new EnumMap<>(RewardStatus.class);

    private Builder() {
      for (RewardStatus s : RewardStatus.values()) values.put(s, s == RewardStatus.COMPLETE ? 1.0 : 0.0);
    }

    /** Sets the reward of {@code status}. */
    public Builder value(RewardStatus status, double reward) {
      if (Double.isNaN(reward)) throw new IllegalArgumentException("reward of " + status + " is NaN");
      values.put(status, reward);
      return this;
    }

    public RewardPolicy build() {
      return new RewardPolicy(new EnumMap<>(values));
    }
  }
}
