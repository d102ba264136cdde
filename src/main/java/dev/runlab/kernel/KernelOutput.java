package dev.runlab.kernel;

import java.util.List;
import java.util.Map;

/**
 * Where a cell's outputs go, as Jupyter's IOPub messages name them: the code being run ({@code
 * execute_input}), printed text ({@code stream}), values shown with {@code show(...)} ({@code
 * display_data}), the cell's value ({@code execute_result}) and its failure ({@code error}). MIME
 * bundles map a type to its text ({@code image/png} as base64). Implementations must be
 * thread-safe: threads a cell starts print too.
 */
interface KernelOutput {
  /** Outputs of a silent execution: none. */
  KernelOutput NONE = new KernelOutput() {};

  default void input(String code, int count) {}

  /**
   * @param name {@code stdout} or {@code stderr}
   */
  default void stream(String name, String text) {}

  default void display(Map<String, String> bundle) {}

  default void result(int count, Map<String, String> bundle) {}

  default void error(String name, String value, List<String> traceback) {}
}
