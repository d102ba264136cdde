package dev.runlab.experiment;

import dev.runlab.ConfigException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Checks a composed YAML node tree against {@link Schema} and collects its values as {@link
 * Settings}: unknown keys, duplicate keys, non-standard tags, wrong types and values out of range
 * are errors naming the key path and line. Only the nodes the schema expects are visited, so a
 * document cannot make this walk large. Cross-key rules are {@link ConfigAssembler}'s. Not
 * thread-safe; used once.
 */
final class SettingsReader {
  private static final Set<Tag> PLAIN_TAGS =
      Set.of(
          Tag.STR,
          Tag.INT,
          Tag.FLOAT,
          Tag.BOOL,
          Tag.NULL,
          Tag.TIMESTAMP,
          Tag.MAP,
          Tag.SEQ,
          Tag.MERGE);
  private static final BigInteger INT_MAX = BigInteger.valueOf(Integer.MAX_VALUE);
  private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);
  private static final int SHOWN_CHARS = 60;

  private final String source;
  // Used only to read YAML 1.1 numbers (1_000, 0x1F, 1e3, .inf) out of scalars already tagged
  // int or float; it never constructs objects from the document.
  private final SafeConstructor numbers = new SafeConstructor(new LoaderOptions());
  private final Map<String, Settings.Entry> entries = new LinkedHashMap<>();

  private SettingsReader(String source) {
    this.source = source;
  }

  /**
   * Reads a document's root node.
   *
   * @param source the file name (or "the stored config") that messages name
   */
  static Settings read(String source, Node root) {
    SettingsReader reader = new SettingsReader(source);
    reader.checkTag(root);
    if (!(root instanceof MappingNode mapping)) {
      throw reader.fail(
          root,
          "the top level must be a mapping of keys such as name:, data: and prompt:, got "
              + describe(root),
          null);
    }
    reader.readSection("", mapping);
    return new Settings(source, reader.entries);
  }

  private void readSection(String section, MappingNode node) {
    Map<String, Integer> seen = new HashMap<>();
    for (NodeTuple tuple : node.getValue()) {
      Node keyNode = tuple.getKeyNode();
      checkTag(keyNode);
      if (!(keyNode instanceof ScalarNode scalar)) {
        throw fail(keyNode, "keys must be plain names, got " + describe(keyNode), null);
      }
      String name = scalar.getValue();
      String path = section.isEmpty() ? name : section + "." + name;
      Integer firstLine = seen.putIfAbsent(name, line(keyNode));
      if (firstLine != null) {
        throw fail(keyNode, path + " is given twice, first at line " + firstLine, "keep one");
      }
      SchemaKey key =
          Schema.find(path)
              .filter(k -> k.parent().equals(section))
              .orElseThrow(() -> unknownKey(section, name, keyNode));
      readValue(key, tuple.getValueNode(), line(keyNode));
    }
  }

  private void readValue(SchemaKey key, Node node, int line) {
    checkTag(node);
    if (isNull(node)) {
      if (!key.nullable() && !key.isSection()) {
        throw typeError(key, node);
      }
      boolean emptySection = key.isSection() && !key.nullable();
      entries.put(key.path(), new Settings.Entry(emptySection ? Settings.SECTION : null, line));
      return;
    }
    Object value =
        switch (key.type()) {
          case SECTION -> Settings.SECTION;
          case STRINGS -> strings(key, node);
          default -> scalar(key, node);
        };
    entries.put(key.path(), new Settings.Entry(value, line));
    if (key.isSection()) {
      if (!(node instanceof MappingNode mapping)) {
        throw typeError(key, node);
      }
      readSection(key.path(), mapping);
    }
  }

  private List<String> strings(SchemaKey key, Node node) {
    if (!(node instanceof SequenceNode sequence)) {
      throw typeError(key, node);
    }
    List<String> values = new ArrayList<>();
    for (Node item : sequence.getValue()) {
      checkTag(item);
      if (!(item instanceof ScalarNode scalar) || isNull(item)) {
        throw fail(item, key.path() + " must hold only strings, got " + describe(item), null);
      }
      String text = scalar.getValue();
      if (text.isBlank()) {
        throw fail(item, key.path() + " must not hold an empty string", null);
      }
      if (values.contains(text)) {
        throw fail(item, key.path() + " lists '" + text + "' twice", "keep one");
      }
      values.add(text);
    }
    return List.copyOf(values);
  }

  private Object scalar(SchemaKey key, Node node) {
    if (!(node instanceof ScalarNode scalar)) {
      throw typeError(key, node);
    }
    String text = scalar.getValue();
    return switch (key.type()) {
      case INT, LONG -> integer(key, scalar);
      case NUMBER -> number(key, scalar);
      case BOOLEAN -> bool(key, scalar);
      case CHOICE -> choice(key, scalar);
      default -> {
        if (text.isBlank()) {
          throw fail(node, key.path() + " must not be empty", null);
        }
        yield text;
      }
    };
  }

  private Long integer(SchemaKey key, ScalarNode node) {
    if (!node.getTag().equals(Tag.INT)) {
      throw typeError(key, node);
    }
    BigInteger value = new BigInteger(numbers.new ConstructYamlInt().construct(node).toString());
    BigInteger max = key.type() == SchemaKey.Type.INT ? INT_MAX : LONG_MAX;
    if (value.compareTo(max) > 0 || value.compareTo(max.negate()) < 0) {
      throw fail(node, key.path() + " must be at most " + max + ", got " + describe(node), null);
    }
    checkRange(key, node, value.doubleValue());
    return value.longValue();
  }

  private Double number(SchemaKey key, ScalarNode node) {
    Tag tag = node.getTag();
    if (!tag.equals(Tag.INT) && !tag.equals(Tag.FLOAT)) {
      throw typeError(key, node);
    }
    Object parsed =
        tag.equals(Tag.INT)
            ? numbers.new ConstructYamlInt().construct(node)
            : numbers.new ConstructYamlFloat().construct(node);
    double value = ((Number) parsed).doubleValue();
    if (!Double.isFinite(value)) {
      throw fail(node, key.path() + " must be a finite number, got " + describe(node), null);
    }
    checkRange(key, node, value);
    return value;
  }

  private Boolean bool(SchemaKey key, ScalarNode node) {
    String text = node.getValue();
    boolean plain = node.getTag().equals(Tag.BOOL);
    if (plain && (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false"))) {
      return Boolean.valueOf(text);
    }
    throw typeError(key, node);
  }

  private String choice(SchemaKey key, ScalarNode node) {
    String text = node.getValue();
    if (key.choices().contains(text)) {
      return text;
    }
    Optional<String> hint =
        DidYouMean.closest(text, key.choices()).map(c -> "did you mean " + c + "?");
    throw fail(
        node,
        key.path()
            + " must be one of "
            + String.join(", ", key.choices())
            + ", got "
            + describe(node),
        hint.orElse(null));
  }

  private void checkRange(SchemaKey key, Node node, double value) {
    boolean tooLow = key.min() != null && value < key.min();
    boolean tooHigh = key.max() != null && value > key.max();
    if (!tooLow && !tooHigh) {
      return;
    }
    String limits =
        key.max() == null || key.max() >= Integer.MAX_VALUE
            ? "at least " + plain(key.min())
            : "between " + plain(key.min()) + " and " + plain(key.max());
    throw fail(node, key.path() + " must be " + limits + ", got " + node(node), null);
  }

  private void checkTag(Node node) {
    Tag tag = node.getTag();
    if (!PLAIN_TAGS.contains(tag)) {
      throw fail(
          node,
          "the tag " + ConfigLoader.shortTag(tag.getValue()) + " is not allowed",
          ConfigLoader.PLAIN_ONLY);
    }
  }

  private ConfigException unknownKey(String section, String name, Node keyNode) {
    String path = section.isEmpty() ? name : section + "." + name;
    List<String> allowed = Schema.children(section).stream().map(SchemaKey::name).toList();
    String where = section.isEmpty() ? "at the top level" : "under " + section;
    StringBuilder hint = new StringBuilder();
    if (name.equals("<<")) {
      hint.append("YAML merge keys are not supported, write the keys out; ");
    }
    if (Schema.find(path).isPresent()) {
      hint.append("write it as nested keys, each on its own indented line; ");
    }
    DidYouMean.closest(name, allowed)
        .map(close -> section.isEmpty() ? close : section + "." + close)
        .or(
            () ->
                Schema.KEYS.stream()
                    .filter(k -> k.name().equals(name))
                    .map(SchemaKey::path)
                    .findFirst())
        .ifPresent(close -> hint.append("did you mean ").append(close).append("? "));
    hint.append("keys allowed ").append(where).append(": ").append(String.join(", ", allowed));
    return fail(keyNode, "unknown key " + path, hint.toString());
  }

  private ConfigException typeError(SchemaKey key, Node node) {
    String expected =
        switch (key.type()) {
          case INT, LONG -> "an integer";
          case NUMBER -> "a number";
          case BOOLEAN -> "true or false";
          case STRINGS -> "a list of strings, e.g. [positive, negative]";
          case SECTION -> "a mapping with keys such as " + childNames(key);
          default -> "a string";
        };
    return fail(node, key.path() + " must be " + expected + ", got " + describe(node), null);
  }

  private static String childNames(SchemaKey section) {
    List<String> names = Schema.children(section.path()).stream().map(SchemaKey::name).toList();
    return String.join(", ", names.subList(0, Math.min(3, names.size())));
  }

  private ConfigException fail(Node node, String message, String hint) {
    return Settings.problem(source, line(node), message, hint, null);
  }

  private static boolean isNull(Node node) {
    return node.getTag().equals(Tag.NULL);
  }

  private static int line(Node node) {
    return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
  }

  /** The value as shown in a message: quoted text, shortened, or what kind of node it is. */
  private static String describe(Node node) {
    if (node instanceof MappingNode) {
      return "a mapping";
    }
    if (node instanceof SequenceNode) {
      return "a list";
    }
    if (isNull(node)) {
      return "an empty value";
    }
    return node(node);
  }

  private static String node(Node node) {
    String text = ((ScalarNode) node).getValue();
    return "'"
        + (text.length() > SHOWN_CHARS ? text.substring(0, SHOWN_CHARS) + "..." : text)
        + "'";
  }

  private static String plain(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
  }
}
