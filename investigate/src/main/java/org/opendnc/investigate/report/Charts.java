package org.opendnc.investigate.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import org.opendnc.investigate.lineage.Edge;

/** The report's drawings, each onto any {@link Canvas}. */
final class Charts {
  static final String[] PALETTE = {"#1f77b4", "#d62728", "#ff7f0e", "#9467bd", "#2ca02c", "#8c564b", "#e377c2"};

  private Charts() {}

  /** Horizontal stacked bars: one bar per label, one segment per series. */
  static String stackedBars(BiFunction<Integer, Integer, Canvas> canvases, String title, List<String> labels,
      List<String> series, long[][] values) {
    int rowHeight = 22;
    int width = 760;
    int labelWidth = 150;
    int legendHeight = 22 * ((series.size() + 2) / 3);
    int height = 40 + labels.size() * rowHeight + legendHeight + 10;
    Canvas c = canvases.apply(width, height);
    c.text(0, 16, title, 13, "#222", "start", true);
    long max = 1;
    for (long[] row : values) {
      long total = 0;
      for (long v : row) {
        total += v;
      }
      max = Math.max(max, total);
    }
    double scale = (width - labelWidth - 90) / (double) max;
    for (int i = 0; i < labels.size(); i++) {
      double y = 30 + i * rowHeight;
      c.text(labelWidth - 6, y + 14, shorten(labels.get(i), 22), 11, "#222", "end", false);
      double x = labelWidth;
      long total = 0;
      for (int s = 0; s < series.size(); s++) {
        double w = values[i][s] * scale;
        if (w > 0) {
          c.rect(x, y + 2, Math.max(1, w), rowHeight - 6, PALETTE[s % PALETTE.length], null, false);
        }
        x += w;
        total += values[i][s];
      }
      c.text(x + 4, y + 14, String.format(Locale.ROOT, "%,d", total), 10, "#444", "start", false);
    }
    double ly = 30 + labels.size() * rowHeight + 8;
    for (int s = 0; s < series.size(); s++) {
      double lx = labelWidth + (s % 3) * 200;
      double y = ly + (s / 3) * 20;
      c.rect(lx, y, 12, 12, PALETTE[s % PALETTE.length], null, false);
      c.text(lx + 16, y + 10, series.get(s), 10, "#222", "start", false);
    }
    return c.finish();
  }

  /**
   * The lineage graph: sources on the left, each node one column right of its furthest source;
   * unseized sources dashed and red; each arrow labelled with its first date and records.
   */
  static String lineageGraph(BiFunction<Integer, Integer, Canvas> canvases, List<String> firms, List<Edge> edges) {
    Set<String> nodes = new LinkedHashSet<>();
    for (Edge e : edges) {
      if (e.fromUnseized()) {
        nodes.add(e.from());
      }
    }
    nodes.addAll(firms);
    Map<String, Integer> layer = new HashMap<>();
    for (String node : nodes) {
      layer.put(node, 0);
    }
    for (int round = 0; round < nodes.size(); round++) {
      boolean changed = false;
      for (Edge e : edges) {
        int want = layer.getOrDefault(e.from(), 0) + 1;
        if (want > layer.getOrDefault(e.to(), 0) && want < nodes.size()) {
          layer.put(e.to(), want);
          changed = true;
        }
      }
      if (!changed) {
        break;
      }
    }
    Map<Integer, List<String>> columns = new LinkedHashMap<>();
    int maxLayer = 0;
    for (String node : nodes) {
      int l = layer.get(node);
      maxLayer = Math.max(maxLayer, l);
      columns.computeIfAbsent(l, k -> new ArrayList<>()).add(node);
    }
    int tallest = columns.values().stream().mapToInt(List::size).max().orElse(1);
    int nodeWidth = 130;
    int nodeHeight = 34;
    int columnGap = 160;
    int rowGap = 70;
    int width = Math.max(400, 40 + (maxLayer + 1) * (nodeWidth + columnGap) - columnGap + 40);
    int height = 70 + tallest * rowGap;
    Canvas c = canvases.apply(width, height);
    c.text(20, 18, "List flows (arrow: records moved from a source to a firm; first date, records)", 12, "#222", "start", true);
    Map<String, double[]> position = new HashMap<>();
    for (var column : columns.entrySet()) {
      List<String> members = column.getValue();
      double offset = (tallest - members.size()) * rowGap / 2.0;
      for (int i = 0; i < members.size(); i++) {
        double x = 40 + column.getKey() * (nodeWidth + columnGap);
        double y = 40 + offset + i * rowGap;
        position.put(members.get(i), new double[] {x, y});
      }
    }
    for (Edge e : edges) {
      double[] from = position.get(e.from());
      double[] to = position.get(e.to());
      if (from == null || to == null) {
        continue;
      }
      double x1 = from[0] + nodeWidth;
      double y1 = from[1] + nodeHeight / 2.0;
      double x2 = to[0];
      double y2 = to[1] + nodeHeight / 2.0;
      if (x2 <= x1) { // same or earlier column (a cycle): draw under the nodes
        x1 = from[0] + nodeWidth / 2.0;
        y1 = from[1] + nodeHeight;
        x2 = to[0] + nodeWidth / 2.0;
        y2 = to[1] + nodeHeight;
      }
      c.line(x1, y1, x2, y2, e.fromUnseized() ? "#d62728" : "#555", 1.4, true);
      String label = (e.firstDate() == null ? "?" : e.firstDate().toString()) + String.format(Locale.ROOT, " · %,d", e.records());
      c.text((x1 + x2) / 2, (y1 + y2) / 2 - 4, label, 9.5, "#333", "middle", false);
    }
    for (String node : nodes) {
      double[] p = position.get(node);
      boolean unseized = node.startsWith("UNSEIZED-");
      c.rect(p[0], p[1], nodeWidth, nodeHeight, unseized ? "#fdecea" : "#e8f0fb", unseized ? "#d62728" : "#1f77b4", unseized);
      c.text(p[0] + nodeWidth / 2.0, p[1] + 21, shorten(node, 18), 11, "#111", "middle", true);
    }
    return c.finish();
  }

  static String shorten(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }
}
