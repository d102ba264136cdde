package dev.runlab.experiment;

import dev.runlab.ConfigException;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Loads an experiment config from YAML, safely and strictly: the document is only composed into a
 * node tree (no objects are constructed from it), aliases and size are limited, tags other than the
 * standard ones are refused, and every key is checked against one schema table. Each problem is a
 * {@link ConfigException} (exit code 2) naming the file, the key path and the line. Stateless and
 * thread-safe.
 */
public final class ConfigLoader {
  /** The largest config accepted, in code points (checked first in bytes: four per code point). */
  static final int MAX_CODE_POINTS = 1_000_000;

  static final int MAX_COLLECTION_ALIASES = 20;
  // the schema is three levels deep; lists of labels add one
  private static final int MAX_NESTING_DEPTH = 10;
  private static final String GLOBAL_TAG_PROBLEM = "Global tag is not allowed: ";
  static final String PLAIN_ONLY =
      "a config holds only plain text, numbers, true/false, lists and mappings: remove the tag";

  private ConfigLoader() {}

  /**
   * Loads and validates a YAML config file; relative paths ({@code data}, {@code db}) resolve
   * against the file's folder. Any problem: a {@link ConfigException} (exit code 2) naming the
   * file, the key path (e.g. {@code run.concurrency}) and the line.
   */
  public static ExperimentConfig load(Path yamlFile) {
    String source = yamlFile.toString();
    Node root = compose(source, read(yamlFile));
    if (root == null) {
      throw new ConfigException(
          source
              + ": the file is empty; a config needs at least name:, data: and prompt: with template:");
    }
    Settings settings = SettingsReader.read(source, root);
    Path baseDir = yamlFile.toAbsolutePath().normalize().getParent();
    return new ConfigAssembler(settings, baseDir).assemble();
  }

  /** Every config key in config order, with its type, default and a one-line description. */
  public static List<ConfigKey> describeKeys() {
    return Schema.KEYS.stream()
        .map(k -> new ConfigKey(k.path(), k.typeText(), k.defaultDescription(), k.description()))
        .toList();
  }

  /** {@link #describeKeys()} as a Markdown table (key, type, default, description). */
  public static String describeKeysAsMarkdown() {
    StringBuilder table = new StringBuilder("| key | type | default | description |\n");
    table.append("|---|---|---|---|\n");
    for (ConfigKey key : describeKeys()) {
      table
          .append("| `")
          .append(key.path())
          .append("` | ")
          .append(key.type())
          .append(" | ")
          .append(key.defaultValue())
          .append(" | ")
          .append(key.description().replace("|", "\\|"))
          .append(" |\n");
    }
    return table.toString();
  }

  private static String read(Path file) {
    try {
      if (Files.size(file) > 4L * MAX_CODE_POINTS) {
        throw new ConfigException(
            file
                + ": too large for a config ("
                + Files.size(file)
                + " bytes); is it the data file?");
      }
      String text = Files.readString(file, StandardCharsets.UTF_8);
      // SnakeYAML's own code point limit does not count comments
      if (text.codePointCount(0, text.length()) > MAX_CODE_POINTS) {
        throw new ConfigException(
            file + ": too large for a config (over " + MAX_CODE_POINTS + " characters)");
      }
      return text.startsWith("\uFEFF") ? text.substring(1) : text;
    } catch (NoSuchFileException e) {
      throw new ConfigException(
          "config file " + file + " not found (looked for " + file.toAbsolutePath() + ")", e);
    } catch (CharacterCodingException e) {
      throw new ConfigException(file + ": not UTF-8 text; save it as UTF-8", e);
    } catch (IOException e) {
      throw new ConfigException("cannot read config file " + file + ": " + e.getMessage(), e);
    }
  }

  private static Node compose(String source, String text) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setMaxAliasesForCollections(MAX_COLLECTION_ALIASES);
    options.setAllowRecursiveKeys(false);
    options.setCodePointLimit(MAX_CODE_POINTS);
    options.setNestingDepthLimit(MAX_NESTING_DEPTH);
    try {
      return new Yaml(new SafeConstructor(options)).compose(new StringReader(text));
    } catch (MarkedYAMLException e) {
      throw syntaxError(source, e);
    } catch (YAMLException e) {
      // not marked: one of the limits above
      String hint =
          e.getMessage().contains("aliases")
              ? "; write the values out rather than through more than "
                  + MAX_COLLECTION_ALIASES
                  + " aliases"
              : "";
      throw new ConfigException(
          source + ": cannot be read as a config: " + e.getMessage() + hint, e);
    }
  }

  private static ConfigException syntaxError(String source, MarkedYAMLException e) {
    Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
    int line = mark == null ? 0 : mark.getLine() + 1;
    String problem = e.getProblem() == null ? e.getMessage() : e.getProblem();
    if (problem.startsWith(GLOBAL_TAG_PROBLEM)) {
      String tag = shortTag(problem.substring(GLOBAL_TAG_PROBLEM.length()));
      return Settings.problem(source, line, "the tag " + tag + " is not allowed", PLAIN_ONLY, e);
    }
    String context = e.getContext() == null ? "" : e.getContext() + ": ";
    return Settings.problem(
        source, line, "not valid YAML: " + context + problem, "fix the syntax", e);
  }

  /** A tag as written in YAML: {@code !!python/object} rather than its full URI. */
  static String shortTag(String tag) {
    return tag.startsWith(Tag.PREFIX) ? "!!" + tag.substring(Tag.PREFIX.length()) : tag;
  }
}
