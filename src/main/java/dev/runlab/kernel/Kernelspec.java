package dev.runlab.kernel;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runlab.RunlabException;
import dev.runlab.store.DbLocation;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The kernelspec that tells Jupyter how to start runlab's kernel: {@code
 * kernels/<name>/kernel.json} under a Jupyter data folder, with display name {@code runlab (Java)},
 * language {@code java}, {@code interrupt_mode} {@code message} (the kernel interrupts a cell on
 * Jupyter's {@code interrupt_request}) and an argv that starts this runlab's JVM with {@code kernel
 * --connection-file {connection_file}}. Immutable.
 *
 * @param dataDir the Jupyter data folder ({@code ~/.local/share/jupyter}, {@code
 *     PREFIX/share/jupyter})
 * @param name the kernel's name, as notebooks name it in {@code metadata.kernelspec.name}
 */
public record Kernelspec(Path dataDir, String name) {
  /** The kernel's name unless {@code --name} says otherwise; the shipped notebooks name it. */
  public static final String DEFAULT_NAME = "runlab";

  static final String DISPLAY_NAME = "runlab (Java)";

  public Kernelspec {
    if (name == null || !name.matches("[A-Za-z0-9._-]+")) {
      throw RunlabException.usage(
          "kernel name \""
              + name
              + "\" is not allowed; Jupyter takes letters, digits, '.', '_' and '-'");
    }
    dataDir = dataDir.toAbsolutePath().normalize();
  }

  /**
   * The user's Jupyter data folder, as Jupyter finds it: {@code $JUPYTER_DATA_DIR}, else {@code
   * $XDG_DATA_HOME/jupyter}, else {@code ~/.local/share/jupyter} ({@code ~/Library/Jupyter} on
   * macOS).
   */
  public static Path userDataDir(UnaryOperator<String> env) {
    String explicit = env.apply("JUPYTER_DATA_DIR");
    if (explicit != null && !explicit.isBlank()) {
      return Path.of(explicit);
    }
    Path home = Path.of(System.getProperty("user.home"));
    if (System.getProperty("os.name", "").startsWith("Mac")) {
      return home.resolve("Library").resolve("Jupyter");
    }
    String xdg = env.apply("XDG_DATA_HOME");
    Path data = xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(".local/share");
    return data.resolve("jupyter");
  }

  /** The data folder of an installation prefix: {@code PREFIX/share/jupyter}. */
  public static Path prefixDataDir(Path prefix) {
    return prefix.resolve("share").resolve("jupyter");
  }

  /** The kernelspec's folder: {@code <dataDir>/kernels/<name>}. */
  public Path folder() {
    return dataDir.resolve("kernels").resolve(name);
  }

  /**
   * The command that starts this runlab's kernel: the running JVM's {@code java}, {@code
   * -Drunlab.home} (so the default database is the installation's, whatever folder Jupyter starts
   * the kernel in), this class path, then {@code kernel --connection-file {connection_file}} and
   * {@code --db} when given.
   */
  public static List<String> argv(Path home, DbLocation db) {
    List<String> argv = new ArrayList<>();
    argv.add(javaCommand());
    argv.add("-Drunlab.home=" + home.toAbsolutePath().normalize());
    String[] classPath = System.getProperty("java.class.path").split(File.pathSeparator);
    if (classPath.length == 1 && classPath[0].endsWith(".jar")) {
      argv.add("-jar");
      argv.add(Path.of(classPath[0]).toAbsolutePath().normalize().toString());
    } else {
      List<String> entries = new ArrayList<>();
      for (String entry : classPath) {
        entries.add(Path.of(entry).toAbsolutePath().normalize().toString());
      }
      argv.add("-cp");
      argv.add(String.join(File.pathSeparator, entries));
      argv.add("dev.runlab.cli.Main");
    }
    argv.add("kernel");
    argv.add("--connection-file");
    argv.add("{connection_file}");
    if (db != null) {
      argv.add("--db");
      argv.add(db.display());
    }
    return argv;
  }

  private static String javaCommand() {
    return ProcessHandle.current()
        .info()
        .command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  /**
   * Writes {@code kernel.json} (replacing one of the same name) and returns its path; exit 2 when
   * the folder cannot be written.
   */
  public Path install(List<String> argv) {
    ObjectNode spec = new ObjectMapper().createObjectNode();
    ArrayNode args = spec.putArray("argv");
    argv.forEach(args::add);
    spec.put("display_name", name.equals(DEFAULT_NAME) ? DISPLAY_NAME : DISPLAY_NAME + " " + name);
    spec.put("language", "java");
    spec.put("interrupt_mode", "message");
    spec.putObject("env");
    spec.putObject("metadata").putObject("runlab").put("kernelspec_version", 1);
    Path folder = folder();
    Path file = folder.resolve("kernel.json");
    try {
      Files.createDirectories(folder);
      Path temp = Files.createTempFile(folder, ".kernel", ".json.tmp");
      try {
        Files.writeString(
            temp,
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(spec)
                + "\n",
            StandardCharsets.UTF_8);
        move(temp, file);
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (IOException e) {
      throw RunlabException.usage(
          "cannot write the kernelspec to "
              + folder
              + " ("
              + e
              + "); choose a folder you can write with --prefix DIR, or --user");
    }
    return file;
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** The names of the kernelspecs in the data folder, for messages. */
  private String installed() {
    try (java.util.stream.Stream<Path> specs = Files.list(dataDir.resolve("kernels"))) {
      List<String> names =
          specs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
      return names.isEmpty() ? "it has none" : "it has " + String.join(", ", names);
    } catch (IOException e) {
      return "the folder does not exist";
    }
  }

  /**
   * Removes {@code kernel.json} and the kernelspec's folder; exit 2 when there is none, or when the
   * folder holds files runlab did not write (it is left as it is).
   */
  public Path uninstall() {
    Path folder = folder();
    Path file = folder.resolve("kernel.json");
    if (!Files.isRegularFile(file)) {
      throw RunlabException.usage(
          "there is no kernelspec "
              + name
              + " in "
              + dataDir.resolve("kernels")
              + " ("
              + installed()
              + "); give the --name and --prefix it was installed with");
    }
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      if (!text.contains("\"--connection-file\"") || !text.contains(DISPLAY_NAME)) {
        throw RunlabException.usage(
            "the kernelspec "
                + folder
                + " is not runlab's, so it is left as it is; remove the folder yourself if you"
                + " mean to");
      }
      Files.delete(file);
      Files.delete(folder);
    } catch (DirectoryNotEmptyException e) {
      throw RunlabException.usage(
          "removed " + file + " but left " + folder + ", which holds other files");
    } catch (IOException e) {
      throw RunlabException.usage("cannot remove the kernelspec " + folder + " (" + e + ")");
    }
    return folder;
  }
}
