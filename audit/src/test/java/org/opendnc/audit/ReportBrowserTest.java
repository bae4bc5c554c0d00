package org.opendnc.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The HTML report opens in a real browser (Debian's headless Chromium through its chromedriver)
 * and draws its charts; the test keeps a screenshot. Skipped, saying why, where they are missing.
 */
class ReportBrowserTest {

  /*
   * The browser and the driver are the system's, named explicitly, so Selenium Manager is never
   * asked to find or download anything. Screenshots go to target/report-screenshots/.
   */

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  @TempDir Path temporary;
  WebDriver browser;

  @BeforeEach
  void start() {
    Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "report browser test skipped: no Chromium at " + CHROMIUM + " or no chromedriver at " + CHROMEDRIVER
            + " (Debian: apt-get install chromium chromium-driver; CI installs them)");
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort()
        .withLogFile(temporary.resolve("chromedriver.log").toFile()).build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
        "--window-size=1100,1600", "--user-data-dir=" + temporary.resolve("profile"));
    browser = new ChromeDriver(service, options);
    browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
  }

  @AfterEach
  void stop() {
    if (browser != null) {
      browser.quit();
    }
  }

  @Test
  void theReportOpensAndDrawsItsCharts() throws IOException {
    AuditResult result = sampleAudit();
    AuditSummary summary = AuditSummary.of(result, "calls.csv", 3, Instant.parse("2026-04-01T00:00:00Z"));
    Path report = temporary.resolve("report.html");
    new AuditReport(summary).writeHtml(report);

    browser.get(report.toUri().toString());

    assertThat(browser.getTitle()).isEqualTo("Call audit: calls.csv");
    assertThat(browser.findElement(By.id("tile-calls")).getText()).contains(String.format("%,d", summary.calls()));
    for (String chart : List.of("chart-codes", "chart-time", "chart-campaigns")) {
      WebElement svg = browser.findElement(By.id(chart));
      assertThat(svg.getSize().getWidth()).as(chart + " width").isGreaterThan(300);
      assertThat(svg.getSize().getHeight()).as(chart + " height").isGreaterThan(40);
    }
    // The bars are drawn: the browser gives them a size, and the longest code bar is the widest.
    Object widths = ((JavascriptExecutor) browser).executeScript(
        "return Array.from(document.querySelectorAll('#chart-codes rect.bar')).map(r => r.getBBox().width);");
    assertThat((List<?>) widths).hasSize(ReasonCode.values().length);
    double widest = ((List<?>) widths).stream().mapToDouble(w -> ((Number) w).doubleValue()).max().orElse(0);
    assertThat(widest).isGreaterThan(300);
    Long days = (Long) ((JavascriptExecutor) browser).executeScript(
        "return document.querySelectorAll('#chart-time rect.day').length;");
    assertThat(days).isEqualTo(summary.byDay().size());

    byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
    assertThat(png).hasSizeGreaterThan(10_000);
    assertThat(new String(png, 1, 3, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("PNG");
    Path screenshots = Files.createDirectories(Path.of("target", "report-screenshots"));
    Files.write(screenshots.resolve("audit-report.png"), png);
  }

  /** A month of calls by three operators with every kind of violation. */
  static AuditResult sampleAudit() {
    TestingScenario s = new TestingScenario("IT");
    Random random = new Random(42);
    String[] operators = {"acme", "beta", "gamma"};
    String[] checked = new String[45];
    for (int i = 0; i < checked.length; i++) {
      checked[i] = "333 100 " + String.format("%04d", 15 + i);
    }
    for (String operator : operators) {
      s.declare(operator, "06 1234 5678", "2025-01-01T00:00:00Z", null);
      s.receipt(operator + "-1", operator, "2026-02-28T09:00:00+01:00", checked);
      s.receipt(operator + "-2", operator, "2026-03-14T09:00:00+01:00", checked);
    }
    String[] campaigns = {"spring energy", "fibre promo", "insurance", "charity"};
    for (int i = 0; i < 15; i++) {
      s.event(org.opendnc.core.register.EventType.REGISTER, "333 100 " + String.format("%04d", i), null,
          "2026-01-05T09:00:00+01:00");
    }
    for (int i = 0; i < 600; i++) {
      Instant at = Instant.parse("2026-03-01T08:00:00Z").plusSeconds(86_400L * random.nextInt(30)
          + (random.nextInt(8) == 0 ? random.nextInt(86_400) : random.nextInt(10 * 3600)));
      String callee = "333 100 " + String.format("%04d", random.nextInt(60));
      String caller = random.nextInt(10) == 0 ? "" : random.nextInt(4) == 0 ? "02 8765 4321" : "06 1234 5678";
      s.calls.add("call-" + i, operators[random.nextInt(3)], CallerIds.parse(caller, s.parser), s.number(callee), at,
          30, "ANSWERED", campaigns[random.nextInt(campaigns.length)], random.nextInt(12) == 0 ? "AL" : null);
    }
    return s.run();
  }
}
