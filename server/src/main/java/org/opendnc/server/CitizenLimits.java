package org.opendnc.server;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.Map;
import org.opendnc.core.error.ErrorCode;

/**
 * Per-address rate limits of the citizen routes (Bucket4j token buckets, per node), on top of the
 * server's general per-address limit: starting requests, submitting codes (the tightest: each
 * one is a guess) and reading progress or status. Thread-safe.
 */
final class CitizenLimits {

  /*
   * Why per address on top of the engine's limits: the engine bounds what one *number* receives
   * (5 requests an hour, 5 codes a request), which stops guessing one line's code and flooding one
   * line with SMS; these buckets bound what one *client* can do across many numbers (starting
   * requests costs an SMS each; each code submission is a guess). Citizens behind one carrier-grade
   * NAT share an address, so the limits leave room for a few people at a time (decision 0011).
   */

  private static final Duration IDLE_BUCKET_EXPIRY = Duration.ofMinutes(10);
  private static final int MAX_BUCKETS = 200_000;

  private final CitizenSettings settings;
  private final Cache<String, Bucket> starts = buckets();
  private final Cache<String, Bucket> codes = buckets();
  private final Cache<String, Bucket> reads = buckets();

  CitizenLimits(CitizenSettings settings) {
    this.settings = settings;
  }

  private static Cache<String, Bucket> buckets() {
    return Caffeine.newBuilder().expireAfterAccess(IDLE_BUCKET_EXPIRY).maximumSize(MAX_BUCKETS).build();
  }

  private static Bucket perMinute(long rate) {
    return Bucket.builder()
        .addLimit(limit -> limit.capacity(2 * rate).refillGreedy(rate, Duration.ofMinutes(1)))
        .build();
  }

  /** Takes one start from the address's bucket, or refuses with {@code RATE_LIMITED}. */
  void acquireStart(String address) {
    take(starts.get(address, a -> perMinute(settings.startsPerMinute())), "requests started");
  }

  /** Takes one code submission from the address's bucket. */
  void acquireCode(String address) {
    take(codes.get(address, a -> perMinute(settings.codesPerMinute())), "codes submitted");
  }

  /** Takes one progress, status or history read from the address's bucket. */
  void acquireRead(String address) {
    take(reads.get(address, a -> perMinute(settings.readsPerMinute())), "request reads");
  }

  private static void take(Bucket bucket, String what) {
    ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
    if (!probe.isConsumed()) {
      long seconds = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
      throw new ProblemException(ErrorCode.RATE_LIMITED,
          "too many " + what + " from your address; retry after " + seconds + " s.",
          Map.of("retry_after_seconds", seconds), Map.of("Retry-After", Long.toString(seconds)));
    }
  }
}
