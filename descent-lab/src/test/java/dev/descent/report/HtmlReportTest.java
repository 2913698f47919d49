package dev.descent.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {

    private static String html;

    /** A report with every kind of block; built once, the figures are the slow part. */
    static HtmlReport sample() {
        Grid grid = SampleData.himmelblauGrid(31);
        List<Trajectory> race = List.of(
            SampleData.descent("sgd </script><script>alert(1)</script>", -0.5, 0.5, 0.01, 0, 20),
            SampleData.descent("momentum", -0.5, 0.5, 0.004, 0.9, 20));
        Figure contour = new ContourPlot(grid).size(300, 260).trajectories(race);
        Figure line = new LinePlot().size(300, 200).series(SampleData.lossCurves(race));
        Figure bars = new BarChart(List.of("a", "b"), new double[] {1, 2}).size(240, 180);
        return new HtmlReport("Tour <script>alert('title')</script>")
            .provenance(new Provenance("0.1.0", 7, Map.of("lr", "0.01"), "descent tour --out x", "2026-01-01T00:00:00Z"))
            .section("Landscape")
            .paragraph("Plain text with <script>alert('p')</script> & an ampersand.")
            .figure(contour, "Contour <b>caption</b>")
            .figureSvg(bars, "Bars as SVG")
            .facts(List.of("fact <one>", "fact two"))
            .facts(Map.of("best", 0.5))
            .table(List.of("name", "loss"), List.of(List.of("<td>", 1.5e-9), List.of("b", 42)), "table <caption>")
            .surface3d(grid, race, "Rotate me")
            .section("Curves")
            .figure(line, "Loss");
    }

    @BeforeAll
    static void build() {
        html = sample().toHtml();
    }

    @Test
    void pageIsSelfContainedWithNoNetworkReferences() {
        assertFalse(html.contains("src=\"http"), "no external src");
        assertFalse(html.contains("href=\"http"), "no external href");
        assertFalse(html.contains("src='http") || html.contains("href='http"));
        assertFalse(Pattern.compile("<link\\b").matcher(html).find(), "styles are inline");
        assertFalse(Pattern.compile("<script[^>]*\\bsrc=").matcher(html).find(), "scripts are inline");
        assertFalse(html.contains("url(http"), "no remote CSS resources");
        assertTrue(html.contains("Content-Security-Policy") && html.contains("default-src 'none'"),
            "the page forbids network access outright");
    }

    @Test
    void figuresAreEmbedded() {
        assertEquals(3, count("<figure id=\"figure-"), "numbered figures");
        assertEquals(2, count("src=\"data:image/png;base64,"));
        assertEquals(1, count("<svg xmlns"), "inline SVG figure");
        assertEquals(1, count("data-surface=\"surface-1-data\""));
        assertTrue(html.contains("window.DescentSurface3D"), "the viewer is inlined");
    }

    @Test
    void userTextIsEscapedEverywhere() {
        assertFalse(html.contains("<script>alert"), "no script from user text survives");
        assertTrue(html.contains("Tour &lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;"));
        assertTrue(html.contains("Plain text with &lt;script&gt;alert(&#39;p&#39;)&lt;/script&gt; &amp; an ampersand."));
        assertTrue(html.contains("Contour &lt;b&gt;caption&lt;/b&gt;"));
        assertTrue(html.contains("<td>&lt;td&gt;</td>"));
        assertTrue(html.contains("fact &lt;one&gt;"));
        // Inside the JSON data block the trajectory name cannot close the script element.
        Matcher m = Pattern.compile("<script type=\"application/json\" id=\"surface-1-data\">(.*?)</script>", Pattern.DOTALL).matcher(html);
        assertTrue(m.find());
        assertTrue(m.group(1).contains("sgd \\u003c/script\\u003e"));
    }

    @Test
    void provenanceAndTablesAreShown() {
        assertTrue(html.contains("<dt>seed</dt><dd>7</dd>"));
        assertTrue(html.contains("<code>lr = 0.01</code>"));
        assertTrue(html.contains("<code>descent tour --out x</code>"));
        assertTrue(html.contains("<td class=\"num\">1.500e-09</td>"));
        assertTrue(html.contains("<td class=\"num\">42</td>"));
    }

    @Test
    void writesOneFileAtomically(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("out/index.html");
        new HtmlReport("t").paragraph("p").write(file);
        try (var files = Files.list(file.getParent())) {
            assertEquals(List.of(file), files.toList(), "just the page, no temp files or side files");
        }
        assertTrue(Files.readString(file).startsWith("<!DOCTYPE html>"));
    }

    private static int count(String needle) {
        int n = 0;
        for (int i = html.indexOf(needle); i >= 0; i = html.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
