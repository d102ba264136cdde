package dev.runlab.lab.shell;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Reading snippet source without compiling it: code, declared and mentioned names, param keys. */
class JavaSourceTest {
  @Test
  void code_dropsCommentsAndBlanksLiterals() {
    assertThat(JavaSource.code("a(\"x // y\"); // z\nb('/'); /* c */ d"))
        .isEqualTo("a(\"\"); \nb(''); \u0020 d");
    assertThat(JavaSource.code("sql(\"\"\"\n  select 1; -- \"\n  \"\"\")")).isEqualTo("sql(\"\")");
  }

  @Test
  void declaredVariables_areTheNamesDeclaredAtStatementStarts() {
    assertThat(
            JavaSource.declaredVariables(
                "// Parameters: the newest experiment, unless given\n"
                    + "long experiment_id = param(\"experiment_id\", () -> currentId());\n"
                    + "final int samples = 3; List<String> labels = List.of();\n"
                    + "double[] w = {1}; var t = experiments(); String s;\n"
                    + "if (samples == 3) { return x; }\nboolean same = a == b;"))
        .containsExactly("experiment_id", "samples", "labels", "w", "t", "s", "same");
  }

  @Test
  void namesAndParamKeys_readTheCodeNotTheComments() {
    String source =
        "// a few samples of each\nlong id = param(\"id\", () -> currentId());\n"
            + "int n = param( \"samples\" , 3);\nSystem.out.println(\"every \" + id);";
    assertThat(JavaSource.paramKeys(source)).containsExactly("id", "samples");
    assertThat(JavaSource.names(source))
        .contains("id", "n", "param")
        .doesNotContain("every", "few");
  }
}
