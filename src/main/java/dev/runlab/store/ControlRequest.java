package dev.runlab.store;

import java.util.Locale;

/**
 * What another process asks of a running experiment, written to {@code experiments.control_request}
 * and read by the run's writer at its next commit.
 */
public enum ControlRequest {
  PAUSE,
  CANCEL;

  /** The stored text: {@code pause} or {@code cancel}. */
  public String dbValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The request of a stored value; null for none, a store error naming an unknown one. */
  static ControlRequest fromDb(long experimentId, String value) {
    if (value == null) {
      return null;
    }
    for (ControlRequest r : values()) {
      if (r.dbValue().equals(value)) {
        return r;
      }
    }
    throw new StoreException(
        "experiments.control_request of experiment "
            + experimentId
            + " is '"
            + value
            + "', which is neither pause nor cancel; set it with `runlab pause` or `runlab"
            + " cancel` only",
        null);
  }
}
