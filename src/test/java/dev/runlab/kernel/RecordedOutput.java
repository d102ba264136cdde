package dev.runlab.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A {@link KernelOutput} that keeps every output in order, for assertions. Thread-safe. */
final class RecordedOutput implements KernelOutput {
  /** One output: its kind (input, stdout, stderr, display, result, error) and its contents. */
  record Event(
      String kind, int count, String text, Map<String, String> bundle, List<String> lines) {}

  private final List<Event> events = new ArrayList<>();

  synchronized List<Event> events() {
    return List.copyOf(events);
  }

  synchronized List<String> kinds() {
    return events.stream().map(Event::kind).toList();
  }

  /** Everything written to stream {@code name}, joined. */
  synchronized String stream(String name) {
    StringBuilder text = new StringBuilder();
    events.stream().filter(e -> e.kind().equals(name)).forEach(e -> text.append(e.text()));
    return text.toString();
  }

  synchronized Event last(String kind) {
    Event found = null;
    for (Event e : events) {
      if (e.kind().equals(kind)) {
        found = e;
      }
    }
    return found;
  }

  private synchronized void add(Event e) {
    events.add(e);
  }

  @Override
  public void input(String code, int count) {
    add(new Event("input", count, code, Map.of(), List.of()));
  }

  @Override
  public void stream(String name, String text) {
    add(new Event(name, 0, text, Map.of(), List.of()));
  }

  @Override
  public void display(Map<String, String> bundle) {
    add(new Event("display", 0, "", bundle, List.of()));
  }

  @Override
  public void result(int count, Map<String, String> bundle) {
    add(new Event("result", count, "", bundle, List.of()));
  }

  @Override
  public void error(String name, String value, List<String> traceback) {
    add(new Event("error", 0, name + ": " + value, Map.of(), traceback));
  }
}
