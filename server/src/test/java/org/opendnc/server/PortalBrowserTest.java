package org.opendnc.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.opendnc.core.receipt.ReceiptVerifier;
import org.opendnc.core.register.EventType;
import org.opendnc.engine.ReceiptCheck;
import org.opendnc.engine.citizen.OutboxSmsGateway;
import org.opendnc.store.SmsOutbox;
import org.opendnc.store.User;

/**
 * The two journeys of issue 3 in a real browser: Debian's headless Chromium driven by Selenium
 * through Debian's chromedriver, against a running server. Skipped, saying why, where they are
 * not installed (CI installs them: .ci/run).
 */
class PortalBrowserTest {

  /*
   * The browser and the driver are the system's, named explicitly: Selenium Manager is never
   * asked to find or download anything. Chromium runs headless, without its sandbox (CI runs as
   * root), with downloads allowed into a temporary directory.
   */

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path temporary;
  TestingServer server;
  WebDriver browser;
  Path downloads;

  @BeforeEach
  void start() throws IOException {
    Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "browser tests skipped: no Chromium at " + CHROMIUM + " or no chromedriver at "
            + CHROMEDRIVER + " (Debian: apt-get install chromium chromium-driver; CI installs them)");
    server = TestingServer.sqlite(temporary.resolve("data"), TestingServer.generousLimits());
    downloads = Files.createDirectories(temporary.resolve("downloads"));
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort()
        .withLogFile(temporary.resolve("chromedriver.log").toFile()).build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
        "--disable-gpu", "--window-size=1280,1024", "--lang=en-US",
        "--user-data-dir=" + temporary.resolve("profile"));
    options.setExperimentalOption("prefs", Map.of(
        "intl.accept_languages", "en-US,en",
        "download.default_directory", downloads.toString(),
        "download.prompt_for_download", false,
        "safebrowsing.enabled", true));
    browser = new ChromeDriver(service, options);
    ((ChromeDriver) browser).executeCdpCommand("Browser.setDownloadBehavior", Map.of(
        "behavior", "allow", "downloadPath", downloads.toString(), "eventsEnabled", true));
    browser.manage().timeouts().pageLoadTimeout(WAIT);
  }

  @AfterEach
  void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (server != null) {
      server.close();
    }
  }

  /**
   * Opens {@code path}, logs in with the account's one-time password, replaces it with
   * {@code password} (the portal asks for that first) and waits for the page headed
   * {@code landing}.
   */
  private void logInTheFirstTime(String path, String username, String oneTime, String password,
      String landing) {
    open(path);
    awaitHeading("Log in");
    type("username", username);
    type("password", oneTime);
    submit("/login");
    awaitHeading("Change your password");
    type("current", oneTime);
    type("password", password);
    type("repeat", password);
    submit("/account/password");
    awaitHeading(landing);
  }

  private void open(String path) {
    browser.get(server.uri(path).toString());
  }

  private WebElement field(String id) {
    return browser.findElement(By.id(id));
  }

  private void type(String id, String text) {
    WebElement input = field(id);
    input.clear();
    input.sendKeys(text);
  }

  private void submit(String formAction) {
    browser.findElement(By.cssSelector("form[action='" + formAction + "'] button[type='submit']"))
        .click();
  }

  /** Saves a screenshot when -Dportal.screenshots=DIR is given (to look at the pages). */
  private void snap(String name) {
    String directory = System.getProperty("portal.screenshots");
    if (directory == null || directory.isBlank()) {
      return;
    }
    try {
      Files.createDirectories(Path.of(directory));
      Files.write(Path.of(directory, name + ".png"),
          ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Waits for a condition; a page being replaced meanwhile (stale elements) is waited out. */
  private void await(java.util.function.Function<WebDriver, Boolean> condition) {
    new WebDriverWait(browser, WAIT).ignoring(StaleElementReferenceException.class)
        .until(condition::apply);
  }

  /** Waits for the page whose h1 is {@code title}. */
  private void awaitHeading(String title) {
    await(d -> heading(d).equals(title));
  }

  /** The page's h1; a page replaced while it is read counts as stale (see the catch). */
  static String heading(WebDriver browser) {
    try {
      return browser.findElement(By.tagName("h1")).getText();
    } catch (WebDriverException e) {
      // Chromedriver reports an element of a page replaced between the find and the read as an
      // "unknown error" (the node "does not belong to the document"), not as a stale element.
      if (e.getMessage() != null && e.getMessage().contains("does not belong to the document")) {
        throw new StaleElementReferenceException("the page was replaced while its heading was read", e);
      }
      throw e;
    }
  }

  private String code(long e164) {
    OutboxSmsGateway outbox = server.server.citizens().developmentOutbox().orElseThrow();
    for (SmsOutbox.Message message : outbox.latest(50)) {
      if (message.toE164() == e164) {
        Matcher matcher = PortalPagesTest.CODE.matcher(message.body());
        assertThat(matcher.find()).isTrue();
        return matcher.group(1);
      }
    }
    throw new AssertionError("no code was sent to +" + e164);
  }

  @Test
  void aCitizenRegistersTwoNumbersWithSmsCodesAndSeesTheirStatus() {
    open("/");
    assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("en");
    new Actions(browser).sendKeys(Keys.TAB).perform();
    assertThat(browser.switchTo().activeElement().getText()).as("the first Tab reaches the skip link")
        .isEqualTo("Skip to the main content");
    snap("citizen-1-home");
    browser.findElement(By.linkText("Start")).click();
    awaitHeading("Your numbers in the register");

    type("number1", "333 123 4567");
    type("number2", "+39 347 111 2222");
    assertThat(field("action-REGISTER").isSelected()).isTrue();
    assertThat(field("proof-SMS_CODE").isSelected()).isTrue();
    snap("citizen-2-start");
    submit("/citizen/requests");

    awaitHeading("Prove that the lines are yours");
    snap("citizen-3-prove");
    assertThat(browser.getCurrentUrl()).endsWith("/citizen/request");
    assertThat(browser.findElement(By.cssSelector("label[for='code-393331234567']")).getText())
        .isEqualTo("Code sent to +393331234567");
    type("code-393331234567", code(393331234567L));
    type("code-393471112222", code(393471112222L));
    field("code-393471112222").sendKeys(Keys.ENTER); // the keyboard sends the form

    awaitHeading("Status of your numbers");
    assertThat(browser.getCurrentUrl()).endsWith("/citizen/request/status");
    snap("citizen-4-status");
    List<WebElement> registered = browser.findElements(By.cssSelector("[data-registered='true']"));
    assertThat(registered).hasSize(2);
    assertThat(registered.get(0).getText())
        .isEqualTo("In the register: telemarketing operators may not call this number.");
    assertThat(browser.findElement(By.tagName("main")).getText()).contains("+393331234567",
        "+393471112222", "Done: your numbers are registered.");
    for (long number : new long[] {393331234567L, 393471112222L}) {
      assertThat(server.server.gateway().store().events().history(number)).singleElement()
          .satisfies(event -> {
            assertThat(event.type()).isEqualTo(EventType.REGISTER);
            assertThat(event.channel().name()).isEqualTo("WEB");
            assertThat(event.evidence()).startsWith("sms-otp:");
          });
    }
  }

  @Test
  void anOperatorUploadsAListWatchesTheProgressAndDownloadsTheResultAndTheReceipt()
      throws Exception {
    server.register(393331234567L);
    server.operator("acme", "standard");
    String oneTime = server.server.accounts().createUser("clerk", User.Role.OPERATOR, "acme",
        server.admin());
    Path list = temporary.resolve("campagna.csv");
    StringBuilder rows = new StringBuilder("nome;telefono\nAnna;333 123 4567\nBea;320 555 1234\n");
    for (int i = 0; i < 100_000; i++) {
      rows.append("Cliente ").append(i).append(";+39 320 ").append(1_000_000 + i).append('\n');
    }
    Files.writeString(list, rows);

    logInTheFirstTime("/operator", "clerk", oneTime, "the clerk's own password", "Check a list");

    JavascriptExecutor script = (JavascriptExecutor) browser;
    script.executeScript("window.seenProgress = [];"
        + "new MutationObserver(function () {"
        + "  window.seenProgress.push(document.getElementById('check-form').getAttribute('data-progress'));"
        + "}).observe(document.getElementById('check-form'), {attributes: true, attributeFilter: ['data-progress']});");
    field("list").sendKeys(list.toString());
    submit("/operator/checks");
    await(d -> "done".equals(
        field("check-form").getAttribute("data-state")));

    WebElement progress = field("check-progress");
    assertThat(progress.isDisplayed()).isTrue();
    assertThat(progress.getAttribute("value")).isEqualTo("100");
    @SuppressWarnings("unchecked")
    List<String> seen = (List<String>) script.executeScript("return window.seenProgress;");
    assertThat(seen).as("the progress went from 0 to 100").startsWith("0").endsWith("100");
    assertThat(seen.stream().mapToInt(Integer::parseInt).toArray()).isSorted();
    snap("operator-1-checked");
    assertThat(field("check-status").getText())
        .isEqualTo("Checked. The result and the receipt are ready.");
    await(d -> !field("check-counts").getText().isEmpty());
    assertThat(field("check-counts").getText())
        .isEqualTo("100002 rows: 100001 callable, 1 blocked, 0 invalid.");
    String receiptId = field("check-form").getAttribute("data-receipt");

    field("result-link").click();
    field("receipt-link").click();
    Path result = awaitDownload("campagna-checked.csv");
    Path receipt = awaitDownload("receipt-" + receiptId + ".json");
    List<String> lines = Files.readAllLines(result);
    assertThat(lines).hasSize(100_003);
    assertThat(lines.subList(0, 3)).containsExactly("nome;telefono;e164;verdict;reason",
        "Anna;333 123 4567;+393331234567;BLOCKED;REGISTERED",
        "Bea;320 555 1234;+393205551234;CALLABLE;NOT_REGISTERED");

    var key = server.server.gateway().key();
    ReceiptCheck.Report report = ReceiptCheck.verify(receipt, key.publicKey(), key.keyId(),
        result, list);
    assertThat(report.failure()).isNull();
    assertThat(report.valid()).isTrue();
    assertThat(report.checks()).hasSize(3);
    assertThat(report.receipt().operator()).isEqualTo("acme");
    assertThat(report.receipt().counts().rows()).isEqualTo(100_002);
    assertThat(ReceiptVerifier.verifySignature(report.receipt(), key.publicKey())).isTrue();

    open("/operator/receipts");
    assertThat(browser.findElement(By.tagName("main")).getText()).contains(receiptId);
    open("/operator/usage");
    snap("operator-2-usage");
  }

  @Test
  void theRegistersStaffSeeStatisticsWithChartsAndCreateAnOperator() {
    server.register(393331234567L, 393331234568L);
    String key = server.operator("acme", "standard");
    server.postCsv("/api/v1/checks", key, "phone\n3331234567\n3201234567\n");
    String oneTime = server.server.accounts().bootstrapAdmin(server.admin()).orElseThrow();
    open("/admin");
    awaitHeading("Log in");
    type("username", "admin");
    type("password", oneTime);
    field("password").sendKeys(Keys.ENTER);
    awaitHeading("Change your password");
    type("current", oneTime);
    type("password", "a much better password");
    type("repeat", "a much better password");
    field("repeat").sendKeys(Keys.ENTER);
    awaitHeading("Statistics");
    assertThat(browser.findElements(By.cssSelector("figure.chart svg[role='img']"))).hasSize(3);
    assertThat(browser.findElements(By.cssSelector("#registrations-table tbody tr"))).hasSize(30);
    snap("admin-1-statistics");

    open("/admin/operators");
    type("id", "beta");
    type("name", "Beta S.r.l.");
    field("name").sendKeys(Keys.ENTER);
    awaitHeading("Operator");
    String issued = field("issued-key").getText();
    assertThat(issued).startsWith("odnc_");
    assertThat(server.get("/api/v1/usage", issued).statusCode()).isEqualTo(200);
    snap("admin-2-operator");
  }

  @Test
  void anAdminMakesARegulatorWhoAuditsCallsInvestigatesACaseAndSeesTheDashboard()
      throws Exception {
    server.register(RegulatorSamples.REGISTERED);
    server.operator("acme", "standard");
    var store = server.server.gateway().store();
    store.operatorLists().declareCallingNumber("acme", 390612345678L,
        java.time.Instant.parse("2025-01-01T00:00:00Z"));
    for (int i = 0; i < 12; i++) {
      store.complaints().add(List.of(new org.opendnc.store.Complaint("k" + i, "NATIVE",
          "06 1234 5678", 390612345678L, 0, null,
          java.time.Instant.parse("2026-10-01T10:00:00Z").plus(java.time.Duration.ofDays(3L * i)),
          null, "Acme", "energia", null, null, null, null, "complaints.csv", i + 2)));
    }
    String adminPassword = server.server.accounts().bootstrapAdmin(server.admin()).orElseThrow();
    Path calls = Files.writeString(temporary.resolve("cdr-gennaio.csv"), RegulatorSamples.CALLS);
    Path caseZip = Files.write(temporary.resolve("caso.zip"),
        TestingZips.zip(RegulatorSamples.caseFiles()));

    logInTheFirstTime("/admin/accounts", "admin", adminPassword, "a much better password",
        "Statistics");
    browser.findElement(By.linkText("Staff accounts")).click();
    awaitHeading("Staff accounts");
    type("username", "garante");
    assertThat(field("role-REGULATOR").isSelected()).isTrue();
    submit("/admin/accounts");
    await(d -> !d.findElements(By.id("one-time-password")).isEmpty());
    String oneTime = field("one-time-password").getText();
    snap("regulator-1-account");
    submit("/logout");
    // The click does not wait for the POST: opening the next page at once could beat the logout.
    await(d -> d.findElements(By.cssSelector("form[action='/logout']")).isEmpty());

    logInTheFirstTime("/regulator", "garante", oneTime, "the regulator's own password",
        "Regulator's dashboard");
    assertThat(browser.findElements(By.linkText("Statistics"))).as("no admin pages").isEmpty();

    browser.findElement(By.linkText("Call audits")).click();
    awaitHeading("Call audits");
    field("file").sendKeys(calls.toString());
    submit("/regulator/audits");
    awaitHeading("Call audit");
    awaitStatus("SUCCEEDED"); // the page reloads itself, without JavaScript
    snap("regulator-2-audit");
    assertThat(field("job-rejects").getText()).contains("5", "INVALID_CALLEE");
    assertThat(field("job-codes").getText()).contains("OPPOSED_NO_CONSENT");
    field("file-report.html").click();
    await(d -> !d.findElements(By.cssSelector("svg")).isEmpty());
    assertThat(browser.getPageSource()).contains("OPPOSED_NO_CONSENT");
    snap("regulator-3-report");

    open("/regulator");
    awaitHeading("Regulator's dashboard");
    assertThat(browser.findElements(By.cssSelector("figure.chart svg[role='img']"))).hasSize(4);
    assertThat(field("top-operators-table").getAttribute("textContent")).contains("acme", "12");
    assertThat(browser.findElements(By.cssSelector("#violations-by-code-caption + svg rect")))
        .isNotEmpty();
    snap("regulator-4-dashboard");

    browser.findElement(By.linkText("Investigations")).click();
    awaitHeading("Investigations");
    field("file").sendKeys(caseZip.toString());
    submit("/regulator/investigations");
    awaitHeading("Investigation");
    awaitStatus("SUCCEEDED");
    snap("regulator-5-investigation");
    field("file-lineage.csv").click();
    Path lineage = awaitDownload("lineage.csv");
    assertThat(Files.readAllLines(lineage).get(0))
        .isEqualTo("from,to,first_date,shared_numbers,evidence,confidence");
    assertThat(server.server.gateway().store().audit().page(Long.MAX_VALUE, "garante", 100))
        .extracting(entry -> entry.action()).contains("AUDIT_FILE_DOWNLOADED",
            "INVESTIGATION_FILE_DOWNLOADED", "REGULATOR_DASHBOARD_VIEWED");
  }

  /**
   * The consent ledger's pages by keyboard only: the navigation link, the kind chosen in the
   * select, the file sent, the rejected line shown, a record opened and its JSON downloaded.
   */
  @Test
  void anOperatorRecordsContractsFromTheLedgerPageByKeyboardAndDownloadsARecord() throws Exception {
    String key = server.operator("acme", "standard");
    String oneTime = server.server.accounts().createUser("clerk", User.Role.OPERATOR, "acme",
        server.admin());
    Path file = temporary.resolve("contratti.csv");
    Files.writeString(file, "number,start,reference\n333 123 4567,2026-01-01T00:00:00Z,K-1\n"
        + "nonsense,2026-01-01T00:00:00Z,K-2\n");
    logInTheFirstTime("/operator", "clerk", oneTime, "the clerk's own password", "Check a list");

    browser.findElement(By.cssSelector("nav a[href='/operator/ledger']")).sendKeys(Keys.ENTER);
    awaitHeading("Consent ledger");
    field("kind").sendKeys("Contracts"); // a select takes the option typed from the keyboard
    assertThat(new org.openqa.selenium.support.ui.Select(field("kind")).getFirstSelectedOption().getText())
        .isEqualTo("Contracts");
    field("file").sendKeys(file.toString());
    browser.findElement(By.cssSelector("form[action='/operator/ledger/imports'] button[type='submit']"))
        .sendKeys(Keys.ENTER);
    await(d -> !d.findElements(By.id("outcome")).isEmpty());
    assertThat(field("outcome").getText()).isEqualTo("Contracts: 2 rows read, 1 recorded, 0 already recorded, 1 rejected.");
    assertThat(field("rejects").getText()).contains("3 RECORD_INVALID number:");
    WebElement row = browser.findElement(By.cssSelector("#ledger-records tbody tr"));
    String id = row.getAttribute("data-record");
    assertThat(row.getText()).contains("+*********567").contains("K-1").contains("integrated, leaf 0")
        .doesNotContain("3331234567");

    row.findElement(By.tagName("a")).sendKeys(Keys.ENTER);
    awaitHeading("Ledger record");
    assertThat(field("tree-size").getText()).isEqualTo("1");
    field("download").sendKeys(Keys.ENTER);
    Path json = awaitDownload("ledger-record-" + id + ".json");
    assertThat(TestingServer.json(server.get("/api/v1/ledger/records/" + id, key)))
        .isEqualTo(new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.toFile()));
  }

  /** Waits (through the page's own reloads) for the job's status. */
  private void awaitStatus(String status) {
    new WebDriverWait(browser, WAIT).ignoring(StaleElementReferenceException.class)
        .ignoring(org.openqa.selenium.NoSuchElementException.class)
        .until(d -> status.equals(d.findElement(By.id("job-status")).getAttribute("data-status")));
  }

  /** Waits for a finished download (no .crdownload beside it) and returns it. */
  private Path awaitDownload(String name) {
    Path file = downloads.resolve(name);
    await(d -> {
      try (Stream<Path> files = Files.list(downloads)) {
        return Files.exists(file) && files.noneMatch(p -> p.toString().endsWith(".crdownload"));
      } catch (IOException e) {
        return false;
      }
    });
    return file;
  }
}
