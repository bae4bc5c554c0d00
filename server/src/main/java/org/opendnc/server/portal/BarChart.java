package org.opendnc.server.portal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A bar chart laid out for inline SVG, with the same figures as a table (what screen readers
 * and keyboard users read). Columns per day, stacked by series; or one bar per row (top lists).
 * Immutable.
 *
 * @param id the element id prefix (title, description, table)
 * @param title the chart's title
 * @param summary one sentence saying what the chart shows, for its SVG description
 * @param width and {@code height}: the SVG's view box
 * @param bars the rectangles
 * @param labels the axis and value labels
 * @param lines the axis and grid lines
 * @param series the series' names, in legend order (series {@code i} has CSS class {@code series-i})
 * @param columns the table's column headings (the category first)
 * @param rows the table's rows
 */
public record BarChart(String id, String title, String summary, int width, int height,
    List<Bar> bars, List<Label> labels, List<Line> lines, List<String> series,
    List<String> columns, List<Row> rows) {

  /*
   * Geometry is computed here so that templates only copy numbers into attributes: no style
   * attributes (the CSP has no 'unsafe-inline'), colours come from the stylesheet's series-N
   * classes. The value axis starts at 0 and ends at a "nice" maximum (1, 2 or 5 times a power
   * of ten), with a middle tick.
   */

  private static final int WIDTH = 640;
  private static final int LEFT = 56;
  private static final int RIGHT = 8;
  private static final int TOP = 12;
  private static final int BOTTOM = 36;
  private static final int COLUMNS_HEIGHT = 240;
  private static final int MAX_CATEGORY_LABELS = 8;
  private static final int ROW_HEIGHT = 28;
  private static final int ROW_LABEL_WIDTH = 160;
  private static final int ROW_VALUE_WIDTH = 96;

  /** A rectangle; {@code tip} is its tooltip (SVG title). */
  public record Bar(String x, String y, String width, String height, int series, String tip) {}

  /** A text label; {@code anchor} is start, middle or end. */
  public record Label(String x, String y, String text, String anchor) {}

  /** A line; {@code axis} for the axis, else a grid line. */
  public record Line(String x1, String y1, String x2, String y2, boolean axis) {
    /** The line's CSS class. */
    public String cssClass() {
      return axis ? "axis" : "grid";
    }
  }

  /** A table row: the category and its cells. */
  public record Row(String category, List<String> cells) {}

  /** Whether there is anything to draw. */
  public boolean empty() {
    return bars.isEmpty();
  }

  /** The view box attribute. */
  public String viewBox() {
    return "0 0 " + width + " " + height;
  }

  /**
   * Columns, one per category (a day), stacked by series.
   *
   * @param values {@code values[category][series]}
   * @param t formats the numbers in the tooltips, labels and table
   */
  public static BarChart columns(String id, String title, String summary, List<String> categories,
      List<String> series, long[][] values, Messages t) {
    int plotWidth = WIDTH - LEFT - RIGHT;
    int plotHeight = COLUMNS_HEIGHT - TOP - BOTTOM;
    long largest = 0;
    for (long[] category : values) {
      long total = 0;
      for (long value : category) {
        total += value;
      }
      largest = Math.max(largest, total);
    }
    long top = niceMaximum(largest);
    List<Bar> bars = new ArrayList<>();
    List<Label> labels = new ArrayList<>();
    List<Row> rows = new ArrayList<>();
    double slot = categories.isEmpty() ? 0 : (double) plotWidth / categories.size();
    double barWidth = Math.max(1, slot * 0.7);
    int every = Math.max(1, (int) Math.ceil(categories.size() / (double) MAX_CATEGORY_LABELS));
    for (int c = 0; c < categories.size(); c++) {
      double x = LEFT + c * slot + (slot - barWidth) / 2;
      double base = TOP + plotHeight;
      long total = 0;
      List<String> cells = new ArrayList<>();
      for (int s = 0; s < series.size(); s++) {
        long value = values[c][s];
        total += value;
        cells.add(t.number(value));
        if (value > 0) {
          double h = plotHeight * (double) value / top;
          base -= h;
          bars.add(new Bar(fixed(x), fixed(base), fixed(barWidth), fixed(h), s,
              categories.get(c) + ", " + series.get(s) + ": " + t.number(value)));
        }
      }
      if (series.size() > 1) {
        cells.add(t.number(total));
      }
      rows.add(new Row(categories.get(c), cells));
      if (c % every == 0) {
        labels.add(new Label(fixed(x + barWidth / 2), fixed(TOP + plotHeight + 20),
            categories.get(c), "middle"));
      }
    }
    List<Line> lines = new ArrayList<>();
    for (long tick : top >= 2 ? new long[] {0, top / 2, top} : new long[] {0, top}) {
      double y = TOP + plotHeight - plotHeight * (double) tick / top;
      labels.add(new Label(fixed(LEFT - 8), fixed(y + 4), t.number(tick), "end"));
      lines.add(new Line(fixed(LEFT - 4), fixed(y), fixed(WIDTH - RIGHT), fixed(y), tick == 0));
    }
    List<String> columns = new ArrayList<>();
    columns.add("");
    columns.addAll(series);
    if (series.size() > 1) {
      columns.add(t.text("chart.total"));
    }
    return new BarChart(id, title, summary, WIDTH, COLUMNS_HEIGHT, bars, labels, lines, series,
        columns, rows);
  }

  /** One horizontal bar per category (e.g. the operators that checked most), largest first. */
  public static BarChart rows(String id, String title, String summary, String valueHeading,
      List<String> categories, long[] values, Messages t) {
    long largest = 0;
    for (long value : values) {
      largest = Math.max(largest, value);
    }
    long top = niceMaximum(largest);
    int plotWidth = WIDTH - ROW_LABEL_WIDTH - ROW_VALUE_WIDTH;
    List<Bar> bars = new ArrayList<>();
    List<Label> labels = new ArrayList<>();
    List<Row> rows = new ArrayList<>();
    for (int c = 0; c < categories.size(); c++) {
      double y = TOP + c * ROW_HEIGHT;
      double w = Math.max(1, plotWidth * (double) values[c] / top);
      bars.add(new Bar(fixed(ROW_LABEL_WIDTH), fixed(y + 4), fixed(w), fixed(ROW_HEIGHT - 8), 0,
          categories.get(c) + ": " + t.number(values[c])));
      labels.add(new Label(fixed(ROW_LABEL_WIDTH - 8), fixed(y + ROW_HEIGHT / 2.0 + 4),
          categories.get(c), "end"));
      labels.add(new Label(fixed(ROW_LABEL_WIDTH + w + 6), fixed(y + ROW_HEIGHT / 2.0 + 4),
          t.number(values[c]), "start"));
      rows.add(new Row(categories.get(c), List.of(t.number(values[c]))));
    }
    int height = TOP * 2 + Math.max(1, categories.size()) * ROW_HEIGHT;
    List<Line> lines = List.of(new Line(fixed(ROW_LABEL_WIDTH), fixed(TOP),
        fixed(ROW_LABEL_WIDTH), fixed(height - TOP), true));
    return new BarChart(id, title, summary, WIDTH, height, bars, labels, lines,
        List.of(valueHeading), List.of("", valueHeading), rows);
  }

  /** The smallest 1, 2 or 5 times a power of ten that is at least {@code value} (at least 1). */
  static long niceMaximum(long value) {
    long power = 1;
    while (true) {
      for (long step : new long[] {1, 2, 5}) {
        if (step * power >= value) {
          return Math.max(1, step * power);
        }
      }
      if (power > Long.MAX_VALUE / 100) {
        return value;
      }
      power *= 10;
    }
  }

  private static String fixed(double value) {
    return String.format(Locale.ROOT, "%.1f", value);
  }
}
