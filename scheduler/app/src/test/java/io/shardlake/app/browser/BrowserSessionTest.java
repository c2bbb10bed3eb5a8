package io.shardlake.app.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * The browser itself works here: Chromium renders a page from localhost, runs its script and takes
 * a screenshot. When this fails, the end-to-end tests' failures are about the machine, not the UI.
 */
class BrowserSessionTest {

    @Test
    void rendersALocalPageRunsItsScriptAndSavesAScreenshot() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] page = """
                <!DOCTYPE html><html><body><h1 id="title">static</h1>
                <script>document.getElementById('title').textContent = 'scripted';</script></body></html>"""
                .getBytes(StandardCharsets.UTF_8);
        server.createContext("/", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        server.start();
        try (BrowserSession browser = new BrowserSession("http://127.0.0.1:" + server.getAddress().getPort())) {
            browser.open("/");

            assertThat(browser.find(By.id("title")).getText()).isEqualTo("scripted");
            Path shot = browser.screenshot("browser-check");
            byte[] png = Files.readAllBytes(shot);
            assertThat(png).startsWith(0x89, 'P', 'N', 'G');
        } finally {
            server.stop(0);
        }
    }
}
