package dev.runlab.kernel;

import java.util.List;
import java.util.Map;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.messages.publish.PublishDisplayData;
import org.dflib.jjava.jupyter.messages.publish.PublishError;
import org.dflib.jjava.jupyter.messages.publish.PublishExecuteInput;
import org.dflib.jjava.jupyter.messages.publish.PublishExecuteResult;
import org.dflib.jjava.jupyter.messages.publish.PublishStream;

/**
 * A cell's outputs as IOPub messages of the execute request being answered. Thread-safe: the
 * library's sockets send one message at a time.
 */
final class IopubOutput implements KernelOutput {
  private final ShellReplyEnvironment env;

  IopubOutput(ShellReplyEnvironment env) {
    this.env = env;
  }

  @Override
  public void input(String code, int count) {
    env.publish(new PublishExecuteInput(code, count));
  }

  @Override
  public void stream(String name, String text) {
    PublishStream.StreamType type =
        "stderr".equals(name) ? PublishStream.StreamType.ERR : PublishStream.StreamType.OUT;
    env.publish(new PublishStream(type, text));
  }

  @Override
  public void display(Map<String, String> bundle) {
    env.publish(new PublishDisplayData(data(bundle)));
  }

  @Override
  public void result(int count, Map<String, String> bundle) {
    env.publish(new PublishExecuteResult(count, data(bundle)));
  }

  @Override
  public void error(String name, String value, List<String> traceback) {
    env.publish(new PublishError(name, value, traceback));
  }

  static DisplayData data(Map<String, String> bundle) {
    DisplayData data = new DisplayData();
    bundle.forEach(data::putData);
    return data;
  }
}
