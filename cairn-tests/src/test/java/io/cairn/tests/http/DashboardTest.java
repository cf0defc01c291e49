package io.cairn.tests.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cairn.tests.support.Etcdctl;
import io.cairn.tests.support.ProcessCluster;
import io.cairn.tests.support.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
 * The status page {@code /ui} of a 3-member cluster in Debian's headless chromium, as an operator
 * sees it: every member with its role and health, the key browser with a key's history, a live
 * watch, the request charts fed by /metrics, and a member shown down after it is killed.
 * Screenshots are kept in {@code target/ui-screenshots}.
 */
class DashboardTest {
  private static final Path SHOTS = Path.of("target", "ui-screenshots");

  @Test
  void anOperatorSeesTheClusterItsKeysAndAMemberGoingDown(@TempDir Path tmp) throws Exception {
    try (ProcessCluster c = ProcessCluster.start(3, tmp)) {
      String url = c.flags(0).clientUrl();
      Etcdctl.run(url, "put", "app/a", "1");
      Etcdctl.run(url, "put", "app/b", "2");
      Etcdctl.run(url, "put", "app/a", "3");
      WebDriver browser = headlessChromium();
      try {
        browser.get(url + "/ui");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
          List<String> roles = column(browser, 3);
          assertThat(roles).hasSize(3);
          assertThat(roles).filteredOn("leader"::equals).hasSize(1);
          assertThat(column(browser, 4)).containsOnly("healthy");
        });
        screenshot(browser, "cluster.png");

        type(browser, "prefix", "app/");
        browser.findElement(By.id("search")).click();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
            assertThat(rows(browser, "keys")).containsExactly("app/a 3", "app/b 2"));
        browser.findElement(By.cssSelector("#keys tbody tr td")).click();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
            assertThat(rows(browser, "history")).extracting(r -> r.split(" ")[1])
                .containsExactly("3", "1"));

        type(browser, "watchPrefix", "app/");
        browser.findElement(By.id("watch")).click();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
          Etcdctl.run(url, "put", "app/c", "4");
          assertThat(browser.findElement(By.id("events")).getText()).contains("PUT app/c = 4");
        });
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
            assertThat(((Number) ((JavascriptExecutor) browser)
                .executeScript("return samples.length")).intValue()).isGreaterThan(2));
        screenshot(browser, "keys-and-watch.png");

        c.kill(2);
        String killed = c.flags(2).name();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
          assertThat(memberRow(browser, killed)).contains("unreachable");
          assertThat(column(browser, 3)).filteredOn("leader"::equals).hasSize(1);
        });
        assertThat(browser.findElements(By.cssSelector("#leaders li"))).isNotEmpty();
        screenshot(browser, "member-down.png");
      } finally {
        browser.quit();
      }
    }
  }

  private static WebDriver headlessChromium() {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(Tools.chromium().toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--window-size=1280,1400");
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(Tools.chromedriver().toFile()).usingAnyFreePort().build();
    return new ChromeDriver(service, options);
  }

  private static void type(WebDriver browser, String id, String text) {
    WebElement input = browser.findElement(By.id(id));
    input.clear();
    input.sendKeys(text);
  }

  /**
   * The text of one column of the members table, read in one script: the page rebuilds its tables
   * every two seconds, which would leave element handles stale between two reads.
   */
  @SuppressWarnings("unchecked")
  private static List<String> column(WebDriver browser, int i) {
    return (List<String>) ((JavascriptExecutor) browser).executeScript("return Array.from("
        + "document.querySelectorAll('#members tbody tr')).map(r => r.cells[arguments[0]].textContent)", i);
  }

  /** The text of the member's row of the members table. */
  private static String memberRow(WebDriver browser, String name) {
    return (String) ((JavascriptExecutor) browser).executeScript("const r = document.querySelector("
        + "'#members tr[data-member=\"' + arguments[0] + '\"]'); return r ? r.textContent : ''", name);
  }

  /** Each row of a table as its first two cells. */
  @SuppressWarnings("unchecked")
  private static List<String> rows(WebDriver browser, String table) {
    return (List<String>) ((JavascriptExecutor) browser).executeScript("return Array.from("
        + "document.querySelectorAll('#' + arguments[0] + ' tbody tr')).filter(r => r.cells.length >= 2)"
        + ".map(r => r.cells[0].textContent + ' ' + r.cells[1].textContent)", table);
  }

  private static void screenshot(WebDriver browser, String name) throws Exception {
    Files.createDirectories(SHOTS);
    Files.write(SHOTS.resolve(name), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
  }
}
