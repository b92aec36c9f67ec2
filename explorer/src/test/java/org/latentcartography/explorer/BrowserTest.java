package org.latentcartography.explorer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.latentcartography.core.spi.ExplorerProvider;
import org.latentcartography.core.spi.Generator;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * End to end in a real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}),
 * over loopback, on the shipped softplus VAE's results and the fortunes text VAE. Screenshots go to
 * {@code target/screenshots/}. Skipped, with the reason, when Chromium or its driver is missing.
 */
class BrowserTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SHOTS = Path.of("target", "screenshots").toAbsolutePath();

    static ChromeDriver driver;
    static Path profile;

    @BeforeAll
    static void browser() throws IOException {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
                "end-to-end tests skipped: no " + CHROMIUM + " or " + DRIVER
                        + " (apt-get install -y chromium chromium-driver; .ci/run installs them)");
        Files.createDirectories(SHOTS);
        profile = Files.createTempDirectory("explorer-chromium-");
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM.toFile());
        o.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1600,1000", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, o);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
    }

    @AfterAll
    static void quit() {
        if (driver != null) {
            driver.quit();
        }
    }

    static void open(ExplorerProvider.Server s) {
        driver.get(s.uri().toString());
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> {
            Object err = ((JavascriptExecutor) d).executeScript("return document.body.dataset.error || null");
            if (err != null) {
                throw new AssertionError("page failed: " + err);
            }
            return "1".equals(((JavascriptExecutor) d).executeScript("return document.body.dataset.ready || null"));
        });
    }

    /** Canvas pixel of a latent point in a view, as an offset from the canvas centre for Selenium. */
    static int[] offset(String view, double x, double y) {
        List<?> p = (List<?>) driver.executeScript("return window.explorer.pixelOf(arguments[0], arguments[1], arguments[2])",
                view, x, y);
        return new int[] {(int) Math.round(((Number) p.get(0)).doubleValue() - 280),
            (int) Math.round(((Number) p.get(1)).doubleValue() - 280)};
    }

    static void shot(String name) throws IOException {
        Files.write(SHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
    }

    /** Non-white pixels of the overlay canvas (paths, markers). */
    static long overlayPixels(String view) {
        return ((Number) driver.executeScript("const c = document.getElementById(arguments[0]), d = c.getContext('2d')"
                + ".getImageData(0, 0, c.width, c.height).data; let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;"
                + " return n;", view)).longValue();
    }

    @Test
    void imageDecoderPageLoadsDecodesDrawsPathsAndLinksViews() throws Exception {
        Path[] f = Fixtures.mnist();
        try (Generator g = Fixtures.open(Fixtures.MNIST_DECODER);
             ExplorerProvider.Server s = new Explorer().start(new ExplorerProvider.Settings(List.of(f[0], f[1], Fixtures.MNIST),
                     g, "127.0.0.1", 0, false, null, null, null, null))) {
            open(s);
            assertTrue(driver.findElement(By.id("title")).getText().contains("10000 embeddings"));
            shot("01-loaded");
            // the heat map and the points are drawn: many distinct colours on the left base canvas
            long colours = ((Number) driver.executeScript("const d = document.getElementById('left-base').getContext('2d')"
                    + ".getImageData(0, 0, 560, 560).data; const s = new Set(); for (let i = 0; i < d.length; i += 4) "
                    + "s.add(d[i] << 16 | d[i + 1] << 8 | d[i + 2]); return s.size;")).longValue();
            assertTrue(colours > 50, "left view has " + colours + " colours");

            // hover an embedding on the left: the panel names its label and both views mark it
            Map<?, ?> p0 = (Map<?, ?>) driver.executeScript("const S = window.explorer.state; return {x: S.pts[0], y: S.pts[1], "
                    + "label: S.labels[0]};");
            double x0 = ((Number) p0.get("x")).doubleValue();
            double y0 = ((Number) p0.get("y")).doubleValue();
            WebElement left = driver.findElement(By.id("left"));
            WebElement right = driver.findElement(By.id("right"));
            int[] o = offset("left", x0, y0);
            new Actions(driver).moveToElement(left, o[0], o[1]).perform();
            WebElement hover = driver.findElement(By.id("hover"));
            new WebDriverWait(driver, Duration.ofSeconds(5)).until(d -> !hover.getText().isEmpty());
            assertTrue(hover.getText().contains("measure"), hover.getText());
            assertEquals(String.valueOf(((Number) p0.get("label")).intValue()), hover.getAttribute("data-label"));
            assertTrue(overlayPixels("right") > 20, "the right view marks the hovered point");
            shot("02-hover-left");
            // hovering the same point in the right view finds it too
            int[] or = offset("right", x0, y0);
            new Actions(driver).moveToElement(right, or[0], or[1]).perform();
            assertTrue(hover.getText().startsWith("point"), "right view hover: " + hover.getText());
            assertTrue(overlayPixels("left") > 20, "the left view marks the point hovered on the right");

            // click: a decoded digit appears
            new Actions(driver).moveToElement(left, o[0], o[1]).click().perform();
            WebElement img = new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> {
                List<WebElement> l = d.findElements(By.id("decoded-image"));
                return !l.isEmpty() && Boolean.TRUE.equals(((JavascriptExecutor) d).executeScript(
                        "return arguments[0].complete && arguments[0].naturalWidth === 28", l.get(0))) ? l.get(0) : null;
            });
            String src = img.getAttribute("src");
            byte[] png = Fixtures.get(s.uri(), src.substring(src.indexOf("/api/"))).body();
            BufferedImage digit = ImageIO.read(new ByteArrayInputStream(png));
            int ink = 0;
            for (int y = 0; y < 28; y++) {
                for (int x = 0; x < 28; x++) {
                    ink += digit.getRaster().getSample(x, y, 0) > 128 ? 1 : 0;
                }
            }
            assertTrue(ink > 20 && ink < 500, "a digit has some ink: " + ink);
            shot("03-decoded");

            // drag from one embedding to another: both paths in both views, strips and lengths
            Map<?, ?> far = (Map<?, ?>) driver.executeScript("const S = window.explorer.state; let b = 0, bd = -1;"
                    + " for (let k = 0; k < S.pts.length / 2; k++) { const d = (S.pts[2*k] - S.pts[0]) ** 2 + (S.pts[2*k+1] - S.pts[1]) ** 2;"
                    + " if (S.labels[k] !== S.labels[0] && d > bd && d < 9) { bd = d; b = k; } } return {x: S.pts[2*b], y: S.pts[2*b+1]};");
            int[] o2 = offset("left", ((Number) far.get("x")).doubleValue(), ((Number) far.get("y")).doubleValue());
            long before = overlayPixels("right");
            new Actions(driver).moveToElement(left, o[0], o[1]).clickAndHold().moveByOffset((o2[0] - o[0]) / 2, (o2[1] - o[1]) / 2)
                    .moveToElement(left, o2[0], o2[1]).release().perform();
            // the three strips load independently: wait for all, each 10 images of 28 pixels
            new WebDriverWait(driver, Duration.ofSeconds(15)).until(d -> Boolean.TRUE.equals(((JavascriptExecutor) d)
                    .executeScript("return ['strip-geodesic', 'strip-straight', 'strip-true-geodesic'].every(id => { const i ="
                            + " document.getElementById(id); return i && i.complete && i.naturalWidth === 280; })")));
            WebElement path = driver.findElement(By.id("path"));
            assertTrue(Double.parseDouble(path.getAttribute("data-straight")) > 0);
            assertTrue(Double.parseDouble(path.getAttribute("data-geodesic")) > 0);
            assertTrue(path.getText().contains("pseudo-geodesic"), path.getText());
            assertTrue(path.getText().contains("true geodesic"), path.getText());
            // its length is given beside the others (that it is the shortest is checked in ApiTest, on a long path:
            // between near points fast marching's discretisation error is of the size of the differences)
            assertTrue(Double.parseDouble(path.getAttribute("data-true-geodesic")) > 0, path.getText());
            assertTrue(overlayPixels("left") > 300, "paths drawn on the left");
            assertTrue(overlayPixels("right") > before + 300, "paths drawn on the right");
            // the two curves are drawn in their own colours in both views
            for (String view : List.of("left", "right")) {
                Map<?, ?> c = (Map<?, ?>) driver.executeScript("const d = document.getElementById(arguments[0]).getContext('2d')"
                        + ".getImageData(0, 0, 560, 560).data; let blue = 0, red = 0; for (let i = 0; i < d.length; i += 4) {"
                        + " if (d[i+3] > 200 && d[i] < 60 && d[i+2] > 150) blue++; if (d[i+3] > 200 && d[i] > 180 && d[i+1] < 80) red++; }"
                        + " return {blue: blue, red: red};", view);
                assertTrue(((Number) c.get("blue")).longValue() > 50, view + ": straight path " + c);
                assertTrue(((Number) c.get("red")).longValue() > 50, view + ": pseudo-geodesic " + c);
            }
            new Actions(driver).moveToElement(driver.findElement(By.id("panel"))).perform();
            // with the hover marker gone, the true geodesic's near-black dots and dashes remain in both views
            for (String view : List.of("left", "right")) {
                long dark = ((Number) driver.executeScript("const d = document.getElementById(arguments[0]).getContext('2d')"
                        + ".getImageData(0, 0, 560, 560).data; let n = 0; for (let i = 0; i < d.length; i += 4)"
                        + " if (d[i+3] > 200 && d[i] < 40 && d[i+1] < 40 && d[i+2] < 40) n++; return n;", view)).longValue();
                assertTrue(dark > 100, view + ": true geodesic drawn, " + dark + " dark pixels");
            }
            shot("04-paths");

            // the morph slider redraws the right view; halfway the points lie between the two spaces
            driver.executeScript("const m = document.getElementById('morph'); m.value = 0.5; m.dispatchEvent(new Event('input'));");
            assertTrue(driver.findElement(By.id("right-title")).getText().contains("0.50"));
            shot("05-morph-half");
            driver.executeScript("const m = document.getElementById('morph'); m.value = 1; m.dispatchEvent(new Event('input'));");
            // one full redraw of both views and a hover, timed in the page and printed (a figure for the
            // README, not a timed test: speed is measured in benchmarks, on a machine whose load is known)
            double frame = ((Number) driver.executeScript("return window.explorer.timeFrame()")).doubleValue();
            double hoverMs = ((Number) driver.executeScript("return window.explorer.timeHover()")).doubleValue();
            System.out.printf("explorer page: full redraw %.1f ms, hover %.1f ms, ready in %.0f ms%n", frame, hoverMs,
                    ((Number) driver.executeScript("return window.explorer.state.readyMs")).doubleValue());
            assertTrue(frame > 0 && Double.isFinite(frame) && hoverMs >= 0 && Double.isFinite(hoverMs),
                    "the page times its redraw and hover: " + frame + ", " + hoverMs);
            // the view downloads as PNG: the composite is a real image of both views
            String dataUrl = (String) driver.executeScript("return (function(){ const a = []; const orig = HTMLAnchorElement.prototype.click;"
                    + " HTMLAnchorElement.prototype.click = function(){ a.push(this.href); }; document.getElementById('download-png').click();"
                    + " HTMLAnchorElement.prototype.click = orig; return a[0]; })()");
            assertTrue(dataUrl.startsWith("data:image/png;base64,"));
            BufferedImage both = ImageIO.read(new ByteArrayInputStream(java.util.Base64.getDecoder().decode(
                    dataUrl.substring(dataUrl.indexOf(',') + 1))));
            assertEquals(1130, both.getWidth());
            List<?> logs = driver.manage().logs().get("browser").getAll();
            assertFalse(logs.stream().anyMatch(l -> l.toString().contains("SEVERE")), "browser errors: " + logs);
        }
    }

    @Test
    void textDecoderPageShowsASentence() throws Exception {
        Path[] f = Fixtures.text();
        try (Generator g = Fixtures.open(Fixtures.TEXT_DECODER);
             Generator sampler = Fixtures.open(Fixtures.TEXT_DECODER + ",decode=sample");
             ExplorerProvider.Server s = new Explorer().start(new ExplorerProvider.Settings(List.of(f[0], f[1], Fixtures.TEXT),
                     g, "127.0.0.1", 0, false, null, null, null, sampler))) {
            open(s);
            Map<?, ?> p0 = (Map<?, ?>) driver.executeScript("const S = window.explorer.state; return {x: S.pts[0], y: S.pts[1]};");
            int[] o = offset("left", ((Number) p0.get("x")).doubleValue(), ((Number) p0.get("y")).doubleValue());
            new Actions(driver).moveToElement(driver.findElement(By.id("left")), o[0], o[1]).click().perform();
            WebElement sentence = new WebDriverWait(driver, Duration.ofSeconds(15)).until(d -> {
                List<WebElement> l = d.findElements(By.id("decoded-sentence"));
                return l.isEmpty() || l.get(0).getText().isBlank() ? null : l.get(0);
            });
            String text = sentence.getText();
            assertTrue(text.split(" ").length >= 2, "a sentence: " + text);
            assertFalse(text.contains("<unk>"), text);
            assertEquals(3, driver.findElements(By.cssSelector("#decoded .samples li")).size());
            // legend names the categories from categories.json
            assertTrue(driver.findElement(By.id("legend")).getText().length() > 3);
            shot("06-text");
        }
    }
}
