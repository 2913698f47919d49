package dev.descent.landscape.tour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole tour on the reduced budget: every section, picture, claim and summary. */
class TourSmokeTest {

    @Test
    void quickTourWritesEverySectionPictureAndSummary(@TempDir Path dir) throws IOException {
        List<String> progress = new ArrayList<>();
        // the landscape part (a)-(j); the network section (k) trains two ResNets and is exercised by its own tests
        List<String> landscape = Tour.landscapeSections().stream().map(TourSection::id).toList();
        Tour tour = Tour.standard().only(landscape);
        TourSummary s = tour.run(dir, Tour.Options.defaults().quick(true).progress(progress::add));
        String html = Files.readString(dir.resolve("index.html"));
        for (TourSection section : tour.sections()) {
            assertTrue(html.contains("<h2 id=\"" + section.id() + "\">"), section.id());
        }
        assertEquals(10, Tour.landscapeSections().size());
        assertTrue(html.contains("data:image/gif;base64,"), "the race animation is embedded");
        assertTrue(html.contains("class=\"surface3d\""), "an interactive surface");
        assertTrue(html.contains("new Optimizer(rosenbrock.namedParameters()"), "the compiled trinity snippet");
        assertFalse(html.matches("(?s).*(src|href)=\"(https?:|//).*"), "self-contained: no external resources");
        List<Path> pictures;
        try (Stream<Path> files = Files.list(dir)) {
            pictures = files.filter(p -> p.toString().matches(".*\\.(png|svg|gif)$")).toList();
        }
        assertTrue(pictures.size() >= 20, "pictures: " + pictures);
        for (Path p : pictures) {
            assertTrue(Files.size(p) > 2000, p + " is not empty");
        }
        byte[] png = Files.readAllBytes(dir.resolve("b-gradient-quiver.png"));
        assertEquals((byte) 0x89, png[0]);
        assertEquals('P', png[1]);
        String text = Files.readString(dir.resolve("summary.txt"));
        assertEquals(s.toText(), text);
        assertTrue(text.contains("f'(3.6) = -14.8081"), text);
        assertTrue(Files.readString(dir.resolve("summary.json")).contains("\"claims_total\": " + s.claims().size()));
        // the notes' 26.3 is the one claim that does not hold; every other one does
        List<TourSummary.Claim> failing = s.claims().stream().filter(c -> !c.holds()).toList();
        assertEquals(1, failing.size(), failing.toString());
        assertTrue(failing.getFirst().claim().contains("26.3"));
        assertTrue(s.claims().size() >= 20);
        assertEquals(-14.808, (Double) s.value("a-derivative", "derivative"), 5e-4);
        assertEquals(4, ((Number) s.value("g-basins", "himmelblau_minima_reached")).intValue());
        assertTrue(progress.stream().anyMatch(l -> l.contains("j-trinity done")), progress.toString());
    }

    @Test
    void sectionsPlugInAndCanBeSelected(@TempDir Path dir) throws IOException {
        TourSection extra = new TourSection() {
            public String id() {
                return "k-extra";
            }

            public String title() {
                return "(k) An extra section";
            }

            public void run(TourContext ctx) {
                ctx.fact("answer", 42L, "the answer is 42");
                ctx.claim("sections plug in", true, "");
            }
        };
        TourSummary s = Tour.standard().with(extra).only(List.of("j-trinity", "k-extra")).run(dir,
                Tour.Options.defaults().quick(true));
        assertEquals(List.of("j-trinity", "k-extra"), s.sections().stream().map(TourSummary.Section::id).toList());
        assertTrue(Files.readString(dir.resolve("summary.txt")).contains("the answer is 42"));
        assertThrows(IllegalArgumentException.class, () -> Tour.standard().only(List.of("nope")));
        assertThrows(IllegalArgumentException.class, () -> Tour.standard().with(extra).with(extra));
    }

    @Test
    void trinitySnippetIsTheCompiledSource() {
        String snippet = Trinity.snippet();
        assertTrue(snippet.startsWith("// Architecture"), snippet);
        assertTrue(snippet.contains("Optimizer forNetwork = new Optimizer(net.namedParameters(), Adam.withLr(0.05));"));
        Trinity.Outcome o = Trinity.run(30);
        assertEquals(o.functionOptimizer(), o.networkOptimizer());
        assertTrue(o.functionAfter() < o.functionBefore() && o.networkAfter() < o.networkBefore());
        assertEquals(List.of("x", "y"), o.functionParams());
    }
}
