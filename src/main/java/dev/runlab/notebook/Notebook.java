package dev.runlab.notebook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runlab.DataFormatException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A Jupyter notebook in nbformat 4, as its JSON tree: fields runlab does not know (other metadata,
 * attachments, unknown cell or output types) are kept as read. Notebooks of an earlier 4.x minor
 * version are written as 4.5, with a cell id added to every cell. Not thread-safe.
 */
public final class Notebook {
  static final ObjectMapper JSON = new ObjectMapper();
  static final int MINOR = 5;

  private final ObjectNode root;

  private Notebook(ObjectNode root) {
    this.root = root;
  }

  /** Reads {@code file}; a file that is not an nbformat 4 notebook is a data-format error. */
  public static Notebook read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new DataFormatException("notebook " + file + " does not exist");
    } catch (IOException e) {
      throw new DataFormatException("cannot read notebook " + file + ": " + e.getMessage(), e);
    }
    return parse(text, file.toString());
  }

  static Notebook parse(String text, String name) {
    JsonNode node;
    try {
      node = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new DataFormatException(
          name
              + " is not a notebook: invalid JSON at line "
              + e.getLocation().getLineNr()
              + " ("
              + e.getOriginalMessage()
              + ")",
          e);
    }
    if (!(node instanceof ObjectNode obj) || !obj.path("cells").isArray()) {
      throw new DataFormatException(name + " is not a notebook: it has no \"cells\" array");
    }
    if (obj.path("nbformat").asInt(-1) != 4) {
      throw new DataFormatException(
          name
              + " is nbformat "
              + obj.path("nbformat")
              + "; runlab reads nbformat 4 (convert it with `jupyter nbconvert --to notebook`)");
    }
    Notebook notebook = new Notebook(obj);
    notebook.upgrade();
    return notebook;
  }

  /** A new empty notebook with runlab's metadata. */
  public static Notebook create() {
    ObjectNode root = JSON.createObjectNode();
    root.putArray("cells");
    root.putObject("metadata");
    root.put("nbformat", 4);
    root.put("nbformat_minor", MINOR);
    Notebook notebook = new Notebook(root);
    notebook.setKernelMetadata();
    return notebook;
  }

  private void upgrade() {
    if (!root.path("metadata").isObject()) {
      root.putObject("metadata");
    }
    root.put("nbformat_minor", Math.max(MINOR, root.path("nbformat_minor").asInt(0)));
    Set<String> seen = new HashSet<>();
    for (Cell cell : cells()) {
      String id = cell.id();
      if (id == null || !id.matches("[a-zA-Z0-9-_]{1,64}") || !seen.add(id)) {
        cell.json().put("id", freshId(seen));
      }
    }
  }

  static String freshId(Set<String> seen) {
    String id;
    do {
      id = UUID.randomUUID().toString().substring(0, 8);
    } while (!seen.add(id));
    return id;
  }

  /**
   * Sets {@code metadata.kernelspec} and {@code language_info} to runlab's Java kernel ({@code
   * runlab kernel install}).
   */
  public void setKernelMetadata() {
    ObjectNode metadata = (ObjectNode) root.get("metadata");
    ObjectNode kernel = metadata.putObject("kernelspec");
    kernel.put("name", "runlab");
    kernel.put("display_name", "runlab (Java)");
    kernel.put("language", "java");
    ObjectNode language = metadata.putObject("language_info");
    language.put("name", "java");
    language.put("version", System.getProperty("java.specification.version"));
    language.put("file_extension", ".jshell");
    language.put("mimetype", "text/x-java-source");
    language.put("codemirror_mode", "java");
    language.put("pygments_lexer", "java");
  }

  public List<Cell> cells() {
    List<Cell> cells = new ArrayList<>();
    for (JsonNode c : root.get("cells")) {
      if (c instanceof ObjectNode obj) {
        cells.add(new Cell(obj));
      }
    }
    return cells;
  }

  /** Inserts {@code cell} at position {@code index} of the cell list. */
  public void insert(int index, Cell cell) {
    ((ArrayNode) root.get("cells")).insert(index, cell.json());
  }

  public void append(Cell cell) {
    ((ArrayNode) root.get("cells")).add(cell.json());
  }

  /** The index of the first cell tagged {@code tag}, or -1. */
  public int indexOfTag(String tag) {
    List<Cell> cells = cells();
    for (int i = 0; i < cells.size(); i++) {
      if (cells.get(i).tags().contains(tag)) {
        return i;
      }
    }
    return -1;
  }

  /** A cell id no cell of this notebook has. */
  public String newCellId() {
    Set<String> ids = new HashSet<>();
    cells().forEach(c -> ids.add(c.id()));
    return freshId(ids);
  }

  public ObjectNode json() {
    return root;
  }

  /** The notebook as JSON text the way Jupyter writes it: one-space indent, a final newline. */
  public String toJson() {
    DefaultPrettyPrinter printer =
        new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter(" ", "\n"));
    printer = printer.withArrayIndenter(new DefaultIndenter(" ", "\n"));
    try {
      return JSON.writer(printer).writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
  }

  /** Writes the notebook to {@code file} through a temporary file, so a reader never sees half. */
  public void write(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path tmp = parent.resolve("." + file.getFileName() + ".tmp");
    try {
      Files.writeString(tmp, toJson(), StandardCharsets.UTF_8);
      Files.move(
          tmp,
          file,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
