package org.opendnc.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A complaint about a telemarketing call, from a citizen (native format) or from open data (the
 * US FTC's daily files).
 *
 * @param id a digest of the content and its occurrence in its file (stable across re-imports)
 * @param source {@code FTC} or {@code NATIVE}
 * @param callerId the caller ID as the complainant gave it; may be {@code null}
 * @param callerE164 the caller ID as E.164, 0 when unusable
 * @param calledE164 the number called, 0 when not given (FTC files do not give it)
 * @param consumerAreaCode the complainant's area code (FTC), may be {@code null}
 * @param at when the call happened (FTC: Violation_Date)
 * @param createdAt when the complaint was filed, may be {@code null}
 * @param company the company named, may be {@code null}
 * @param subject what was offered (FTC: Subject), may be {@code null}
 * @param robocall {@code Y}, {@code N} or {@code null}
 * @param file the file imported from; {@code line} its line there
 */
public record Complaint(
    String id,
    String source,
    String callerId,
    long callerE164,
    long calledE164,
    String consumerAreaCode,
    Instant at,
    Instant createdAt,
    String company,
    String subject,
    String robocall,
    String city,
    String state,
    String text,
    String file,
    long line) {
  public Complaint {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(at, "at");
  }
}
