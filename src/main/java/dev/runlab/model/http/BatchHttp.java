package dev.runlab.model.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runlab.model.BatchApiException;
import dev.runlab.model.BatchState;
import dev.runlab.model.ErrorCategory;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The calls of a provider's batch API over HTTP: JSON in and out, file uploads and downloads, with
 * the provider's headers and key from its online client, and every failure turned into a {@link
 * BatchApiException} with the category an online request would get for the same reply. Its own
 * {@link HttpClient} (uploads and downloads stream files, which the online client's inline executor
 * is not meant for). Thread-safe.
 */
final class BatchHttp {
  private static final Duration TRANSFER_TIMEOUT = Duration.ofMinutes(30);
  private static final int SNIPPET = 200;

  private final HttpModelClient online;
  private final HttpClient http;
  private final Duration callTimeout;

  BatchHttp(HttpModelClient online, URI base, Duration callTimeout) {
    this.online = online;
    this.callTimeout = callTimeout;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .proxy(Proxies.fromEnvironment(base))
            .build();
  }

  JsonNode get(URI uri) throws InterruptedException {
    return json(request(uri, callTimeout).GET(), uri, "GET");
  }

  JsonNode post(URI uri, byte[] body) throws InterruptedException {
    return json(
        request(uri, callTimeout)
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)),
        uri,
        "POST");
  }

  /** Posts a JSON body read from {@code file} (a large batch). */
  JsonNode postFile(URI uri, Path file) throws InterruptedException {
    try {
      return json(
          request(uri, TRANSFER_TIMEOUT)
              .header("content-type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofFile(file)),
          uri,
          "POST");
    } catch (IOException e) {
      throw new BatchApiException(
          ErrorCategory.PROTOCOL, "cannot read the batch input " + file + ": " + e, null);
    }
  }

  /** Posts a multipart form: {@code fields} as text parts, then {@code file} as the file part. */
  JsonNode postMultipart(URI uri, String[][] fields, String fileName, Path file)
      throws InterruptedException {
    String boundary = "runlab-" + Long.toHexString(System.nanoTime()) + "-boundary";
    StringBuilder head = new StringBuilder();
    for (String[] field : fields) {
      head.append("--")
          .append(boundary)
          .append("\r\nContent-Disposition: form-data; name=\"")
          .append(field[0])
          .append("\"\r\n\r\n")
          .append(field[1])
          .append("\r\n");
    }
    head.append("--")
        .append(boundary)
        .append("\r\nContent-Disposition: form-data; name=\"file\"; filename=\"")
        .append(fileName)
        .append("\"\r\nContent-Type: application/jsonl\r\n\r\n");
    String tail = "\r\n--" + boundary + "--\r\n";
    try {
      HttpRequest.BodyPublisher body =
          HttpRequest.BodyPublishers.concat(
              HttpRequest.BodyPublishers.ofString(head.toString(), StandardCharsets.UTF_8),
              HttpRequest.BodyPublishers.ofFile(file),
              HttpRequest.BodyPublishers.ofString(tail, StandardCharsets.UTF_8));
      return json(
          request(uri, TRANSFER_TIMEOUT)
              .header("content-type", "multipart/form-data; boundary=" + boundary)
              .POST(body),
          uri,
          "POST");
    } catch (IOException e) {
      throw new BatchApiException(
          ErrorCategory.PROTOCOL, "cannot read the batch input " + file + ": " + e, null);
    }
  }

  /** Downloads {@code uri} into {@code target} (replaced); a failed download leaves no file. */
  void download(URI uri, Path target) throws InterruptedException {
    Path partial = target.resolveSibling(target.getFileName() + ".part");
    HttpResponse<Path> response = send(request(uri, TRANSFER_TIMEOUT).GET(), uri, "GET", partial);
    try {
      if (response.statusCode() / 100 != 2) {
        byte[] body = Files.readAllBytes(partial);
        throw failure(response.statusCode(), response.headers().map(), body, "GET", uri);
      }
      Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new BatchApiException(
          ErrorCategory.NETWORK, "cannot store the download of " + path(uri) + ": " + e, null);
    } finally {
      try {
        Files.deleteIfExists(partial);
      } catch (IOException ignored) {
        // a temporary file in the batch folder; the next download replaces it
      }
    }
  }

  /**
   * The batches of a list created at or after {@code since}: the list is read newest first, page
   * after page (each page's {@code last_id} is the next one's cursor), until an older batch.
   *
   * @param page the URI of the page after a cursor (null: the first page)
   */
  List<BatchState> listSince(
      Function<String, URI> page, Function<JsonNode, BatchState> state, Instant since)
      throws InterruptedException {
    List<BatchState> found = new ArrayList<>();
    String after = null;
    while (true) {
      JsonNode listed = get(page.apply(after));
      boolean older = false;
      for (JsonNode batch : listed.path("data")) {
        BatchState b = state.apply(batch);
        if (b.createdAt() != null && b.createdAt().isBefore(since)) {
          older = true;
        } else {
          found.add(b);
        }
      }
      after = OpenAiBatches.textOrNull(listed.get("last_id"));
      if (older || !listed.path("has_more").asBoolean(false) || after == null) {
        return found;
      }
    }
  }

  private HttpRequest.Builder request(URI uri, Duration timeout) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(uri).timeout(timeout).header("accept", "application/json");
    online.authorize(builder);
    return builder;
  }

  private JsonNode json(HttpRequest.Builder builder, URI uri, String method)
      throws InterruptedException {
    HttpResponse<InputStream> response = send(builder, uri, method, null);
    byte[] body;
    try (InputStream in = response.body()) {
      body = in.readAllBytes();
    } catch (IOException e) {
      throw new BatchApiException(
          ErrorCategory.NETWORK,
          method + " " + path(uri) + ": the reply broke off: " + online.redact("" + e),
          null);
    }
    if (response.statusCode() / 100 != 2) {
      throw failure(response.statusCode(), response.headers().map(), body, method, uri);
    }
    try {
      JsonNode node = HttpModelClient.JSON.readTree(body);
      if (node != null && node.isObject() && ErrorMapping.errorOf(node) == null) {
        return node;
      }
    } catch (IOException notJson) {
      // below
    }
    throw new BatchApiException(
        ErrorCategory.PROTOCOL,
        method + " " + path(uri) + " answered " + response.statusCode() + " with " + snippet(body),
        null);
  }

  @SuppressWarnings("unchecked")
  private <T> HttpResponse<T> send(
      HttpRequest.Builder builder, URI uri, String method, Path downloadTo)
      throws InterruptedException {
    String what = method + " " + path(uri);
    try {
      HttpRequest request = builder.build();
      return (HttpResponse<T>)
          (downloadTo == null
              ? http.send(request, HttpResponse.BodyHandlers.ofInputStream())
              : http.send(request, HttpResponse.BodyHandlers.ofFile(downloadTo)));
    } catch (HttpConnectTimeoutException e) {
      throw new BatchApiException(
          ErrorCategory.NETWORK,
          what + ": could not connect to " + online.host() + " in time",
          null);
    } catch (HttpTimeoutException e) {
      throw new BatchApiException(ErrorCategory.TIMEOUT, what + ": no answer in time", null);
    } catch (ConnectException e) {
      throw new BatchApiException(
          ErrorCategory.NETWORK, what + ": could not connect to " + online.host(), null);
    } catch (IOException e) {
      throw new BatchApiException(
          ErrorCategory.NETWORK, what + ": network error: " + online.redact("" + e), null);
    }
  }

  private BatchApiException failure(
      int status,
      java.util.Map<String, java.util.List<String>> headers,
      byte[] body,
      String method,
      URI uri) {
    JsonNode parsed;
    try {
      parsed = body.length == 0 ? null : HttpModelClient.JSON.readTree(body);
    } catch (IOException notJson) {
      parsed = null;
    }
    ErrorMapping.Mapped mapped = ErrorMapping.map(status, ErrorMapping.errorOf(parsed));
    String message = mapped.message() != null ? mapped.message() : snippet(body);
    return new BatchApiException(
        mapped.category(),
        method + " " + path(uri) + " answered HTTP " + status + ": " + online.redact(message),
        RetryHints.parse(headers, online.clock()));
  }

  private String snippet(byte[] body) {
    String s =
        new String(body, 0, Math.min(body.length, SNIPPET), StandardCharsets.UTF_8)
            .strip()
            .replaceAll("\\s+", " ");
    return s.isEmpty() ? "an empty body" : online.redact(s);
  }

  private static String path(URI uri) {
    return uri.getRawPath();
  }
}
