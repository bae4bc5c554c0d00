package org.opendnc.investigate.register;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.opendnc.core.register.EventType;
import org.opendnc.core.register.RegisterEvent;

/** Collects events in log order into the latest registrations and the wanted histories. */
final class RegisterLoader {
  private final long[] wanted;
  private long[] numbers = new long[1024];
  private int[] minutes = new int[1024];
  private int count;
  private final Map<Long, List<RegisterEvent>> histories = new HashMap<>();

  RegisterLoader(long[] sortedWanted) {
    this.wanted = sortedWanted;
  }

  void accept(RegisterEvent event) {
    if (event.type() == EventType.REGISTER || event.type() == EventType.RENEW) {
      if (count == numbers.length) {
        numbers = Arrays.copyOf(numbers, count * 2);
        minutes = Arrays.copyOf(minutes, count * 2);
      }
      numbers[count] = event.e164();
      minutes[count] = (int) Math.floorDiv(event.at().getEpochSecond(), 60);
      count++;
    }
    if (Arrays.binarySearch(wanted, event.e164()) >= 0) {
      histories.computeIfAbsent(event.e164(), k -> new ArrayList<>()).add(event);
    }
  }

  RegisterSource.Loaded finish() {
    return new RegisterSource.Loaded(Registrations.of(numbers, minutes, count), histories);
  }
}
