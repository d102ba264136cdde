package dev.runlab.experiment;

import java.util.Objects;

/**
 * The {@code prompt:} section: an optional system prompt and the user message template, whose
 * {@code {column}} placeholders are filled from the narrative's row (see {@link PromptTemplate}).
 */
public record PromptConfig(String system, String template) {
  public PromptConfig {
    Objects.requireNonNull(template, "template");
  }
}
