package dev.runlab.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runlab.experiment.ModelConfig;
import dev.runlab.experiment.ModelConfig.FaultRates;
import dev.runlab.experiment.ParseConfig;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The simulated model ({@code provider: sim}): a keyword classifier that answers like an LLM, with
 * latency and faults, so that runs, retries and resumes can be shown and tested without an API key.
 * Deterministic: the answer is a function of the prompt text, the seed and the temperature; faults
 * are drawn from the text, the seed and the attempt number, so a retry can succeed. Thread-safe.
 */
final class SimulatedModel implements ModelClient {
  /** Labels used when the config lists none: mechanisms of injury. */
  static final List<String> BUILT_IN_LABELS =
      List.of(
          "fall",
          "struck_by",
          "motor_vehicle",
          "burn",
          "cut_pierce",
          "poisoning",
          "overexertion",
          "other");

  private static final Map<String, List<String>> KEYWORDS =
      Map.of(
          "fall", List.of("fell", "fall", "slipped", "tripped", "ladder", "stairs", "roof"),
          "struck_by",
              List.of("struck", "hit by", "hit in", "knocked", "falling object", "swung", "thrown"),
          "motor_vehicle",
              List.of("car", "vehicle", "truck", "collision", "crash", "driver", "motorcycle"),
          "burn", List.of("burn", "scald", "hot", "flame", "fire", "steam", "grease"),
          "cut_pierce", List.of("cut", "lacerat", "knife", "blade", "glass", "saw", "nail gun"),
          "poisoning", List.of("ingest", "swallow", "overdose", "poison", "bleach", "pills"),
          "overexertion", List.of("lifting", "strain", "sprain", "twist", "pulled", "heavy"));

  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(SimulatedModel::sha256);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ModelConfig config;
  private final List<String> labels;
  private final List<List<String>> keywords;
  private final Map<String, String> answers;
  private final Sleeper sleeper;
  private final SimGate gate;

  /**
   * @param gate holds requests until a test lets them go (see {@link SimGate}), or null
   */
  SimulatedModel(ModelConfig config, ParseConfig parse, Sleeper sleeper, SimGate gate) {
    this.config = config;
    this.labels = parse.labels().isEmpty() ? BUILT_IN_LABELS : parse.labels();
    this.keywords = labels.stream().map(SimulatedModel::keywordsOf).toList();
    this.answers = new HashMap<>();
    labels.forEach(label -> answers.put(label, answerText(parse, label)));
    this.sleeper = sleeper;
    this.gate = gate;
  }

  @Override
  public String describe() {
    return config.name() + " (simulated model, seed " + seed() + ")";
  }

  private long seed() {
    return config.seed() == null ? 0 : config.seed();
  }

  @Override
  public ModelReply send(ModelRequest request) throws InterruptedException {
    if (gate != null) {
      gate.pass();
    }
    long latency = config.latencyMs();
    sleeper.sleep(Duration.ofMillis(latency));
    String text = request.narrativeText();
    ModelReply fault = fault(text, request.attempt(), latency);
    if (fault != null) {
      return fault;
    }
    String label = classify(text, request.attempt());
    int promptTokens =
        1
            + (request.prompt().length()
                    + (request.system() == null ? 0 : request.system().length()))
                / 4;
    String answer = answers.get(label);
    return ModelReply.answer(answer, "stop", promptTokens, 1 + answer.length() / 4, latency);
  }

  private ModelReply fault(String text, int attempt, long latency) {
    FaultRates f = config.faults();
    if (f.rateLimit() + f.serverError() + f.timeout() + f.badOutput() <= 0) {
      return null; // no faults configured: no draw (a hash of the text) to make
    }
    double u = draw(text, "fault", attempt);
    double edge = f.rateLimit();
    if (u < edge) {
      return ModelReply.failure(
          ErrorCategory.RATE_LIMITED,
          "simulated rate limit (too many requests)",
          Duration.ofMillis(200),
          429,
          latency);
    }
    if (u < (edge += f.serverError())) {
      return ModelReply.failure(
          ErrorCategory.SERVER_ERROR, "simulated internal server error", null, 500, latency);
    }
    if (u < (edge += f.timeout())) {
      return ModelReply.failure(
          ErrorCategory.TIMEOUT, "simulated timeout: no answer in time", null, null, latency);
    }
    if (u < edge + f.badOutput()) {
      return ModelReply.answer(
          "I think this narrative is about an injury, but I am not sure which kind.",
          "stop",
          1 + text.length() / 4,
          18,
          latency);
    }
    return null;
  }

  /** The answer that names {@code label}, as the config asks for it (made once per label). */
  private static String answerText(ParseConfig parse, String label) {
    return switch (parse.type()) {
      case LABEL, RAW -> label;
      case JSON -> json(parse.field(), label);
      case REGEX -> "Label: " + label;
    };
  }

  /** {"field": "label"}, escaped by Jackson: a label or field with quotes stays one JSON string. */
  private static String json(String field, String label) {
    ObjectNode answer = JSON.createObjectNode();
    answer.put(field, label);
    try {
      return JSON.writeValueAsString(answer);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON object of one string cannot fail to write", e);
    }
  }

  /** The label whose keywords occur most often; ties and no match are broken by the seed. */
  String classify(String text, int attempt) {
    String lower = text.toLowerCase(Locale.ROOT);
    List<String> best = new ArrayList<>();
    int bestScore = 0;
    for (int i = 0; i < labels.size(); i++) {
      String label = labels.get(i);
      int score = score(lower, keywords.get(i));
      if (score > bestScore) {
        best.clear();
        bestScore = score;
      }
      if (score == bestScore && score > 0) {
        best.add(label);
      }
    }
    // temperature > 0: sometimes a different answer, drawn per attempt
    if (config.temperature() > 0
        && draw(text, "temperature", attempt) < config.temperature() * 0.2) {
      return labels.get((int) (draw(text, "pick", attempt) * labels.size()));
    }
    if (best.isEmpty()) {
      return fallback(text);
    }
    return best.size() == 1 ? best.get(0) : best.get((int) (draw(text, "tie", 0) * best.size()));
  }

  private String fallback(String text) {
    for (String label : labels) {
      if (AnswerParser.normalize(label).equals("other")) {
        return label;
      }
    }
    return labels.get((int) (draw(text, "fallback", 0) * labels.size()));
  }

  /** The built-in keywords of a label, and the words of its name. */
  private static List<String> keywordsOf(String label) {
    String key = AnswerParser.normalize(label);
    List<String> words = new ArrayList<>(KEYWORDS.getOrDefault(key, List.of()));
    for (String part : key.split("_")) {
      if (part.length() > 2 && !words.contains(part)) {
        words.add(part);
      }
    }
    return List.copyOf(words);
  }

  private static int score(String lowerText, List<String> words) {
    int score = 0;
    for (String word : words) {
      for (int i = lowerText.indexOf(word); i >= 0; i = lowerText.indexOf(word, i + 1)) {
        score++;
      }
    }
    return score;
  }

  /** A uniform number in [0, 1) determined by the text, the seed, a purpose and the attempt. */
  private double draw(String text, String purpose, int attempt) {
    MessageDigest sha = SHA256.get();
    sha.update(
        (seed() + "\u0000" + purpose + "\u0000" + attempt + "\u0000")
            .getBytes(StandardCharsets.UTF_8));
    byte[] digest = sha.digest(text.getBytes(StandardCharsets.UTF_8));
    return (ByteBuffer.wrap(digest).getLong() >>> 11) * 0x1.0p-53;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
