package org.opendnc.server;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.Map;
import org.opendnc.core.error.ErrorCode;

/**
 * Rate limits of citizens' complaints (Bucket4j token buckets, per node): per client address and
 * per number called. Thread-safe.
 */
final class ComplaintLimits {

  /*
   * Per address: one person files a few complaints; a script filing hundreds is stopped. Per
   * number: nobody needs more than a few complaints a day about calls to one line, and a flood
   * of complaints naming one number (to bury or frame it) is stopped. The per-number bucket is
   * taken only for a complaint that is otherwise valid, and never depends on the register, so
   * its refusal tells nothing about whether the number is registered (decision 0040).
   */

  /** Complaints a client address may file per hour (burst: the same). */
  static final int PER_ADDRESS_PER_HOUR = 20;
  /** Complaints about one number per day (burst: the same). */
  static final int PER_NUMBER_PER_DAY = 5;

  private static final Duration IDLE_BUCKET_EXPIRY = Duration.ofHours(25);
  private static final int MAX_BUCKETS = 200_000;

  private final Cache<String, Bucket> perAddress = buckets();
  private final Cache<Long, Bucket> perNumber = buckets();

  private static <K> Cache<K, Bucket> buckets() {
    return Caffeine.newBuilder().expireAfterAccess(IDLE_BUCKET_EXPIRY).maximumSize(MAX_BUCKETS).build();
  }

  private static Bucket bucket(int capacity, Duration period) {
    return Bucket.builder().addLimit(limit -> limit.capacity(capacity).refillGreedy(capacity, period)).build();
  }

  /** Takes one complaint from the address's bucket, or refuses with {@code RATE_LIMITED}. */
  void acquireAddress(String address) {
    take(perAddress.get(address, a -> bucket(PER_ADDRESS_PER_HOUR, Duration.ofHours(1))),
        "too many complaints from your address");
  }

  /** Takes one complaint from the number's bucket, or refuses with {@code RATE_LIMITED}. */
  void acquireNumber(long e164) {
    take(perNumber.get(e164, n -> bucket(PER_NUMBER_PER_DAY, Duration.ofDays(1))),
        "too many complaints about this number today");
  }

  private static void take(Bucket bucket, String what) {
    ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
    if (!probe.isConsumed()) {
      long seconds = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
      throw new ProblemException(ErrorCode.RATE_LIMITED, what + "; retry after " + seconds + " s.",
          Map.of("retry_after_seconds", seconds), Map.of("Retry-After", Long.toString(seconds)));
    }
  }
}
