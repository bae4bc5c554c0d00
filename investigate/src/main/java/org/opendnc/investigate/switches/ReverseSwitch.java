package org.opendnc.investigate.switches;

import java.time.LocalDate;
import java.util.List;

/**
 * A supply point switched from {@code fromSupplier} to {@code toSupplier} and back within the
 * window: one row of reverse_switches.csv.
 *
 * @param firms the agent firms of the two legs (one when the same firm made both)
 * @param agentIds the agents of the two legs
 * @param commissionEur the commissions both legs earned, when rates are given (else 0)
 */
public record ReverseSwitch(String pod, List<String> firms, String fromSupplier, String toSupplier, LocalDate firstDate,
    LocalDate backDate, List<String> agentIds, double commissionEur) {}
