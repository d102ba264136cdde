package dev.runlab.kernel;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.history.HistoryEntry;
import org.dflib.jjava.jupyter.kernel.history.HistoryManager;
import org.dflib.jjava.jupyter.messages.Header;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageContext;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.dflib.jjava.jupyter.messages.reply.ExecuteReply;
import org.dflib.jjava.jupyter.messages.reply.HistoryReply;
import org.dflib.jjava.jupyter.messages.reply.KernelInfoReply;
import org.dflib.jjava.jupyter.messages.request.HistoryRequest;

/**
 * Replies the library (1.0-a6) sends without the {@code status} field that every reply of the
 * messaging protocol carries: {@code kernel_info_reply} and {@code history_reply} (whose entries it
 * also writes as objects instead of tuples, see {@link HistoryTuple}); and the aborted {@code
 * execute_reply}, which it has no type for.
 */
final class Replies {
  private Replies() {}

  /** A {@code kernel_info_reply} with {@code "status": "ok"}. */
  static final class KernelInfo extends KernelInfoReply {
    @SuppressWarnings("unused") // written by gson
    private final String status = "ok";

    KernelInfo(String name, String version, LanguageInfo language, String banner) {
      super(Header.PROTOCOL_VERISON, name, version, language, banner, List.of());
    }
  }

  /** A {@code history_reply} with {@code "status": "ok"} and tuple entries. */
  static final class History extends HistoryReply {
    @SuppressWarnings("unused") // written by gson
    private final String status = "ok";

    History(List<HistoryEntry> entries) {
      super(entries);
    }
  }

  /** The content of an aborted {@code execute_reply}. */
  static final class Aborted {
    @SuppressWarnings("unused") // written by gson
    private final String status = "aborted";
  }

  /** The {@code execute_reply} to {@code request} that says it was not run. */
  @SuppressWarnings({"unchecked", "rawtypes"}) // the library types execute_reply's content
  static Message<?> aborted(MessageContext request) {
    return new Message(request, (MessageType) ExecuteReply.MESSAGE_TYPE, new Aborted());
  }

  /** The entries {@code request} asks for (tail, range or search). */
  static History history(HistoryManager history, HistoryRequest request) {
    Set<HistoryManager.ResultFlag> flags = EnumSet.noneOf(HistoryManager.ResultFlag.class);
    if (request.includeOutput()) {
      flags.add(HistoryManager.ResultFlag.INCLUDE_OUTPUT);
    }
    List<HistoryEntry> entries =
        switch (request.getAccessType()) {
          case TAIL ->
              history.lookupTail(((HistoryRequest.Tail) request).getMaxReturnLength(), flags);
          case RANGE -> {
            HistoryRequest.Range range = (HistoryRequest.Range) request;
            yield history.lookupRange(
                range.getSessionIndex(), range.getStart(), range.getStop(), flags);
          }
          case SEARCH -> {
            HistoryRequest.Search search = (HistoryRequest.Search) request;
            if (search.filterUnique()) {
              flags.add(HistoryManager.ResultFlag.UNIQUE);
            }
            yield history.search(search.getPattern(), search.getMaxReturnLength(), flags);
          }
        };
    return new History(entries);
  }
}
