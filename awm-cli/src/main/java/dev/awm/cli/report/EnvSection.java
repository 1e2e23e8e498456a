package dev.awm.cli.report;

import static dev.awm.cli.report.Html.esc;
import static dev.awm.cli.report.Html.num;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * One environment's section of the page: its failures, its tables with their first rows, its
 * tools with the tasks whose reference solutions call them, and its tasks with trust records and
 * replays.
 */
final class EnvSection {
  private EnvSection() {}

  static void render(StringBuilder b, Report.Env e, boolean replayed) {
    String env = esc(e.name());
    String search = (e.name() + " " + e.title() + " " + e.tasks().stream().map(Report.Task::text).collect(Collectors.joining(" ")))
        .toLowerCase(Locale.ROOT);
    b.append("<section class=\"env\" id=\"env-").append(esc(Html.id(e.name()))).append("\" data-env=\"").append(env)
        .append("\" data-troubled=\"").append(e.troubled() ? "yes" : "no").append("\" data-search=\"").append(esc(search)).append("\">\n")
        .append("<h2>").append(esc(e.title())).append(" <span class=\"muted\">(").append(env).append(")</span></h2>\n")
        .append("<p>").append(esc(e.description())).append("</p>\n");
    if (!e.failures().isEmpty()) {
      b.append("<ul class=\"failures\">");
      for (String f : e.failures()) b.append("<li>").append(esc(f)).append("</li>");
      b.append("</ul>\n");
    }
    tables(b, e);
    tools(b, e);
    tasks(b, e, replayed);
    b.append("</section>\n");
  }

  private static void tables(StringBuilder b, Report.Env e) {
    b.append("<details class=\"tables\"><summary>Tables: ").append(e.tables().size()).append(", ")
        .append(e.built() ? num(e.rows()) + " rows" : "rows unknown (it does not build)").append("</summary>\n");
    b.append("<table><thead><tr><th>table</th><th class=\"n\">rows</th><th>columns</th></tr></thead><tbody>\n");
    for (Report.Table t : e.tables()) {
      b.append("<tr><td>").append(esc(t.name())).append("</td><td class=\"n\">").append(t.rows() < 0 ? "?" : num(t.rows()))
          .append("</td><td><code>").append(esc(String.join(", ", t.columns()))).append("</code></td></tr>\n");
    }
    b.append("</tbody></table>\n");
    for (Report.Table t : e.tables()) {
      if (t.sample().isEmpty()) continue;
      b.append("<details class=\"sample\"><summary>").append(esc(t.name())).append(": first ").append(t.sample().size()).append(" of ")
          .append(num(t.rows())).append(" rows</summary><table><thead><tr>");
      for (String c : t.columns()) b.append("<th>").append(esc(c)).append("</th>");
      b.append("</tr></thead><tbody>");
      for (List<String> row : t.sample()) {
        b.append("<tr>");
        for (String v : row) b.append("<td>").append(esc(v)).append("</td>");
        b.append("</tr>");
      }
      b.append("</tbody></table></details>\n");
    }
    b.append("</details>\n");
  }

  private static void tools(StringBuilder b, Report.Env e) {
    b.append("<details class=\"tools\"><summary>Tools: ").append(e.tools().size()).append(", ").append(e.toolsUsed())
        .append(" called by a reference solution</summary>\n<table><thead><tr><th>tool</th><th>what it does</th>")
        .append("<th>reference solutions calling it (tasks)</th></tr></thead><tbody>\n");
    for (Report.Tool t : e.tools()) {
      b.append("<tr><td><code>").append(esc(t.name())).append("</code></td><td>").append(esc(t.summary())).append("</td><td>")
          .append(t.usedBy().isEmpty() ? "<span class=\"muted\">none</span>"
              : t.usedBy().stream().map(String::valueOf).collect(Collectors.joining(", ")))
          .append("</td></tr>\n");
    }
    b.append("</tbody></table></details>\n");
  }

  private static void tasks(StringBuilder b, Report.Env e, boolean replayed) {
    b.append("<details class=\"tasks\" open><summary>Tasks: ").append(e.tasks().size()).append("</summary>\n<table><thead><tr>")
        .append("<th class=\"n\">#</th><th>task</th><th>reference solution calls</th><th>trust</th>").append(replayed ? "<th>replay</th>" : "")
        .append("</tr></thead><tbody>\n");
    for (Report.Task t : e.tasks()) {
      b.append("<tr data-env=\"").append(esc(e.name())).append("\" data-task=\"").append(t.index()).append("\"><td class=\"n\">")
          .append(t.index()).append("</td><td>").append(esc(t.text()));
      for (Report.Drop d : t.drops()) {
        b.append("<br><span class=\"bad\">dropped at stage ").append(esc(d.stage())).append(":</span> ").append(esc(d.reason()));
      }
      b.append("</td><td>").append(calls(t)).append("</td><td>").append(trust(t)).append("</td>");
      if (replayed) b.append("<td>").append(replay(t)).append("</td>");
      b.append("</tr>\n");
    }
    b.append("</tbody></table>\n");
    for (Report.Task t : e.tasks()) {
      if (t.trust() == null || t.trust().checks().isEmpty()) continue;
      b.append("<details class=\"checks\"><summary>Task ").append(t.index()).append(": trust record, ").append(t.trust().checks().size())
          .append(" checks</summary><table><thead><tr><th>check</th><th>episode</th><th>expected</th><th>verifier said</th><th></th>")
          .append("<th>details</th></tr></thead><tbody>");
      for (Report.Check c : t.trust().checks()) {
        b.append("<tr><td>").append(esc(c.kind())).append("</td><td>").append(esc(c.subject())).append("</td><td>").append(esc(c.expected()))
            .append("</td><td>").append(esc(c.outcome())).append("</td><td>").append(c.passed() ? "<span class=\"ok\">pass</span>" : "<span class=\"bad\">FAIL</span>")
            .append("</td><td>").append(esc(c.details())).append("</td></tr>");
      }
      b.append("</tbody></table></details>\n");
    }
    b.append("</details>\n");
  }

  private static String calls(Report.Task t) {
    if (t.toolsUsed() == null) return "<span class=\"muted\">no reference solution</span>";
    if (t.toolsUsed().isEmpty()) return "<span class=\"muted\">none (answers only)</span>";
    return "<code>" + esc(String.join(", ", new LinkedHashSet<>(t.toolsUsed()))) + "</code> <span class=\"muted\">(" + t.toolsUsed().size()
        + " calls)</span>";
  }

  private static String trust(Report.Task t) {
    Report.Trust r = t.trust();
    if (r == null) return "<span class=\"muted\">no record</span>";
    String revised = r.revisions() == 0 ? "" : ", verifier revised " + r.revisions() + "x";
    String kept = r.kept() ? "" : ", task dropped";
    if (r.trusted()) {
      return "<span class=\"ok\" data-k=\"trust\">trusted</span> <span class=\"muted\">(" + r.checks().size() + " checks" + esc(revised) + ")</span>";
    }
    return "<span class=\"bad\" data-k=\"trust\">not trusted</span> <span class=\"muted\">(" + esc(trustWhy(r) + revised + kept) + ")</span>";
  }

  /** Why a record is not trusted, in words. */
  static String trustWhy(Report.Trust r) {
    if (r.note() != null) return r.note();
    long failed = r.checks().stream().filter(c -> !c.passed()).count();
    String why = failed == 0 ? "" : failed + " of " + r.checks().size() + " checks failed: " + r.checks().stream().filter(c -> !c.passed())
        .map(c -> c.kind() + " (" + c.subject() + ") said " + c.outcome()).collect(Collectors.joining("; "));
    if (!r.missing().isEmpty()) why += (why.isEmpty() ? "" : "; ") + "not run: " + String.join(", ", r.missing());
    return why;
  }

  private static String replay(Report.Task t) {
    if (t.replay() == null) return "<span class=\"muted\">not run" + (t.notRun() == null ? "" : ": " + esc(t.notRun())) + "</span>";
    Report.Replay r = t.replay();
    String said = "reference: " + (r.reference().isEmpty() ? "none" : r.reference()) + ", no-op: " + (r.noop().isEmpty() ? "none" : r.noop());
    if (r.passed()) return "<span class=\"ok\" data-k=\"replay\">passed</span> <span class=\"muted\">(" + esc(said) + ")</span>";
    return "<span class=\"bad\" data-k=\"replay\">FAILED</span> " + esc(String.join("; ", r.problems())) + " <span class=\"muted\">(" + esc(said)
        + ")</span>";
  }
}
