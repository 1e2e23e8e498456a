package dev.awm.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awm.cli.CliTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code awm report} over environments whose every model-written value is hostile, without a browser (see {@link ReportBrowserTest}). */
class ReportTest {
  static CliTest.Result awm(String... args) {
    return CliTest.awm(args);
  }

  @Test
  void hostileValuesAreOnlyTextAndTheNumbersAreTheFiles(@TempDir Path dir) throws Exception {
    Hostile.appendTo(dir);
    Path page = dir.resolve("out/report.html");
    CliTest.Result r = awm("report", "-i", dir.toString(), "-o", page.toString());
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("wrote " + page.toAbsolutePath(), "2 environments, 2 tools, 3 tasks, 1 trusted",
        "2 environment(s) with failures");
    String html = Files.readString(page, StandardCharsets.UTF_8);

    for (String payload : Hostile.PAYLOADS) {
      assertThat(html).doesNotContain(payload).contains(Html.esc(payload));
    }
    assertThat(count(html, "<script")).as("only the page's own script").isEqualTo(1);
    assertThat(html).doesNotContainPattern("(?i)<(img|svg)[^>]*\\son[a-z]+=").doesNotContain("<img");
    // the policy allows the page's own script and style sheet, by hash, and nothing else
    assertThat(html).contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src &#39;none&#39;; style-src &#39;sha256-");
    Matcher script = Pattern.compile("<script>(.*?)</script>", Pattern.DOTALL).matcher(html);
    assertThat(script.find()).isTrue();
    assertThat(HtmlReport.POLICY).contains("script-src " + Html.hash(script.group(1)) + ";");

    String notes = Hostile.names().get(0);
    String broken = Hostile.names().get(1);
    FileCounts files = FileCounts.of(dir);
    for (String k : List.of("tables", "tools", "tasks", "verified", "solved", "trusted")) {
      assertThat(PageNumbers.env(html, notes, k)).as(k).hasValue(files.get(notes, k));
    }
    assertThat(PageNumbers.env(html, notes, "rows")).hasValue(4).hasValue(files.get(notes, "rows"));
    assertThat(PageNumbers.env(html, notes, "replay-passed")).hasValue(1);
    assertThat(PageNumbers.coverage(html, notes)).isEqualTo(java.util.Map.entry(1L, 1L));
    assertThat(html).contains("data-env=\"" + broken + "\" data-k=\"rows\">?<").contains("does not build");
    assertThat(PageNumbers.total(html, "environments")).hasValue(2);
    assertThat(PageNumbers.total(html, "tasks")).hasValue(files.total("tasks"));
    // Broken does not build, Notes' task 1 was dropped, Ghost was given up without leaving any file
    assertThat(PageNumbers.total(html, "failures")).hasValue(3);
    assertThat(html).contains("dropped at stage verifier").contains(dev.awm.core.internal.ScenarioNames.normalize("Ghost " + Hostile.IMG) + ": synthesis gave up")
        .contains("synthesis gave up at stage schema");
    assertThat(PageNumbers.stage(html, "build", "in")).hasValue(2);
    assertThat(PageNumbers.stage(html, "build", "out")).hasValue(1);
    assertThat(PageNumbers.stage(html, "trusted", "out")).hasValue(1);
  }

  @Test
  void withoutReplayOrTrustRecordsThePageSaysSo(@TempDir Path dir) throws Exception {
    dev.awm.core.AwmDirectory.write(dir, Hostile.definitions().subList(0, 1));
    CliTest.Result r = awm("report", "-i", dir.toString(), "-o", dir.resolve("r.html").toString(), "--no-replay", "--sample-rows", "0");
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    String html = Files.readString(dir.resolve("r.html"));
    assertThat(html).contains("not replayed", "no trust records").doesNotContain("data-k=\"replay-passed\"", "data-k=\"total-trusted\"",
        "class=\"sample\"");
    assertThat(PageNumbers.env(html, Hostile.names().get(0), "tools")).hasValue(1);
  }

  @Test
  void mistakesAreNamed(@TempDir Path dir) {
    CliTest.Result missing = awm("report", "-i", dir.resolve("nope").toString(), "-o", dir.resolve("r.html").toString());
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("no such directory: " + dir.resolve("nope"));
    CliTest.Result empty = awm("report", "-i", dir.toString(), "-o", dir.resolve("r.html").toString());
    assertThat(empty.err()).contains("no environments in " + dir);
    assertThat(awm("report").err()).contains("--input-dir");
    assertThat(dir.resolve("r.html")).doesNotExist();
  }

  @Test
  void escapingLeavesOnlyText() {
    assertThat(Html.esc("<a href='x'>&\"</a>")).isEqualTo("&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;");
    assertThat(Html.esc("a\u0000b\u001bc\td\u0085e")).isEqualTo("a\ufffdb\ufffdc\td\ufffde");
    assertThat(Html.esc("x\ud800y\ud83d\ude00")).isEqualTo("x\ufffdy\ud83d\ude00");
    assertThat(Html.id("Notes </text>\"x")).isEqualTo("notes---text--x");
  }

  @Test
  void histogramBinsAreOnePerValueWhileTheRangeIsSmall() {
    assertThat(SvgCharts.bins(List.of(39L, 44L, 43L))).hasSize(6).first().isEqualTo(new SvgCharts.Bin(39, 39, 1));
    List<SvgCharts.Bin> wide = SvgCharts.bins(List.of(1L, 100L, 50L, 51L));
    assertThat(wide).hasSizeLessThanOrEqualTo(12);
    assertThat(wide.stream().mapToInt(SvgCharts.Bin::count).sum()).isEqualTo(4);
    assertThat(SvgCharts.bins(List.of())).isEmpty();
  }

  private static int count(String s, String what) {
    int n = 0;
    for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) n++;
    return n;
  }
}
