package dev.runlab.cli;

import dev.runlab.RunlabException;
import dev.runlab.kernel.KernelServer;
import dev.runlab.kernel.Kernelspec;
import dev.runlab.lab.Lab;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code runlab kernel --connection-file FILE [--db PATH]}: the Jupyter kernel; {@code runlab
 * kernel install|uninstall}: the kernelspec that lets Jupyter start it.
 */
@Command(
    name = "kernel",
    mixinStandardHelpOptions = true,
    description = {
      "Run the lab's session as a Jupyter kernel, or install it for Jupyter.",
      "For JupyterLab, Notebook, VS Code, jupyter console and nbconvert --execute. Jupyter"
          + " starts it with --connection-file; `runlab kernel install` tells Jupyter how. Runs"
          + " started in a notebook go on between cells; shutting the kernel down, SIGTERM, or"
          + " the end of the process that started it pauses them."
    },
    subcommands = {KernelCommand.Install.class, KernelCommand.Uninstall.class})
final class KernelCommand implements Callable<Integer> {
  @ParentCommand RootCommand root;

  @Mixin CommonOptions common;

  @Option(
      names = "--connection-file",
      paramLabel = "FILE",
      description = "the connection file Jupyter wrote for this kernel")
  Path connectionFile;

  @Override
  public Integer call() {
    if (connectionFile == null) {
      throw RunlabException.usage(
          "runlab kernel needs --connection-file FILE, which Jupyter passes when it starts the"
              + " kernel; to let Jupyter start it, run `runlab kernel install`");
    }
    Cli cli = root.cli;
    KernelServer server = KernelServer.prepare(connectionFile, cli.err);
    Signals.onInterrupt(
        signal -> {
          if (signal.equals("SIGINT")) {
            server.interruptCell();
          } else {
            server.stop(signal);
          }
        });
    return server.serve(
        events -> Lab.open(common.db, cli.defaultDb(), cli.env, events),
        KernelServer.startedBy(cli.env.environment().apply("JPY_PARENT_PID")));
  }

  /** Which kernelspec: {@code --name} under the folder {@code --user} or {@code --prefix} names. */
  static final class Where {
    @Option(names = "--user", description = "the user's Jupyter data folder (the default)")
    boolean user;

    @Option(names = "--prefix", paramLabel = "DIR", description = "DIR/share/jupyter instead")
    Path prefix;

    @Option(
        names = "--name",
        paramLabel = "NAME",
        description = "the kernel's name (default runlab, as the notebooks name it)")
    String name = Kernelspec.DEFAULT_NAME;

    Kernelspec kernelspec(Cli cli) {
      if (user && prefix != null) {
        throw RunlabException.usage("--user and --prefix exclude each other; give one of them");
      }
      Path dataDir =
          prefix != null
              ? Kernelspec.prefixDataDir(prefix)
              : Kernelspec.userDataDir(cli.env.environment());
      return new Kernelspec(dataDir, name);
    }
  }

  @Command(
      name = "install",
      mixinStandardHelpOptions = true,
      description = {
        "Make the kernel known to Jupyter by writing its kernelspec.",
        "The kernelspec is kernels/NAME/kernel.json under the Jupyter data folder (--user, the"
            + " default: $JUPYTER_DATA_DIR or ~/.local/share/jupyter; --prefix DIR:"
            + " DIR/share/jupyter). It starts this runlab's JVM; --db is passed to every kernel."
      })
  static final class Install implements Callable<Integer> {
    @ParentCommand KernelCommand parent;

    @Mixin CommonOptions common;

    @Mixin Where where;

    @Override
    public Integer call() {
      Cli cli = parent.root.cli;
      Kernelspec spec = where.kernelspec(cli);
      String name = spec.name();
      Path prefix = where.prefix;
      Path file = spec.install(Kernelspec.argv(cli.home, common.db));
      cli.out.println("installed the Jupyter kernel " + name + " in " + file);
      cli.out.println(
          "pick \"runlab (Java)\" in JupyterLab or VS Code, or run `jupyter console --kernel "
              + name
              + "`; remove it with `runlab kernel uninstall"
              + (name.equals(Kernelspec.DEFAULT_NAME) ? "" : " --name " + name)
              + (prefix == null ? "" : " --prefix " + prefix)
              + "`");
      if (prefix != null) {
        cli.out.println(
            "Jupyter finds it when "
                + prefix
                + " is its own prefix, or with JUPYTER_PATH="
                + Kernelspec.prefixDataDir(prefix.toAbsolutePath().normalize()));
      }
      return 0;
    }
  }

  @Command(
      name = "uninstall",
      mixinStandardHelpOptions = true,
      description = "Remove the kernelspec that `runlab kernel install` wrote.")
  static final class Uninstall implements Callable<Integer> {
    @ParentCommand KernelCommand parent;

    @Mixin Where where;

    @Override
    public Integer call() {
      Cli cli = parent.root.cli;
      Kernelspec spec = where.kernelspec(cli);
      Path folder = spec.uninstall();
      cli.out.println("removed the Jupyter kernel " + spec.name() + " (" + folder + ")");
      return 0;
    }
  }
}
