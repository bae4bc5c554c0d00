package org.opendnc.server;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import org.opendnc.audit.CallingNumbers;
import org.opendnc.audit.DoNotContactImport;
import org.opendnc.audit.RejectedRow;
import org.opendnc.audit.Rejects;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;
import org.opendnc.core.number.NumberParser;
import org.opendnc.store.AuditEntry;
import org.opendnc.store.OperatorListStore;
import org.opendnc.store.OperatorListStore.CallingNumber;

/**
 * What operators declare over the API: their calling numbers (declare, list, withdraw) and their
 * internal do-not-contact list (CSV upload). The rules are those of {@code dnc operator
 * calling-numbers} and {@code dnc operator dnc import} ({@link CallingNumbers},
 * {@link DoNotContactImport}).
 */
final class OperatorListsApi {

  /*
   * Over the API an operator speaks for itself, so its declarations take effect when the register
   * receives them: no "since" in the past (a declaration dated back would clear CALLER_ID_UNDECLARED
   * for calls already made), and a withdrawal ends the declaration now. The register's staff can
   * still record a dated declaration with the CLI (decision 0040).
   */

  static final String CALLING_NUMBERS = "/api/v1/calling-numbers";
  static final String DO_NOT_CONTACT = "/api/v1/do-not-contact";
  /** The most rejected rows an import's answer lists (the count is always exact). */
  static final int MAX_LISTED_REJECTS = 10_000;
  private static final int MAX_BODY_BYTES = 64 << 10;

  private final OperatorListStore lists;
  private final NumberParser parser;
  private final ZoneId zone;
  private final Clock clock;
  private final AuditTrail audit;
  private final Path temporaryDirectory;
  private final long maxUploadBytes;

  OperatorListsApi(OperatorListStore lists, NumberParser parser, ZoneId zone, Clock clock, AuditTrail audit,
      Path temporaryDirectory, long maxUploadBytes) {
    this.lists = lists;
    this.parser = parser;
    this.zone = zone;
    this.clock = clock;
    this.audit = audit;
    this.temporaryDirectory = temporaryDirectory;
    this.maxUploadBytes = maxUploadBytes;
  }

  void register(RoutesConfig routes) {
    routes.get(CALLING_NUMBERS, this::listCallingNumbers, Access.OPERATOR);
    routes.post(CALLING_NUMBERS, this::declare, Access.OPERATOR);
    routes.delete(CALLING_NUMBERS + "/{number}", this::withdraw, Access.OPERATOR);
    routes.get(DO_NOT_CONTACT, this::countDoNotContact, Access.OPERATOR);
    routes.post(DO_NOT_CONTACT, this::importDoNotContact, Access.OPERATOR);
  }

  record CallingNumberView(String number, Instant declaredAt, Instant withdrawnAt, boolean inForce) {
    static CallingNumberView of(CallingNumber number, Instant now) {
      return new CallingNumberView("+" + number.e164(), number.declaredAt(), number.withdrawnAt(),
          number.inForceAt(now));
    }
  }

  record CallingNumbersView(String operator, List<CallingNumberView> callingNumbers) {}

  record DeclareBody(List<String> numbers) {}

  record DeclaredView(String number, boolean added) {}

  record DeclarationView(String operator, Instant declaredAt, List<DeclaredView> numbers) {}

  record WithdrawnView(String operator, String number, Instant withdrawnAt) {}

  record DoNotContactCountView(String operator, long entries) {}

  record RejectView(long line, String reason, String detail) {}

  record ImportView(String operator, long rows, long added, long alreadyListed, long rejected,
      boolean rejectsTruncated, List<RejectView> rejects) {}

  private AuditEntry entry(Context ctx, Principal principal, String action, String subject, long numbers, Long e164,
      String outcome, String detail) {
    return AuditEntry.of(Instant.now(), principal.actorType(), principal.name(), action, subject, numbers, e164,
        outcome, RequestIds.of(ctx), detail);
  }

  private void listCallingNumbers(Context ctx) {
    Principal principal = HttpSecurity.principal(ctx);
    Instant now = clock.instant();
    ctx.json(new CallingNumbersView(principal.name(), lists.callingNumbers(principal.name()).stream()
        .map(n -> CallingNumberView.of(n, now)).toList()));
  }

  private void declare(Context ctx) {
    DeclareBody body = Json.read(ctx, DeclareBody.class, MAX_BODY_BYTES);
    Instant now = clock.instant();
    List<CallingNumbers.Declared> declared = declare(ctx, body.numbers(), now);
    ctx.json(new DeclarationView(HttpSecurity.principal(ctx).name(), now, declared.stream()
        .map(d -> new DeclaredView("+" + d.e164(), d.added())).toList()));
  }

  /**
   * Declares calling numbers of the request's operator from {@code now} and audits it (refusals
   * too); the API and the operator's page both come here.
   *
   * @throws DncException INVALID_ARGUMENT naming an unreadable number (nothing is declared)
   */
  List<CallingNumbers.Declared> declare(Context ctx, List<String> numbers, Instant now) {
    Principal principal = HttpSecurity.principal(ctx);
    List<CallingNumbers.Declared> declared;
    try {
      declared = CallingNumbers.declare(lists, principal.name(), numbers, parser, now);
    } catch (DncException refused) {
      audit.record(entry(ctx, principal, "CALLING_NUMBERS_DECLARE", null, 0, null, refused.code().name(), null), null);
      throw refused;
    }
    long added = declared.stream().filter(CallingNumbers.Declared::added).count();
    audit.record(entry(ctx, principal, "CALLING_NUMBERS_DECLARE", null, declared.size(),
        declared.size() == 1 ? declared.get(0).e164() : null, AuditEntry.OK, added + " new"), null);
    return declared;
  }

  /** The request's operator's declarations, by number and time. */
  List<CallingNumber> callingNumbers(Context ctx) {
    return lists.callingNumbers(HttpSecurity.principal(ctx).name());
  }

  /** How many entries the request's operator's do-not-contact list holds. */
  long countDoNotContact(Context ctx, Principal principal) {
    return lists.countDoNotContact(principal.name());
  }

  /** The server's time (declarations take effect at it). */
  Instant now() {
    return clock.instant();
  }

  private void withdraw(Context ctx) {
    Instant now = clock.instant();
    long e164;
    try {
      e164 = withdraw(ctx, ctx.pathParam("number"), now);
    } catch (DncException refused) {
      throw refused.code() == ErrorCode.NOT_FOUND ? new DncException(ErrorCode.NOT_FOUND, refused.getMessage()
          + " See GET " + CALLING_NUMBERS + ".") : refused;
    }
    ctx.json(new WithdrawnView(HttpSecurity.principal(ctx).name(), "+" + e164, now));
  }

  /**
   * Ends the request's operator's declaration of a number at {@code now} and audits it (refusals
   * too); the API and the operator's page both come here.
   *
   * @throws DncException INVALID_ARGUMENT (unreadable), NOT_FOUND (not declared and in force)
   */
  long withdraw(Context ctx, String number, Instant now) {
    Principal principal = HttpSecurity.principal(ctx);
    try {
      long e164 = CallingNumbers.withdraw(lists, principal.name(), number, parser, now);
      audit.record(entry(ctx, principal, "CALLING_NUMBER_WITHDRAW", null, 1, e164, AuditEntry.OK, null), null);
      return e164;
    } catch (DncException refused) {
      audit.record(entry(ctx, principal, "CALLING_NUMBER_WITHDRAW", null, 0, null, refused.code().name(), null), null);
      throw refused;
    }
  }

  private void countDoNotContact(Context ctx) {
    Principal principal = HttpSecurity.principal(ctx);
    ctx.json(new DoNotContactCountView(principal.name(), countDoNotContact(ctx, principal)));
  }

  private void importDoNotContact(Context ctx) {
    String contentType = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(Locale.ROOT);
    if (!contentType.startsWith("text/csv") && !contentType.startsWith("text/plain")) {
      throw new DncException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "send the list as the request body with"
          + " Content-Type: text/csv (header " + DoNotContactImport.EXPECTED + ", then one row per number).");
    }
    if (ctx.req().getContentLengthLong() > maxUploadBytes) {
      throw tooLarge();
    }
    try (InputStream body = ctx.bodyInputStream()) {
      ctx.json(importDoNotContact(ctx, body, "api"));
    } catch (IOException e) {
      throw new DncException(ErrorCode.INVALID_ARGUMENT, "the list could not be received to its end ("
          + e.getMessage() + "); send it again.", e);
    }
  }

  /**
   * Spools a do-not-contact list (at most the upload limit), imports it for the request's operator
   * and audits it (refusals too); the API and the operator's page both come here.
   *
   * @param channel {@code api} or {@code portal}: the entries' source is {@code CHANNEL:TIME:LINE}
   * @throws DncException REQUEST_TOO_LARGE, and the codes of a file that cannot be read as a whole
   *     (INPUT_EMPTY, INPUT_BINARY, COLUMN_NOT_FOUND, MALFORMED_CSV)
   */
  ImportView importDoNotContact(Context ctx, InputStream body, String channel) {
    Principal principal = HttpSecurity.principal(ctx);
    Path spooled = spool(body);
    try (Rejects rejects = new Rejects(null, MAX_LISTED_REJECTS)) {
      DoNotContactImport.Result result;
      try {
        result = DoNotContactImport.run(lists, principal.name(), spooled, channel + ":" + Instant.now(clock),
            parser, zone, clock, rejects);
      } catch (DncException refused) {
        audit.record(entry(ctx, principal, "DNC_IMPORT", null, 0, null, refused.code().name(), null), null);
        throw new DncException(refused.code(), refused.getMessage().replace(spooled.toString(), "the list"), refused);
      }
      audit.record(entry(ctx, principal, "DNC_IMPORT", null, result.added(), null, AuditEntry.OK,
          "rows " + result.rows() + ", added " + result.added() + ", already listed " + result.alreadyListed()
              + ", rejected " + rejects.count()), null);
      List<RejectedRow> listed = rejects.first();
      return new ImportView(principal.name(), result.rows(), result.added(), result.alreadyListed(), rejects.count(),
          rejects.count() > listed.size(), listed.stream()
              .map(r -> new RejectView(r.line(), r.reason(), r.detail())).toList());
    } finally {
      deleteQuietly(spooled);
    }
  }

  private Path spool(InputStream body) {
    Path file;
    try {
      file = Files.createTempFile(temporaryDirectory, "dnc-list-", ".csv");
    } catch (IOException e) {
      throw new DncException(ErrorCode.SERVICE_UNAVAILABLE, "the server cannot store the upload right now ("
          + e.getMessage() + "); retry later.", e);
    }
    try (InputStream limited = new LimitedInputStream(body, maxUploadBytes)) {
      Files.copy(limited, file, StandardCopyOption.REPLACE_EXISTING);
      return file;
    } catch (LimitedInputStream.LimitExceededException e) {
      deleteQuietly(file);
      throw tooLarge();
    } catch (IOException e) {
      deleteQuietly(file);
      throw new DncException(ErrorCode.INVALID_ARGUMENT, "the list could not be received to its end ("
          + e.getMessage() + "); send it again.", e);
    }
  }

  DncException tooLarge() {
    return new DncException(ErrorCode.REQUEST_TOO_LARGE, "the list is larger than " + (maxUploadBytes >> 20)
        + " MiB, the most this server accepts; split it into several uploads (re-importing adds nothing twice).");
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // DATA/tmp is emptied at the next start
    }
  }
}
