package org.opendnc.investigate.report;

/** The few drawing operations the charts need, drawn as SVG or as a PNG image. */
interface Canvas {
  void rect(double x, double y, double width, double height, String fill, String stroke, boolean dashed);

  void line(double x1, double y1, double x2, double y2, String color, double width, boolean arrow);

  /** Text at a baseline; anchor is "start", "middle" or "end". */
  void text(double x, double y, String text, double size, String color, String anchor, boolean bold);

  /** The drawing, as markup to put in the page (an inline SVG, or an img with a PNG data URI). */
  String finish();
}
