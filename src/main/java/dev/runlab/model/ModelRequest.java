package dev.runlab.model;

import java.time.Duration;
import java.util.Objects;

/**
 * One request for one narrative: the rendered prompts and the attempt number (1 for the first
 * request ever sent for the narrative, counting across resumes). {@code narrativeText} is the
 * narrative alone, for the simulated model (which must not read the prompt's instructions as
 * evidence); API clients send only the prompts.
 */
public record ModelRequest(
    String narrativeId,
    String narrativeText,
    String system,
    String prompt,
    int attempt,
    Duration timeout) {
  public ModelRequest {
    Objects.requireNonNull(narrativeId, "narrativeId");
    Objects.requireNonNull(prompt, "prompt");
    Objects.requireNonNull(timeout, "timeout");
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be at least 1, was " + attempt);
    }
  }
}
