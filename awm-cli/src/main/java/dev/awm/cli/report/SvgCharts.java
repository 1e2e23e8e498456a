package dev.awm.cli.report;

import static dev.awm.cli.report.Html.esc;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The report's charts as inline SVG: no script, no library, nothing fetched. Colours and sizes are
 * presentation attributes and classes of the page's style sheet (the page's policy forbids style
 * attributes).
 */
final class SvgCharts {
  private static final int WIDTH = 560;
  private static final int MAX_BINS = 12;

  private SvgCharts() {}

  /** A bin of a histogram: values from {@code low} to {@code high} (inclusive), and how many. */
  record Bin(long low, long high, int count) {
    String label() {
      return low == high ? Long.toString(low) : low + "\u2013" + high;
    }
  }

  /**
   * {@code values} in at most {@value #MAX_BINS} bins of equal width: one per value when the range
   * is small enough.
   */
  static List<Bin> bins(List<Long> values) {
    if (values.isEmpty()) return List.of();
    long min = values.stream().mapToLong(Long::longValue).min().orElseThrow();
    long max = values.stream().mapToLong(Long::longValue).max().orElseThrow();
    long width = Math.max(1, (max - min + MAX_BINS) / MAX_BINS);
    List<Bin> out = new ArrayList<>();
    for (long low = min; low <= max; low += width) {
      long lo = low;
      long hi = low + width - 1;
      out.add(new Bin(lo, hi, (int) values.stream().filter(v -> v >= lo && v <= hi).count()));
    }
    return out;
  }

  /**
   * A column chart of how many environments have how many {@code what} (tools, tasks): the
   * distribution over the environments.
   */
  static String histogram(String id, String title, String what, List<Long> values) {
    List<Bin> bins = bins(values);
    int height = 200;
    int top = 44;
    int bottom = 160;
    int left = 40;
    int plot = WIDTH - left - 10;
    int maxCount = bins.stream().mapToInt(Bin::count).max().orElse(1);
    StringBuilder b = new StringBuilder();
    b.append("<svg id=\"").append(esc(id)).append("\" class=\"chart\" role=\"img\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
        .append("\" width=\"").append(WIDTH).append("\" height=\"").append(height).append("\" aria-label=\"").append(esc(title)).append("\">")
        .append("<title>").append(esc(title)).append("</title>")
        .append("<text x=\"").append(left).append("\" y=\"18\" class=\"ct\">").append(esc(title)).append("</text>");
    b.append(line(left, bottom, left + plot, bottom));
    if (bins.isEmpty()) return b.append("<text x=\"").append(left + 8).append("\" y=\"90\">none</text></svg>").toString();
    double slot = (double) plot / bins.size();
    double bar = Math.min(60, slot * 0.7);
    for (int i = 0; i < bins.size(); i++) {
      Bin bin = bins.get(i);
      double h = (bottom - top) * (double) bin.count() / maxCount;
      double x = left + i * slot + (slot - bar) / 2;
      b.append("<g class=\"bin\" data-low=\"").append(bin.low()).append("\" data-high=\"").append(bin.high()).append("\" data-count=\"")
          .append(bin.count()).append("\"><title>").append(bin.count()).append(" environment(s) with ").append(esc(bin.label())).append(' ')
          .append(esc(what)).append("</title>")
          .append(String.format(Locale.ROOT, "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>", x, bottom - h, bar, h))
          .append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%d</text>", x + bar / 2, bottom - h - 4, bin.count()))
          .append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>", x + bar / 2, bottom + 16, esc(bin.label())))
          .append("</g>");
    }
    b.append("<text x=\"").append(left + plot / 2).append("\" y=\"").append(bottom + 34).append("\" text-anchor=\"middle\" class=\"axis\">")
        .append(esc(what)).append(" per environment (bars: environments)</text>");
    return b.append("</svg>").toString();
  }

  /** A bar per stage: the share of scenarios or tasks that came out of it. */
  static String rates(String id, String title, List<Report.StageRate> stages) {
    int row = 26;
    int top = 34;
    int left = 150;
    int plot = WIDTH - left - 150;
    int height = top + row * stages.size() + 10;
    StringBuilder b = new StringBuilder();
    b.append("<svg id=\"").append(esc(id)).append("\" class=\"chart\" role=\"img\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
        .append("\" width=\"").append(WIDTH).append("\" height=\"").append(height).append("\" aria-label=\"").append(esc(title)).append("\">")
        .append("<title>").append(esc(title)).append("</title>")
        .append("<text x=\"10\" y=\"18\" class=\"ct\">").append(esc(title)).append("</text>");
    for (int i = 0; i < stages.size(); i++) {
      Report.StageRate s = stages.get(i);
      int y = top + i * row;
      double w = plot * s.percent() / 100;
      b.append("<g class=\"stage\" data-stage=\"").append(esc(s.stage())).append("\" data-in=\"").append(s.in()).append("\" data-out=\"")
          .append(s.out()).append("\"><title>").append(esc(s.stage())).append(": ").append(s.out()).append(" of ").append(s.in()).append(' ')
          .append(esc(s.unit())).append("</title>")
          .append("<text x=\"").append(left - 8).append("\" y=\"").append(y + 15).append("\" text-anchor=\"end\">").append(esc(s.stage()))
          .append("</text>")
          .append("<rect class=\"track\" x=\"").append(left).append("\" y=\"").append(y + 3).append("\" width=\"").append(plot)
          .append("\" height=\"16\"/>")
          .append(String.format(Locale.ROOT, "<rect class=\"%s\" x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"16\"/>",
              s.out() == s.in() ? "bar" : "bar warn", left, y + 3, w))
          .append("<text x=\"").append(left + plot + 8).append("\" y=\"").append(y + 15).append("\">").append(s.out()).append('/')
          .append(s.in()).append(' ').append(esc(s.unit())).append(" (").append(esc(Html.pct(s.percent()))).append(")</text></g>");
    }
    return b.append("</svg>").toString();
  }

  private static String line(int x1, int y1, int x2, int y2) {
    return "<line class=\"axis\" x1=\"" + x1 + "\" y1=\"" + y1 + "\" x2=\"" + x2 + "\" y2=\"" + y2 + "\"/>";
  }
}
