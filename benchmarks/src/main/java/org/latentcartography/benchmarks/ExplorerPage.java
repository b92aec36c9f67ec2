package org.latentcartography.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * How soon the explorer's page is interactive, in a real headless Chromium (Debian's
 * {@code chromium} and {@code chromium-driver}, driven by Selenium) against a running
 * {@code cartography serve}: the page is loaded {@code loads} times (the server sends
 * {@code Cache-Control: no-store}, so each load fetches the measure, the map and the embeddings
 * again), and for each load it reports
 * <ul>
 *   <li><b>ready</b>: from the navigation's start to the page's data loaded and both views drawn
 *       ({@code performance.now()} when the page marks itself ready);
 *   <li><b>first hover</b>: a mouse move dispatched on the transformed view right after that, until
 *       the page has answered it (panel text, markers drawn in both views) and the next frame has
 *       been produced;
 *   <li><b>interactive</b> = ready + first hover;
 *   <li><b>hover</b>: {@code hovers} more moves at random places of both views, each until the next
 *       frame (median, 95th percentile), and the handler's own time without the frame wait.
 * </ul>
 * Medians over the loads are printed last. Arguments: URL [loads (default 7)] [hovers (default 60)].
 * Run by {@code benchmarks/explorer-page.sh}. Not a test: nothing is asserted.
 */
public final class ExplorerPage {
    private ExplorerPage() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int loads = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        int hovers = args.length > 2 ? Integer.parseInt(args[2]) : 60;
        Path profile = Files.createTempDirectory("explorer-page-");
        ChromeOptions o = new ChromeOptions();
        o.setBinary("/usr/bin/chromium");
        o.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1600,1000", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(Path.of("/usr/bin/chromedriver")
                .toFile()).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, o);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
        List<double[]> rows = new ArrayList<>();
        try {
            System.out.println("load  ready_ms  first_hover_ms  interactive_ms  hover_median_ms  hover_p95_ms  handler_median_ms");
            for (int i = 0; i < loads; i++) {
                driver.get("about:blank");
                driver.get(url);
                new WebDriverWait(driver, Duration.ofSeconds(60)).pollingEvery(Duration.ofMillis(5)).until(d -> {
                    Object err = ((JavascriptExecutor) d).executeScript("return document.body.dataset.error || null");
                    if (err != null) {
                        throw new IllegalStateException("page failed: " + err);
                    }
                    return ((JavascriptExecutor) d).executeScript("return document.body.dataset.readyAt || null") != null;
                });
                Map<?, ?> r = (Map<?, ?>) driver.executeAsyncScript(SCRIPT, hovers, 1234 + i);
                double ready = Double.parseDouble(String.valueOf(driver.executeScript("return document.body.dataset.readyAt")));
                double first = ((Number) r.get("first")).doubleValue();
                double[] hover = doubles(r.get("hover"));
                double[] handler = doubles(r.get("handler"));
                double[] row = {ready, first, ready + first, percentile(hover, 0.5), percentile(hover, 0.95),
                    percentile(handler, 0.5)};
                rows.add(row);
                System.out.printf(Locale.ROOT, "%4d  %8.0f  %14.1f  %14.0f  %15.1f  %12.1f  %17.1f   (%s)%n", i + 1, row[0],
                        row[1], row[2], row[3], row[4], row[5], driver.executeScript("const t = window.explorer.state.timing;"
                                + " return t ? 'script ' + t.script.toFixed(0) + ', data ' + t.data.toFixed(0) + ', heat map '"
                                + " + t.heat.toFixed(0) + ', warped ' + t.warped.toFixed(0) + ', drawn ' + t.drawn.toFixed(0) : '';"));
            }
        } finally {
            driver.quit();
        }
        double[] med = new double[6];
        for (int k = 0; k < 6; k++) {
            int col = k;
            med[k] = percentile(rows.stream().mapToDouble(row -> row[col]).toArray(), 0.5);
        }
        System.out.printf(Locale.ROOT, "median of %d loads: ready %.0f ms, first hover %.1f ms, interactive %.0f ms; "
                + "hover %.1f ms (p95 %.1f ms, handler %.1f ms)%n", rows.size(), med[0], med[1], med[2], med[3], med[4], med[5]);
    }

    /**
     * In the page: one mouse move on the transformed view, timed to the next frame; then
     * {@code hovers} moves at seeded random places of both views.
     */
    private static final String SCRIPT = """
            const hovers = arguments[0], done = arguments[arguments.length - 1];
            let seed = arguments[1];
            const rand = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
            const frame = () => new Promise((res) => requestAnimationFrame(() => setTimeout(res, 0)));
            const move = (id, fx, fy) => {
              const c = document.getElementById(id), r = c.getBoundingClientRect();
              c.dispatchEvent(new MouseEvent('mousemove', { clientX: r.left + fx * r.width, clientY: r.top + fy * r.height,
                bubbles: true }));
            };
            (async () => {
              const t0 = performance.now();
              move('right', 0.4, 0.45);
              await frame();
              const first = performance.now() - t0;
              const hover = [], handler = [];
              for (let i = 0; i < hovers; i++) {
                const id = i % 2 ? 'left' : 'right', a = performance.now();
                move(id, 0.1 + 0.8 * rand(), 0.1 + 0.8 * rand());
                handler.push(performance.now() - a);
                await frame();
                hover.push(performance.now() - a);
              }
              done({ first, hover, handler });
            })().catch((e) => done({ error: String(e) }));
            """;

    private static double[] doubles(Object list) {
        if (!(list instanceof List<?> l)) {
            throw new IllegalStateException("the page answered " + list);
        }
        return l.stream().mapToDouble(x -> ((Number) x).doubleValue()).toArray();
    }

    private static double percentile(double[] v, double q) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, (int) Math.floor(q * (s.length - 1) + 0.5))];
    }
}
