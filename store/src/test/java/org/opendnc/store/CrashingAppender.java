package org.opendnc.store;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.opendnc.core.register.Channel;
import org.opendnc.core.register.EventType;
import org.opendnc.core.register.RegisterEvent;

/**
 * The child JVM of {@link SqliteCrashTest}: appends batches to the store in {@code args[0]}
 * forever, printing {@code ACK <batch> <last sequence>} after each append returns. Every event of
 * batch {@code b} carries the evidence {@code batch-b}.
 */
final class CrashingAppender {

  static final int BATCH_SIZE = 2000;

  private CrashingAppender() {}

  public static void main(String[] args) {
    try (RegisterStore store = RegisterStore.openSqlite(Path.of(args[0]))) {
      Instant at = Instant.parse("2025-01-01T00:00:00Z");
      for (int batch = 0; ; batch++) {
        List<RegisterEvent> events = new ArrayList<>(BATCH_SIZE);
        for (int i = 0; i < BATCH_SIZE; i++) {
          events.add(RegisterEvent.of(
              393_000_000_000L + batch * (long) BATCH_SIZE + i, EventType.REGISTER, null, at,
              Channel.IMPORT, "batch-" + batch));
        }
        List<RegisterEvent> appended = store.events().append(events);
        System.out.println("ACK " + batch + " " + appended.getLast().sequence());
        System.out.flush();
      }
    }
  }
}
