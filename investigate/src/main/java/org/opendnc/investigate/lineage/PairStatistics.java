package org.opendnc.investigate.lineage;

/**
 * What two firms' files have in common, seen from the records both hold.
 *
 * @param sharedNumbers valid numbers both hold
 * @param sharedInvalid invalid numbers both hold (never collected independently)
 * @param firstHeldByA shared records the first firm acquired strictly earlier
 * @param firstHeldByB shared records the second firm acquired strictly earlier
 * @param sameDay shared records both acquired the same day (or with no date)
 * @param namesCompared shared records named in both files
 * @param namesIdentical of those, the same name spelling in both (misspellings included)
 * @param shapesIdentical shared records whose number is written the same way in both files
 */
public record PairStatistics(
    String firmA,
    String firmB,
    long sizeA,
    long sizeB,
    long sharedNumbers,
    long sharedInvalid,
    long firstHeldByA,
    long firstHeldByB,
    long sameDay,
    long namesCompared,
    long namesIdentical,
    long shapesIdentical) {

  /** The share of the first firm's valid numbers that the second also holds. */
  public double containmentOfAInB() {
    return sizeA == 0 ? 0 : (double) sharedNumbers / sizeA;
  }

  /** The share of the second firm's valid numbers that the first also holds. */
  public double containmentOfBInA() {
    return sizeB == 0 ? 0 : (double) sharedNumbers / sizeB;
  }
}
