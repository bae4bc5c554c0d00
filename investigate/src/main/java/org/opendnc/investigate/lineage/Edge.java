package org.opendnc.investigate.lineage;

import java.time.LocalDate;

/**
 * One inferred list flow: {@code to} received records from {@code from}, first on {@code
 * firstDate}. {@code from} is a firm of the case or an inferred unseized source ({@code
 * UNSEIZED-n}).
 *
 * @param records the records that arrived along this flow
 * @param evidence what supports it, in words
 * @param confidence for a flow between firms, the share of the received batches that the source
 *     held before with the same name spelling; for an unseized source, one minus the largest share
 *     of the batches that any seized firm held before (how surely no seized firm can be the source)
 */
public record Edge(String from, String to, LocalDate firstDate, long records, String evidence, double confidence) {

  /** Whether the source is an inferred unseized source. */
  public boolean fromUnseized() {
    return from.startsWith(LineageAnalysis.UNSEIZED_PREFIX);
  }
}
