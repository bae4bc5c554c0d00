package org.opendnc.server;

import java.time.Duration;
import java.util.Objects;

/**
 * How the HTTP service listens and what it accepts.
 *
 * @param host the address to bind; loopback by default (put a TLS proxy in front to serve others)
 * @param port the TCP port; 0 picks a free one (tests)
 * @param maxBatchBytes the largest CSV list a batch check accepts, in bytes
 * @param maxJsonBytes the largest JSON request body, in bytes
 * @param rateLimits requests allowed per client address, per API key and for logins
 * @param trustForwardedHeaders take the client address and scheme from {@code Forwarded} or
 *     {@code X-Forwarded-For} and {@code X-Forwarded-Proto}; only behind a proxy that sets them, or
 *     clients can forge them
 * @param stopTimeout how long a graceful shutdown waits for requests in flight
 * @param citizens citizen requests, the IVR webhook and the SMS gateway
 */
public record ServerConfig(
    String host,
    int port,
    long maxBatchBytes,
    int maxJsonBytes,
    RateLimits rateLimits,
    boolean trustForwardedHeaders,
    Duration stopTimeout,
    CitizenSettings citizens) {

  /** The default address: loopback only. */
  public static final String DEFAULT_HOST = "127.0.0.1";
  /** The default port. */
  public static final int DEFAULT_PORT = 8080;
  /** The default largest batch list: 256 MiB (about ten million rows of a typical list). */
  public static final long DEFAULT_MAX_BATCH_BYTES = 256L << 20;
  /** The default largest JSON body: 64 KiB. */
  public static final int DEFAULT_MAX_JSON_BYTES = 64 << 10;

  public ServerConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(rateLimits, "rateLimits");
    Objects.requireNonNull(stopTimeout, "stopTimeout");
    Objects.requireNonNull(citizens, "citizens");
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be 0 to 65535: " + port);
    }
    if (maxBatchBytes <= 0 || maxJsonBytes <= 0) {
      throw new IllegalArgumentException("body limits must be positive");
    }
  }

  /** Loopback, port 8080, the default limits. */
  public static ServerConfig defaults() {
    return new ServerConfig(DEFAULT_HOST, DEFAULT_PORT, DEFAULT_MAX_BATCH_BYTES,
        DEFAULT_MAX_JSON_BYTES, RateLimits.defaults(), false, Duration.ofSeconds(30),
        CitizenSettings.defaults());
  }

  public ServerConfig withAddress(String newHost, int newPort) {
    return new ServerConfig(newHost, newPort, maxBatchBytes, maxJsonBytes, rateLimits,
        trustForwardedHeaders, stopTimeout, citizens);
  }

  public ServerConfig withMaxBatchBytes(long bytes) {
    return new ServerConfig(host, port, bytes, maxJsonBytes, rateLimits, trustForwardedHeaders,
        stopTimeout, citizens);
  }

  public ServerConfig withTrustedProxy(boolean trusted) {
    return new ServerConfig(host, port, maxBatchBytes, maxJsonBytes, rateLimits, trusted,
        stopTimeout, citizens);
  }

  public ServerConfig withRateLimits(RateLimits limits) {
    return new ServerConfig(host, port, maxBatchBytes, maxJsonBytes, limits, trustForwardedHeaders,
        stopTimeout, citizens);
  }

  public ServerConfig withCitizens(CitizenSettings settings) {
    return new ServerConfig(host, port, maxBatchBytes, maxJsonBytes, rateLimits,
        trustForwardedHeaders, stopTimeout, settings);
  }

  /**
   * Token-bucket limits: each allows a burst of twice its rate.
   *
   * @param perAddressPerSecond requests per second from one client address (any route)
   * @param perKeyPerSecond requests per second with one API key or one session
   * @param loginsPerMinute login attempts per minute from one client address
   */
  public record RateLimits(long perAddressPerSecond, long perKeyPerSecond, long loginsPerMinute) {
    public RateLimits {
      if (perAddressPerSecond <= 0 || perKeyPerSecond <= 0 || loginsPerMinute <= 0) {
        throw new IllegalArgumentException("rate limits must be positive");
      }
    }

    /** 1,000 requests/s per address, 2,000/s per key, 10 logins/min per address. */
    public static RateLimits defaults() {
      return new RateLimits(1_000, 2_000, 10);
    }
  }
}
