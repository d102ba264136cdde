package dev.runlab.cli;

import dev.runlab.RunlabException;
import dev.runlab.fake.FakeLlmOptions;
import dev.runlab.fake.FakeLlmServer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code runlab fake-llm}: a stand-in OpenAI/Anthropic server for dry runs, until Ctrl-C. */
@Command(
    name = "fake-llm",
    mixinStandardHelpOptions = true,
    description = {
      "Serve a stand-in OpenAI/Anthropic API on 127.0.0.1 to rehearse a run.",
      "It speaks OpenAI Chat Completions and Anthropic Messages, with latency, rate limits"
          + " announced as the providers announce them, sporadic 429s and faults: rehearse a run"
          + " before spending money.",
      "Prompts containing fake-llm:KIND force an answer (quota, not_found, bad_request,"
          + " context_length, truncated, refusal, server_error, overloaded, non_json, malformed,"
          + " error_in_200, rate_limited).",
      "It serves OpenAI's Files + Batches and Anthropic's Message Batches too, each batch ending"
          + " after --batch-seconds; in a batch, fake-llm:garbled cuts the request's result line"
          + " and fake-llm:batch_invalid makes the batch fail validation."
    })
final class FakeLlmCommand implements Callable<Integer> {
  @ParentCommand RootCommand root;

  @Option(names = "--port", paramLabel = "P", description = "port (default 8089; 0: any free)")
  int port = 8089;

  @Option(names = "--latency-ms", paramLabel = "MS", description = "latency of each answer")
  long latencyMs;

  @Option(names = "--rpm", paramLabel = "N", description = "requests per minute, then 429")
  int rpm;

  @Option(
      names = "--tpm",
      paramLabel = "N",
      description =
          "tokens per minute, then 429; counted as the provider counts them (openai style: prompt"
              + " + max_tokens; anthropic style: input tokens)")
  int tpm;

  @Option(
      names = "--output-tpm",
      paramLabel = "N",
      description =
          "anthropic style: output tokens per minute (max_tokens at admission, the answer's"
              + " tokens at the end)")
  int outputTpm;

  @Option(
      names = "--limit-style",
      paramLabel = "none|openai|anthropic",
      description =
          "announce the limits in every reply's headers as OpenAI (x-ratelimit-*) or Anthropic"
              + " (anthropic-ratelimit-*) does (default none)")
  String limitStyle = "none";

  @Option(
      names = "--burst-seconds",
      paramLabel = "S",
      description =
          "also enforce the limits over S seconds, as providers may (default 0: a minute's"
              + " bucket)")
  double burstSeconds;

  @Option(
      names = "--sporadic-429-rate",
      paramLabel = "P",
      description = "share answered 429 with retry-after: 1 while no limit is reached")
  double sporadic429;

  @Option(names = "--server-error-rate", paramLabel = "P", description = "share answered 500")
  double serverError;

  @Option(
      names = "--overloaded-rate",
      paramLabel = "P",
      description = "share answered 503 (OpenAI) / 529 (Anthropic)")
  double overloaded;

  @Option(names = "--timeout-rate", paramLabel = "P", description = "share never answered")
  double timeout;

  @Option(names = "--malformed-rate", paramLabel = "P", description = "share with broken JSON")
  double malformed;

  @Option(names = "--non-json-rate", paramLabel = "P", description = "share answered with HTML")
  double nonJson;

  @Option(
      names = "--api-key-env",
      paramLabel = "VAR",
      description = "accept only the key in this environment variable (401 otherwise)")
  String apiKeyEnv;

  @Option(
      names = "--labels",
      paramLabel = "A,B,...",
      description = "labels to answer (default: the sim model's injury mechanisms)")
  String labels;

  @Option(names = "--answer", paramLabel = "json|label", description = "answer format")
  String answer = "json";

  @Option(names = "--seed", paramLabel = "N", description = "seed of answers and faults")
  long seed = 42;

  @Option(names = "--log", paramLabel = "FILE", description = "append each request as JSONL")
  Path log;

  @Option(
      names = "--batch-seconds",
      paramLabel = "S",
      description =
          "how long a batch (OpenAI Batches, Anthropic Message Batches) takes (default 10)")
  double batchSeconds = 10;

  @Option(
      names = "--batch-expire-rate",
      paramLabel = "P",
      description = "share of a batch's requests left unanswered: the batch expires")
  double batchExpireRate;

  @Option(
      names = "--batch-error-rate",
      paramLabel = "P",
      description = "share of a batch's requests that fail with a server error")
  double batchErrorRate;

  @Override
  public Integer call() throws Exception {
    String key = null;
    if (apiKeyEnv != null) {
      key = System.getenv(apiKeyEnv);
      if (key == null || key.isBlank()) {
        throw RunlabException.usage(
            "--api-key-env: the environment variable " + apiKeyEnv + " is not set");
      }
    }
    List<String> labelList =
        labels == null
            ? List.of()
            : Arrays.stream(labels.split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
    FakeLlmOptions options;
    try {
      options =
          new FakeLlmOptions.Builder()
              .port(port)
              .latencyMs(latencyMs)
              .requestsPerMinute(rpm)
              .tokensPerMinute(tpm)
              .outputTokensPerMinute(outputTpm)
              .limitStyle(style())
              .burstSeconds(burstSeconds)
              .sporadic429Rate(sporadic429)
              .serverErrorRate(serverError)
              .overloadedRate(overloaded)
              .timeoutRate(timeout)
              .malformedRate(malformed)
              .nonJsonRate(nonJson)
              .apiKey(key)
              .labels(labelList)
              .seed(seed)
              .answerFormat(answer)
              .logFile(log)
              .batchSeconds(batchSeconds)
              .batchExpireRate(batchExpireRate)
              .batchErrorRate(batchErrorRate)
              .build();
    } catch (IllegalArgumentException e) {
      throw RunlabException.usage("fake-llm: " + e.getMessage());
    }
    FakeLlmServer server = FakeLlmServer.start(options);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                }));
    root.cli.out.println(
        "fake-llm listening on 127.0.0.1:"
            + server.port()
            + " — provider: openai with base_url: "
            + server.openAiBaseUrl()
            + " | provider: anthropic with base_url: "
            + server.anthropicBaseUrl()
            + " — Ctrl-C stops it");
    root.cli.out.flush();
    stopped.await();
    return 0;
  }

  private FakeLlmOptions.LimitStyle style() {
    try {
      return FakeLlmOptions.LimitStyle.valueOf(limitStyle.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw RunlabException.usage(
          "--limit-style: '" + limitStyle + "' is not one of none, openai, anthropic");
    }
  }
}
