package dev.runlab.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.runlab.experiment.ParseConfig;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * JSON answers as models send them: one object (read as a token stream), and everything else
 * (fences, prose around the object, several values, malformed JSON) read by the general path.
 */
class AnswerParserTest {
  private final AnswerParser free = new AnswerParser(json(List.of()));
  private final AnswerParser labelled = new AnswerParser(json(List.of("fall", "Struck by")));

  private static ParseConfig json(List<String> labels) {
    return new ParseConfig(ParseConfig.Type.JSON, "label", labels, null);
  }

  static Stream<Arguments> objects() {
    return Stream.of(
        arguments("{\"label\": \"fall\"}", "fall"),
        arguments("  {\"label\":\"fall\"}  \n", "fall"),
        arguments("{\"why\": {\"label\": \"no\"}, \"label\": \"fall\"}", "fall"),
        arguments("{\"label\": \"burn\", \"label\": \"fall\"}", "fall"),
        arguments("{\"label\": 3}", "3"),
        arguments("{\"label\": 1.50}", "1.5"),
        arguments("{\"label\": true}", "true"),
        arguments("{\"label\": [\"a\", \"b\"]}", "[\"a\",\"b\"]"),
        arguments("{\"label\": {\"k\": 1}}", "{\"k\":1}"),
        arguments("```json\n{\"label\": \"fall\"}\n```", "fall"),
        arguments("Sure! {\"label\": \"fall\"} Hope that helps.", "fall"),
        arguments("{\"label\": \"fall\"} {\"label\": \"burn\"}", "fall"),
        arguments("{\"label\": \"fall\"} and more text", "fall"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("objects")
  void readsTheFieldOfAnObject(String answer, String label) {
    AnswerParser.Parsed parsed = free.parse(answer);
    assertThat(parsed.error()).isNull();
    assertThat(parsed.label()).isEqualTo(label);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "{\"label\": null}                  | answer has no field 'label'",
        "{\"other\": \"fall\"}              | answer has no field 'label'",
        "{\"label\": \"fall\", \"label\": null} | answer has no field 'label'",
        "{\"label\": \"fall\"               | answer is not a JSON object",
        "[{\"label\": \"fall\"}]            | answer is not a JSON object",
        "I think it was a fall.            | answer is not a JSON object",
        "{label: fall}                     | answer is not a JSON object",
      })
  void explainsWhatIsWrong(String answer, String error) {
    AnswerParser.Parsed parsed = free.parse(answer);
    assertThat(parsed.label()).isNull();
    assertThat(parsed.error()).startsWith(error);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"label\": \"FALL\"}       | fall",
        "{\"label\": \"struck-by\"}  | Struck by",
        "{\"label\": \"struck  by\"} | Struck by",
      })
  void mapsLabelsOntoTheConfiguredOnes(String answer, String label) {
    assertThat(labelled.parse(answer).label()).isEqualTo(label);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {"{\"label\": \"burn\"} | label 'burn' is not one of"})
  void rejectsLabelsOutsideTheConfiguredOnes(String answer, String error) {
    assertThat(labelled.parse(answer).error()).startsWith(error);
  }
}
