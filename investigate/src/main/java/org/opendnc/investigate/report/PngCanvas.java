package org.opendnc.investigate.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Locale;
import javax.imageio.ImageIO;

/** Draws into a PNG (twice the size, for print), shown as an img with a data URI: for the PDF. */
final class PngCanvas implements Canvas {
  private static final int SCALE = 2;
  /** The text width of an A4 landscape page with 14 mm margins, in CSS pixels (the renderer ignores max-width on images). */
  private static final int MAX_PAGE_WIDTH_PX = 1000;
  private final BufferedImage image;
  private final Graphics2D g;
  private final int width;
  private final String label;

  PngCanvas(int width, int height, String label) {
    System.setProperty("java.awt.headless", "true");
    this.width = width;
    this.label = label;
    image = new BufferedImage(width * SCALE, height * SCALE, BufferedImage.TYPE_INT_RGB);
    g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.scale(SCALE, SCALE);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
  }

  @Override
  public void rect(double x, double y, double w, double h, String fill, String stroke, boolean dashed) {
    var shape = new RoundRectangle2D.Double(x, y, w, h, stroke == null ? 0 : 12, stroke == null ? 0 : 12);
    g.setColor(color(fill));
    g.fill(shape);
    if (stroke != null) {
      g.setColor(color(stroke));
      g.setStroke(dashed ? new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {5, 3}, 0)
          : new BasicStroke(1.2f));
      g.draw(shape);
    }
  }

  @Override
  public void line(double x1, double y1, double x2, double y2, String color, double w, boolean arrow) {
    g.setColor(color(color));
    g.setStroke(new BasicStroke((float) w));
    g.draw(new Line2D.Double(x1, y1, x2, y2));
    if (arrow) {
      double angle = Math.atan2(y2 - y1, x2 - x1);
      Path2D head = new Path2D.Double();
      head.moveTo(x2, y2);
      head.lineTo(x2 - 9 * Math.cos(angle - 0.4), y2 - 9 * Math.sin(angle - 0.4));
      head.lineTo(x2 - 9 * Math.cos(angle + 0.4), y2 - 9 * Math.sin(angle + 0.4));
      head.closePath();
      g.setColor(color("#444"));
      g.fill(head);
    }
  }

  @Override
  public void text(double x, double y, String text, double size, String color, String anchor, boolean bold) {
    g.setFont(new Font(Font.SANS_SERIF, bold ? Font.BOLD : Font.PLAIN, (int) Math.round(size)));
    g.setColor(color(color));
    int textWidth = g.getFontMetrics().stringWidth(text);
    double start = switch (anchor) {
      case "middle" -> x - textWidth / 2.0;
      case "end" -> x - textWidth;
      default -> x;
    };
    g.drawString(text, (float) start, (float) y);
  }

  @Override
  public String finish() {
    g.dispose();
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", png);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return String.format(Locale.ROOT, "<img alt=\"%s\" style=\"width:%dpx\" src=\"data:image/png;base64,%s\"/>",
        Html.escape(label), Math.min(width, MAX_PAGE_WIDTH_PX), Base64.getEncoder().encodeToString(png.toByteArray()));
  }

  private static Color color(String hex) {
    if (hex == null || hex.equals("none")) {
      return Color.WHITE;
    }
    String h = hex.substring(1);
    if (h.length() == 3) {
      h = "" + h.charAt(0) + h.charAt(0) + h.charAt(1) + h.charAt(1) + h.charAt(2) + h.charAt(2);
    }
    return new Color(Integer.parseInt(h, 16));
  }
}
