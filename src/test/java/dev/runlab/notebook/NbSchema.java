package dev.runlab.notebook;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.stream.Collectors;

/** The nbformat 4.5 JSON schema (a test resource, from the nbformat project) as a validator. */
public final class NbSchema {
  private static final JsonSchema SCHEMA = load();

  private NbSchema() {}

  private static JsonSchema load() {
    try (InputStream in = NbSchema.class.getResourceAsStream("nbformat.v4.5.schema.json")) {
      return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The schema violations of {@code notebook}, one line each; empty when it is valid. */
  public static String violations(JsonNode notebook) {
    Set<ValidationMessage> messages = SCHEMA.validate(notebook);
    return messages.stream()
        .map(ValidationMessage::getMessage)
        .sorted()
        .collect(Collectors.joining("\n"));
  }
}
