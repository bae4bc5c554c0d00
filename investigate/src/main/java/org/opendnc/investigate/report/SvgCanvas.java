package org.opendnc.investigate.report;

import java.util.Locale;

/** Draws as an inline SVG element. */
final class SvgCanvas implements Canvas {
  private final StringBuilder svg = new StringBuilder();
  private final int width;
  private final int height;

  SvgCanvas(int width, int height, String label) {
    this.width = width;
    this.height = height;
    svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" style=\"width:100%%;max-width:%dpx;height:auto\" data-height=\"%d\""
        + " role=\"img\" aria-label=\"%s\" font-family=\"Helvetica, Arial, sans-serif\">", width, height, width, height, Html.escape(label)));
    svg.append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\""
        + " orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"#444\"/></marker></defs>");
  }

  @Override
  public void rect(double x, double y, double w, double h, String fill, String stroke, boolean dashed) {
    svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" rx=\"%s\" fill=\"%s\" stroke=\"%s\"%s/>",
        x, y, w, h, stroke == null ? "0" : "6", fill, stroke == null ? "none" : stroke, dashed ? " stroke-dasharray=\"5,3\"" : ""));
  }

  @Override
  public void line(double x1, double y1, double x2, double y2, String color, double w, boolean arrow) {
    svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"%.1f\"%s/>",
        x1, y1, x2, y2, color, w, arrow ? " marker-end=\"url(#arrow)\"" : ""));
  }

  @Override
  public void text(double x, double y, String text, double size, String color, String anchor, boolean bold) {
    svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%.1f\" fill=\"%s\" text-anchor=\"%s\"%s>%s</text>",
        x, y, size, color, anchor, bold ? " font-weight=\"bold\"" : "", Html.escape(text)));
  }

  @Override
  public String finish() {
    return svg + "</svg>";
  }

  int width() {
    return width;
  }

  int height() {
    return height;
  }
}
