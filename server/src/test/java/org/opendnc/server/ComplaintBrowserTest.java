package org.opendnc.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.opendnc.store.Complaint;

/**
 * The complaint form in a real browser (Debian's headless Chromium through Selenium), in English
 * and Italian: a wrong number gets the field's error, a valid complaint gets its reference.
 * Skipped, saying why, where Chromium or chromedriver is not installed.
 */
class ComplaintBrowserTest {

  @TempDir Path temporary;
  TestingServer server;
  WebDriver browser;

  @BeforeEach
  void start() {
    Assumptions.assumeTrue(Files.isExecutable(PortalBrowserTest.CHROMIUM)
            && Files.isExecutable(PortalBrowserTest.CHROMEDRIVER),
        "browser tests skipped: no Chromium at " + PortalBrowserTest.CHROMIUM + " or no chromedriver at "
            + PortalBrowserTest.CHROMEDRIVER + " (Debian: apt-get install chromium chromium-driver)");
    server = TestingServer.sqlite(temporary.resolve("data"), TestingServer.generousLimits());
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(PortalBrowserTest.CHROMEDRIVER.toFile()).usingAnyFreePort()
        .withLogFile(temporary.resolve("chromedriver.log").toFile()).build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(PortalBrowserTest.CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
        "--window-size=1280,1024", "--lang=en-US", "--user-data-dir=" + temporary.resolve("profile"));
    options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "en-US,en"));
    browser = new ChromeDriver(service, options);
    browser.manage().timeouts().pageLoadTimeout(PortalBrowserTest.WAIT);
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

  private WebElement field(String id) {
    return browser.findElement(By.id(id));
  }

  private void type(String id, String text) {
    WebElement input = field(id);
    input.clear();
    input.sendKeys(text);
  }

  /** A datetime-local input's value is set as the browser would send it (its picker is locale-bound). */
  private void setTime(String id, LocalDateTime time) {
    ((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1];", field(id),
        time.truncatedTo(ChronoUnit.MINUTES).toString());
  }

  private void send() {
    browser.findElement(By.cssSelector("form[action='/complaint'] button[type='submit']")).click();
  }

  /** Waits for a condition; a page being replaced meanwhile (stale elements) is waited out. */
  private void await(java.util.function.Function<WebDriver, Boolean> condition) {
    new WebDriverWait(browser, PortalBrowserTest.WAIT).ignoring(StaleElementReferenceException.class)
        .until(condition::apply);
  }

  private void awaitHeading(String title) {
    await(d -> PortalBrowserTest.heading(d).equals(title));
  }

  private String fileWithAWrongNumberThenAValidOne(String formTitle, String numberError, String filedTitle,
      String text) {
    awaitHeading(formTitle);
    LocalDateTime yesterday = LocalDateTime.now(ZoneId.of("Europe/Rome")).minusDays(1);
    type("number_called", "12");
    type("caller_id", "06 1234 5678");
    setTime("called_at", yesterday);
    type("company", "Energia Facile");
    type("text", text);
    send();

    // The refused form comes back under the same heading: wait for its error instead.
    await(d -> !d.findElements(By.id("number_called-error")).isEmpty());
    awaitHeading(formTitle);
    assertThat(field("number_called-error").getText()).isEqualTo(numberError);
    assertThat(field("number_called").getAttribute("aria-invalid")).isEqualTo("true");
    assertThat(field("number_called").getAttribute("value")).as("the value is kept").isEqualTo("12");
    assertThat(field("company").getAttribute("value")).isEqualTo("Energia Facile");
    assertThat(browser.findElement(By.cssSelector(".error-summary a[href='#number_called']")).getText())
        .isEqualTo(numberError);
    assertThat(browser.findElements(By.id("called_at-error"))).isEmpty();

    type("number_called", "333 123 4567");
    setTime("called_at", yesterday);
    send();
    awaitHeading(filedTitle);
    String reference = field("complaint-reference").getText();
    assertThat(reference).matches("[0-9a-f]{32}");
    return reference;
  }

  @Test
  void aCitizenReportsACallInEnglishAndInItalian() throws IOException {
    browser.get(server.uri("/").toString());
    browser.findElement(By.linkText("Report a call")).click();
    assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("en");
    String english = fileWithAWrongNumberThenAValidOne("Report an unwanted call", "This is not a valid phone number.",
        "Complaint received",
        "They call every day at 9 pm.");
    assertThat(browser.findElement(By.tagName("main")).getText()).contains("Your complaint has been stored.")
        .contains("+393331234567").contains("06 1234 5678").contains("Energia Facile");

    browser.findElement(By.linkText("Report another call")).click();
    awaitHeading("Report an unwanted call");
    browser.findElement(By.linkText("Italiano")).click();
    await(d -> "it".equals(d.findElement(By.tagName("html")).getAttribute("lang")));
    String italian = fileWithAWrongNumberThenAValidOne("Segnala una chiamata indesiderata",
        "Questo non è un numero di telefono valido.", "Segnalazione ricevuta", "Mi chiamano ogni giorno alle 21.");
    assertThat(browser.findElement(By.tagName("main")).getText())
        .contains("La tua segnalazione è stata registrata.");

    List<Complaint> stored = new ArrayList<>();
    server.server.gateway().store().complaints().forEach(stored::add);
    assertThat(stored).extracting(Complaint::id).containsExactlyInAnyOrder(english, italian);
    assertThat(stored).allSatisfy(c -> {
      assertThat(c.file()).isEqualTo("portal");
      assertThat(c.calledE164()).isEqualTo(393331234567L);
      assertThat(c.callerE164()).isEqualTo(390612345678L);
    });
  }
}
