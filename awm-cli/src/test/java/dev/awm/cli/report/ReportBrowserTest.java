package dev.awm.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report of a real offline run of the starter pack (plus the {@link Hostile} environments),
 * loaded in headless Chromium: it renders without a console message, its own script ran, no
 * injected script did, every number on the page is what the files say (counted by
 * {@link FileCounts}, not by the report's code), and a screenshot is a page, not a blank.
 * Under {@code CI=true} a missing Chromium fails the test; elsewhere it skips.
 */
class ReportBrowserTest {
  private static final int WIDTH = 1280;
  private static final int HEIGHT = 2000;

  @Test
  void theStarterPacksReportRendersInChromiumWithTheFilesNumbers(@TempDir Path dir) throws Exception {
    HeadlessChromium chromium = HeadlessChromium.find();
    Path run = dir.resolve("run");
    dev.awm.cli.CliTest.Result synthesized = ReportTest.awm("run", "--offline", "-o", run.toString());
    assertThat(synthesized.code()).as(synthesized.out() + synthesized.err()).isZero();
    Hostile.appendTo(run);
    Path page = dir.resolve("report.html");
    dev.awm.cli.CliTest.Result written = ReportTest.awm("report", "-i", run.toString(), "-o", page.toString());
    assertThat(written.code()).as(written.out() + written.err()).isZero();

    HeadlessChromium.Run loaded = chromium.dumpDom(page, dir);
    String dom = loaded.stdout();
    assertThat(loaded.console()).as("console messages while loading the page").isEmpty();
    assertThat(dom).contains("<body data-ready=\"yes\"").doesNotContain("data-pwned=\"yes\"")
        .contains("<div id=\"controls\">").contains("5 of 5 environments shown");

    FileCounts files = FileCounts.of(run);
    String broken = Hostile.names().get(1);
    assertThat(files.byEnv.keySet()).contains("e_commerce", "calendar_booking", "project_tracker", broken).hasSize(5);
    for (Map.Entry<String, Map<String, Long>> e : files.byEnv.entrySet()) {
      String env = e.getKey();
      for (String k : List.of("tables", "tools", "tasks", "verified", "solved", "trusted")) {
        assertThat(PageNumbers.env(dom, env, k)).as(env + " " + k).hasValue(files.get(env, k));
      }
      assertThat(PageNumbers.coverage(dom, env)).as(env + " coverage").isEqualTo(Map.entry(files.get(env, "used"), files.get(env, "tools")));
      if (env.equals(broken)) continue;
      assertThat(PageNumbers.env(dom, env, "rows")).as(env + " rows").hasValue(files.get(env, "rows"));
      assertThat(PageNumbers.env(dom, env, "replay-passed")).as(env + " replays").hasValue(files.get(env, "solved"));
    }
    assertThat(PageNumbers.env(dom, "e_commerce", "tools")).hasValue(39);
    assertThat(PageNumbers.total(dom, "environments")).hasValue(5);
    for (String k : List.of("tables", "tools", "tasks", "verified", "solved", "trusted")) {
      assertThat(PageNumbers.total(dom, k)).as("total " + k).hasValue(files.total(k));
    }
    assertThat(PageNumbers.total(dom, "rows")).hasValue(files.total("rows") - files.get(broken, "rows"));
    assertThat(PageNumbers.stage(dom, "tasks", "in")).hasValue(5);
    assertThat(PageNumbers.stage(dom, "trusted", "out")).hasValue(files.total("trusted"));
    assertThat(PageNumbers.stage(dom, "replay", "out")).hasValue(files.total("solved"));
    assertThat(PageNumbers.total(dom, "failures")).hasValue(3);

    Path png = dir.resolve("report.png");
    chromium.screenshot(page, png, WIDTH, HEIGHT, dir);
    BufferedImage shot = ImageIO.read(png.toFile());
    assertThat(shot).as("a PNG at " + png).isNotNull();
    assertThat(shot.getWidth()).isEqualTo(WIDTH);
    assertThat(shot.getHeight()).isEqualTo(HEIGHT);
    Pixels pixels = Pixels.of(shot);
    assertThat(pixels.stddev()).as("brightness spread: a page, not a blank").isGreaterThan(20);
    assertThat(pixels.inkShare()).as("share of pixels that are not the background").isBetween(0.02, 0.6);
    assertThat(pixels.barShare()).as("share of pixels in the charts' bar colour").isGreaterThan(0.002);
    // kept for people (a CI artifact): the page and what Chromium made of it
    Path kept = Files.createDirectories(Path.of("target", "report-browser"));
    Files.copy(page, kept.resolve("report.html"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Files.copy(png, kept.resolve("report.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  /** Brightness statistics of a screenshot. */
  private record Pixels(double stddev, double inkShare, double barShare) {
    static Pixels of(BufferedImage img) {
      long n = 0;
      long ink = 0;
      long bar = 0;
      double sum = 0;
      double squares = 0;
      for (int y = 0; y < img.getHeight(); y += 2) {
        for (int x = 0; x < img.getWidth(); x += 2) {
          int rgb = img.getRGB(x, y);
          int r = (rgb >> 16) & 0xff;
          int g = (rgb >> 8) & 0xff;
          int b = rgb & 0xff;
          double lum = 0.299 * r + 0.587 * g + 0.114 * b;
          sum += lum;
          squares += lum * lum;
          n++;
          if (lum < 200) ink++;
          if (Math.abs(r - 0x2f) < 24 && Math.abs(g - 0x6f) < 24 && Math.abs(b - 0xb3) < 24) bar++;
        }
      }
      double mean = sum / n;
      return new Pixels(Math.sqrt(Math.max(0, squares / n - mean * mean)), (double) ink / n, (double) bar / n);
    }
  }
}
