package dev.runlab.notebook;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runlab.ExitCode;
import dev.runlab.RunlabException;
import dev.runlab.lab.Display;
import dev.runlab.lab.Lab;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs a notebook headless, as papermill does: its code cells in order in a fresh session, the
 * parameters in a cell tagged {@code injected-parameters} after the cell tagged {@code parameters}
 * (or first, when none is tagged), each cell's output saved in nbformat 4.5. A parameter the
 * notebook does not take is refused before anything runs. At the first failing cell it stops and
 * saves the notebook with what ran and the error. Not thread-safe.
 */
public final class NotebookRunner {
  static final String PARAMETERS = "parameters";
  static final String INJECTED = "injected-parameters";

  private final Function<Map<String, String>, CellExecutor> executors;
  private final Display display;

  /** A runner whose sessions are the lab's own evaluator on {@code lab}. */
  public static NotebookRunner on(Lab lab) {
    return new NotebookRunner(params -> new LabCellExecutor(lab, params), lab.display());
  }

  NotebookRunner(Function<Map<String, String>, CellExecutor> executors, Display display) {
    this.executors = executors;
    this.display = display;
  }

  /**
   * What a run did.
   *
   * @param executed code cells run (the failing one included)
   * @param failedCell the 1-based index among all cells of the failing cell, or 0
   * @param failure null when every cell ran
   */
  public record Outcome(Path out, int executed, int failedCell, CellResult.Failure failure) {
    public ExitCode exitCode() {
      return failure == null ? ExitCode.OK : failure.exitCode();
    }
  }

  /** {@code NB.ipynb} → {@code NB.out.ipynb} in the same folder. */
  public static Path defaultOutput(Path input) {
    String name = input.getFileName().toString();
    String base = name.endsWith(".ipynb") ? name.substring(0, name.length() - 6) : name;
    return input.resolveSibling(base + ".out.ipynb");
  }

  public Outcome run(Path input, Map<String, String> params, Path out) {
    Notebook notebook = Notebook.read(input);
    if (input.toAbsolutePath().normalize().equals(out.toAbsolutePath().normalize())) {
      throw RunlabException.usage(
          "--out " + out + " is the input notebook; write the executed notebook elsewhere");
    }
    Parameters.refuseUnknown(params, notebook, input);
    prepare(notebook, params);
    MimeRenderer renderer = new MimeRenderer(display);
    int count = 0;
    int failedCell = 0;
    CellResult.Failure failure = null;
    try (CellExecutor executor = executors.apply(params)) {
      List<Cell> cells = notebook.cells();
      for (int i = 0; i < cells.size() && failure == null; i++) {
        Cell cell = cells.get(i);
        if (!cell.isCode() || cell.source().isBlank()) {
          continue;
        }
        count++;
        CellResult result = executor.execute(cell.source());
        record(cell, count, result, renderer);
        if (result.failed()) {
          failure = result.failure();
          failedCell = i + 1;
        }
      }
    }
    try {
      notebook.write(out);
    } catch (IOException e) {
      throw RunlabException.failure("cannot write notebook " + out + ": " + e.getMessage(), e);
    }
    return new Outcome(out, count, failedCell, failure);
  }

  /** Clears old outputs, sets the kernel, and injects the parameters cell. */
  static void prepare(Notebook notebook, Map<String, String> params) {
    notebook.setKernelMetadata();
    List<Cell> cells = notebook.cells();
    for (int i = cells.size() - 1; i >= 0; i--) {
      if (cells.get(i).tags().contains(INJECTED)) {
        ((com.fasterxml.jackson.databind.node.ArrayNode) notebook.json().get("cells")).remove(i);
      }
    }
    notebook.cells().forEach(Cell::clearOutputs);
    ObjectNode runlab = ((ObjectNode) notebook.json().get("metadata")).putObject("runlab");
    ObjectNode recorded = runlab.putObject("parameters");
    params.forEach(recorded::put);
    if (!params.isEmpty()) {
      Cell injected = Cell.code(notebook.newCellId(), Parameters.injectedSource(params), INJECTED);
      notebook.insert(notebook.indexOfTag(PARAMETERS) + 1, injected);
    }
  }

  private static void record(Cell cell, int count, CellResult result, MimeRenderer renderer) {
    cell.setExecutionCount(count);
    if (!result.stdout().isEmpty()) {
      cell.addOutput(Outputs.stream("stdout", result.stdout()));
    }
    if (!result.stderr().isEmpty()) {
      cell.addOutput(Outputs.stream("stderr", result.stderr()));
    }
    for (Object shown : result.displayed()) {
      cell.addOutput(Outputs.displayData(renderer.render(shown)));
    }
    if (result.value() != null) {
      cell.addOutput(Outputs.executeResult(count, renderer.render(result.value())));
    }
    if (result.failed()) {
      CellResult.Failure f = result.failure();
      cell.addOutput(Outputs.error(f.name(), f.message(), f.traceback()));
    }
  }
}
