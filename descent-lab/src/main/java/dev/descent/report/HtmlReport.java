package dev.descent.report;

import java.awt.Color;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds one self-contained HTML file: title, provenance, sections, paragraphs, figures with
 * captions, tables, key facts and interactive 3-D surfaces. Pictures are embedded (PNG data URIs
 * or inline SVG), the style sheet and the small canvas viewer are inlined, and a Content Security
 * Policy forbids every network request, so the page opens offline and fetches nothing. All user
 * text is escaped.
 *
 * <pre>{@code
 * new HtmlReport("Himmelblau tour")
 *     .provenance(Provenance.now("0.1.0", 42, "descent tour", Map.of("lr", 0.01)))
 *     .section("Contours").figure(contour, "Three runs on Himmelblau")
 *     .write(Path.of("index.html"));
 * }</pre>
 */
public final class HtmlReport {

    private static final String CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'";

    private final String title;
    private final List<String> blocks = new ArrayList<>();
    private String provenanceHtml = "";
    private int figureCount;
    private int surfaceCount;

    public HtmlReport(String title) {
        this.title = title;
    }

    /** The provenance block shown under the title. */
    public HtmlReport provenance(Provenance p) {
        StringBuilder b = new StringBuilder("<section class=\"provenance\"><h2>Provenance</h2><dl>");
        item(b, "version", p.version());
        item(b, "seed", Long.toString(p.seed()));
        item(b, "date", p.date());
        b.append("<dt>command</dt><dd><code>").append(Html.escape(p.command())).append("</code></dd>");
        if (!p.hyperparameters().isEmpty()) {
            b.append("<dt>hyperparameters</dt><dd><ul class=\"hp\">");
            p.hyperparameters().forEach((k, v) ->
                b.append("<li><code>").append(Html.escape(k)).append(" = ").append(Html.escape(v)).append("</code></li>"));
            b.append("</ul></dd>");
        }
        provenanceHtml = b.append("</dl></section>\n").toString();
        return this;
    }

    private static void item(StringBuilder b, String key, String value) {
        b.append("<dt>").append(Html.escape(key)).append("</dt><dd>").append(Html.escape(value)).append("</dd>");
    }

    /** A top-level heading. */
    public HtmlReport section(String heading) {
        blocks.add("<h2>" + Html.escape(heading) + "</h2>\n");
        return this;
    }

    /** A top-level heading with an anchor {@code id}, so a table of contents can link to it. */
    public HtmlReport section(String id, String heading) {
        blocks.add("<h2 id=\"" + Html.escape(id) + "\">" + Html.escape(heading) + "</h2>\n");
        return this;
    }

    /** A table of contents linking to sections added with {@link #section(String, String)}: id to heading. */
    public HtmlReport contents(Map<String, String> sections) {
        StringBuilder b = new StringBuilder("<nav class=\"toc\"><b>Contents</b><ol>");
        sections.forEach((id, heading) -> b.append("<li><a href=\"#").append(Html.escape(id)).append("\">")
            .append(Html.escape(heading)).append("</a></li>"));
        blocks.add(b.append("</ol></nav>\n").toString());
        return this;
    }

    /** A second-level heading. */
    public HtmlReport subsection(String heading) {
        blocks.add("<h3>" + Html.escape(heading) + "</h3>\n");
        return this;
    }

    /** A paragraph of plain text (escaped; blank lines are not special). */
    public HtmlReport paragraph(String text) {
        blocks.add("<p>" + Html.escape(text) + "</p>\n");
        return this;
    }

    /** A bulleted list of key facts. */
    public HtmlReport facts(List<String> facts) {
        StringBuilder b = new StringBuilder("<ul class=\"facts\">");
        for (String f : facts) {
            b.append("<li>").append(Html.escape(f)).append("</li>");
        }
        blocks.add(b.append("</ul>\n").toString());
        return this;
    }

    /** Key facts as name–value pairs, in the map's order. */
    public HtmlReport facts(Map<String, ?> facts) {
        StringBuilder b = new StringBuilder("<dl class=\"facts\">");
        facts.forEach((k, v) -> b.append("<dt>").append(Html.escape(k)).append("</dt><dd>")
            .append(Html.escape(v instanceof Double d ? cell(d) : String.valueOf(v))).append("</dd>"));
        blocks.add(b.append("</dl>\n").toString());
        return this;
    }

    /** A figure as a 2× PNG shown at its logical size (sharp on high-density screens). */
    public HtmlReport figure(Figure f, String caption) {
        String data = "data:image/png;base64," + Base64.getEncoder().encodeToString(f.toPng(2));
        return figureBlock("<img src=\"" + data + "\" width=\"" + f.width() + "\" height=\"" + f.height()
            + "\" alt=\"" + Html.escape(caption) + "\">", caption);
    }

    /**
     * A figure from PNG bytes already rendered (at any scale), shown at the figure's logical size:
     * the same bytes can be written to a file and embedded without drawing twice.
     */
    public HtmlReport figure(Figure f, byte[] png, String caption) {
        String data = "data:image/png;base64," + Base64.getEncoder().encodeToString(png);
        return figureBlock("<img src=\"" + data + "\" width=\"" + f.width() + "\" height=\"" + f.height()
            + "\" alt=\"" + Html.escape(caption) + "\">", caption);
    }

    /** A block of source code (escaped, monospaced, kept as written), with an optional caption. */
    public HtmlReport code(String source, String caption) {
        StringBuilder b = new StringBuilder("<figure class=\"code\"><pre><code>").append(Html.escape(source))
            .append("</code></pre>");
        if (caption != null && !caption.isEmpty()) {
            b.append("<figcaption>").append(Html.escape(caption)).append("</figcaption>");
        }
        blocks.add(b.append("</figure>\n").toString());
        return this;
    }

    /** A highlighted note, such as a correction of a claim. */
    public HtmlReport note(String text) {
        blocks.add("<aside class=\"note\">" + Html.escape(text) + "</aside>\n");
        return this;
    }

    /** A claim with its measured verdict: a check mark when it holds, a cross when it does not. */
    public HtmlReport claim(String text, boolean holds) {
        blocks.add("<p class=\"claim " + (holds ? "holds" : "fails") + "\"><span class=\"mark\">" + (holds ? "✓" : "✗")
            + "</span> " + Html.escape(text) + "</p>\n");
        return this;
    }

    /** A figure as inline SVG (text stays selectable and searchable). */
    public HtmlReport figureSvg(Figure f, String caption) {
        String svg = f.toSvg();
        // Inline SVG needs no XML prolog; the root element carries its own namespace.
        return figureBlock("<div class=\"svg\">" + svg + "</div>", caption);
    }

    /** An already encoded image (PNG, GIF, ...) such as an animation. */
    public HtmlReport image(byte[] bytes, String mimeType, String caption) {
        String data = "data:" + mimeType + ";base64," + Base64.getEncoder().encodeToString(bytes);
        return figureBlock("<img src=\"" + data + "\" alt=\"" + Html.escape(caption) + "\">", caption);
    }

    /** An animated race as an embedded GIF. */
    public HtmlReport animation(Animation a, String caption) {
        return image(a.toGif(), "image/gif", caption);
    }

    private HtmlReport figureBlock(String content, String caption) {
        figureCount++;
        blocks.add("<figure id=\"figure-" + figureCount + "\">" + content + "<figcaption><b>Figure " + figureCount
            + ".</b> " + Html.escape(caption) + "</figcaption></figure>\n");
        return this;
    }

    /** A table; numbers are right-aligned and printed with four significant digits. */
    public HtmlReport table(List<String> headers, List<? extends List<?>> rows, String caption) {
        StringBuilder b = new StringBuilder("<table>");
        if (caption != null && !caption.isEmpty()) {
            b.append("<caption>").append(Html.escape(caption)).append("</caption>");
        }
        b.append("<thead><tr>");
        for (String h : headers) {
            b.append("<th>").append(Html.escape(h)).append("</th>");
        }
        b.append("</tr></thead><tbody>");
        for (List<?> row : rows) {
            b.append("<tr>");
            for (Object v : row) {
                boolean num = v instanceof Number;
                b.append(num ? "<td class=\"num\">" : "<td>")
                    .append(Html.escape(v instanceof Number n ? cell(n) : String.valueOf(v))).append("</td>");
            }
            b.append("</tr>");
        }
        blocks.add(b.append("</tbody></table>\n").toString());
        return this;
    }

    private static String cell(Number n) {
        if (n instanceof Double || n instanceof Float) {
            double d = n.doubleValue();
            if (Double.isNaN(d)) {
                return "–";
            }
            if (Double.isInfinite(d)) {
                return d > 0 ? "∞" : "−∞";
            }
            if (d == Math.rint(d) && Math.abs(d) < 1e7) {
                return Long.toString((long) d);
            }
            String s = String.format(Locale.ROOT, "%.4g", d);
            return s.contains("e") ? s : s.replaceAll("(\\.\\d*?)0+$", "$1").replaceAll("\\.$", "");
        }
        return n.toString();
    }

    /**
     * An interactive 3-D surface (drag to rotate, wheel to zoom, double-click to reset) with the
     * trajectories on it; the grid is thinned to at most 60 × 60 quads to keep the page light.
     */
    public HtmlReport surface3d(Grid grid, List<Trajectory> trajectories, String caption) {
        surfaceCount++;
        String id = "surface-" + surfaceCount;
        blocks.add("<figure class=\"surface3d\"><canvas id=\"" + id + "-canvas\" data-surface=\"" + id
            + "-data\" width=\"720\" height=\"540\" tabindex=\"0\" aria-label=\"" + Html.escape(caption)
            + "\"></canvas><script type=\"application/json\" id=\"" + id + "-data\">" + surfaceJson(grid, trajectories)
            + "</script><figcaption><b>Interactive.</b> " + Html.escape(caption)
            + " <span class=\"hint\">Drag to rotate, scroll to zoom, double-click to reset.</span></figcaption></figure>\n");
        return this;
    }

    static String surfaceJson(Grid grid, List<Trajectory> trajectories) {
        int step = Math.max(1, (int) Math.ceil((Math.max(grid.nx(), grid.ny()) - 1) / 60.0));
        int[] ii = thin(grid.nx(), step);
        int[] jj = thin(grid.ny(), step);
        double[] x = new double[ii.length];
        double[] y = new double[jj.length];
        for (int k = 0; k < ii.length; k++) {
            x[k] = grid.x()[ii[k]];
        }
        for (int k = 0; k < jj.length; k++) {
            y[k] = grid.y()[jj[k]];
        }
        StringBuilder b = new StringBuilder("{\"x\":").append(Json.array(x)).append(",\"y\":").append(Json.array(y)).append(",\"z\":[");
        for (int j = 0; j < jj.length; j++) {
            double[] row = new double[ii.length];
            for (int i = 0; i < ii.length; i++) {
                row[i] = grid.z()[jj[j]][ii[i]];
            }
            b.append(j > 0 ? "," : "").append(Json.array(row));
        }
        b.append("],\"colors\":[");
        List<Color> stops = ColorMap.BLUE_RED.stops();
        for (int k = 0; k < stops.size(); k++) {
            b.append(k > 0 ? "," : "").append(Json.string(Palette.hex(stops.get(k))));
        }
        b.append("],\"trajectories\":[");
        for (int t = 0; t < trajectories.size(); t++) {
            Trajectory tr = trajectories.get(t);
            double[] z = tr.z();
            if (z == null) {
                z = new double[tr.length()];
                for (int k = 0; k < z.length; k++) {
                    z[k] = grid.valueAt(tr.x()[k], tr.y()[k]);
                }
            }
            b.append(t > 0 ? "," : "").append("{\"name\":").append(Json.string(tr.name()))
                .append(",\"color\":").append(Json.string(Palette.hex(Palette.series(t))))
                .append(",\"x\":").append(Json.array(tr.x())).append(",\"y\":").append(Json.array(tr.y()))
                .append(",\"z\":").append(Json.array(z)).append('}');
        }
        return b.append("]}").toString();
    }

    private static int[] thin(int n, int step) {
        int m = (n - 1) / step + 1;
        boolean exact = (n - 1) % step == 0;
        int[] idx = new int[exact ? m : m + 1];
        for (int k = 0; k < m; k++) {
            idx[k] = k * step;
        }
        if (!exact) {
            idx[m] = n - 1; // always keep the far edge of the grid
        }
        return idx;
    }

    /** The whole page. */
    public String toHtml() {
        StringBuilder b = new StringBuilder(1 << 16);
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .append("<meta http-equiv=\"Content-Security-Policy\" content=\"").append(CSP).append("\">\n")
            .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .append("<meta name=\"generator\" content=\"Descent\">\n")
            .append("<title>").append(Html.escape(title)).append("</title>\n")
            .append("<style>\n").append(resource("report.css")).append("</style>\n")
            // Records script errors on the page itself, so a headless browser check can see them.
            .append("<script>window.addEventListener('error', function (e) { document.documentElement.setAttribute('data-js-error', String(e.message)); });</script>\n")
            .append("</head>\n<body>\n<main>\n<h1>").append(Html.escape(title)).append("</h1>\n")
            .append(provenanceHtml);
        for (String block : blocks) {
            b.append(block);
        }
        b.append("</main>\n");
        if (surfaceCount > 0) {
            b.append("<script>\n").append(resource("surface3d.js")).append("\n</script>\n");
        }
        b.append("</body>\n</html>\n");
        return b.toString();
    }

    /** Writes the page atomically. */
    public void write(Path file) {
        AtomicFiles.writeString(file, toHtml());
    }

    private static String resource(String name) {
        try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource dev/descent/report/" + name + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
