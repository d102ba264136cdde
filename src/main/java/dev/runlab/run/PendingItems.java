package dev.runlab.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runlab.experiment.PromptTemplate;
import dev.runlab.store.Datasets.Dataset;
import dev.runlab.store.Results;
import dev.runlab.store.Results.PendingNarrative;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The narratives of an experiment that still need a final result, in file order, read from the
 * database in short keyset pages (no cursor stays open, so WAL checkpoints go on), with their
 * prompts (system and user) rendered. Stops after {@code limit} items when a limit is set. Not
 * thread-safe.
 */
final class PendingItems implements Iterator<Item> {
  static final int PAGE = 500;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Reads the next page of narratives after a row number. */
  @FunctionalInterface
  interface Pages {
    List<PendingNarrative> after(long afterRow, int size);
  }

  private final Pages pages;
  private final Dataset dataset;
  private final PromptTemplate system;
  private final PromptTemplate template;
  private final long limit;
  private final Deque<PendingNarrative> page = new ArrayDeque<>();
  private long lastRow;
  private long handedOut;
  private boolean exhausted;
  private boolean shortPageEnds = true;
  private int pageSize = PAGE;

  PendingItems(
      Pages pages, Dataset dataset, PromptTemplate system, PromptTemplate template, long limit) {
    this.pages = pages;
    this.dataset = dataset;
    this.system = system;
    this.template = template;
    this.limit = limit;
  }

  /**
   * Only an empty page ends the narratives (a shared run's claims come in short pages while other
   * workers hold the rest).
   */
  PendingItems endOnEmptyPage() {
    shortPageEnds = false;
    return this;
  }

  /** Reads pages of {@code size} narratives instead of {@link #PAGE}. */
  PendingItems pageSize(int size) {
    pageSize = size;
    return this;
  }

  @Override
  public boolean hasNext() {
    if (limit > 0 && handedOut >= limit) {
      return false;
    }
    if (page.isEmpty() && !exhausted) {
      page.addAll(pages.after(lastRow, pageSize));
      exhausted = shortPageEnds ? page.size() < pageSize : page.isEmpty();
      if (!page.isEmpty()) {
        lastRow = page.peekLast().rowNumber();
      }
    }
    return !page.isEmpty();
  }

  @Override
  public Item next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    handedOut++;
    return item(page.removeFirst());
  }

  /** The item of a narrative: its prompts rendered, its earlier counts kept. */
  Item item(PendingNarrative n) {
    Map<String, String> fields = fields(n);
    return new Item(
        n.narrativeId(),
        n.text(),
        system == null ? null : system.render(fields),
        template.render(fields),
        n.attemptCount(),
        n.failureCount());
  }

  /** The narratives of {@code experimentId} still without a final result. */
  static Pages pending(Results results, long experimentId, Dataset dataset) {
    if (!results.hasRows(experimentId)) {
      // a first run: no narrative has a row, and rows are only written for narratives already
      // read (pages go forward), so every narrative of the dataset is pending without a look-up
      return (after, size) -> results.firstRunPage(dataset.id(), after, size);
    }
    return (after, size) -> results.pendingPage(experimentId, dataset.id(), after, size);
  }

  /** Every column of the row by name, plus {@code id}, {@code text} and {@code label} aliases. */
  private Map<String, String> fields(PendingNarrative n) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("id", n.narrativeId());
    fields.put("text", n.text());
    fields.put("label", n.label() == null ? "" : n.label());
    if (n.fieldsJson() != null) {
      try {
        fields.putAll(JSON.readValue(n.fieldsJson(), new TypeReference<Map<String, String>>() {}));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("stored fields of " + n.narrativeId() + " are not JSON", e);
      }
    }
    fields.put(dataset.idColumn(), n.narrativeId());
    fields.put(dataset.textColumn(), n.text());
    if (dataset.labelColumn() != null) {
      fields.put(dataset.labelColumn(), n.label() == null ? "" : n.label());
    }
    return fields;
  }
}
