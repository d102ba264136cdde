package dev.runlab.chart;

import org.jline.utils.WCWidth;

/**
 * Text as a terminal shows it (JLine's {@link WCWidth}): a CJK character or an emoji takes two
 * columns, a combining mark none, a control character none. Cuts between characters, never inside a
 * surrogate pair. Shared by text tables and text charts. Stateless.
 */
public final class TextWidth {
  private TextWidth() {}

  /** The columns {@code text} takes on a terminal. */
  public static int of(String text) {
    int width = 0;
    for (int i = 0; i < text.length(); ) {
      int codePoint = text.codePointAt(i);
      width += of(codePoint);
      i += Character.charCount(codePoint);
    }
    return width;
  }

  private static int of(int codePoint) {
    return Math.max(0, WCWidth.wcwidth(codePoint)); // a control character (-1) takes none
  }

  /** {@code text} within {@code maxWidth} columns: whole, or cut and ended with an ellipsis. */
  public static String cut(String text, int maxWidth) {
    if (of(text) <= maxWidth) {
      return text;
    }
    StringBuilder out = new StringBuilder();
    int used = 0;
    for (int i = 0; i < text.length(); ) {
      int codePoint = text.codePointAt(i);
      int w = of(codePoint);
      if (used + w > maxWidth - 1) {
        break;
      }
      out.appendCodePoint(codePoint);
      used += w;
      i += Character.charCount(codePoint);
    }
    return out.append('…').toString();
  }

  /** {@code text} padded with spaces to {@code width} columns, on the right or the left. */
  public static String pad(String text, int width, boolean right) {
    String fill = " ".repeat(Math.max(0, width - of(text)));
    return right ? fill + text : text + fill;
  }
}
