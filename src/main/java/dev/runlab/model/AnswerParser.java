package dev.runlab.model;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runlab.experiment.ParseConfig;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns an answer text into a parsed label as the config's {@code parse:} section says, or explains
 * why it cannot. Thread-safe (immutable).
 */
public final class AnswerParser {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern FENCE =
      Pattern.compile("```(?:json)?\\s*(\\{.*?})\\s*```", Pattern.DOTALL);

  private final ParseConfig config;
  private final Pattern pattern;
  private final Map<String, String> labelsByNormalForm = new HashMap<>();

  public AnswerParser(ParseConfig config) {
    this.config = config;
    this.pattern =
        config.pattern() == null ? null : Pattern.compile(config.pattern(), Pattern.DOTALL);
    for (String label : config.labels()) {
      labelsByNormalForm.putIfAbsent(normalize(label), label);
    }
  }

  /** A parse result: the label, or the reason the answer does not parse. */
  public record Parsed(String label, String error) {
    public boolean ok() {
      return error == null;
    }
  }

  public Parsed parse(String text) {
    if (text == null || text.isBlank()) {
      return new Parsed(null, "empty answer");
    }
    return switch (config.type()) {
      case JSON -> checkLabel(jsonField(text.strip()));
      case LABEL -> checkLabel(new Parsed(text.strip(), null));
      case REGEX -> checkLabel(regex(text));
      case RAW -> new Parsed(text, null);
    };
  }

  private Parsed jsonField(String text) {
    if (text.startsWith("{")) {
      Parsed streamed = streamField(text);
      if (streamed != null) {
        return streamed;
      }
    }
    JsonNode node = readJsonObject(text);
    if (node == null) {
      return new Parsed(null, "answer is not a JSON object: " + excerpt(text));
    }
    JsonNode value = node.get(config.field());
    if (value == null || value.isNull()) {
      return new Parsed(null, "answer has no field '" + config.field() + "': " + excerpt(text));
    }
    return new Parsed(value.isValueNode() ? value.asText() : value.toString(), null);
  }

  /**
   * The field of an answer that is exactly one JSON object (what a model asked for JSON nearly
   * always sends), read as a stream of tokens without building the tree; null for any other text
   * (more than one value, a fence, prose around the object, malformed JSON), which the general path
   * below then reads. Gives what the general path would: the last of duplicate fields, a string as
   * its text, other values as the tree gives them.
   */
  private Parsed streamField(String text) {
    try (JsonParser p = JSON.createParser(text)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      String value = null;
      JsonToken t;
      for (t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
        boolean wanted = config.field().equals(p.currentName());
        JsonToken v = p.nextToken();
        if (!wanted) {
          p.skipChildren();
        } else if (v == JsonToken.VALUE_STRING) {
          value = p.getText();
        } else if (v == JsonToken.VALUE_NULL) {
          value = null;
        } else {
          JsonNode node = p.readValueAsTree();
          value = node.isValueNode() ? node.asText() : node.toString();
        }
      }
      if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
        return null;
      }
      return value != null
          ? new Parsed(value, null)
          : new Parsed(null, "answer has no field '" + config.field() + "': " + excerpt(text));
    } catch (IOException e) {
      return null; // not one well-formed object: the general path decides
    }
  }

  private static JsonNode readJsonObject(String text) {
    String candidate = text;
    if (text.contains("```")) {
      Matcher fence = FENCE.matcher(text);
      candidate = fence.find() ? fence.group(1) : text;
    }
    JsonNode node = tryRead(candidate);
    if (node == null) {
      int open = candidate.indexOf('{');
      int close = candidate.lastIndexOf('}');
      if (open >= 0 && close > open) {
        node = tryRead(candidate.substring(open, close + 1));
      }
    }
    return node != null && node.isObject() ? node : null;
  }

  private static JsonNode tryRead(String text) {
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  private Parsed regex(String text) {
    Matcher m = pattern.matcher(text);
    if (!m.find()) {
      return new Parsed(null, "answer does not match /" + config.pattern() + "/: " + excerpt(text));
    }
    return new Parsed((m.groupCount() >= 1 ? m.group(1) : m.group()).strip(), null);
  }

  /** Maps the label onto the configured labels (ignoring case and spaces vs underscores). */
  private Parsed checkLabel(Parsed parsed) {
    List<String> labels = config.labels();
    if (!parsed.ok() || labels.isEmpty()) {
      return parsed;
    }
    String label = labelsByNormalForm.get(normalize(parsed.label()));
    if (label != null) {
      return new Parsed(label, null);
    }
    return new Parsed(
        null, "label '" + excerpt(parsed.label()) + "' is not one of " + String.join(", ", labels));
  }

  /** Lower case, with runs of spaces and hyphens as one underscore: "Struck by" → "struck_by". */
  static String normalize(String label) {
    String lower = label.strip().toLowerCase(Locale.ROOT);
    StringBuilder out = new StringBuilder(lower.length());
    boolean gap = false;
    for (int i = 0; i < lower.length(); i++) {
      char c = lower.charAt(i);
      if (Character.isWhitespace(c) || c == '-') {
        gap = true;
        continue;
      }
      if (gap) {
        out.append('_');
        gap = false;
      }
      out.append(c);
    }
    return out.toString();
  }

  static String excerpt(String text) {
    String oneLine = text.strip().replaceAll("\\s+", " ");
    return oneLine.length() <= 80 ? oneLine : oneLine.substring(0, 79) + "…";
  }
}
