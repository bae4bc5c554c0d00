package org.opendnc.audit;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import org.opendnc.audit.AuditSources.CheckReceipt;
import org.opendnc.core.profile.Profile;
import org.opendnc.core.profile.ProfileRules;
import org.opendnc.core.register.EventType;
import org.opendnc.core.register.OppositionHistory;
import org.opendnc.core.register.RegisterEvent;
import org.opendnc.store.OperatorListStore.CallingNumber;
import org.opendnc.store.OperatorListStore.DoNotContactEntry;

/**
 * A deliberately simple audit: for each call, scan every list from the start, with Instants and
 * the core's OppositionHistory. Slow (calls x everything) and obviously right, to judge CallAudit.
 */
final class ReferenceAudit {

  private ReferenceAudit() {}

  static int[] reasons(Profile profile, CallRecords calls, List<RegisterEvent> events, List<CheckReceipt> receipts,
      List<CallingNumber> declared, List<DoNotContactEntry> doNotContact, ConsentEvidence consents) {
    ProfileRules rules = profile.rules();
    int[] out = new int[calls.size()];
    for (int i = 0; i < calls.size(); i++) {
      String operator = calls.operator(i);
      long callee = calls.callee(i);
      Instant t = calls.startedAt(i);
      int mask = 0;

      List<RegisterEvent> history = new ArrayList<>();
      for (RegisterEvent event : events) {
        if (event.e164() == callee) {
          history.add(event);
        }
      }
      history.sort((a, b) -> Long.compare(a.sequence(), b.sequence()));
      boolean opposed = OppositionHistory.isOpposed(history, operator, t);
      Instant registeredAt = null;
      for (RegisterEvent event : history) {
        if (!event.at().isAfter(t) && (event.type() == EventType.REGISTER || event.type() == EventType.RENEW)) {
          registeredAt = event.at();
        }
      }

      boolean covered = false;
      for (CheckReceipt receipt : receipts) {
        if (receipt.operator().equals(operator) && !receipt.checkedAt().isAfter(t)
            && t.isBefore(receipt.checkedAt().plus(profile.checkValidity())) && receipt.callable().contains(callee)) {
          covered = true;
        }
      }
      if (opposed) {
        boolean consent = false;
        boolean revoked = false;
        for (ConsentEvidence.Consent c : consents.consentsOf(operator, callee)) {
          boolean validAtT = !c.givenAt().isAfter(t) && (c.withdrawnAt() == null || c.withdrawnAt().isAfter(t));
          if (validAtT && c.givenAt().isAfter(registeredAt)) {
            consent = true;
          } else if (validAtT) {
            revoked = true;
          }
        }
        boolean contract = false;
        for (ConsentEvidence.Contract k : consents.contractsOf(operator, callee)) {
          if (!k.start().isAfter(t) && (k.end() == null || !k.end().isBefore(t)
              || Duration.between(k.end(), t).compareTo(rules.contractGrace()) <= 0)) {
            contract = true;
          }
        }
        if (!consent && !contract && !covered) {
          mask |= revoked ? ReasonCode.CONSENT_REVOKED_BY_REGISTRATION.bit() : ReasonCode.OPPOSED_NO_CONSENT.bit();
        }
      }
      if (!covered) {
        mask |= ReasonCode.NO_VALID_CHECK.bit();
      }
      boolean inside = rules.callingHours().isUnrestricted();
      for (ZoneId zone : rules.zones().zonesOf(callee)) {
        ZonedDateTime local = t.atZone(zone);
        inside |= rules.callingHours().allows(local.toLocalDate(), local.toLocalTime().toSecondOfDay(), rules.holidays());
      }
      if (!inside) {
        mask |= ReasonCode.OUTSIDE_CALLING_HOURS.bit();
      }
      long caller = calls.caller(i);
      if (caller == 0) {
        mask |= ReasonCode.CALLER_ID_WITHHELD.bit();
      } else {
        boolean isDeclared = false;
        for (CallingNumber d : declared) {
          if (d.operator().equals(operator) && d.e164() == caller && d.inForceAt(t)) {
            isDeclared = true;
          }
        }
        if (caller < 0 || (!isDeclared && !rules.isAllowedCallerIdPrefix(caller))) {
          mask |= ReasonCode.CALLER_ID_UNDECLARED.bit();
        }
        String origin = calls.originCountry(i);
        String countryCode = Integer.toString(org.opendnc.core.number.NumberParser.forRegion(profile.region()).countryCode());
        if (caller > 0 && origin != null && !origin.equals(profile.region()) && Long.toString(caller).startsWith(countryCode)) {
          mask |= ReasonCode.SPOOFED_FROM_ABROAD.bit();
        }
      }
      Instant lastRefusal = null;
      for (DoNotContactEntry entry : doNotContact) {
        if (entry.operator().equals(operator) && entry.e164() == callee) {
          if (entry.blockedFrom().isBefore(t)) {
            mask |= ReasonCode.INTERNAL_DNC.bit();
          }
          if (entry.refusedAt() != null && entry.refusedAt().isBefore(t)
              && (lastRefusal == null || entry.refusedAt().isAfter(lastRefusal))) {
            lastRefusal = entry.refusedAt();
          }
        }
      }
      if (rules.frequencyCap() != null) {
        int count = 0;
        for (int j = 0; j < calls.size(); j++) {
          if (!calls.operator(j).equals(operator) || calls.callee(j) != callee) {
            continue;
          }
          Instant tj = calls.startedAt(j);
          boolean notLater = tj.isBefore(t) || (tj.equals(t) && j <= i);
          if (notLater && Duration.between(tj, t).compareTo(rules.frequencyCap().window()) < 0) {
            count++;
          }
          if (tj.isBefore(t) && "REFUSED".equals(calls.outcome(j))
              && (lastRefusal == null || tj.isAfter(lastRefusal))) {
            lastRefusal = tj;
          }
        }
        Duration quiet = rules.frequencyCap().afterRefusal();
        if (count > rules.frequencyCap().maxCalls()
            || (!quiet.isZero() && lastRefusal != null && Duration.between(lastRefusal, t).compareTo(quiet) < 0)) {
          mask |= ReasonCode.FREQUENCY_CAP.bit();
        }
      }
      out[i] = mask;
    }
    return out;
  }
}
