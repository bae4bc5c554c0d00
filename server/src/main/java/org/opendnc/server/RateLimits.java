package org.opendnc.server;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.Map;
import org.opendnc.core.error.ErrorCode;

/**
 * Token-bucket rate limits (Bucket4j) per client address, per API key or session, and for logins
 * per address. Buckets live in this process (each node limits on its own). Thread-safe.
 */
final class RateLimits {

  private static final Duration IDLE_BUCKET_EXPIRY = Duration.ofMinutes(10);
  private static final int MAX_BUCKETS = 200_000;

  private final ServerConfig.RateLimits config;
  private final Cache<String, Bucket> perAddress = buckets();
  private final Cache<String, Bucket> perKey = buckets();
  private final Cache<String, Bucket> logins = buckets();

  RateLimits(ServerConfig.RateLimits config) {
    this.config = config;
  }

  private static Cache<String, Bucket> buckets() {
    return Caffeine.newBuilder().expireAfterAccess(IDLE_BUCKET_EXPIRY).maximumSize(MAX_BUCKETS).build();
  }

  private static Bucket bucket(long perPeriod, Duration period) {
    return Bucket.builder()
        .addLimit(limit -> limit.capacity(2 * perPeriod).refillGreedy(perPeriod, period))
        .build();
  }

  /** Takes one request from the client address's bucket, or refuses with {@code RATE_LIMITED}. */
  void acquireForAddress(String address) {
    take(perAddress.get(address, a -> bucket(config.perAddressPerSecond(), Duration.ofSeconds(1))),
        "from your address");
  }

  /** Takes one request from a key's (or session's) bucket. */
  void acquireForKey(String key) {
    take(perKey.get(key, k -> bucket(config.perKeyPerSecond(), Duration.ofSeconds(1))),
        "with this API key or session");
  }

  /** Takes one login attempt from the client address's login bucket. */
  void acquireLogin(String address) {
    take(logins.get(address, a -> bucket(config.loginsPerMinute(), Duration.ofMinutes(1))),
        "to log in from your address");
  }

  private static void take(Bucket bucket, String what) {
    ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
    if (!probe.isConsumed()) {
      long seconds = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
      throw new ProblemException(ErrorCode.RATE_LIMITED,
          "too many requests " + what + "; retry after " + seconds + " s.",
          Map.of("retry_after_seconds", seconds), Map.of("Retry-After", Long.toString(seconds)));
    }
  }
}
