package dev.runlab.experiment;

/**
 * One key of the experiment config, as listed by {@link ConfigLoader#describeKeys()} for the
 * README's config reference. Immutable.
 *
 * @param path the YAML path, e.g. {@code run.concurrency}
 * @param type what the value must be, e.g. {@code integer}, {@code one of sim, openai, anthropic}
 * @param defaultValue the default as text, {@code (required)} or {@code (none)}
 * @param description one line on what the key does
 */
public record ConfigKey(String path, String type, String defaultValue, String description) {}
