package io.shardlake.app.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Chromium window on the service under test, with its own empty profile (so its own
 * session cookie). Screenshots go to {@code target/screenshots/}, and their pages' paths to {@link #SHOT_PATHS}.
 */
final class BrowserSession implements AutoCloseable {

    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    /** The path (no query) of every page a screenshot was taken of, by any session of this JVM: which pages the shots cover. */
    static final java.util.Set<String> SHOT_PATHS = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Selenium warns on every start that it has no CDP classes for this Chromium; the tests use none. Held: JUL keeps loggers weakly. */
    private static final java.util.logging.Logger CDP_LOG = quiet("org.openqa.selenium.devtools");

    private final String baseUrl;
    private final Path profile;
    private final ChromeDriver driver;

    BrowserSession(String baseUrl) {
        this.baseUrl = baseUrl;
        Chromium chromium = Chromium.installed();
        try {
            profile = Files.createTempDirectory("shardlake-chromium");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.browser().toFile());
        // The closed network here refuses Chromium's background connections: switch them off.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1440,1000", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromium.driver().toFile())
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    void open(String path) {
        driver.get(baseUrl + path);
    }

    /** The path and query of the current page, e.g. {@code /login}. */
    String currentPath() {
        return driver.getCurrentUrl().substring(baseUrl.length());
    }

    String pageSource() {
        return driver.getPageSource();
    }

    WebElement find(By by) {
        return driver.findElement(by);
    }

    List<WebElement> findAll(By by) {
        return driver.findElements(by);
    }

    /** The element with {@code data-test="name"}. */
    WebElement test(String name) {
        return find(byTest(name));
    }

    static By byTest(String name) {
        return By.cssSelector("[data-test='" + name + "']");
    }

    WebElement waitFor(By by, Duration timeout) {
        return new WebDriverWait(driver, timeout).until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    void type(String id, String text) {
        WebElement field = find(By.id(id));
        field.clear();
        field.sendKeys(text);
    }

    /** Picks the option {@code value} of the select {@code id} (a change event, as a person's pick). */
    void select(String id, String value) {
        new Select(find(By.id(id))).selectByValue(value);
    }

    /** Marks the current document, so that {@link #awaitNewPage} can tell when another has replaced it. */
    private void markPage() {
        driver.executeScript("window.__shardlakeOldPage = true;");
    }

    /**
     * Waits until a new document has replaced the marked one and finished loading. Asking the old
     * page's elements whether they went stale races with the navigation in Chromium (it may answer
     * "node does not belong to the document"), so the test asks the window instead, ignoring
     * answers from the moment between two documents.
     */
    private void awaitNewPage() {
        new WebDriverWait(driver, Duration.ofSeconds(30)).ignoring(org.openqa.selenium.WebDriverException.class)
                .until(d -> Boolean.TRUE.equals(driver.executeScript(
                        "return window.__shardlakeOldPage === undefined && document.readyState === 'complete';")));
    }

    /** Picks an option of a select whose change reloads the page (the registration form's refresh), and waits for the new page. */
    void selectAndAwaitReload(String id, String value) {
        if (value.equals(find(By.id(id)).getAttribute("value"))) {
            return; // already picked (the only choice): no change, no reload
        }
        markPage();
        select(id, value);
        awaitNewPage();
    }

    /** Ticks the checkbox {@code id} if it is not ticked. */
    void tick(String id) {
        WebElement box = find(By.id(id));
        if (!box.isSelected()) {
            box.click();
        }
    }

    /** Clicks the element and waits until the page it leads to has loaded. */
    void clickAndWait(By by) {
        markPage();
        find(by).click();
        awaitNewPage();
    }

    /**
     * Posts a form the page does not offer, with the session's CSRF token (read from the page's
     * logout form): what a user who forges a request can do. The answer is shown as the new page.
     */
    void forgePost(String path, java.util.Map<String, String> fields) {
        markPage();
        driver.executeScript("""
                var form = document.createElement('form');
                form.method = 'post';
                form.action = arguments[0];
                var fields = arguments[1];
                fields['_csrf'] = document.querySelector('input[name="_csrf"]').value;
                Object.keys(fields).forEach(function (k) {
                  var input = document.createElement('input');
                  input.type = 'hidden'; input.name = k; input.value = fields[k];
                  form.appendChild(input);
                });
                document.body.appendChild(form);
                form.submit();""", baseUrl + path, fields);
        awaitNewPage();
    }

    void login(String user, String password) {
        open("/login");
        type("username", user);
        type("password", password);
        clickAndWait(By.cssSelector("button[type='submit']"));
    }

    /** Saves the whole current page as {@code target/screenshots/<name>.png} and returns the file. */
    Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            // The whole page, not just the window: grow the window to the page's height for the shot.
            org.openqa.selenium.Dimension window = driver.manage().window().getSize();
            long height = ((Number) driver.executeScript("return document.documentElement.scrollHeight")).longValue();
            driver.manage().window().setSize(new org.openqa.selenium.Dimension(window.getWidth(), (int) Math.min(Math.max(height + 120, window.getHeight()), 6000)));
            try {
                Files.move(driver.getScreenshotAs(OutputType.FILE).toPath(), file, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                driver.manage().window().setSize(window);
            }
            SHOT_PATHS.add(java.net.URI.create(driver.getCurrentUrl()).getPath());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static java.util.logging.Logger quiet(String name) {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
        logger.setLevel(java.util.logging.Level.SEVERE);
        return logger;
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temp profile left behind is harmless
            }
        }
    }
}
