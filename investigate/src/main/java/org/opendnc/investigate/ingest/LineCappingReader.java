package org.opendnc.investigate.ingest;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayDeque;

/**
 * Passes text through, cutting every physical line longer than a cap: the first {@code cap}
 * characters are kept, the rest of the line is skipped without being buffered. The lines cut are
 * remembered, so a hostile file (a 2 GB line) costs one read, not memory.
 */
final class LineCappingReader extends Reader {
  private final Reader in;
  private final int cap;
  private final char[] buffer = new char[1 << 16];
  private final ArrayDeque<Long> cutLines = new ArrayDeque<>();
  private int position;
  private int limit;
  private long line = 1;
  private int lineLength;
  private boolean skipping;
  private boolean quoteOpen;
  private long quoteOpenedLine;

  LineCappingReader(Reader in, int cap) {
    this.in = in;
    this.cap = cap;
  }

  @Override
  public int read(char[] target, int offset, int length) throws IOException {
    int written = 0;
    while (written == 0) {
      if (position == limit) {
        limit = in.read(buffer, 0, buffer.length);
        position = 0;
        if (limit <= 0) {
          limit = 0;
          return -1;
        }
      }
      while (position < limit && written < length) {
        char c = buffer[position++];
        if (c == '\n') {
          skipping = false;
          lineLength = 0;
          line++;
          target[offset + written++] = c;
        } else if (!skipping) {
          if (++lineLength > cap) {
            skipping = true;
            cutLines.add(line);
            if (quoteOpen) { // close the quote, so the CSV parser resumes in step at the next line
              target[offset + written++] = '"';
              quoteOpen = false;
            }
          } else {
            if (c == '"') {
              quoteOpen = !quoteOpen;
              if (quoteOpen) {
                quoteOpenedLine = line;
              }
            }
            target[offset + written++] = c;
          }
        }
      }
    }
    return written;
  }

  /** Whether a double quote was left open at the end of the text (CSV: a quote that never closes). */
  boolean quoteOpen() {
    return quoteOpen;
  }

  /** The line where the quote left open was opened. */
  long quoteOpenedLine() {
    return quoteOpenedLine;
  }

  /** Removes and answers whether {@code physicalLine} was cut; earlier cut lines are dropped. */
  boolean takeCut(long physicalLine) {
    while (!cutLines.isEmpty() && cutLines.peek() < physicalLine) {
      cutLines.poll();
    }
    if (!cutLines.isEmpty() && cutLines.peek() == physicalLine) {
      cutLines.poll();
      return true;
    }
    return false;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
