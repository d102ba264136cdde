package dev.runlab.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runlab.ConfigException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PromptTemplateTest {

  @Test
  void placeholders_areListedOnceInOrderOfFirstAppearance() {
    PromptTemplate template =
        PromptTemplate.parse("{text} was written by {author.name} about {text} on {the-date_2}");

    assertThat(template.placeholders()).containsExactly("text", "author.name", "the-date_2");
  }

  @Test
  void render_fillsEveryPlaceholder() {
    PromptTemplate template = PromptTemplate.parse("Narrative {id}:\n{text}\nLabel it.");

    String prompt = template.render(Map.of("id", "N1", "text", "She fell {twice}."));

    assertThat(prompt).isEqualTo("Narrative N1:\nShe fell {twice}.\nLabel it.");
  }

  @Test
  void render_leavesJsonExamplesAsTheyAre() {
    PromptTemplate template =
        PromptTemplate.parse("Answer as {\"label\": \"fall\"} or { \"label\": 1 }. Text: {text}");

    assertThat(template.placeholders()).containsExactly("text");
    assertThat(template.render(Map.of("text", "t")))
        .isEqualTo("Answer as {\"label\": \"fall\"} or { \"label\": 1 }. Text: t");
  }

  @Test
  void render_turnsDoubledBracesIntoSingleLiteralBraces() {
    PromptTemplate template =
        PromptTemplate.parse("{{text}} is {text}; {{\"a\": {{}}}} {{{text}}}");

    assertThat(template.placeholders()).containsExactly("text");
    assertThat(template.render(Map.of("text", "T"))).isEqualTo("{text} is T; {\"a\": {}} {T}");
  }

  @Test
  void render_treatsStrayAndMalformedBracesAsText() {
    PromptTemplate template = PromptTemplate.parse("} {1abc} {a b} {} {text");

    assertThat(template.placeholders()).isEmpty();
    assertThat(template.render(Map.of())).isEqualTo("} {1abc} {a b} {} {text");
  }

  @Test
  void render_rendersANullFieldAsEmpty() {
    Map<String, String> fields = new HashMap<>();
    fields.put("label", null);

    assertThat(PromptTemplate.parse("[{label}]").render(fields)).isEqualTo("[]");
  }

  @Test
  void render_namesAMissingField() {
    PromptTemplate template = PromptTemplate.parse("{text} {note}");

    assertThatThrownBy(() -> template.render(Map.of("text", "t")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("{note}")
        .hasMessageContaining("no field note");
  }

  @Test
  void checkColumns_namesThePlaceholderTheFileAndItsColumns() {
    PromptTemplate template = PromptTemplate.parse("{text} by {foo}");

    assertThatThrownBy(() -> template.checkColumns(List.of("id", "text", "label"), "data/x.csv"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "prompt.template uses {foo} but data/x.csv has no column foo (columns: id, text, label)");
  }

  @Test
  void checkColumns_suggestsACloseColumn() {
    PromptTemplate template = PromptTemplate.parse("{narative}");

    assertThatThrownBy(() -> template.checkColumns(List.of("id", "narrative"), "n.jsonl"))
        .isInstanceOf(ConfigException.class)
        .hasMessageEndingWith("(columns: id, narrative); did you mean {narrative}?");
  }

  @Test
  void checkColumns_acceptsATemplateWhosePlaceholdersAreAllColumns() {
    PromptTemplate.parse("{id}: {text}").checkColumns(List.of("id", "text", "label"), "n.csv");
  }

  @Test
  void toString_givesTheTemplateAsWritten() {
    String text = "{{x}} {text}";

    assertThat(PromptTemplate.parse(text)).hasToString(text).isEqualTo(PromptTemplate.parse(text));
  }
}
